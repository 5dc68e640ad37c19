"""A command about one habit reads that habit's older months alone (``eager=False``, as the
command line opens the data), and still tells exactly what a whole read tells."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tracker.clock import FixedClock
from tracker.domain import NewHabit
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)
START = dt.date(2026, 3, 1)


def reports(tracker: Tracker) -> list[tuple[str, object, object, float]]:
    return [(r.habit.name, r.current, r.best, r.score) for r in tracker.day_report().habits]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Journal and Walk since March, kept on different days, checkpoints saved."""
    db = tmp_path / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    journal = tracker.add(NewHabit("Journal"), START)
    walk = tracker.add(NewHabit("Walk"), START)
    day = START
    while day < TODAY:
        if day.day % 3:
            tracker.check(journal, day)
        if day.day % 4:
            tracker.check(walk, day)
        day += dt.timedelta(days=1)
    tracker.day_report()
    tracker.save_checkpoints()
    tracker.close()
    return db


def test_one_habit_asked_about_reads_only_its_own_months(data: Path) -> None:
    lazy = Tracker.open(data, FixedClock(TODAY), eager=False)
    eager = Tracker.open(data, FixedClock(TODAY))
    journal, walk = lazy.find("Journal"), lazy.find("Walk")
    assert lazy.months.loaded_from > TODAY  # opened with no habit's days read
    assert lazy.report(journal) == eager.report(eager.find("Journal"))
    assert lazy.months.held_from(journal.id) < TODAY
    assert lazy.months.held_from(walk.id) == lazy.months.loaded_from  # none of Walk's read
    assert lazy.checkins(walk) == eager.checkins(eager.find("Walk"))  # its recent months,
    assert lazy.months.held_from(walk.id) == dt.date(2026, 9, 1)  # when first asked for
    assert min(lazy.checkins(walk)) >= dt.date(2026, 9, 1)  # and no older ones
    assert reports(lazy) == reports(eager)  # a whole report reads what every habit needs,
    assert lazy.months.loaded_from == eager.months.loaded_from  # in one pass
    lazy.close()
    eager.close()


def test_an_older_day_changed_elsewhere_is_read_again_for_the_habit_read_alone(data: Path) -> None:
    lazy = Tracker.open(data, FixedClock(TODAY), eager=False)
    journal = lazy.find("Journal")
    lazy.report(journal)
    held = lazy.months.held_from(journal.id)
    elsewhere = Tracker.open(data, FixedClock(TODAY))
    old_day = held + dt.timedelta(days=2)  # in a month only Journal has in memory
    assert old_day < lazy.months.loaded_from and old_day.day % 3 == 0  # not kept yet
    elsewhere.check(elsewhere.find("Journal"), old_day)
    elsewhere.close()
    assert lazy.refresh()
    assert old_day in lazy.checkins(journal)
    fresh = Tracker.open(data, FixedClock(TODAY))
    assert lazy.report(journal) == fresh.report(fresh.find("Journal"))
    assert reports(lazy) == reports(fresh)
    lazy.close()
    fresh.close()


def test_a_change_to_a_habit_read_alone_is_kept_in_memory_and_on_disk(data: Path) -> None:
    lazy = Tracker.open(data, FixedClock(TODAY), eager=False)
    journal = lazy.find("Journal")
    old_day = dt.date(2026, 9, 3)  # a day Journal did not keep, months back
    lazy.check(journal, old_day)
    assert old_day in lazy.checkins(journal)
    after = lazy.report(journal)
    lazy.close()
    fresh = Tracker.open(data, FixedClock(TODAY))
    assert fresh.report(fresh.find("Journal")) == after
    fresh.close()


def test_checkpoints_not_asked_for_are_kept_when_the_cache_is_written(data: Path) -> None:
    lazy = Tracker.open(data, FixedClock(TODAY), eager=False)
    cache = Path(lazy.store.layout.checkpoints_path)
    before = set(json.loads(cache.read_text())["checkpoints"])
    assert len(before) == 2
    lazy.report(lazy.find("Journal"))
    lazy.months.save_checkpoints()
    assert set(json.loads(cache.read_text())["checkpoints"]) == before
    lazy.close()


def test_a_checkpoint_over_a_month_changed_since_is_not_used_when_first_asked_for(data: Path) -> None:
    """Checkpoints are checked when asked for: one asked for after another Trust Tracker
    changed a month it folded in is worked out again."""
    lazy = Tracker.open(data, FixedClock(TODAY), eager=False)
    elsewhere = Tracker.open(data, FixedClock(TODAY))
    elsewhere.check(elsewhere.find("Walk"), dt.date(2026, 4, 4))  # Walk did not keep the 4th
    elsewhere.close()
    walk = lazy.find("Walk")
    assert lazy.months.valid_checkpoint(walk) is None
    fresh = Tracker.open(data, FixedClock(TODAY))
    assert lazy.report(walk) == fresh.report(fresh.find("Walk"))
    lazy.close()
    fresh.close()

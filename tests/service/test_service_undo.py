"""Every change can be undone, exactly, in this process or the next one.

The state compared is everything a person can see: every habit (active and archived, all
fields), every stored check-in, and the reports built from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tracker.clock import FixedClock
from tracker.domain import CheckIn, HabitKind, NewHabit, Schedule, TrackerError
from tracker.cli.render import day_json, week_json
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)  # a Thursday


def day(n: int) -> dt.date:
    return dt.date(2026, 11, n)


def state(t: Tracker) -> dict[str, Any]:
    every = t.habits() + t.habits(archived=True)
    return {
        "habits": sorted((h.to_dict() for h in every), key=lambda h: str(h["id"])),
        "checkins": {h.id: {d.isoformat(): c.to_dict() for d, c in sorted(t.checkins(h).items())}
                     for h in every},
        "status": day_json(t.day_report()),
        "week": week_json(t.week(day(18))),
    }


def reopen(db: Path, *, writable: bool = True) -> Tracker:
    return Tracker.open(db, FixedClock(TODAY), writable=writable)


def state_on_disk(db: Path) -> dict[str, Any]:
    """What a second, read-only Tracker sees in the files right now."""
    fresh = reopen(db, writable=False)
    try:
        return state(fresh)
    finally:
        fresh.close()


@pytest.fixture
def seeded(tracker: Tracker) -> Tracker:
    """Journal (daily from the 20th) with a kept, noted day and a skipped day; Steps (3 a
    day) part way on the 25th; Old, archived."""
    journal = tracker.add(NewHabit("Journal"), day(20))
    steps = tracker.add(NewHabit("Steps", target=3, tags=("health",)), day(20))
    old = tracker.add(NewHabit("Old", HabitKind.ACTION, Schedule.per_week(2), for_whom="Ana"),
                      day(16))
    tracker.check(journal, day(21), note="a good start")
    tracker.skip(journal, day(22), note="travel")
    tracker.check(steps, day(25), value=2, note="two walks")
    tracker.check(old, day(17))
    tracker.archive(old)
    return tracker


def journal(t: Tracker):
    return t.find("Journal")


def steps(t: Tracker):
    return t.find("Steps")


CHANGES: dict[str, Callable[[Tracker], object]] = {
    "add": lambda t: t.add(NewHabit("Call Sam", HabitKind.ACTION, for_whom="Sam",
                                    why="he counts on it"), day(24)),
    "check a new day": lambda t: t.check(journal(t), note="fresh"),
    "check over a skip": lambda t: t.check(journal(t), day(22)),
    "check a count once more": lambda t: t.check(steps(t), day(25)),
    "set a count's value": lambda t: t.check(steps(t), day(25), value=5),
    "skip a kept day": lambda t: t.skip(journal(t), day(21)),
    "skip a new day": lambda t: t.skip(steps(t), day(24), note="rest"),
    "uncheck": lambda t: t.uncheck(steps(t), day(25)),
    "uncheck a skip": lambda t: t.uncheck(journal(t), day(22)),
    "note over a note": lambda t: t.note(journal(t), day(21), "rewritten"),
    "note a bare day": lambda t: t.note(journal(t), day(23), "missed it"),
    "pause": lambda t: t.pause(journal(t), day(23), day(24)),
    "archive": lambda t: t.archive(journal(t)),
    "restore": lambda t: t.restore(t.find("Old", archived=True)),
}
# these once left a stale 'skipped' key on disk (a TinyDB upsert merges documents)
@pytest.mark.parametrize("name", list(CHANGES))
def test_undo_restores_the_previous_state_in_memory(seeded, name):
    before = state(seeded)
    CHANGES[name](seeded)
    assert state(seeded) != before, "the change changed nothing"
    label = seeded.undo()
    assert isinstance(label, str) and label
    assert state(seeded) == before


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_change_and_its_undo_are_on_disk(seeded, db_path, name):
    before = state(seeded)
    CHANGES[name](seeded)
    after = state(seeded)
    assert state_on_disk(db_path) == after, "the change did not land on disk as shown"
    seeded.undo()
    assert state_on_disk(db_path) == before


@pytest.mark.parametrize("name", list(CHANGES))
def test_undo_history_survives_reopening(seeded, db_path, name):
    before = state(seeded)
    CHANGES[name](seeded)
    seeded.close()
    later = reopen(db_path)  # as the next process would
    try:
        assert later.undo() is not None
        assert state(later) == before
    finally:
        later.close()
    assert state_on_disk(db_path) == before


def test_undos_in_sequence_walk_back_through_every_state(tracker, db_path):
    states, labels = [state(tracker)], []
    read = tracker.add(NewHabit("Read", target=2), day(23))
    states.append(state(tracker))
    for step in (lambda: tracker.check(read, day(24)),
                 lambda: tracker.check(read, day(24)),
                 lambda: tracker.note(read, day(24), "two chapters"),
                 lambda: tracker.uncheck(read, day(24)),
                 lambda: tracker.pause(read, day(25), day(26)),
                 lambda: tracker.archive(tracker.find("Read"))):
        step()
        states.append(state(tracker))
    tracker.close()
    while len(states) > 1:
        states.pop()
        t = reopen(db_path)  # one process per undo, as with the command line
        labels.append(t.undo())
        assert state(t) == states[-1]
        t.close()
    t = reopen(db_path)
    assert t.undo() is None
    assert state(t) == states[0]
    t.close()
    assert labels[0] == "archive Read" and labels[-1] == "add Read"
    assert all("Read" in label for label in labels)


def test_undo_with_nothing_to_undo(tracker, db_path):
    assert tracker.undo() is None
    assert not db_path.exists()


def test_undo_after_all_undone_returns_none_and_keeps_the_file(tracker, db_path):
    tracker.add(NewHabit("Read"))
    tracker.undo()
    data = db_path.read_bytes()
    assert tracker.undo() is None
    assert db_path.read_bytes() == data
    assert tracker.habits() == []


def test_a_refused_change_leaves_no_undo_step(seeded, db_path):
    before, data = state(seeded), db_path.read_bytes()
    with pytest.raises(TrackerError):
        seeded.check(journal(seeded), day(27))
    with pytest.raises(TrackerError):
        seeded.add(NewHabit("JOURNAL"))
    with pytest.raises(TrackerError):
        seeded.restore(journal(seeded))
    assert db_path.read_bytes() == data
    assert state(seeded) == before
    assert seeded.undo() == "archive Old", "the last real change is next to undo"


def test_undo_of_an_add_removes_its_check_ins_too(tracker, db_path):
    read = tracker.add(NewHabit("Read"), day(24))
    tracker.check(read, day(24))
    tracker.close()
    t = reopen(db_path)
    t.undo()
    t.undo()
    assert t.habits() == []
    t.close()
    assert state_on_disk(db_path)["checkins"] == {}


def test_undo_of_restore_puts_the_archive_day_back(seeded, db_path):
    old = seeded.find("Old", archived=True)
    seeded.restore(old)
    assert seeded.find("Old").archived is None
    seeded.undo()
    assert seeded.find("Old", archived=True).archived == TODAY
    assert [h.name for h in seeded.habits(archived=True)] == ["Old"]


# -- steps a crash or another writer left out of step with the data ---------------------
def test_a_step_whose_change_never_landed_is_passed_over(db_path: Path) -> None:
    """A crash after the undo step was written but before its check-in: undo skips it
    and takes back the change before, instead of "undoing" nothing."""
    tracker = reopen(db_path)
    try:
        journal = tracker.add(NewHabit("Journal"), day(20))
        tracker.check(journal, day(24))
        with tracker.store.transaction():  # the step alone, as the crash left it
            tracker.store.push_undo({"label": "check Journal on 2026-11-25", "habits": {},
                                     "checkins": [[journal.id, "2026-11-25", None]],
                                     "after": {"habits": {}, "checkins": [
                                         [journal.id, "2026-11-25", {"value": 1}]]}})
        assert tracker.undo() == "check Journal on 2026-11-24"
        assert day(24) not in tracker.checkins(journal)
    finally:
        tracker.close()


def test_an_undo_cut_short_before_its_step_was_taken_away_is_not_taken_twice(db_path: Path) -> None:
    """The undo put the day back, then stopped before removing its step: the next undo
    passes over that step and takes back the change before it."""
    tracker = reopen(db_path)
    try:
        journal = tracker.add(NewHabit("Journal"), day(20))
        tracker.check(journal, day(23))
        tracker.check(journal, day(24), note="kept")
        with tracker.store.transaction():  # what the cut-short undo managed
            tracker.store.put_checkin(journal.id, day(24), None)
    finally:
        tracker.close()
    tracker = reopen(db_path)
    try:
        assert tracker.undo() == "check Journal on 2026-11-23"
        assert tracker.checkins(tracker.find("Journal")) == {}
    finally:
        tracker.close()


def test_a_step_changed_again_since_is_set_aside_and_said(db_path: Path) -> None:
    tracker = reopen(db_path)
    try:
        journal = tracker.add(NewHabit("Journal"), day(20))
        tracker.check(journal, day(23))
        tracker.check(journal, day(24))
        with tracker.store.transaction():  # changed with no undo step (a sync, a hand edit)
            tracker.store.put_checkin(journal.id, day(24), CheckIn(1, False, "from elsewhere"))
    finally:
        tracker.close()
    tracker = reopen(db_path)
    try:
        with pytest.raises(TrackerError, match="Undo set 'check Journal on Tue 24 Nov' aside"):
            tracker.undo()
        assert tracker.checkins(tracker.find("Journal"))[day(24)].note == "from elsewhere"
        assert tracker.undo() == "check Journal on 2026-11-23"
    finally:
        tracker.close()

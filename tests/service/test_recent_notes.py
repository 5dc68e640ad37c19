"""The habit screen's recent notes reach back past the months kept in memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tracker.clock import FixedClock
from tracker.domain import NewHabit
from tracker.months import NOTES_LOOKBACK
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)


def test_a_habit_with_few_notes_still_shows_its_older_ones(tmp_path: Path) -> None:
    db = tmp_path / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    journal = tracker.add(NewHabit("Journal"), dt.date(2024, 1, 1))
    tracker.add(NewHabit("Walk"), dt.date(2024, 1, 1))
    tracker.note(journal, dt.date(2025, 5, 4), "the first honest talk")
    tracker.note(journal, dt.date(2024, 2, 1), "started again")
    tracker.note(tracker.find("Walk"), dt.date(2025, 6, 1), "not this habit's")
    tracker.note(journal, dt.date(2026, 11, 20), "a calm week")
    tracker.day_report()
    tracker.save_checkpoints()  # so the next open reads only the last few months
    tracker.close()

    reopened = Tracker.open(db, FixedClock(TODAY), writable=False)
    assert reopened.months.loaded_from > dt.date(2025, 6, 1)  # those months are not in memory
    assert reopened.recent_notes(reopened.find("Journal"), 2) == [
        (dt.date(2026, 11, 20), "a calm week"), (dt.date(2025, 5, 4), "the first honest talk")]
    assert [day for day, _ in reopened.recent_notes(reopened.find("Journal"), 10)] == [
        dt.date(2026, 11, 20), dt.date(2025, 5, 4), dt.date(2024, 2, 1)]
    reopened.close()


def test_the_look_back_stops_after_a_few_years(tmp_path: Path) -> None:
    db = tmp_path / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    journal = tracker.add(NewHabit("Journal"), dt.date(2018, 1, 1))
    tracker.note(journal, dt.date(2018, 3, 1), "long ago")
    tracker.day_report()
    tracker.save_checkpoints()
    tracker.close()
    reopened = Tracker.open(db, FixedClock(TODAY), writable=False)
    assert NOTES_LOOKBACK < (TODAY.year - 2018) * 12
    assert reopened.recent_notes(reopened.find("Journal"), 5) == []
    reopened.close()

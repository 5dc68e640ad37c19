"""A bulk read (years of months) gives each habit the same dict of check-ins, its days in
the same order, as reading the months one by one into it; a very large one reads each
month into dicts of its own and makes each habit's dict at the end (see
``Reading._load_checkins``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from store_helpers import TODAY
from tracker.clock import FixedClock
from tracker.domain import CheckIn, NewHabit
from tracker.domain.dates import run_of_days
from tracker.domain.schedules import next_month
from tracker.service import Tracker
from tracker.store import reading
from tracker.store.reading import BULK_MONTHS
from tracker.store.tiny import TinyStore

START = dt.date(2023, 1, 1)


def make(db: Path) -> None:
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        for i, name in enumerate(("Journal", "Walk", "Water")):
            habit = tracker.add(NewHabit(name), START)
            days = {}
            for d in range((TODAY - START).days):
                day = START + dt.timedelta(days=d)
                if (d + i) % 5 == 0:
                    continue
                days[day] = (CheckIn(1, False, f"note {d}") if d % 17 == 0 else
                             CheckIn(None, True) if d % 23 == 0 else CheckIn(1 + d % 3))
            with tracker.store.transaction():
                tracker.store.put_days(habit.id, days)
            if i == 1:  # a day checked, then cleared: stored as cleared, not shown
                tracker.check(habit, START + dt.timedelta(days=40))
                tracker.uncheck(habit, START + dt.timedelta(days=40))
    finally:
        tracker.close()


@pytest.mark.parametrize("spread_out", [False, True])
def test_a_bulk_read_makes_the_dicts_a_month_by_month_read_makes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spread_out: bool) -> None:
    """Also as a very large read makes them (each month apart, then each habit's dict)."""
    if spread_out:
        monkeypatch.setattr(reading, "SPREAD_OUT", 1)
    db = tmp_path / "data" / "tracker.json"
    make(db)
    store = TinyStore(db, writable=False)
    try:
        months = store.months()
        assert len(months) >= BULK_MONTHS
        bulk = store.load_checkins(months[0], dt.date.max)
        one_by_one: dict[str, dict[dt.date, CheckIn]] = {}
        for month in months:
            for habit_id, days in store.load_checkins(month, next_month(month)).items():
                one_by_one.setdefault(habit_id, {}).update(days)
    finally:
        store.close()
    assert bulk == one_by_one
    for habit_id, days in bulk.items():
        assert list(days) == list(one_by_one[habit_id])  # the same order too
    assert len(bulk) == 3


def test_the_days_read_are_the_shared_date_objects(tmp_path: Path) -> None:
    """The store names each day with the one shared date object of that day, which a
    timeline's day codes look days up by (found by identity, not compared)."""
    db = tmp_path / "data" / "tracker.json"
    make(db)
    store = TinyStore(db, writable=False)
    try:
        days = next(iter(store.load_checkins(START, dt.date.max).values()))
    finally:
        store.close()
    shared = {id(day) for day in run_of_days(START, (TODAY - START).days + 1)}
    assert all(id(day) in shared for day in days)

"""An import run the way the command line runs it (read, plan, report, apply), in process,
and what the store holds afterwards, by habit name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tracker import transfer
from tracker.clock import FixedClock
from tracker.domain import CheckIn, Habit
from tracker.service import Tracker

Stored = tuple[dict[str, Habit], dict[str, dict[dt.date, CheckIn]]]


def import_into(db: Path, source: Path, today: dt.date, fmt: str = "auto") -> list[str]:
    """Import ``source`` into the data at ``db``; the report's lines, as ``import`` prints
    them before its last line."""
    tracker = Tracker.open(db, FixedClock(today))
    try:
        bundle = transfer.read_source(source, fmt, today)
        planned = transfer.plan(tracker, bundle)
        transfer.apply(tracker, planned)
        return planned.describe()
    finally:
        tracker.close()


def stored(db: Path, today: dt.date) -> Stored:
    """Every habit and its check-ins, as the store reads them back."""
    tracker = Tracker.open(db, FixedClock(today), writable=False)
    try:
        snapshot = tracker.store.load()
        habits = {habit.name: habit for habit in snapshot.habits.values()}
        days = {habit.name: dict(snapshot.checkins.get(habit.id, {}))
                for habit in snapshot.habits.values()}
        return habits, days
    finally:
        tracker.close()

"""``--demo``: a throw-away database with a few months of plausible history."""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from pathlib import Path

from ..clock import FixedClock
from ..domain import HabitKind, NewHabit, Schedule
from ..service import Tracker
from ..store.layout import STATE_ENV

DEMO_HABITS = (
    NewHabit("Evening check-in", HabitKind.ACTION, Schedule.daily(), for_whom="Sam",
             why="A few undistracted minutes keep us close."),
    NewHabit("Be where I said, when I said", HabitKind.ACTION, Schedule.daily(), for_whom="Sam"),
    NewHabit("Say thank you", HabitKind.ACTION, Schedule.daily(), target=3, for_whom="Sam"),
    NewHabit("Call Mum", HabitKind.ACTION, Schedule.per_week(2), for_whom="Mum"),
    NewHabit("Journal for ten minutes", HabitKind.PROMISE, Schedule.daily(),
             why="Writing it down shows how far I have come."),
    NewHabit("Lights out by 11", HabitKind.PROMISE, Schedule.on_weekdays({6, 0, 1, 2, 3})),
    NewHabit("Therapy", HabitKind.PROMISE, Schedule.per_week(1)),
)
NOTES = ("Talked about the weekend plans.", "Hard day, but I showed up.", "Felt lighter today.",
         "We laughed for the first time in a while.", "Tired; kept it short.")


def demo_database(today: dt.date, days: int = 120, seed: int = 3) -> Path:
    """Build the demo data in a fresh temp folder and return its path."""
    folder = Path(tempfile.mkdtemp(prefix="trust-tracker-demo-"))
    path = folder / "tracker.json"
    # its undo log and cache stay with it, not among the person's own (this process
    # serves only the demo)
    os.environ[STATE_ENV] = str(folder / "this-device")
    rng = random.Random(seed)
    tracker = Tracker.open(path, FixedClock(today))
    start = today - dt.timedelta(days=days)
    with tracker.store.transaction():  # one write for the whole history
        _fill(tracker, rng, start, days)
    tracker.close()
    return path


def _fill(tracker: Tracker, rng: random.Random, start: dt.date, days: int) -> None:
    habits = [tracker.add(new, start) for new in DEMO_HABITS]
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        keep_rate = 0.55 + 0.4 * offset / days  # getting steadier over time
        for habit in habits:
            roll = rng.random()
            rate = keep_rate
            if habit.schedule.is_calendar_quota:  # twice a week is about two days, not most
                rate = keep_rate * (habit.schedule.times / 7 + 0.1)
            if roll < 0.03:
                tracker.skip(habit, day)
            elif roll < 0.03 + rate:
                note = rng.choice(NOTES) if rng.random() < 0.08 else None
                tracker.check(habit, day, habit.target, note)

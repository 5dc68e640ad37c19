"""Shared by the UI tests: the fixed today, the sample history, reading back what is stored."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from tracker.clock import FixedClock
from tracker.domain import DayStatus, HabitKind, NewHabit, Schedule
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)  # a Thursday

SAMPLE = (
    NewHabit("Evening check-in", HabitKind.ACTION, Schedule.daily(), for_whom="Sam",
             why="A few undistracted minutes keep us close."),
    NewHabit("Say thank you", HabitKind.ACTION, Schedule.daily(), target=3, for_whom="Sam"),
    NewHabit("Call Mum", HabitKind.ACTION, Schedule.per_week(2), for_whom="Mum"),
    NewHabit("Journal", HabitKind.PROMISE, Schedule.daily(), why="To see how far I've come."),
    NewHabit("Lights out by 11", HabitKind.PROMISE, Schedule.on_weekdays({6, 0, 1, 2, 3})),
)


def seed_history(tracker: Tracker, days: int = 60, seed: int = 11) -> None:
    """A deterministic few weeks of mostly-kept history, ending yesterday."""
    rng = random.Random(seed)
    start = TODAY - dt.timedelta(days=days)
    with tracker.store.transaction():
        habits = [tracker.add(new, start) for new in SAMPLE]
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            for habit in habits:
                roll = rng.random()
                if roll < 0.04:
                    tracker.skip(habit, day)
                elif roll < 0.8:
                    note = "We talked it through." if rng.random() < 0.1 else None
                    tracker.check(habit, day, habit.target, note)




def stored(app: "TrustTrackerApp") -> Tracker:
    """Reopen the data from disk: what is stored, not what is shown."""
    db = app.session.tracker.store.layout.main  # type: ignore[attr-defined]
    return Tracker.open(db, FixedClock(TODAY), writable=False)


async def highlight(pilot, app, name: str) -> None:
    """Put Today's cursor on the habit called ``name``."""
    from textual.widgets import OptionList

    options = app.screen.query_one("#today-list", OptionList)
    options.highlighted = options.get_option_index(next(h.id for h in app.reports.habits
                                                        if h.name == name))
    await pilot.pause()


def status_today(app, name: str) -> "DayStatus":
    """Today's status of a habit, as stored on disk."""
    reopened = stored(app)
    try:
        return reopened.report(reopened.find(name)).status
    finally:
        reopened.close()


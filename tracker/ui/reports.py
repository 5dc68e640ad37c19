"""What the screens show, worked out on the writer thread and handed to the app whole.

After the data opens and after every change, the writer gathers ``Reports`` and posts them
with the change's outcome; the app keeps the last ones (``app.reports``) and the screens
render from them. Nothing here is read from the event loop under the data's lock: what a
screen needs beyond this (another week, one habit's history) it asks the writer for.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..structs import struct

if TYPE_CHECKING:  # the domain and the service load with the data, after the first frame
    from ..domain import DayReport, Habit, WeekSummary
    from ..service import Tracker


@struct(frozen=True)
class Reports:
    """One consistent picture of the data, as of the last change written."""

    today: dt.date
    week_start: int
    day: DayReport  # Today and the loop
    # This week: the Week screen's first page and the loop's headline. None in the first
    # reports only: the app asks for it once today's habits are painted (Today has no use
    # for it, and at 200 habits it is a tenth of what the writer does before that paint).
    week: WeekSummary | None
    habits: tuple[Habit, ...]  # active, in their order
    archived: tuple[Habit, ...]

    @property
    def everyone(self) -> tuple[Habit, ...]:
        return self.habits + self.archived

    @property
    def first_start(self) -> dt.date | None:
        """The earliest habit's start: no week before it is worth showing."""
        return min((h.start for h in self.everyone), default=None)

    def habit(self, habit_id: str) -> Habit | None:
        return next((h for h in self.everyone if h.id == habit_id), None)


def gather(tracker: Tracker, *, week: bool = True) -> Reports:
    """Everything the screens show at once (on the writer thread, under the data's lock);
    without this week when ``week`` is false (the first reports, at start-up)."""
    return Reports(tracker.today, tracker.week_start, tracker.day_report(),
                   tracker.week() if week else None,
                   tuple(tracker.habits()), tuple(tracker.habits(archived=True)))

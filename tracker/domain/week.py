"""A week at a glance: habits × 7 days, with per-day and per-habit counts."""

from __future__ import annotations

import datetime as dt

from ..structs import struct
from .amounts import Amount
from .habits import Habit
from .schedules import ScheduleKind, week_start_of
from .timeline import DayStatus, Timeline

# Statuses that ask something of the day: they make up "due" in the counts.
DUE_STATUSES = frozenset({DayStatus.DONE, DayStatus.PARTIAL, DayStatus.MISSED, DayStatus.PENDING})


@struct(frozen=True)
class WeekRow:
    """One habit across the seven days of a week."""

    habit: Habit
    statuses: tuple[DayStatus, ...]
    values: tuple[Amount | None, ...]  # what each day recorded (None: nothing)
    notes: tuple[str, ...]
    quota: int | None = None  # X a week: what the week asks (prorated), not a count of days

    @property
    def kept(self) -> int:
        """Days kept; for X-a-week habits, toward the quota (a third call of a twice-a-week
        promise is welcome, but the week asked for two)."""
        done = sum(status is DayStatus.DONE for status in self.statuses)
        return done if self.quota is None else min(done, self.quota)

    @property
    def counted_days(self) -> tuple[bool, ...]:
        """Which days count toward ``kept``: the kept ones, for X-a-week habits only until
        the quota is reached (so the days add up to the row's count)."""
        counted, left = [], self.quota
        for status in self.statuses:
            counts = status is DayStatus.DONE and (left is None or left > 0)
            counted.append(counts)
            if counts and left is not None:
                left -= 1
        return tuple(counted)

    @property
    def due(self) -> int:
        """What the week asked: its quota for X-a-week habits, else the days that asked."""
        if self.quota is not None:
            return self.quota
        return sum(status in DUE_STATUSES for status in self.statuses)


@struct(frozen=True)
class WeekSummary:
    """A week of every habit, from its first day."""

    first: dt.date
    rows: tuple[WeekRow, ...]

    @property
    def days(self) -> tuple[dt.date, ...]:
        return tuple(self.first + dt.timedelta(days=i) for i in range(7))

    @property
    def last(self) -> dt.date:
        return self.first + dt.timedelta(days=6)

    @property
    def kept_per_day(self) -> tuple[int, ...]:
        """Kept on each day, as the rows count them: the days add up to ``kept``."""
        counted = [row.counted_days for row in self.rows]
        return tuple(sum(days[i] for days in counted) for i in range(7))

    @property
    def due_per_day(self) -> tuple[int, ...]:
        return tuple(sum(row.statuses[i] in DUE_STATUSES for row in self.rows) for i in range(7))

    @property
    def kept(self) -> int:
        return sum(row.kept for row in self.rows)

    @property
    def due(self) -> int:
        return sum(row.due for row in self.rows)


def _weekly_quota(timeline: Timeline, first: dt.date) -> int | None:
    """An X-a-week habit's quota for the week from ``first`` (none asked of weeks to come)."""
    schedule = timeline.habit.schedule
    if schedule.kind is not ScheduleKind.PER_WEEK:
        return None
    if first > timeline.today:
        return 0
    return timeline.required_in(first, first + dt.timedelta(days=6), schedule.times)


def week_summary(timelines: list[Timeline], day: dt.date, week_start: int = 0) -> WeekSummary:
    """The week holding ``day``: one row per habit that was alive at some point in it."""
    first = week_start_of(day, week_start)
    days = [first + dt.timedelta(days=i) for i in range(7)]
    rows = []
    for timeline in timelines:
        habit = timeline.habit
        if not any(habit.is_active_on(d) for d in days):
            continue
        checkins = [timeline.checkins.get(d) for d in days]
        rows.append(WeekRow(
            habit=habit,
            statuses=tuple(timeline.status(d) for d in days),
            values=tuple(c.value if c else None for c in checkins),
            notes=tuple(c.note if c else "" for c in checkins),
            quota=_weekly_quota(timeline, first),
        ))
    return WeekSummary(first=first, rows=tuple(rows))

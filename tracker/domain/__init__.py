"""The pure core of Trust Tracker: dates in, facts out.

Nothing here reads a clock, a file or a screen; every function takes the day it should
treat as today. That keeps the rules about streaks, scores and the trust loop testable to
the last day. Names load with their module on first use (see :mod:`tracker.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .errors import TrackerError
    from .habits import CheckIn, Habit, HabitKind, NewHabit, Pause
    from .loop import Stage, next_step, overall_stage, stage_for
    from .report import DayReport, HabitReport, habit_report
    from .schedules import Schedule, ScheduleKind, parse_schedule
    from .timeline import DayStatus, Streak, Timeline
    from .week import WeekSummary, week_summary

_HOMES = {
    "TrackerError": "errors",
    "CheckIn": "habits", "Habit": "habits", "HabitKind": "habits", "NewHabit": "habits",
    "Pause": "habits",
    "Stage": "loop", "next_step": "loop", "overall_stage": "loop", "stage_for": "loop",
    "DayReport": "report", "HabitReport": "report", "habit_report": "report",
    "Schedule": "schedules", "ScheduleKind": "schedules", "parse_schedule": "schedules",
    "DayStatus": "timeline", "Streak": "timeline", "Timeline": "timeline",
    "WeekSummary": "week", "week_summary": "week",
}
__all__ = sorted(_HOMES)
__getattr__ = lazy_exports(__name__, _HOMES)

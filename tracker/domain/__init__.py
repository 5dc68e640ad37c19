"""The pure core of Trust Tracker: dates in, facts out.

Nothing here reads a clock, a file or a screen; every function takes the day it should
treat as today. That keeps the rules about streaks, scores and the trust loop testable to
the last day.
"""

from .errors import TrackerError
from .habits import CheckIn, Habit, HabitKind, NewHabit, Pause
from .loop import Stage, next_step, overall_stage, stage_for
from .report import DayReport, HabitReport, habit_report
from .schedules import Schedule, ScheduleKind, parse_schedule
from .timeline import DayStatus, Streak, Timeline
from .week import WeekSummary, week_summary

__all__ = [
    "CheckIn", "DayReport", "DayStatus", "Habit", "HabitKind", "HabitReport", "NewHabit",
    "Pause", "Schedule", "ScheduleKind", "Stage", "Streak", "Timeline", "TrackerError",
    "WeekSummary", "habit_report", "next_step", "overall_stage", "parse_schedule",
    "stage_for", "week_summary",
]

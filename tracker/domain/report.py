"""Where each habit, and the person, stands today: the facts the status views show."""

from __future__ import annotations

import datetime as dt

from ..structs import struct
from .amounts import Amount, format_amount
from .habits import Habit
from .loop import NextStep, Stage, next_step, overall_stage, stage_for
from .timeline import DayStatus, Streak, Timeline


# What today asked of a habit (a miss today is a limit already passed: asked all the same).
ASKED_TODAY = frozenset({DayStatus.DONE, DayStatus.PARTIAL, DayStatus.PENDING, DayStatus.MISSED})


@struct(frozen=True)
class HabitReport:
    """Where one habit stands today: its day, its streaks, its score and its stage."""

    habit: Habit
    today: dt.date
    status: DayStatus
    value: Amount  # today's amount (0 when nothing is recorded)
    recorded: bool  # whether today has an amount, a recorded none included
    note: str
    current: Streak
    best: Streak
    score: float
    stage: Stage
    next: NextStep | None
    still_due: Amount
    due_over: str  # "today", "this week", "this month", "in 7 days"


def habit_report(timeline: Timeline) -> HabitReport:
    today, habit = timeline.today, timeline.habit
    current, best = timeline.current_streak, timeline.best_streak
    score, span = timeline.score, best.span_days
    stage = stage_for(score, span)
    checkin = timeline.checkins.get(today)
    still_due, due_over = timeline.still_due()
    # (by position, in the fields' order: a struct made from keywords takes its slow path)
    return HabitReport(habit, today, timeline.status_today, timeline.value_on(today),
                       timeline.recorded_on(today) is not None, checkin.note if checkin else "",
                       current, best, score, stage, next_step(score, span, stage),
                       still_due, due_over)


@struct(frozen=True)
class DayReport:
    """Today across all active habits, and the person's place on the loop."""

    today: dt.date
    habits: tuple[HabitReport, ...]

    @property
    def stage(self) -> Stage:
        return overall_stage([h.stage for h in self.habits])

    @property
    def kept_today(self) -> int:
        return sum(h.status is DayStatus.DONE for h in self.habits)

    @property
    def due_today(self) -> int:
        return sum(h.status in ASKED_TODAY for h in self.habits)

    @property
    def stage_counts(self) -> dict[Stage, int]:
        return {stage: sum(h.stage is stage for h in self.habits) for stage in Stage}

    @property
    def score(self) -> float:
        return sum(h.score for h in self.habits) / len(self.habits) if self.habits else 0.0


# -- the same words for an amount wherever it is shown --------------------------------
def progress(habit: Habit, value: Amount, recorded: bool = True) -> str:
    """A measured day against its goal: "1.5/2.5 km"; for a limit "1 · at most 2 cups",
    "0 · none at all", or the limit alone while nothing is recorded."""
    if habit.at_most:
        return f"{format_amount(value)} · {habit.target_text}" if recorded else habit.target_text
    goal = habit.amount_text(habit.target) if habit.unit else format_amount(habit.target)
    return f"{format_amount(value)}/{goal}"


def to_go(report: HabitReport) -> str:
    """What is still asked, in words: "1.5 km to go today", "2 to go this week"."""
    habit = report.habit
    if habit.at_most and report.due_over == "today":
        return "today's amount to record"
    if habit.measured and (report.due_over == "today" or habit.adds_up):
        return f"{habit.amount_text(report.still_due)} to go {report.due_over}"
    return f"{format_amount(report.still_due)} to go {report.due_over}"

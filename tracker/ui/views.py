"""How facts read on screen: short phrases built from domain reports, shared by screens."""

from __future__ import annotations

from ..domain import DayStatus, Habit, HabitReport, Stage
from ..domain.amounts import Amount, format_amount
from ..domain.report import progress, to_go
from .plain import shown

STAGE_MARKS = {Stage.CONSISTENCY: "◔", Stage.PREDICTABILITY: "◑", Stage.SAFETY: "◕", Stage.TRUST: "●"}
STAGE_MARKS_ASCII = {Stage.CONSISTENCY: "1", Stage.PREDICTABILITY: "2", Stage.SAFETY: "3", Stage.TRUST: "4"}
STATUS_STYLE = {
    DayStatus.DONE: "bold $success",
    DayStatus.PARTIAL: "$warning",
    DayStatus.SKIPPED: "$secondary",
    DayStatus.MISSED: "$text-muted",
    DayStatus.PENDING: "$accent",
    DayStatus.OFF: "$text-disabled",
}


def stage_mark(stage: Stage, ascii_only: bool = False) -> str:
    return (STAGE_MARKS_ASCII if ascii_only else STAGE_MARKS)[stage]


def due_phrase(report: HabitReport) -> str:
    habit = report.habit
    if report.status is DayStatus.SKIPPED:
        return "excused today"
    if habit.at_most and report.recorded:  # within the limit or past it, the amount says so
        return progress(habit, report.value)
    if report.status is DayStatus.DONE:
        return "kept today"
    if report.still_due:
        if habit.at_most and report.due_over == "today":
            return habit.target_text
        if habit.measured and report.due_over == "today":  # "1.5/2.5 km" says what is left
            done = progress(habit, report.value)
            return done if habit.unit else f"{done} · {format_amount(report.still_due)} to go"
        return to_go(report)
    if report.due_over != "today":
        return f"met {report.due_over}"  # a quota already reached
    return "not due today"


def over_limit(habit: Habit, value: Amount) -> str:
    """Why a tick leaves a limit's recorded amount alone: it would rewrite what happened."""
    return (f"{shown(habit.name)} holds {habit.amount_text(value)} that day; "
            "change the amount with + / - or v.")


def streak_phrase(report: HabitReport) -> str:
    best = report.best.length
    return f"{report.current.describe()}" + (f" (best {best})" if best > report.current.length else "")

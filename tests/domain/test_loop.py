"""The trust loop: consistency -> predictability -> safety -> trust, from score and streak span."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import (
    CheckIn, Habit, HabitKind, Schedule, Stage, Timeline, habit_report, next_step, overall_stage,
    stage_for,
)
from tracker.domain.loop import STAGE_THRESHOLDS
from tracker.domain.report import DayReport

D = dt.date
START = D(2026, 1, 1)
C, P, S, T = Stage.CONSISTENCY, Stage.PREDICTABILITY, Stage.SAFETY, Stage.TRUST


def test_documented_thresholds() -> None:
    assert STAGE_THRESHOLDS == {P: (0.40, 7), S: (0.65, 21), T: (0.85, 42)}
    assert [stage.label for stage in Stage] == ["consistency", "predictability", "safety", "trust"]
    assert all(stage.meaning for stage in Stage)


@pytest.mark.parametrize(
    ("score", "span", "stage"),
    [
        (0.0, 0, C),
        (0.39, 100, C),  # long streak, score too low
        (0.99, 6, C),  # high score, streak too short
        (0.40, 7, P),  # both thresholds are inclusive
        (0.64, 300, P),
        (0.65, 20, P),
        (0.65, 21, S),
        (0.84, 42, S),
        (0.85, 41, S),
        (0.85, 42, T),
        (1.0, 1000, T),
    ],
)
def test_stage_needs_both_score_and_span(score: float, span: int, stage: Stage) -> None:
    assert stage_for(score, span) is stage


def test_next_step_names_the_gaps() -> None:
    step = next_step(0.30, 3)
    assert step is not None
    assert (step.stage, step.score_needed, step.span_needed_days) == (P, 0.40, 7)
    assert step.score_gap == pytest.approx(0.10)
    assert step.span_gap_days == 4
    assert step.describe() == "Predictability is 4 more days of streak and 10 more points of score away."


def test_next_step_gap_is_zero_where_already_met() -> None:
    step = next_step(0.70, 10)  # predictability; safety needs 0.65 (met) and 21 days
    assert step is not None and step.stage is S
    assert step.score_gap == 0.0 and step.span_gap_days == 11
    assert step.describe() == "Safety is 11 more days of streak away."
    step = next_step(0.50, 60)  # predictability; safety lacks only score
    assert step is not None and step.stage is S
    assert step.span_gap_days == 0 and step.score_gap == pytest.approx(0.15)


def test_no_next_step_after_trust() -> None:
    assert next_step(0.9, 50) is None


@pytest.mark.parametrize(
    ("stages", "overall"),
    [
        ([], C),
        ([T], T),
        ([T, C], T),  # half of the habits reached trust
        ([T, C, C], C),
        ([T, S, C], S),
        ([C, T, P, S], S),  # two of four (trust, safety) reached safety or more
        ([S, S, S, C, C, C], S),
        ([P, C, C, C], C),
    ],
)
def test_overall_stage_is_what_at_least_half_reached(stages: list[Stage], overall: Stage) -> None:
    assert overall_stage(stages) is overall


# -- a daily habit kept every day climbs on the documented schedule ------------------
def report_after(days_kept: int, today_offset: int | None = None):
    habit = Habit("h1", "Walk", HabitKind.PROMISE, Schedule.daily(), START)
    checkins = {START + dt.timedelta(days=i): CheckIn(1) for i in range(days_kept)}
    today = START + dt.timedelta(days=(days_kept - 1 if today_offset is None else today_offset))
    return habit_report(Timeline(habit, checkins, today))


@pytest.mark.parametrize(
    ("days", "stage"),
    [
        (6, C),
        # 1 - m**9 is about 0.381 (< 0.40); 1 - m**10 about 0.413.
        (9, C),
        (10, P),
        # 1 - m**20 is about 0.656 (>= 0.65) but the span is 20 < 21.
        (20, P),
        (21, S),
        # 1 - m**41 is about 0.888 but the span is 41 < 42.
        (41, S),
        (42, T),
    ],
)
def test_daily_habit_kept_every_day_reaches_each_stage_on_time(days: int, stage: Stage) -> None:
    report = report_after(days)
    assert report.stage is stage
    assert report.best.span_days == days


def test_one_miss_after_two_months_keeps_trust() -> None:
    # 60 kept days then one miss: the span stays, the score dips to about 0.96 * m > 0.85.
    report = report_after(60, today_offset=61)
    assert report.current.length == 0
    assert report.stage is T


def test_report_explains_the_next_stage() -> None:
    report = report_after(10)
    assert report.stage is P
    assert report.next is not None and report.next.stage is S
    assert report.next.span_gap_days == 11


def test_day_report_overall_stage_and_counts() -> None:
    strong, new = report_after(42), report_after(3)
    day = DayReport(today=strong.today, habits=(strong, new))
    assert day.stage is T
    assert day.stage_counts[T] == 1 and day.stage_counts[C] == 1
    assert day.score == pytest.approx((strong.score + new.score) / 2)
    assert DayReport(today=START, habits=()).stage is C

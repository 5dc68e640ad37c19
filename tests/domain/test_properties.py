"""Properties that must hold for any habit, any history and any today (hypothesis)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import schedules

from tracker.domain import (
    CheckIn, DayStatus, Habit, HabitKind, Pause, ScheduleKind, Streak, Timeline,
    week_summary,
)
from tracker.domain.schedules import period_bounds
from tracker.domain.week import DUE_STATUSES

D = dt.date
ONE = dt.timedelta(days=1)
# 2026-01-01 .. about 2029-01: year ends, a leap day (2028-02-29), short and long months.
BASE = D(2026, 1, 1)
SETTINGS = settings(max_examples=120, deadline=None)

# Weighted towards keeping, so that long streaks and met periods are common.
ENTRY_KINDS = ["done"] * 5 + ["none"] * 3 + ["partial", "skip", "note", "over", "zero"]


@dataclass
class Scenario:
    habit: Habit
    checkins: dict[D, CheckIn]
    today: D
    week_start: int

    def timeline(self, checkins: dict[D, CheckIn] | None = None) -> Timeline:
        return Timeline(self.habit, self.checkins if checkins is None else checkins,
                        self.today, self.week_start)


def entry(kind: str, target: int | Fraction) -> CheckIn | None:
    return {
        "done": CheckIn(target),
        "partial": CheckIn(target - 1) if target > 1 else CheckIn(note="almost"),
        "zero": CheckIn(0),  # a recorded none: keeps a limit, nothing for any other habit
        "skip": CheckIn(skipped=True, note="rest"),
        "note": CheckIn(note="a thought"),
        "over": CheckIn(target + 2),
        "none": None,
    }[kind]


@st.composite
def scenarios(draw, today: D | None = None, week_start: int | None = None, hid: str = "h1") -> Scenario:
    if today is None:
        today = BASE + dt.timedelta(days=draw(st.integers(0, 1100)))
    if week_start is None:
        week_start = draw(st.sampled_from([0, 6]))
    lived = draw(st.integers(-2, 120))  # days from start to today; negative: not begun yet
    start = today - dt.timedelta(days=lived)
    target = draw(st.sampled_from([1, 1, 1, 2, 3, Fraction(5, 2), Fraction(1, 1000)]))
    at_most = target != 1 and draw(st.booleans())
    archived = None
    if draw(st.booleans()) and lived >= 0:
        archived = start + dt.timedelta(days=draw(st.integers(0, lived + 3)))
    pauses = []
    for _ in range(draw(st.integers(0, 2))):
        first = start + dt.timedelta(days=draw(st.integers(0, max(0, lived))))
        pauses.append(Pause(first, first + dt.timedelta(days=draw(st.integers(0, 9)))))
    habit = Habit(hid, f"Habit {hid}", HabitKind.PROMISE, draw(schedules), start, target=target,
                  pauses=tuple(pauses), archived=archived, at_most=at_most)
    first_day = start - dt.timedelta(days=3)
    span = max(0, (today - first_day).days + 1)  # future days cannot be checked
    kinds = draw(st.lists(st.sampled_from(ENTRY_KINDS), min_size=span, max_size=span))
    checkins = {}
    for i, kind in enumerate(kinds):
        made = entry(kind, target)
        if made is not None:
            checkins[first_day + dt.timedelta(days=i)] = made
    return Scenario(habit, checkins, today, week_start)


def life(s: Scenario) -> list[D]:
    """The days from the habit's start to today (the days a person can check)."""
    return [s.habit.start + dt.timedelta(days=i) for i in range((s.today - s.habit.start).days + 1)]


def units_in(t: Timeline, streak: Streak) -> int:
    """How many scheduled units (days or periods) lie within the streak's span."""
    assert streak.first is not None and streak.last is not None
    days = [streak.first + dt.timedelta(days=i) for i in range(streak.span_days)]
    kind = t.habit.schedule.kind
    if t.habit.schedule.is_fixed:
        return sum(t.is_scheduled(d) for d in days)
    if kind in (ScheduleKind.PER_WEEK, ScheduleKind.PER_MONTH):
        return len({period_bounds(t.habit.schedule, d, t.week_start) for d in days})
    return len(days)  # a rolling window judges every day


def assert_sane(streak: Streak) -> None:
    assert streak.length >= 0
    assert (streak.length == 0) == (streak.first is None)


@SETTINGS
@given(scenarios())
def test_best_streak_is_never_shorter_than_the_current_one(s: Scenario) -> None:
    t = s.timeline()
    assert_sane(t.current_streak)
    assert_sane(t.best_streak)
    assert t.best_streak.length >= t.current_streak.length


@SETTINGS
@given(scenarios())
def test_a_streak_never_exceeds_the_scheduled_units_in_its_span(s: Scenario) -> None:
    t = s.timeline()
    for streak in (t.current_streak, t.best_streak):
        if streak.length:
            assert streak.length <= units_in(t, streak)
            assert streak.last <= t.end


@SETTINGS
@given(scenarios())
def test_score_stays_between_zero_and_one(s: Scenario) -> None:
    t = s.timeline()
    assert all(0.0 <= score <= 1.0 for score in t.scores)
    assert 0.0 <= t.score <= 1.0


@SETTINGS
@given(scenarios())
def test_statuses_respect_time(s: Scenario) -> None:
    t = s.timeline()
    for day in [s.habit.start - ONE, *life(s), s.today + ONE, s.today + 30 * ONE]:
        status = t.status(day)
        if day > s.today or not s.habit.is_active_on(day):
            assert status is DayStatus.OFF
        if status is DayStatus.PENDING:
            assert day == s.today  # only today can be pending
        checkin = s.checkins.get(day)
        if status is DayStatus.MISSED:  # today is never a miss, but for a limit passed
            assert day < s.today or (s.habit.at_most and checkin and not s.habit.keeps(checkin.value))
        if status is DayStatus.DONE:
            assert checkin is not None and not checkin.skipped
            assert s.habit.keeps(checkin.value) or (s.habit.adds_up and checkin.amount > 0)


@SETTINGS
@given(scenarios(), st.data())
def test_marking_a_missed_day_done_never_lowers_streak_or_score(s: Scenario, data: st.DataObject) -> None:
    before = s.timeline()
    missed = [d for d in life(s) if before.status(d) is DayStatus.MISSED]
    assume(missed)
    day = data.draw(st.sampled_from(missed))
    after = s.timeline({**s.checkins, day: CheckIn(s.habit.tick_amount)})
    assert after.status(day) is DayStatus.DONE
    assert after.current_streak.length >= before.current_streak.length
    assert after.best_streak.length >= before.best_streak.length
    assert after.score >= before.score - 1e-9


@SETTINGS
@given(scenarios(), st.data())
def test_skipping_a_day_not_done_never_lowers_a_streak(s: Scenario, data: st.DataObject) -> None:
    before = s.timeline()
    open_days = [d for d in life(s) if before.status(d) is not DayStatus.DONE]
    assume(open_days)
    day = data.draw(st.sampled_from(open_days))
    old = s.checkins.get(day)
    after = s.timeline({**s.checkins, day: CheckIn(skipped=True, note=old.note if old else "")})
    assert after.current_streak.length >= before.current_streak.length
    assert after.best_streak.length >= before.best_streak.length
    if s.habit.schedule.is_fixed and before.status(day) in (DayStatus.OFF, DayStatus.PENDING):
        # Nothing was asked of that day yet: excusing it changes nothing at all.
        assert after.current_streak == before.current_streak
        assert after.best_streak == before.best_streak


@st.composite
def weeks(draw):
    today = BASE + dt.timedelta(days=draw(st.integers(0, 1100)))
    week_start = draw(st.sampled_from([0, 6]))
    count = draw(st.integers(0, 3))
    found = [draw(scenarios(today=today, week_start=week_start, hid=f"h{i}")) for i in range(count)]
    day = today + dt.timedelta(days=draw(st.integers(-60, 10)))
    return found, day, week_start


@SETTINGS
@given(weeks())
def test_week_summary_totals_equal_the_sum_of_cells(week) -> None:
    found, day, week_start = week
    timelines = [s.timeline() for s in found]
    summary = week_summary(timelines, day, week_start)
    assert summary.first.weekday() == week_start and summary.first <= day <= summary.last
    assert len(summary.days) == 7
    alive = [t.habit.id for t in timelines if any(t.habit.is_active_on(d) for d in summary.days)]
    assert [row.habit.id for row in summary.rows] == alive
    by_id = {t.habit.id: t for t in timelines}
    done_cells = 0
    for row in summary.rows:
        timeline = by_id[row.habit.id]
        assert row.statuses == tuple(timeline.status(d) for d in summary.days)
        done = sum(status is DayStatus.DONE for status in row.statuses)
        if timeline.habit.schedule.kind is ScheduleKind.PER_WEEK:  # the week's quota
            asked = 0 if summary.first > timeline.today else timeline.required_in(
                summary.first, summary.last, timeline.habit.schedule.times)
            assert (row.kept, row.due) == (min(done, asked), asked)
        else:  # the days that asked something
            assert (row.kept, row.due) == (done, sum(s in DUE_STATUSES for s in row.statuses))
        done_cells += done
    assert summary.kept == sum(summary.kept_per_day) <= done_cells  # the days add up
    assert summary.kept == sum(row.kept for row in summary.rows) <= summary.due
    assert all(kept <= due for kept, due in zip(summary.kept_per_day, summary.due_per_day))

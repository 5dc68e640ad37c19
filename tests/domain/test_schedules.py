"""Schedules: reading what people type, and which days each kind of schedule names."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from tracker.domain import (
    CheckIn, DayStatus, Habit, HabitKind, Schedule, ScheduleKind, Timeline, TrackerError,
    parse_schedule,
)
from tracker.domain.schedules import period_bounds, scheduled_days, week_start_of

D = dt.date
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def habit(schedule: Schedule, start: D) -> Habit:
    return Habit("h1", "Walk", HabitKind.PROMISE, schedule, start)


def days_named(schedule: Schedule, start: D, first: D, last: D) -> list[D]:
    return sorted(scheduled_days(schedule.rule_text(start), first, last))


# -- parse_schedule: accepted forms -------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", Schedule.daily()),
        ("Every day", Schedule.daily()),
        ("everyday", Schedule.daily()),
        ("weekdays", Schedule.on_weekdays({MON, TUE, WED, THU, FRI})),
        ("weekends", Schedule.on_weekdays({SAT, SUN})),
        ("mon,wed,fri", Schedule.on_weekdays({MON, WED, FRI})),
        ("Mon Wed Fri", Schedule.on_weekdays({MON, WED, FRI})),
        ("monday, friday", Schedule.on_weekdays({MON, FRI})),
        ("sun", Schedule.on_weekdays({SUN})),
        ("every other day", Schedule.every_n_days(2)),
        ("every 3 days", Schedule.every_n_days(3)),
        ("every 1 day", Schedule.every_n_days(1)),
        ("3/week", Schedule.per_week(3)),
        ("3 per week", Schedule.per_week(3)),
        ("3 times per week", Schedule.per_week(3)),
        ("3 / week", Schedule.per_week(3)),
        ("7/week", Schedule.per_week(7)),
        ("10/month", Schedule.per_month(10)),
        ("1 time per month", Schedule.per_month(1)),
        ("28/month", Schedule.per_month(28)),
        ("3 in 7 days", Schedule.in_days(3, 7)),
        ("3 in any 7 days", Schedule.in_days(3, 7)),
        ("3/7", Schedule.in_days(3, 7)),
        ("7 in 7 days", Schedule.in_days(7, 7)),
        ("  2   in   10   days ", Schedule.in_days(2, 10)),
    ],
)
def test_parse_schedule_reads_the_documented_forms(text: str, expected: Schedule) -> None:
    assert parse_schedule(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0/week", "every 0 days", "8/week", "29/month", "0/month", "3 in 2 days", "0 in 7 days",
        "3 in 0 days", "", "   ", "whenever", "mon,funday", "sometimes/week", "-1/week",
    ],
)
def test_parse_schedule_refuses_impossible_or_unreadable_text(text: str) -> None:
    with pytest.raises(TrackerError):
        parse_schedule(text)


def test_parse_error_tells_the_person_what_to_type() -> None:
    with pytest.raises(TrackerError, match="3/week"):
        parse_schedule("gibberish")


@pytest.mark.parametrize(
    "build",
    [
        lambda: Schedule.on_weekdays(set()),
        lambda: Schedule.on_weekdays({7}),
        lambda: Schedule.every_n_days(0),
        lambda: Schedule.per_week(0),
        lambda: Schedule.per_week(8),
        lambda: Schedule.per_month(29),
        lambda: Schedule.in_days(4, 3),
    ],
)
def test_schedule_builders_refuse_what_cannot_be_kept(build) -> None:
    with pytest.raises(TrackerError):
        build()


@pytest.mark.parametrize(
    ("schedule", "frequency"),
    [
        (Schedule.daily(), 1),
        (Schedule.on_weekdays({MON, WED, FRI}), 3 / 7),
        (Schedule.every_n_days(3), 1 / 3),
        (Schedule.per_week(3), 3 / 7),
        (Schedule.per_month(2), 2 / 30),  # Loop counts a month as 30 days
        (Schedule.in_days(3, 10), 3 / 10),
    ],
)
def test_frequency_is_the_share_of_days(schedule: Schedule, frequency: float) -> None:
    assert float(schedule.frequency) == pytest.approx(frequency)


@pytest.mark.parametrize(
    "schedule",
    [
        Schedule.daily(), Schedule.on_weekdays({TUE, SUN}), Schedule.every_n_days(4),
        Schedule.per_week(2), Schedule.per_month(12), Schedule.in_days(3, 7),
    ],
)
def test_schedule_survives_storage_round_trip(schedule: Schedule) -> None:
    stored = schedule.to_dict(D(2026, 1, 5))
    assert Schedule.from_dict(stored) == schedule
    assert ("rrule" in stored) == schedule.is_fixed


# -- fixed schedules: the days they name --------------------------------------------
def test_daily_names_every_day_from_start_including_leap_day() -> None:
    named = days_named(Schedule.daily(), D(2028, 2, 27), D(2028, 2, 20), D(2028, 3, 2))
    assert named == [D(2028, 2, 27), D(2028, 2, 28), D(2028, 2, 29), D(2028, 3, 1), D(2028, 3, 2)]


def test_weekdays_name_only_the_chosen_days() -> None:
    # 2026-11-02 is a Monday.
    named = days_named(Schedule.on_weekdays({MON, FRI}), D(2026, 11, 2), D(2026, 11, 2), D(2026, 11, 15))
    assert named == [D(2026, 11, 2), D(2026, 11, 6), D(2026, 11, 9), D(2026, 11, 13)]


def test_weekday_habit_started_midweek_begins_at_its_start() -> None:
    # Started on Thursday 2026-11-05: Monday the 2nd is before its life.
    named = days_named(Schedule.on_weekdays({MON, THU}), D(2026, 11, 5), D(2026, 11, 1), D(2026, 11, 12))
    assert named == [D(2026, 11, 5), D(2026, 11, 9), D(2026, 11, 12)]


def test_every_n_days_counts_from_the_start_date_across_the_leap_day() -> None:
    named = days_named(Schedule.every_n_days(2), D(2028, 2, 27), D(2028, 2, 27), D(2028, 3, 4))
    assert named == [D(2028, 2, 27), D(2028, 2, 29), D(2028, 3, 2), D(2028, 3, 4)]


def test_every_n_days_across_a_year_end() -> None:
    named = days_named(Schedule.every_n_days(3), D(2026, 12, 27), D(2026, 12, 27), D(2027, 1, 6))
    assert named == [D(2026, 12, 27), D(2026, 12, 30), D(2027, 1, 2), D(2027, 1, 5)]


def test_a_bounded_window_only_returns_days_inside_it() -> None:
    named = days_named(Schedule.daily(), D(2020, 1, 1), D(2026, 6, 10), D(2026, 6, 12))
    assert named == [D(2026, 6, 10), D(2026, 6, 11), D(2026, 6, 12)]
    assert scheduled_days(Schedule.daily().rule_text(D(2020, 1, 1)), D(2026, 6, 12), D(2026, 6, 10)) == frozenset()


# -- calendar periods ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "bounds"),
    [
        (D(2026, 1, 31), (D(2026, 1, 1), D(2026, 1, 31))),
        (D(2026, 2, 1), (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2026, 2, 28), (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2028, 2, 29), (D(2028, 2, 1), D(2028, 2, 29))),
        (D(2026, 12, 31), (D(2026, 12, 1), D(2026, 12, 31))),
        (D(2026, 4, 30), (D(2026, 4, 1), D(2026, 4, 30))),
    ],
)
def test_month_periods_follow_the_calendar(day: D, bounds: tuple[D, D]) -> None:
    assert period_bounds(Schedule.per_month(3), day) == bounds


@pytest.mark.parametrize("day", [D(2026, 12, 28) + dt.timedelta(days=i) for i in range(7)])
def test_a_week_crossing_the_year_is_one_period(day: D) -> None:
    assert period_bounds(Schedule.per_week(3), day) == (D(2026, 12, 28), D(2027, 1, 3))


@pytest.mark.parametrize(
    ("day", "monday_start", "sunday_start"),
    [
        (D(2026, 11, 22), D(2026, 11, 16), D(2026, 11, 22)),  # a Sunday
        (D(2026, 11, 23), D(2026, 11, 23), D(2026, 11, 22)),  # a Monday
        (D(2026, 11, 28), D(2026, 11, 23), D(2026, 11, 22)),  # a Saturday
        (D(2027, 1, 1), D(2026, 12, 28), D(2026, 12, 27)),  # a Friday
    ],
)
def test_week_start_monday_or_sunday(day: D, monday_start: D, sunday_start: D) -> None:
    assert week_start_of(day) == monday_start
    assert week_start_of(day, 6) == sunday_start
    assert period_bounds(Schedule.per_week(1), day, 6) == (sunday_start, sunday_start + dt.timedelta(days=6))


# -- daylight-saving changes in the local zone must not move any day ------------------
@pytest.fixture
def berlin_time(monkeypatch: pytest.MonkeyPatch):
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is not available here")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("change", [D(2026, 3, 29), D(2026, 10, 25)])
def test_every_n_days_across_a_dst_change(berlin_time, change: D) -> None:
    start = change - dt.timedelta(days=2)  # Friday before the Sunday change
    named = days_named(Schedule.every_n_days(3), start, start, start + dt.timedelta(days=9))
    assert named == [start + dt.timedelta(days=k) for k in (0, 3, 6, 9)]


@pytest.mark.parametrize("change", [D(2026, 3, 29), D(2026, 10, 25)])
def test_weekday_schedule_across_a_dst_change(berlin_time, change: D) -> None:
    start = change - dt.timedelta(days=6)  # the Monday of that week
    named = days_named(Schedule.on_weekdays({SUN, MON}), start, start, start + dt.timedelta(days=13))
    assert named == [start, change, change + dt.timedelta(days=1), change + dt.timedelta(days=7)]
    assert all(day.weekday() in (SUN, MON) for day in named)


@pytest.mark.parametrize("change", [D(2026, 3, 29), D(2026, 10, 25)])
def test_daily_streak_counts_each_day_once_across_dst(berlin_time, change: D) -> None:
    start = change - dt.timedelta(days=3)
    today = change + dt.timedelta(days=3)
    kept = {start + dt.timedelta(days=i): CheckIn(1) for i in range(7)}
    timeline = Timeline(habit(Schedule.daily(), start), kept, today)
    assert [timeline.status(d) for d in sorted(kept)] == [DayStatus.DONE] * 7
    assert timeline.current_streak.length == 7
    assert timeline.current_streak.span_days == 7


def test_kind_helpers() -> None:
    assert Schedule.daily().is_fixed and Schedule.every_n_days(2).is_fixed
    assert not Schedule.per_week(2).is_fixed and not Schedule.in_days(1, 3).is_fixed
    assert Schedule.per_month(2).kind is ScheduleKind.PER_MONTH


@pytest.mark.parametrize("schedule", [
    Schedule.daily(), Schedule.on_weekdays({0, 2, 4}), Schedule.on_weekdays(set(range(5))),
    Schedule.on_weekdays({5, 6}), Schedule.every_n_days(2), Schedule.every_n_days(5),
    Schedule.per_week(1), Schedule.per_week(2), Schedule.per_week(3), Schedule.per_month(1),
    Schedule.per_month(10), Schedule.in_days(3, 7), Schedule.in_days(1, 14),
])
def test_every_description_reads_back_as_the_same_schedule(schedule: Schedule) -> None:
    """What the app shows a person ("twice a week") is also what they can type."""
    assert parse_schedule(schedule.describe()) == schedule


@pytest.mark.parametrize(("text", "expected"), [
    ("3x/week", Schedule.per_week(3)), ("weekly", Schedule.per_week(1)),
    ("10 per month", Schedule.per_month(10)), ("once a month", Schedule.per_month(1)),
])
def test_common_ways_of_saying_a_quota_are_understood(text: str, expected: Schedule) -> None:
    assert parse_schedule(text) == expected


@pytest.mark.parametrize("schedule", [
    Schedule.daily(), Schedule.on_weekdays({1, 3}), Schedule.every_n_days(3), Schedule.every_n_days(7),
])
def test_a_window_years_after_the_start_names_the_same_days_as_the_full_rule(schedule: Schedule) -> None:
    from tracker.domain.schedules import days_due

    start = D(2019, 3, 5)
    first, last = D(2026, 11, 2), D(2026, 12, 6)
    assert days_due(schedule, start, first, last) == scheduled_days(schedule.rule_text(start), first, last)

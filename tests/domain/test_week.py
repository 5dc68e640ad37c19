"""The week view's data: habits x 7 days from the configured week start, with totals."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import CheckIn, DayStatus, Habit, HabitKind, Schedule, Timeline, week_summary

D = dt.date
TODAY = D(2026, 11, 26)  # a Thursday; its Monday week is 23..29
DONE, PARTIAL, SKIPPED = DayStatus.DONE, DayStatus.PARTIAL, DayStatus.SKIPPED
MISSED, PENDING, OFF = DayStatus.MISSED, DayStatus.PENDING, DayStatus.OFF


def make(hid: str, schedule: Schedule, start: D, checkins: dict[D, CheckIn], *,
         today: D = TODAY, week_start: int = 0, **extra) -> Timeline:
    habit = Habit(hid, f"Habit {hid}", HabitKind.ACTION, schedule, start, **extra)
    return Timeline(habit, checkins, today, week_start)


@pytest.fixture
def timelines() -> list[Timeline]:
    return [
        make("daily", Schedule.daily(), D(2026, 11, 1), {
            D(2026, 11, 23): CheckIn(1),
            D(2026, 11, 24): CheckIn(skipped=True, note="travel"),
        }),
        make("mwf", Schedule.on_weekdays({0, 2, 4}), D(2026, 11, 1),
             {D(2026, 11, 23): CheckIn(1), D(2026, 11, 25): CheckIn(1)}),
        make("count", Schedule.daily(), D(2026, 11, 25),
             {D(2026, 11, 25): CheckIn(2), TODAY: CheckIn(3, note="three")}, target=3),
        make("later", Schedule.daily(), D(2026, 12, 1), {}),  # not begun that week
        make("gone", Schedule.daily(), D(2026, 10, 1), {}, archived=D(2026, 11, 20)),
        make("ended", Schedule.daily(), D(2026, 11, 1), {D(2026, 11, 23): CheckIn(1)},
             archived=D(2026, 11, 24)),
    ]


def test_week_has_seven_days_from_monday(timelines: list[Timeline]) -> None:
    week = week_summary(timelines, TODAY)
    assert week.first == D(2026, 11, 23) and week.last == D(2026, 11, 29)
    assert week.days == tuple(D(2026, 11, 23) + dt.timedelta(days=i) for i in range(7))


def test_habits_not_alive_that_week_are_left_out(timelines: list[Timeline]) -> None:
    week = week_summary(timelines, TODAY)
    assert [row.habit.id for row in week.rows] == ["daily", "mwf", "count", "ended"]


def test_each_cell_shows_the_days_status(timelines: list[Timeline]) -> None:
    rows = {row.habit.id: row for row in week_summary(timelines, TODAY).rows}
    assert rows["daily"].statuses == (DONE, SKIPPED, MISSED, PENDING, OFF, OFF, OFF)
    assert rows["mwf"].statuses == (DONE, OFF, DONE, OFF, OFF, OFF, OFF)
    assert rows["count"].statuses == (OFF, OFF, PARTIAL, DONE, OFF, OFF, OFF)
    assert rows["ended"].statuses == (DONE, MISSED, OFF, OFF, OFF, OFF, OFF)


def test_cells_carry_values_and_notes(timelines: list[Timeline]) -> None:
    rows = {row.habit.id: row for row in week_summary(timelines, TODAY).rows}
    assert rows["count"].values == (None, None, 2, 3, None, None, None)
    assert rows["count"].notes == ("", "", "", "three", "", "", "")
    assert rows["daily"].notes[1] == "travel"


def test_per_habit_counts(timelines: list[Timeline]) -> None:
    rows = {row.habit.id: row for row in week_summary(timelines, TODAY).rows}
    # kept = done cells; due = done, partial, missed and pending cells.
    assert {hid: (row.kept, row.due) for hid, row in rows.items()} == {
        "daily": (1, 3), "mwf": (2, 2), "count": (1, 2), "ended": (1, 2),
    }


def test_per_day_counts_and_totals(timelines: list[Timeline]) -> None:
    week = week_summary(timelines, TODAY)
    assert week.kept_per_day == (3, 0, 1, 1, 0, 0, 0)
    assert week.due_per_day == (3, 1, 3, 2, 0, 0, 0)
    assert week.kept == 5 and week.due == 9


def test_sunday_week_start(timelines: list[Timeline]) -> None:
    week = week_summary(timelines, TODAY, week_start=6)
    assert week.first == D(2026, 11, 22) and week.last == D(2026, 11, 28)
    rows = {row.habit.id: row for row in week.rows}
    # Sunday the 22nd was a past daily day with nothing kept: a miss.
    assert rows["daily"].statuses == (MISSED, DONE, SKIPPED, MISSED, PENDING, OFF, OFF)
    assert week.kept_per_day == (0, 3, 0, 1, 1, 0, 0)


def test_any_day_of_the_week_gives_the_same_week(timelines: list[Timeline]) -> None:
    firsts = {week_summary(timelines, D(2026, 11, 23) + dt.timedelta(days=i)).first for i in range(7)}
    assert firsts == {D(2026, 11, 23)}


def test_week_crossing_the_year() -> None:
    t = make("walk", Schedule.per_week(3), D(2026, 12, 1),
             {D(2026, 12, 29): CheckIn(1), D(2026, 12, 31): CheckIn(1), D(2027, 1, 2): CheckIn(1)},
             today=D(2027, 1, 5))
    week = week_summary([t], D(2027, 1, 1))
    assert week.days[0] == D(2026, 12, 28) and week.days[-1] == D(2027, 1, 3)
    assert week.rows[0].statuses == (OFF, DONE, OFF, DONE, OFF, DONE, OFF)
    assert week.kept == 3 and week.due == 3


def test_weekly_quota_row_in_an_open_week() -> None:
    t = make("q", Schedule.per_week(3), D(2026, 11, 2), {D(2026, 11, 23): CheckIn(1)})
    row = week_summary([t], TODAY).rows[0]
    assert row.statuses == (DONE, OFF, OFF, PENDING, OFF, OFF, OFF)
    assert (row.kept, row.due) == (1, 3)  # "1 of 3", the week's quota, not a count of days


def test_weekly_quota_row_of_a_week_that_fell_short() -> None:
    t = make("q", Schedule.per_week(2), D(2026, 11, 2), {D(2026, 11, 17): CheckIn(1)})
    row = week_summary([t], D(2026, 11, 18)).rows[0]
    assert row.statuses == (OFF, DONE, OFF, OFF, OFF, OFF, OFF)  # no day of it was owed
    assert (row.kept, row.due) == (1, 2)


def test_weekly_quota_is_prorated_by_excused_days_and_none_asked_of_weeks_to_come() -> None:
    skipped = {D(2026, 11, 16 + i): CheckIn(skipped=True) for i in range(4)}  # Mon–Thu away
    t = make("q", Schedule.per_week(3), D(2026, 11, 2), skipped)
    assert week_summary([t], D(2026, 11, 16)).rows[0].due == 1  # round(3 × 3/7)
    assert week_summary([t], D(2026, 11, 30)).rows[0].due == 0


def test_a_future_week_asks_nothing_yet(timelines: list[Timeline]) -> None:
    week = week_summary(timelines, D(2026, 12, 9))
    assert [row.habit.id for row in week.rows] == ["daily", "mwf", "count", "later"]
    assert all(status is OFF for row in week.rows for status in row.statuses)
    assert week.kept == 0 and week.due == 0


def test_no_habits_empty_week() -> None:
    week = week_summary([], TODAY)
    assert week.rows == () and week.kept_per_day == (0,) * 7 and week.due == 0


def test_the_days_add_up_to_the_week_when_a_quota_was_kept_more_than_asked() -> None:
    habit = Habit("q", "Swim", HabitKind.PROMISE, Schedule.per_week(2), dt.date(2026, 11, 2))
    monday = dt.date(2026, 11, 16)
    days = {monday + dt.timedelta(days=i): CheckIn(1) for i in (0, 2, 4)}  # three of two
    week = week_summary([Timeline(habit, days, dt.date(2026, 11, 26))], monday)
    assert week.rows[0].kept == 2 and week.kept == 2
    assert week.kept_per_day == (1, 0, 1, 0, 0, 0, 0)  # the third keep is welcome, not counted

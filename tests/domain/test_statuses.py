"""Each day's status: done, partial, skipped, missed, pending or off, for every schedule kind."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import CheckIn, DayStatus, Habit, HabitKind, Pause, Schedule, Timeline
from tracker.domain.timeline import PeriodOutcome

D = dt.date
DONE, PARTIAL, SKIPPED = DayStatus.DONE, DayStatus.PARTIAL, DayStatus.SKIPPED
MISSED, PENDING, OFF = DayStatus.MISSED, DayStatus.PENDING, DayStatus.OFF
TODAY = D(2026, 11, 26)  # a Thursday
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def habit(schedule: Schedule, start: D, **extra) -> Habit:
    return Habit("h1", "Walk", HabitKind.PROMISE, schedule, start, **extra)


def kept(*days: D, value: int = 1) -> dict[D, CheckIn]:
    return {day: CheckIn(value) for day in days}


def statuses(timeline: Timeline, first: D, last: D) -> list[DayStatus]:
    return [timeline.status(first + dt.timedelta(days=i)) for i in range((last - first).days + 1)]


# -- fixed schedules ----------------------------------------------------------------
def test_daily_habit_shows_every_status() -> None:
    checkins = {
        D(2026, 11, 20): CheckIn(1),
        D(2026, 11, 21): CheckIn(skipped=True),
        D(2026, 11, 22): CheckIn(note="tired"),  # a note alone keeps nothing
        D(2026, 11, 23): CheckIn(2),  # more than the target is still done
    }
    t = Timeline(habit(Schedule.daily(), D(2026, 11, 20)), checkins, TODAY)
    assert statuses(t, D(2026, 11, 19), D(2026, 11, 27)) == [
        OFF, DONE, SKIPPED, MISSED, DONE, MISSED, MISSED, PENDING, OFF,
    ]


def test_count_habit_partial_then_done_today() -> None:
    h = habit(Schedule.daily(), D(2026, 11, 1), target=3)
    t = Timeline(h, {D(2026, 11, 25): CheckIn(2), TODAY: CheckIn(1)}, TODAY)
    assert t.status(D(2026, 11, 25)) is PARTIAL
    assert t.status(TODAY) is PARTIAL  # started today: partial, not pending
    assert t.still_due() == (2, "today")
    t = Timeline(h, {TODAY: CheckIn(3)}, TODAY)
    assert t.status(TODAY) is DONE
    assert t.still_due() == (0, "today")


def test_unticked_today_is_pending_never_missed() -> None:
    t = Timeline(habit(Schedule.daily(), D(2026, 11, 1)), {}, TODAY)
    assert t.status(TODAY) is PENDING
    assert t.still_due() == (1, "today")


def test_future_days_are_off_even_with_a_stray_checkin() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    t = Timeline(habit(Schedule.daily(), D(2026, 11, 1)), kept(tomorrow), TODAY)
    assert t.status(tomorrow) is OFF
    assert t.status(D(2027, 1, 1)) is OFF


def test_weekday_habit_unscheduled_days_are_off_and_extra_keeps_show() -> None:
    # Mon/Wed/Fri from Monday 2026-11-23; kept Monday and, unasked, Tuesday.
    t = Timeline(habit(Schedule.on_weekdays({MON, WED, FRI}), D(2026, 11, 23)),
                 kept(D(2026, 11, 23), D(2026, 11, 24)), TODAY)
    assert statuses(t, D(2026, 11, 23), D(2026, 11, 28)) == [DONE, DONE, MISSED, OFF, OFF, OFF]


def test_weekday_habit_today_pending_only_when_scheduled() -> None:
    h = habit(Schedule.on_weekdays({THU}), D(2026, 11, 1))
    assert Timeline(h, {}, TODAY).status(TODAY) is PENDING
    assert Timeline(h, {}, TODAY + dt.timedelta(days=1)).status(TODAY + dt.timedelta(days=1)) is OFF


def test_every_n_days_due_only_on_its_days() -> None:
    # Every 3 days from Friday 2026-11-20: the 20th, 23rd, 26th (today).
    t = Timeline(habit(Schedule.every_n_days(3), D(2026, 11, 20)), kept(D(2026, 11, 20)), TODAY)
    assert statuses(t, D(2026, 11, 20), TODAY) == [DONE, OFF, OFF, MISSED, OFF, OFF, PENDING]


def test_paused_days_behave_as_skipped() -> None:
    h = habit(Schedule.daily(), D(2026, 11, 1), pauses=(Pause(D(2026, 11, 10), D(2026, 11, 12)),))
    t = Timeline(h, {}, TODAY)
    assert statuses(t, D(2026, 11, 9), D(2026, 11, 13)) == [MISSED, SKIPPED, SKIPPED, SKIPPED, MISSED]


def test_paused_today_is_not_pending() -> None:
    h = habit(Schedule.daily(), D(2026, 11, 1), pauses=(Pause(TODAY, TODAY + dt.timedelta(days=5)),))
    t = Timeline(h, {}, TODAY)
    assert t.status(TODAY) is SKIPPED
    assert t.still_due() == (0, "today")


def test_archived_habit_is_off_after_its_archive_day() -> None:
    h = habit(Schedule.daily(), D(2026, 11, 1), archived=D(2026, 11, 20))
    t = Timeline(h, kept(D(2026, 11, 19), D(2026, 11, 21)), TODAY)
    assert statuses(t, D(2026, 11, 19), D(2026, 11, 22)) == [DONE, MISSED, OFF, OFF]
    assert t.status(TODAY) is OFF
    assert t.still_due() == (0, "today")


def test_habit_starting_in_the_future_is_off_today() -> None:
    t = Timeline(habit(Schedule.daily(), TODAY + dt.timedelta(days=3)), {}, TODAY)
    assert t.status(TODAY) is OFF
    assert t.score == 0.0 and t.current_streak.length == 0


def test_leap_day_is_an_ordinary_scheduled_day() -> None:
    t = Timeline(habit(Schedule.daily(), D(2028, 2, 27)), kept(D(2028, 2, 28)), D(2028, 3, 1))
    assert statuses(t, D(2028, 2, 27), D(2028, 3, 1)) == [MISSED, DONE, MISSED, PENDING]


# -- X per week ---------------------------------------------------------------------
def test_per_week_statuses_in_open_short_and_met_weeks() -> None:
    checkins = kept(
        D(2026, 11, 9), D(2026, 11, 11), D(2026, 11, 13),  # week of the 9th: met (3)
        D(2026, 11, 16), D(2026, 11, 18),  # week of the 16th: short (2 of 3)
        D(2026, 11, 23),  # this week: open
    )
    t = Timeline(habit(Schedule.per_week(3), D(2026, 11, 9)), checkins, TODAY)
    # A met week asks nothing more: its unticked days are off.
    assert statuses(t, D(2026, 11, 9), D(2026, 11, 15)) == [DONE, OFF, DONE, OFF, DONE, OFF, OFF]
    # A week that closed short: the week fell short, but no single day of it was owed, so
    # its unticked days are not each a miss (DESIGN §2: the period's quota is the unit).
    assert t.period_outcome(D(2026, 11, 16)) is PeriodOutcome.SHORT
    assert statuses(t, D(2026, 11, 16), D(2026, 11, 22)) == [DONE, OFF, DONE, OFF, OFF, OFF, OFF]
    # The open week: past empty days are not misses yet, today is pending, the rest is future.
    assert statuses(t, D(2026, 11, 23), D(2026, 11, 29)) == [DONE, OFF, OFF, PENDING, OFF, OFF, OFF]
    assert t.still_due() == (2, "this week")


def test_per_week_met_quota_makes_today_off() -> None:
    t = Timeline(habit(Schedule.per_week(2), D(2026, 11, 2)), kept(D(2026, 11, 23), D(2026, 11, 24)), TODAY)
    assert t.status(TODAY) is OFF
    assert t.still_due() == (0, "this week")


@pytest.mark.parametrize(("keeps", "first_week"), [(2, PeriodOutcome.MET), (1, PeriodOutcome.SHORT)])
def test_first_week_quota_is_prorated_for_a_midweek_start(keeps: int, first_week: PeriodOutcome) -> None:
    # 3/week started Thursday 2026-11-05: 4 of 7 days lived, round_half_up(3 * 4/7) = 2.
    start = D(2026, 11, 5)
    t = Timeline(habit(Schedule.per_week(3), start), kept(*[start + dt.timedelta(days=i) for i in range(keeps)]), TODAY)
    assert t.required_in(D(2026, 11, 2), D(2026, 11, 8), 3) == 2
    assert t.period_outcome(D(2026, 11, 8)) is first_week  # the week closing on that Sunday
    assert t.status(D(2026, 11, 8)) is OFF  # no single day of a quota is owed
    assert t.status(D(2026, 11, 4)) is OFF  # before the start


def test_first_day_of_a_midweek_start_asks_for_the_prorated_quota() -> None:
    start = D(2026, 11, 5)
    assert Timeline(habit(Schedule.per_week(3), start), {}, start).still_due() == (2, "this week")


def test_excused_days_shrink_the_weekly_quota() -> None:
    # Week of the 16th with Mon+Tue skipped: round_half_up(3 * 5/7) = 2, so two keeps meet it.
    checkins = {D(2026, 11, 16): CheckIn(skipped=True), D(2026, 11, 17): CheckIn(skipped=True),
                **kept(D(2026, 11, 18), D(2026, 11, 20))}
    t = Timeline(habit(Schedule.per_week(3), D(2026, 11, 2)), checkins, TODAY)
    assert t.status(D(2026, 11, 22)) is OFF
    assert t.status(D(2026, 11, 16)) is SKIPPED


def test_a_fully_paused_week_asks_nothing() -> None:
    h = habit(Schedule.per_week(3), D(2026, 11, 2), pauses=(Pause(D(2026, 11, 16), D(2026, 11, 22)),))
    t = Timeline(h, {}, TODAY)
    assert statuses(t, D(2026, 11, 16), D(2026, 11, 22)) == [SKIPPED] * 7
    assert t.period_outcome(D(2026, 11, 9)) is PeriodOutcome.SHORT  # the week before
    assert t.status(D(2026, 11, 9)) is OFF


def test_sunday_week_start_moves_the_period() -> None:
    # Kept Sun 22, Mon 23, Tue 24. Sunday weeks: 3 in 22..28, met. Monday weeks: 2 in 23..29.
    h = habit(Schedule.per_week(3), D(2026, 11, 2))
    checkins = kept(D(2026, 11, 22), D(2026, 11, 23), D(2026, 11, 24))
    sunday = Timeline(h, checkins, TODAY, week_start=6)
    monday = Timeline(h, checkins, TODAY, week_start=0)
    assert sunday.status(TODAY) is OFF and sunday.still_due() == (0, "this week")
    assert monday.status(TODAY) is PENDING and monday.still_due() == (1, "this week")


def test_per_week_across_the_year_end() -> None:
    h = habit(Schedule.per_week(3), D(2026, 12, 1))
    checkins = kept(D(2026, 12, 29), D(2026, 12, 31), D(2027, 1, 2))
    t = Timeline(h, checkins, D(2027, 1, 5))
    assert statuses(t, D(2026, 12, 28), D(2027, 1, 3)) == [OFF, DONE, OFF, DONE, OFF, DONE, OFF]


# -- X per month --------------------------------------------------------------------
def test_per_month_across_january_31_and_february_28() -> None:
    h = habit(Schedule.per_month(2), D(2026, 1, 1))
    t = Timeline(h, kept(D(2026, 1, 30), D(2026, 1, 31), D(2026, 2, 1)), D(2026, 3, 2))
    assert t.status(D(2026, 1, 29)) is OFF  # January met on its last two days
    assert t.period_outcome(D(2026, 2, 28)) is PeriodOutcome.SHORT  # February: 1 of 2
    assert t.status(D(2026, 2, 28)) is OFF
    assert t.status(D(2026, 3, 1)) is OFF  # March still open
    assert t.status(D(2026, 3, 2)) is PENDING
    assert t.still_due() == (2, "this month")


def test_per_month_in_a_leap_february() -> None:
    # 28 a month in February 2028 (29 days): 28 keeps meet it; the 29th is then off.
    h = habit(Schedule.per_month(28), D(2028, 2, 1))
    t = Timeline(h, kept(*[D(2028, 2, d) for d in range(1, 29)]), D(2028, 3, 1))
    assert t.status(D(2028, 2, 29)) is OFF
    t = Timeline(h, kept(*[D(2028, 2, d) for d in range(1, 28)]), D(2028, 3, 1))
    assert t.period_outcome(D(2028, 2, 29)) is PeriodOutcome.SHORT


def test_per_month_started_late_in_the_month_is_prorated() -> None:
    # 10/month from Jan 25: 7 of 31 days, round_half_up(10 * 7/31) = 2.
    h = habit(Schedule.per_month(10), D(2026, 1, 25))
    assert Timeline(h, {}, D(2026, 1, 25)).still_due() == (2, "this month")
    t = Timeline(h, kept(D(2026, 1, 26), D(2026, 1, 28)), D(2026, 2, 3))
    assert t.status(D(2026, 1, 31)) is OFF


# -- X in any Y days ----------------------------------------------------------------
def test_rolling_window_statuses() -> None:
    # 2 in any 7 days; kept the 16th and 18th. Windows ending 18th..22nd hold both.
    h = habit(Schedule.in_days(2, 7), D(2026, 11, 1))
    t = Timeline(h, kept(D(2026, 11, 16), D(2026, 11, 18)), TODAY)
    assert statuses(t, D(2026, 11, 17), TODAY) == [
        MISSED, DONE, OFF, OFF, OFF, OFF, MISSED, MISSED, MISSED, PENDING,
    ]
    assert t.still_due() == (2, "in 7 days")


def test_rolling_window_met_today_makes_today_off() -> None:
    h = habit(Schedule.in_days(2, 7), D(2026, 11, 1))
    t = Timeline(h, kept(D(2026, 11, 21), D(2026, 11, 24)), TODAY)
    assert t.status(TODAY) is OFF
    assert t.still_due() == (0, "in 7 days")


def test_rolling_window_asks_nothing_before_a_new_habit_has_lived_enough_days() -> None:
    # 1 in any 7 days, begun yesterday: 1 * 1/7 and 1 * 2/7 both round to 0, so
    # nothing was due yet; yesterday must not read as a miss.
    start = TODAY - dt.timedelta(days=1)
    t = Timeline(habit(Schedule.in_days(1, 7), start), {}, TODAY)
    assert t.status(start) is OFF
    assert t.status(TODAY) is OFF
    assert t.still_due() == (0, "in 7 days")

"""Streaks: fixed schedules count kept days, quota schedules kept periods, rolling windows met days."""

from __future__ import annotations

import datetime as dt

from tracker.domain import CheckIn, Habit, HabitKind, Pause, Schedule, Timeline

D = dt.date
TODAY = D(2026, 11, 26)  # a Thursday
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def habit(schedule: Schedule, start: D, **extra) -> Habit:
    return Habit("h1", "Walk", HabitKind.PROMISE, schedule, start, **extra)


def span(first: D, last: D) -> list[D]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def kept(*days: D, value: int = 1) -> dict[D, CheckIn]:
    return {day: CheckIn(value) for day in days}


def daily(checkins: dict[D, CheckIn], today: D = TODAY, **extra) -> Timeline:
    return Timeline(habit(Schedule.daily(), D(2026, 11, 1), **extra), checkins, today)


# -- fixed schedules ----------------------------------------------------------------
def test_pending_today_does_not_break_the_streak() -> None:
    t = daily(kept(*span(D(2026, 11, 20), D(2026, 11, 25))))
    assert (t.current_streak.length, t.current_streak.first, t.current_streak.last) == (
        6, D(2026, 11, 20), D(2026, 11, 25))
    assert t.current_streak.describe() == "6 days"


def test_keeping_today_extends_the_streak() -> None:
    t = daily(kept(*span(D(2026, 11, 20), TODAY)))
    assert t.current_streak.length == 7 and t.current_streak.last == TODAY


def test_a_miss_yesterday_ends_the_streak() -> None:
    t = daily(kept(*span(D(2026, 11, 20), D(2026, 11, 24))))
    assert t.current_streak.length == 0
    assert t.best_streak.length == 5
    t = daily(kept(*span(D(2026, 11, 20), D(2026, 11, 24)), TODAY))
    assert t.current_streak.length == 1 and t.current_streak.first == TODAY


def test_a_skipped_day_neither_breaks_nor_extends() -> None:
    checkins = {**kept(D(2026, 11, 20), D(2026, 11, 21), D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25)),
                D(2026, 11, 22): CheckIn(skipped=True)}
    streak = daily(checkins).current_streak
    assert streak.length == 5
    assert streak.first == D(2026, 11, 20) and streak.span_days == 6


def test_a_paused_stretch_neither_breaks_nor_extends() -> None:
    pause = (Pause(D(2026, 11, 6), D(2026, 11, 10)),)
    checkins = kept(*span(D(2026, 11, 1), D(2026, 11, 5)), *span(D(2026, 11, 11), D(2026, 11, 13)))
    streak = daily(checkins, today=D(2026, 11, 14), pauses=pause).current_streak
    assert streak.length == 8
    assert (streak.first, streak.last) == (D(2026, 11, 1), D(2026, 11, 13))


def test_unscheduled_days_neither_break_nor_extend() -> None:
    # Mon/Wed/Fri from Monday Nov 2, each kept up to Wednesday Nov 25; today (Thu) is off.
    mwf = [d for d in span(D(2026, 11, 2), D(2026, 11, 25)) if d.weekday() in (MON, WED, FRI)]
    assert len(mwf) == 11
    t = Timeline(habit(Schedule.on_weekdays({MON, WED, FRI}), D(2026, 11, 2)), kept(*mwf), TODAY)
    assert t.current_streak.length == 11
    assert t.current_streak.span_days == 24


def test_every_n_days_streak_counts_only_its_days() -> None:
    # Every 3 days from Nov 2: ... 14, 17, 20, 23, 26 (today, pending).
    t = Timeline(habit(Schedule.every_n_days(3), D(2026, 11, 2)),
                 kept(D(2026, 11, 14), D(2026, 11, 17), D(2026, 11, 20), D(2026, 11, 23)), TODAY)
    assert t.current_streak.length == 4
    assert t.best_streak.length == 4


def test_a_partial_day_in_the_past_breaks_but_a_partial_today_does_not() -> None:
    full = {d: CheckIn(2) for d in span(D(2026, 11, 20), D(2026, 11, 25))}
    h = habit(Schedule.daily(), D(2026, 11, 1), target=2)
    past_partial = {**full, D(2026, 11, 23): CheckIn(1)}
    t = Timeline(h, past_partial, TODAY)
    assert t.current_streak.length == 2  # the 24th and 25th
    assert t.best_streak.length == 3  # the 20th to the 22nd
    t = Timeline(h, {**full, TODAY: CheckIn(1)}, TODAY)
    assert t.current_streak.length == 6


def test_best_streak_is_the_longest_over_history() -> None:
    checkins = kept(*span(D(2026, 11, 1), D(2026, 11, 10)), *span(D(2026, 11, 12), D(2026, 11, 14)))
    t = daily(checkins, today=D(2026, 11, 15))
    assert t.current_streak.length == 3
    best = t.best_streak
    assert (best.length, best.first, best.last) == (10, D(2026, 11, 1), D(2026, 11, 10))


def test_archived_habit_keeps_the_streak_it_ended_with() -> None:
    t = daily(kept(*span(D(2026, 11, 1), D(2026, 11, 10))), archived=D(2026, 11, 10))
    assert t.current_streak.length == 10 and t.best_streak.length == 10


def test_no_checkins_no_streak() -> None:
    t = daily({})
    assert t.current_streak.length == 0 and t.best_streak.length == 0
    assert t.best_streak.span_days == 0


# -- quota periods ------------------------------------------------------------------
def test_weekly_streak_current_week_pending_until_met() -> None:
    # 1/week from Monday Nov 2; kept in the weeks of the 2nd, 9th and 16th.
    h = habit(Schedule.per_week(1), D(2026, 11, 2))
    checkins = kept(D(2026, 11, 3), D(2026, 11, 10), D(2026, 11, 17))
    t = Timeline(h, checkins, TODAY)
    assert (t.current_streak.length, t.current_streak.unit) == (3, "week")
    assert t.current_streak.describe() == "3 weeks"
    t = Timeline(h, {**checkins, TODAY: CheckIn(1)}, TODAY)
    assert t.current_streak.length == 4 and t.current_streak.last == TODAY


def test_a_short_week_breaks_the_weekly_streak() -> None:
    weeks = [D(2026, 10, 5), D(2026, 10, 12), D(2026, 10, 19), D(2026, 10, 26), D(2026, 11, 2)]
    t = Timeline(habit(Schedule.per_week(1), D(2026, 10, 5)), kept(*weeks, D(2026, 11, 17)), TODAY)
    assert t.current_streak.length == 1  # the week of the 16th; the 9th's week closed empty
    best = t.best_streak
    assert (best.length, best.first, best.last) == (5, D(2026, 10, 5), D(2026, 11, 8))


def test_prorated_first_week_counts_when_its_smaller_quota_is_met() -> None:
    # 3/week from Thursday Nov 5: the first week asks 2 (see test_statuses).
    checkins = kept(D(2026, 11, 5), D(2026, 11, 7),
                    D(2026, 11, 9), D(2026, 11, 10), D(2026, 11, 11),
                    D(2026, 11, 16), D(2026, 11, 18), D(2026, 11, 20),
                    D(2026, 11, 23))  # this week: 1 of 3 so far, still open
    t = Timeline(habit(Schedule.per_week(3), D(2026, 11, 5)), checkins, TODAY)
    assert t.current_streak.length == 3
    assert t.current_streak.first == D(2026, 11, 2)


def test_a_week_begun_on_saturday_and_kept_counts() -> None:
    # 1/week from Saturday Nov 21: 2 of 7 days lived, so the quota rounds to 0, yet it
    # was kept; the kept week must count.
    t = Timeline(habit(Schedule.per_week(1), D(2026, 11, 21)), kept(D(2026, 11, 21)), D(2026, 11, 23))
    assert t.current_streak.length == 1


def test_weekly_streak_across_the_year_end() -> None:
    h = habit(Schedule.per_week(1), D(2026, 12, 14))
    checkins = kept(D(2026, 12, 15), D(2026, 12, 22), D(2026, 12, 31), D(2027, 1, 5))
    t = Timeline(h, checkins, D(2027, 1, 5))
    assert t.current_streak.length == 4


def test_sunday_weeks_group_days_differently() -> None:
    # Kept Sun Nov 15 and Sun Nov 22. Sunday weeks: each opens a week (15..21, 22..28),
    # and 8..14 closed short. Monday weeks: each closes a week (9..15, 16..22), and the
    # week of the 2nd closed short. Two weeks either way, but starting on different days.
    h = habit(Schedule.per_week(1), D(2026, 11, 2))
    checkins = kept(D(2026, 11, 15), D(2026, 11, 22))
    sunday = Timeline(h, checkins, TODAY, week_start=6)
    monday = Timeline(h, checkins, TODAY, week_start=0)
    assert sunday.current_streak.length == 2
    assert sunday.current_streak.first == D(2026, 11, 15)
    assert monday.current_streak.length == 2
    assert monday.current_streak.first == D(2026, 11, 9)


def test_monthly_streak_across_month_ends() -> None:
    h = habit(Schedule.per_month(2), D(2026, 1, 1))
    checkins = kept(D(2026, 1, 30), D(2026, 1, 31), D(2026, 2, 1), D(2026, 2, 28),
                    D(2026, 3, 31),  # March: 1 of 2, short
                    D(2026, 4, 1), D(2026, 4, 30), D(2026, 5, 2), D(2026, 5, 19))
    t = Timeline(h, checkins, D(2026, 5, 20))
    assert (t.current_streak.length, t.current_streak.unit) == (2, "month")
    assert t.current_streak.first == D(2026, 4, 1)
    assert t.best_streak.length == 2


# -- X in any Y days ----------------------------------------------------------------
def test_rolling_streak_counts_days_whose_window_held() -> None:
    # 2 in any 7 days: windows ending the 22nd .. today each hold 2 or more keeps.
    t = Timeline(habit(Schedule.in_days(2, 7), D(2026, 11, 1)),
                 kept(D(2026, 11, 20), D(2026, 11, 22), D(2026, 11, 24), TODAY), TODAY)
    streak = t.current_streak
    assert (streak.length, streak.first, streak.last) == (5, D(2026, 11, 22), TODAY)


def test_rolling_streak_waits_for_an_open_today() -> None:
    # Kept the 19th and 21st: windows ending the 21st..25th hold both; today's window
    # (20th..26th) holds one and is still open, so it neither breaks nor extends.
    t = Timeline(habit(Schedule.in_days(2, 7), D(2026, 11, 1)), kept(D(2026, 11, 19), D(2026, 11, 21)), TODAY)
    streak = t.current_streak
    assert (streak.length, streak.first, streak.last) == (5, D(2026, 11, 21), D(2026, 11, 25))


def test_rolling_streak_breaks_when_a_past_window_falls_short() -> None:
    t = Timeline(habit(Schedule.in_days(2, 7), D(2026, 11, 1)), kept(D(2026, 11, 16), D(2026, 11, 18)), TODAY)
    assert t.current_streak.length == 0
    assert t.best_streak.length == 5  # windows ending the 18th .. the 22nd


def test_skipping_an_off_day_of_a_rolling_habit_costs_nothing() -> None:
    # 1 in any 2 days, kept every other day: each day's 2-day window holds a keep.
    h = habit(Schedule.in_days(1, 2), D(2026, 11, 16))
    checkins = kept(D(2026, 11, 20), D(2026, 11, 22), D(2026, 11, 24))
    before = Timeline(h, checkins, TODAY).current_streak.length
    after = Timeline(h, {**checkins, D(2026, 11, 21): CheckIn(skipped=True)}, TODAY).current_streak.length
    assert before == 6  # windows ending the 20th .. the 25th
    assert after == before


def test_excusing_days_of_an_open_week_shrinks_its_quota() -> None:
    # 2/week from Monday Nov 23, kept Monday. Excusing Tuesday and Wednesday leaves 5 of 7
    # days, round_half_up(2 * 5/7) = 1, so the week is met and starts a streak (the
    # documented proration; skipping one day alone, 2 * 6/7 rounds to 2, changes nothing).
    h = habit(Schedule.per_week(2), D(2026, 11, 23))
    checkins = kept(D(2026, 11, 23))
    skip = CheckIn(skipped=True)
    assert Timeline(h, checkins, TODAY).current_streak.length == 0
    assert Timeline(h, {**checkins, D(2026, 11, 24): skip}, TODAY).current_streak.length == 0
    both = {**checkins, D(2026, 11, 24): skip, D(2026, 11, 25): skip}
    assert Timeline(h, both, TODAY).current_streak.length == 1

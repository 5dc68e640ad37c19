"""The consistency score: Loop Habit Tracker's forgiving habit strength.

For a daily habit ``m = 0.5 ** (1/13)``; kept every day from a score of 0, the score after
``n`` days is ``1 - m**n`` (each day moves it a share ``1 - m`` of the way to 1).
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from tracker.domain import CheckIn, Habit, HabitKind, Pause, Schedule, Timeline

D = dt.date
START = D(2026, 1, 1)
M_DAILY = 0.5 ** (1 / 13)


def habit(schedule: Schedule = Schedule.daily(), start: D = START, **extra) -> Habit:
    return Habit("h1", "Walk", HabitKind.PROMISE, schedule, start, **extra)


def day(n: int) -> D:
    """The n-th day of the habit's life, counting from 1."""
    return START + dt.timedelta(days=n - 1)


def kept_days(first: int, last: int, value: int = 1) -> dict[D, CheckIn]:
    return {day(n): CheckIn(value) for n in range(first, last + 1)}


def test_perfect_daily_habit_reads_about_80_percent_after_30_days() -> None:
    t = Timeline(habit(), kept_days(1, 30), day(30))
    assert t.score == pytest.approx(1 - M_DAILY ** 30)
    assert t.score == pytest.approx(0.798, abs=0.001)


def test_each_kept_day_raises_the_score() -> None:
    t = Timeline(habit(), kept_days(1, 30), day(30))
    assert all(later > earlier for earlier, later in zip(t.scores, t.scores[1:]))
    assert len(t.scores) == 30


def test_one_miss_dents_the_score_but_does_not_zero_it() -> None:
    # 30 kept days, day 31 missed, today (day 32) not yet ticked.
    t = Timeline(habit(), kept_days(1, 30), day(32))
    before = 1 - M_DAILY ** 30
    assert t.scores[30] == pytest.approx(before * M_DAILY)  # about 0.756
    assert 0.75 < t.scores[30] < before
    assert t.score == pytest.approx(before * M_DAILY)


def test_a_long_gap_decays_but_never_reaches_zero() -> None:
    t = Timeline(habit(), kept_days(1, 30), day(130))
    assert 0 < t.score < 0.01
    assert t.score == pytest.approx((1 - M_DAILY ** 30) * M_DAILY ** 99)


def test_a_skipped_day_freezes_the_score() -> None:
    checkins = {**kept_days(1, 10), day(11): CheckIn(skipped=True), **kept_days(12, 12)}
    t = Timeline(habit(), checkins, day(12))
    assert t.scores[10] == t.scores[9] == pytest.approx(1 - M_DAILY ** 10)
    assert t.score == pytest.approx(1 - M_DAILY ** 11)


def test_a_pause_freezes_the_score() -> None:
    pauses = (Pause(day(11), day(20)),)
    t = Timeline(habit(pauses=pauses), kept_days(1, 10), day(20))
    assert t.score == pytest.approx(1 - M_DAILY ** 10)


def test_an_unticked_today_leaves_yesterdays_score() -> None:
    t = Timeline(habit(), kept_days(1, 10), day(11))
    assert t.score == t.scores[-2] == pytest.approx(1 - M_DAILY ** 10)


def test_ticking_today_joins_the_score() -> None:
    t = Timeline(habit(), kept_days(1, 11), day(11))
    assert t.score == pytest.approx(1 - M_DAILY ** 11)


def test_yesterdays_miss_counts_once_the_day_is_past() -> None:
    # The same history seen a day later: day 11 is now a miss and dents the score.
    t = Timeline(habit(), kept_days(1, 10), day(12))
    assert t.scores[10] == pytest.approx((1 - M_DAILY ** 10) * M_DAILY)


def test_partial_days_give_partial_credit() -> None:
    # Target 2, 1 done each day: each day moves half as far, so 0.5 * (1 - m**30).
    t = Timeline(habit(target=2), kept_days(1, 30, value=1), day(30))
    assert t.score == pytest.approx(0.5 * (1 - M_DAILY ** 30))


def test_overshooting_a_target_earns_no_more_than_meeting_it() -> None:
    met = Timeline(habit(target=2), kept_days(1, 20, value=2), day(20)).score
    over = Timeline(habit(target=2), kept_days(1, 20, value=9), day(20)).score
    assert over == pytest.approx(met)


def test_score_stays_below_one_after_years() -> None:
    t = Timeline(habit(), kept_days(1, 1500), day(1500))
    assert 0.999 < t.score <= 1.0


def test_three_a_week_kept_is_not_dented_on_its_rest_days() -> None:
    # 3/week kept Mon/Wed/Fri from Monday 2026-01-05. Loop judges a yes/no habit below
    # daily on twice its window (6 keeps in any 14 days): once the second Friday is past,
    # every window holds 6, so each day (rest days too) moves the score up by the same rule
    # with m = 0.5 ** (sqrt(3/7) / 13).
    start = D(2026, 1, 5)
    keeps = {start + dt.timedelta(days=i): CheckIn(1) for i in range(56) if i % 7 in (0, 2, 4)}
    t = Timeline(habit(Schedule.per_week(3), start), keeps, start + dt.timedelta(days=55))
    assert all(later >= earlier for earlier, later in zip(t.scores, t.scores[1:]))
    m = 0.5 ** (math.sqrt(3 / 7) / 13)
    # From day 12 on the window is full (v = 1); days 1-11 gave some credit, never none.
    assert 1 - m ** 45 <= t.score <= 1 - m ** 56


def test_rarer_habits_change_more_slowly() -> None:
    # Both kept in full for 8 weeks; the once-a-week habit's m = 0.5 ** (sqrt(1/7) / 13)
    # is closer to 1, so its score climbs slower (Loop's rule). Judged on 2 keeps in 14
    # days, its first week holds half of that (v = 1/2), every later day all of it.
    weekly = {START + dt.timedelta(days=7 * k): CheckIn(1) for k in range(8)}
    daily = Timeline(habit(), kept_days(1, 56), day(56)).score
    rare = Timeline(habit(Schedule.per_week(1)), weekly, day(56)).score
    m = 0.5 ** (math.sqrt(1 / 7) / 13)
    first_week = 0.5 * (1 - m ** 7)
    assert rare == pytest.approx(1 - (1 - first_week) * m ** 49)
    assert rare < daily == pytest.approx(1 - M_DAILY ** 56)


def test_archived_habit_score_stops_at_its_archive_day() -> None:
    t = Timeline(habit(archived=day(10)), kept_days(1, 10), day(40))
    assert t.score == pytest.approx(1 - M_DAILY ** 10)


def test_no_history_scores_zero() -> None:
    assert Timeline(habit(start=day(5)), {}, day(1)).score == 0.0
    assert Timeline(habit(), {}, day(1)).score == 0.0


@pytest.mark.parametrize(
    "schedule",
    [Schedule.daily(), Schedule.on_weekdays({0, 3}), Schedule.every_n_days(3), Schedule.per_week(2),
     Schedule.per_month(4), Schedule.in_days(2, 5)],
)
def test_score_within_zero_and_one_for_every_kind(schedule: Schedule) -> None:
    t = Timeline(habit(schedule), kept_days(1, 200, value=3), day(200))
    assert all(0.0 <= s <= 1.0 for s in t.scores)
    assert t.score > 0.9


def test_a_value_on_a_paused_day_does_not_feed_the_score() -> None:
    # Once a week (judged on 2 keeps in 14 days): a tick on a paused day counts for no
    # later window either; the day is excused everywhere, as a skipped one.
    pauses = (Pause(day(10), day(10)),)
    kept = {day(n): CheckIn(1) for n in (1, 8)}
    plain = Timeline(habit(Schedule.in_days(1, 7), pauses=pauses), kept, day(20)).scores
    ticked = Timeline(habit(Schedule.in_days(1, 7), pauses=pauses),
                      {**kept, day(10): CheckIn(1)}, day(20)).scores
    assert ticked == plain
    skipped = Timeline(habit(Schedule.in_days(1, 7)), {**kept, day(10): CheckIn(1, True)},
                       day(20)).scores
    assert ticked == skipped


def test_n_in_n_days_is_every_day() -> None:
    assert Schedule.in_days(7, 7) == Schedule.daily()
    assert Schedule.in_days(30, 30) == Schedule.daily()

"""Measured habits: amounts with decimals and a unit, kept at least or at most."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from tracker.domain import CheckIn, DayStatus, Habit, HabitKind, NewHabit, Schedule, Timeline
from tracker.domain import TrackerError
from tracker.domain.amounts import parse_amount

TODAY = dt.date(2026, 12, 1)
D = dt.timedelta


def walk(target: str = "2.5", unit: str = "km") -> Habit:
    return Habit("w", "Walk", HabitKind.PROMISE, Schedule.daily(), TODAY - D(days=9),
                 target=parse_amount(target), unit=unit, measured=True)


def coffee(limit: int = 2) -> Habit:
    return Habit("c", "Coffee", HabitKind.PROMISE, Schedule.daily(), TODAY - D(days=9),
                 target=limit, unit="cups", at_most=True, measured=True)


def days(values: dict[int, object]) -> dict[dt.date, CheckIn]:
    return {TODAY - D(days=ago): v if isinstance(v, CheckIn) else CheckIn(v)  # type: ignore[arg-type]
            for ago, v in values.items()}


def test_a_decimal_amount_keeps_an_at_least_habit_exactly() -> None:
    timeline = Timeline(walk(), days({2: Fraction(5, 2), 1: Fraction(249, 100), 0: Fraction(1, 2)}), TODAY)
    assert timeline.status(TODAY - D(days=2)) is DayStatus.DONE
    assert timeline.status(TODAY - D(days=1)) is DayStatus.PARTIAL  # 2.49 of 2.5
    assert timeline.still_due() == (2, "today")  # 2.5 - 0.5, exactly
    assert timeline.current_streak.length == 0


def test_a_limit_is_kept_by_a_recorded_amount_within_it_none_included() -> None:
    timeline = Timeline(coffee(), days({3: 0, 2: 2, 1: 3}), TODAY)
    assert [timeline.status(TODAY - D(days=n)) for n in (4, 3, 2, 1, 0)] == [
        DayStatus.MISSED,  # nothing recorded on a due day is not a kept limit
        DayStatus.DONE, DayStatus.DONE,  # none at all, then exactly the limit
        DayStatus.MISSED,  # past the limit
        DayStatus.PENDING]
    assert timeline.best_streak.length == 2 and timeline.current_streak.length == 0
    assert timeline.still_due() == (1, "today")


def test_a_limit_of_zero_is_kept_only_by_none() -> None:
    timeline = Timeline(coffee(limit=0), days({1: 0, 0: Fraction(1, 1000)}), TODAY)
    assert timeline.status(TODAY - D(days=1)) is DayStatus.DONE
    assert timeline.status(TODAY) is DayStatus.MISSED
    assert timeline.still_due() == (0, "today")


def test_an_excused_day_holds_no_amount() -> None:
    timeline = Timeline(coffee(), days({1: CheckIn(9, skipped=True)}), TODAY)
    assert timeline.status(TODAY - D(days=1)) is DayStatus.SKIPPED
    assert timeline.value_on(TODAY - D(days=1)) == 0


def test_a_measured_habit_round_trips_through_its_stored_form() -> None:
    habit = walk("0.002", "kg").with_changes(at_most=True)
    assert Habit.from_dict(habit.to_dict()) == habit
    assert habit.to_dict()["target"] == 0.002
    assert CheckIn.from_dict(CheckIn(Fraction(15, 2), note="slept").to_dict()) == \
        CheckIn(Fraction(15, 2), note="slept")
    assert CheckIn.from_dict(CheckIn().to_dict()).value is None


def test_a_target_a_unit_or_a_limit_make_a_habit_measured() -> None:
    assert Habit.from_dict({**walk().to_dict(), "target": 2, "measured": False}).measured
    assert coffee().with_changes(measured=False).measured


def test_a_stored_count_habit_from_before_measured_habits_stays_measured() -> None:
    data = walk().to_dict()
    for key in ("measured", "unit", "at_most"):
        data.pop(key)
    data["target"] = 3
    assert Habit.from_dict(data).measured
    data["target"] = 1
    assert not Habit.from_dict(data).measured


@pytest.mark.parametrize("change", [{"target": 0}, {"target": 2.0005},
                                    {"unit": "k" * 21}, {"measured": "yes"}])
def test_a_stored_habit_that_breaks_the_rules_is_refused(change: dict[str, object]) -> None:
    data = {**walk().to_dict(), **change}
    with pytest.raises(ValueError):
        Habit.from_dict(data)


def test_a_new_habit_is_measured_by_a_target_a_unit_or_a_limit() -> None:
    assert not NewHabit("Read").validated([]).measured
    assert NewHabit("Read", unit="pages").validated([]).measured
    assert NewHabit("Read", target=3).validated([]).measured
    assert NewHabit("Scroll", target=0, at_most=True).validated([]).measured
    with pytest.raises(TrackerError, match="more than 0"):
        NewHabit("Read", target=0).validated([])
    with pytest.raises(TrackerError, match="unit"):
        NewHabit("Read", unit="pages\nof").validated([])


def test_the_goal_reads_in_words() -> None:
    assert walk().target_text == "2.5 km"
    assert coffee().target_text == "at most 2 cups"
    assert walk(unit="").target_text == "2.5 times"
    assert walk().amount_text(Fraction(3, 4)) == "0.75 km"


def test_a_weekly_amount_is_kept_by_what_the_week_adds_up_to() -> None:
    """Loop's "10 km a week": a measured habit asked once a period is kept by its sum."""
    run = Habit("r", "Run", HabitKind.PROMISE, Schedule.per_week(1), dt.date(2026, 11, 2),
                target=10, unit="km")
    monday = dt.date(2026, 11, 23)  # TODAY (Tue 1 Dec) is in the week after
    days = {monday: CheckIn(Fraction(7, 2)), monday + D(days=2): CheckIn(Fraction(13, 2)),
            dt.date(2026, 11, 30): CheckIn(4)}  # 3.5 + 6.5 = 10 that week; 4 so far this one
    timeline = Timeline(run, days, TODAY)
    assert timeline.status(monday) is DayStatus.DONE  # a share of a kept week
    assert timeline.status(monday + D(days=2)) is DayStatus.DONE
    assert timeline.status(dt.date(2026, 11, 30)) is DayStatus.PARTIAL  # the week is open
    assert timeline.still_due() == (6, "this week")
    assert timeline.current_streak.length == 1  # last week; this one is still open
    short = Timeline(run, {monday: CheckIn(Fraction(9999, 1000))}, TODAY)
    assert short.status(monday) is DayStatus.PARTIAL  # 9.999 of 10: exact, never rounded up


def test_thousandths_add_up_exactly_in_a_period() -> None:
    salt = Habit("s", "Salt", HabitKind.PROMISE, Schedule.in_days(1, 10), TODAY - D(days=20),
                 target=1, measured=True)
    days = {TODAY - D(days=n): CheckIn(Fraction(1, 10)) for n in range(10)}  # ten 0.1s
    assert Timeline(salt, days, TODAY).status(TODAY) is DayStatus.DONE


def test_the_goal_says_what_it_is_asked_over() -> None:
    assert walk().goal_text == "2.5 km a day"
    assert walk().with_changes(schedule=Schedule.per_week(1), target=10).goal_text == "10 km a week"
    assert walk().with_changes(schedule=Schedule.in_days(1, 10)).goal_text == "2.5 km in any 10 days"
    assert walk().with_changes(schedule=Schedule.per_week(3)).goal_text == "2.5 km a day"

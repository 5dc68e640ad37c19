"""Merging an import: never a duplicate habit or day; what is yours stays yours."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction

import pytest

from tracker.domain import CheckIn, Habit, HabitKind, Schedule, TrackerError
from tracker.porting.merge import plan_import
from tracker.porting.model import Bundle, HabitHistory

TODAY = dt.date(2026, 11, 26)
D = dt.date


def existing(name: str, *, archived: dt.date | None = None, start: dt.date = D(2026, 11, 1),
             hid: str = "mine") -> Habit:
    return Habit(id=hid, name=name, kind=HabitKind.PROMISE, schedule=Schedule.daily(),
                 start=start, archived=archived, position=1)


def plan(histories: list[HabitHistory], habits: list[Habit],
         recorded: dict[str, dict[dt.date, CheckIn]] | None = None):
    ids = (f"new{n}" for n in itertools.count(1))
    return plan_import(Bundle("test", histories), habits,
                       lambda h: (recorded or {}).get(h.id, {}), TODAY, lambda: next(ids))


def test_a_habit_of_the_same_name_in_any_case_is_joined_not_duplicated() -> None:
    mine = existing("Journal")
    history = HabitHistory("  JOURNAL ", days={D(2026, 11, 20): CheckIn(1)})
    planned = plan([history], [mine])
    assert [(p.habit.id, p.is_new) for p in planned.habits] == [("mine", False)]
    assert planned.new_habits == 0 and planned.day_count == 1


def test_days_already_recorded_are_counted_and_different_ones_keep_yours() -> None:
    mine = existing("Journal")
    recorded = {"mine": {D(2026, 11, 20): CheckIn(1), D(2026, 11, 21): CheckIn(0, True)}}
    history = HabitHistory("Journal", days={
        D(2026, 11, 20): CheckIn(1),  # the same
        D(2026, 11, 21): CheckIn(1),  # excused here, done there: ours stays
        D(2026, 11, 22): CheckIn(1, note="new"),
    })
    (only,) = plan([history], [mine], recorded).habits
    assert only.days == {D(2026, 11, 22): CheckIn(1, note="new")}
    assert only.same == 1 and only.kept_yours == [D(2026, 11, 21)]
    assert "yours kept (first 2026-11-21)" in "\n".join(plan([history], [mine], recorded).describe())


def test_joining_with_earlier_days_moves_the_start_back() -> None:
    mine = existing("Journal", start=D(2026, 11, 10))
    (only,) = plan([HabitHistory("Journal", days={D(2026, 10, 1): CheckIn(1)})], [mine]).habits
    assert only.habit.start == D(2026, 10, 1) and only.habit.id == "mine"


def test_an_active_habit_is_preferred_to_an_archived_one_of_the_same_name() -> None:
    old = existing("Run", archived=D(2025, 1, 1), hid="old")
    active = existing("Run", hid="active")
    (only,) = plan([HabitHistory("Run", days={D(2026, 11, 2): CheckIn(1)})], [old, active]).habits
    assert only.habit.id == "active"


def test_a_new_habit_starts_on_its_first_day_and_empty_days_are_not_stored() -> None:
    history = HabitHistory("Stretch", schedule=Schedule.per_week(3), days={
        D(2026, 3, 4): CheckIn(1), D(2026, 3, 1): CheckIn(), D(2026, 5, 1): CheckIn(0, note="sore")})
    (only,) = plan([history], []).habits
    assert only.is_new and only.habit.start == D(2026, 3, 1)
    assert only.habit.schedule == Schedule.per_week(3)
    assert list(only.days) == [D(2026, 3, 4), D(2026, 5, 1)]


def test_two_habits_of_the_file_that_meet_one_habit_here_are_refused() -> None:
    with pytest.raises(TrackerError, match="two habits that are both 'Journal'"):
        plan([HabitHistory("journal"), HabitHistory("Journal ")], [existing("Journal")])


def test_a_habit_breaking_our_rules_is_refused_by_name() -> None:
    with pytest.raises(TrackerError, match="can't be imported: .*only actions name a person"):
        plan([HabitHistory("Sleep", kind=HabitKind.PROMISE, for_whom="Sam")], [])


def test_an_archived_habit_of_the_file_arrives_archived_as_of_today() -> None:
    history = HabitHistory("Walk", archived=True)
    planned = plan([history, HabitHistory("Read")], [])
    assert [p.habit.archived for p in planned.habits] == [TODAY, None]


def test_a_new_habit_keeps_the_files_measure_target_1_included() -> None:
    """The target, unit and limit come as the file has them, and a count aiming at 1 stays
    a count (not a yes/no habit)."""
    coffee = HabitHistory("Coffee", target=Fraction(5, 2), unit="cups", at_most=True, measured=True,
                          days={D(2026, 11, 20): CheckIn(0), D(2026, 11, 21): CheckIn(Fraction(1, 500))})
    pages = HabitHistory("Pages", measured=True, days={D(2026, 11, 20): CheckIn(12)})
    made, counted_pages = plan([coffee, pages], []).habits
    assert (made.habit.target, made.habit.unit, made.habit.at_most, made.habit.measured) == (
        Fraction(5, 2), "cups", True, True)
    assert made.days == coffee.days  # a limit's recorded none is a day to add
    assert (counted_pages.habit.target, counted_pages.habit.measured) == (1, True)


def test_a_unit_breaking_our_rules_is_refused_by_name() -> None:
    with pytest.raises(TrackerError, match="'Run' can't be imported: The unit is 21 characters"):
        plan([HabitHistory("Run", unit="k" * 21, measured=True)], [])

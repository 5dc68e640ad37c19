"""Starter habits offered on first run: enough of them, both kinds, each one addable."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import HabitKind, TrackerError
from tracker.domain.habits import Habit, NewHabit
from tracker.domain.templates import TEMPLATES, Template

START = dt.date(2026, 1, 1)


def test_at_least_ten_templates() -> None:
    assert len(TEMPLATES) >= 10


def test_both_kinds_are_offered() -> None:
    assert {t.kind for t in TEMPLATES} == {HabitKind.ACTION, HabitKind.PROMISE}


def test_names_are_distinct_ignoring_case() -> None:
    names = [t.name.casefold() for t in TEMPLATES]
    assert len(names) == len(set(names))


def test_every_one_of_the_ten_steps_has_a_template() -> None:
    assert {t.step for t in TEMPLATES} == set(range(1, 11))
    names_by_step: dict[int, set[str]] = {}
    for t in TEMPLATES:
        names_by_step.setdefault(t.step, set()).add(t.step_name)
    assert all(len(names) == 1 for names in names_by_step.values())


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_each_template_passes_the_add_habit_validation(template: Template) -> None:
    new = template.to_new_habit()
    assert new.validated([]) == new  # already clean: validation changes nothing
    assert template.why


def test_all_templates_can_be_added_together() -> None:
    taken: list[Habit] = []
    for i, template in enumerate(TEMPLATES):
        new = template.to_new_habit().validated(taken)
        taken.append(Habit(str(i), new.name, new.kind, new.schedule, START))
    assert len(taken) == len(TEMPLATES)


def test_actions_carry_the_person_promises_do_not() -> None:
    action = next(t for t in TEMPLATES if t.kind is HabitKind.ACTION)
    promise = next(t for t in TEMPLATES if t.kind is HabitKind.PROMISE)
    assert action.to_new_habit("Sam").validated([]).for_whom == "Sam"
    assert promise.to_new_habit("Sam").for_whom == ""
    assert promise.to_new_habit("Sam").validated([]).for_whom == ""


def test_a_template_name_already_in_use_is_refused() -> None:
    template = TEMPLATES[0]
    existing = Habit("x", template.name.upper(), template.kind, template.schedule, START)
    with pytest.raises(TrackerError):
        template.to_new_habit().validated([existing])


def test_count_template_has_a_real_target() -> None:
    counts = [t for t in TEMPLATES if t.target > 1]
    assert counts, "at least one count habit shows how targets work"
    assert all(NewHabit(t.name, t.kind, t.schedule, t.target).validated([]).target == t.target for t in counts)

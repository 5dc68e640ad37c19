"""Checkpoints must be invisible: a timeline seeded from one, reading only the check-ins
after it, tells exactly what a timeline over the whole history tells."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from test_properties import SETTINGS, Scenario, scenarios

from tracker.domain import CheckIn, Habit, HabitKind, Schedule, Timeline
from tracker.domain.checkpoint import (SCORE_RULES, Checkpoint, checkpoint_day, data_needed_from,
                                       rules_fingerprint, rules_text, status_origin)

D = dt.date


def seeded(s: Scenario, wanted: D) -> tuple[Timeline, Timeline]:
    """(the full timeline, one seeded at ``wanted`` that sees no check-in it should not need)."""
    full = s.timeline()
    through = checkpoint_day(s.habit, min(wanted, full.end), s.week_start)
    assume(s.habit.start <= through < s.today)
    checkpoint = full.checkpoint_at(through, "fp")
    needed = data_needed_from(s.habit, checkpoint)
    recent = {day: c for day, c in s.checkins.items() if day >= needed}
    return full, Timeline(s.habit, recent, s.today, s.week_start, checkpoint=checkpoint)


@SETTINGS
@given(scenarios(), st.integers(1, 150))
def test_a_seeded_timeline_agrees_with_the_full_history(s: Scenario, back: int) -> None:
    full, part = seeded(s, s.today - dt.timedelta(days=back))
    assert part.current_streak == full.current_streak
    assert part.best_streak == full.best_streak
    assert part.score == pytest.approx(full.score, abs=1e-12)
    assert part.still_due() == full.still_due()
    for offset in range(0, 10):
        day = s.today - dt.timedelta(days=offset)
        if status_origin(s.habit, day, s.week_start) >= part.origin:  # its data is all there
            assert part.status(day) == full.status(day)


@SETTINGS
@given(scenarios(), st.integers(0, 60))
def test_statuses_need_only_the_days_from_their_origin(s: Scenario, back: int) -> None:
    day = max(s.habit.start, s.today - dt.timedelta(days=back))
    origin = status_origin(s.habit, day, s.week_start)
    recent = {d: c for d, c in s.checkins.items() if d >= origin}
    part = Timeline(s.habit, recent, s.today, s.week_start, origin=origin)
    full = s.timeline()
    for offset in range(7):
        probe = day + dt.timedelta(days=offset)
        assert part.status(probe) == full.status(probe)


def test_a_weekly_checkpoint_closes_a_whole_week() -> None:
    habit = Habit("h", "Call Sam", HabitKind.ACTION, Schedule.per_week(2), D(2026, 1, 1))
    assert checkpoint_day(habit, D(2026, 11, 26), 0) == D(2026, 11, 22)  # the Sunday before
    assert checkpoint_day(habit, D(2026, 11, 29), 0) == D(2026, 11, 29)  # a Sunday itself
    assert checkpoint_day(habit, D(2026, 11, 26), 6) == D(2026, 11, 21)  # Sunday-start weeks


def test_a_fingerprint_changes_with_the_rules_not_the_words() -> None:
    habit = Habit("h", "Journal", HabitKind.PROMISE, Schedule.daily(), D(2026, 1, 1))
    same = rules_fingerprint(habit.with_changes(name="Write", why="clarity", tags=("x",)), 0)
    assert same == rules_fingerprint(habit, 0)
    assert rules_fingerprint(habit.with_changes(target=2), 0) != rules_fingerprint(habit, 0)
    assert rules_fingerprint(habit, 6) != rules_fingerprint(habit, 0)


def test_a_seed_round_trips_through_its_stored_form() -> None:
    habit = Habit("h", "Journal", HabitKind.PROMISE, Schedule.daily(), D(2026, 1, 1))
    days = {D(2026, 1, 1) + dt.timedelta(days=i): CheckIn(1) for i in range(40)}
    checkpoint = Timeline(habit, days, D(2026, 3, 1)).checkpoint_at(D(2026, 2, 1), "fp")
    assert checkpoint.current[0] == 32  # Jan 1 .. Feb 1 all kept
    assert Checkpoint.from_dict(checkpoint.to_dict()) == checkpoint


COSMETIC = ("name", "for", "why", "tags", "position", "id", "unit")  # none shapes a fact


@SETTINGS
@given(scenarios(), st.sampled_from([0, 1, 6]), st.booleans(), st.text(max_size=8))
def test_the_rules_text_is_the_habits_stored_rules_without_what_is_cosmetic(
        s: Scenario, week_start: int, measured: bool, unit: str) -> None:
    """The fingerprint's text is written field by field for speed: it must stay what the
    habit's stored form says (every field ``to_dict`` writes, a new one too, but the
    cosmetic ones), so a rule added to a habit changes the fingerprint and the
    checkpoints made under the old rules are worked out again."""
    habit = s.habit.with_changes(measured=measured, unit=unit if measured else "")
    rules = {key: value for key, value in habit.to_dict().items() if key not in COSMETIC}
    rules |= {"week_start": week_start, "score": SCORE_RULES}
    assert rules_text(habit, week_start) == json.dumps(rules, sort_keys=True)

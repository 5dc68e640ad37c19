"""The fast walk (day codes, tight loops, schedule arithmetic) tells exactly what the
reference walk tells: the same statuses, streaks, score — float for float — and
checkpoints, on random histories of every schedule, with and without a checkpoint."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st
from reference_timeline import ReferenceTimeline
from test_properties import SETTINGS, Scenario, entry, scenarios
from strategies import schedules

from tracker.domain import CheckIn, Habit, HabitKind, Pause, Schedule, Timeline
from tracker.domain.checkpoint import checkpoint_day, data_needed_from

D = dt.date
ONE = dt.timedelta(days=1)


def assert_same(fast: Timeline, slow: ReferenceTimeline) -> None:
    assert fast.current_streak == slow.current_streak
    assert fast.best_streak == slow.best_streak
    assert fast.score == slow.score  # exactly: the same floats in the same order
    assert fast.scores == slow.scores
    assert fast.still_due() == slow.still_due()
    habit = fast.habit
    first = habit.start - dt.timedelta(days=3)
    for i in range((fast.today - first).days + 9):
        day = first + dt.timedelta(days=i)
        if day >= fast.origin:
            assert fast.status(day) == slow.status(day), day
            assert fast.is_excused(day) == slow.is_excused(day), day
            assert fast.is_scheduled(day) == slow.is_scheduled(day), day


@SETTINGS
@given(scenarios())
def test_the_fast_walk_tells_what_the_reference_walk_tells(s: Scenario) -> None:
    assert_same(s.timeline(), ReferenceTimeline(s.habit, s.checkins, s.today, s.week_start))


@SETTINGS
@given(scenarios(), st.integers(1, 150), st.integers(1, 150))
def test_checkpoints_and_timelines_seeded_from_them_agree_exactly(s: Scenario, back: int,
                                                                  later: int) -> None:
    fast = s.timeline()
    slow = ReferenceTimeline(s.habit, s.checkins, s.today, s.week_start)
    through = checkpoint_day(s.habit, min(s.today - dt.timedelta(days=back), fast.end), s.week_start)
    assume(s.habit.start <= through < s.today)
    checkpoint = fast.checkpoint_at(through, "fp")
    assert checkpoint == slow.checkpoint_at(through, "fp")
    assert (fast.current_streak, fast.best_streak) == (slow.current_streak, slow.best_streak)
    recent = {day: c for day, c in s.checkins.items() if day >= data_needed_from(s.habit, checkpoint)}
    today = s.today + dt.timedelta(days=later % 40)  # a later day, the checkpoint still behind it
    seeded = Timeline(s.habit, recent, today, s.week_start, checkpoint=checkpoint)
    reference = ReferenceTimeline(s.habit, recent, today, s.week_start, checkpoint=checkpoint)
    assert_same(seeded, reference)
    again = min(seeded.end, today - ONE)
    if again >= s.habit.start:
        assert seeded.checkpoint_at(again, "fp") == reference.checkpoint_at(again, "fp")


@st.composite
def long_histories(draw: st.DrawFn) -> Scenario:
    """Years of days (runs of keeps and gaps, pauses, amounts), where a slip in the loops'
    bounds or the score's windows would show."""
    today = D(2026, 11, 26) + dt.timedelta(days=draw(st.integers(0, 40)))
    start = today - dt.timedelta(days=draw(st.integers(300, 1500)))
    target = draw(st.sampled_from([1, 1, 2, Fraction(5, 2)]))
    at_most = target != 1 and draw(st.booleans())
    measured = target != 1 or draw(st.booleans())
    pauses = tuple(Pause(p, p + dt.timedelta(days=draw(st.integers(0, 30))))
                   for p in draw(st.lists(st.dates(start, today), max_size=3)))
    archived = draw(st.one_of(st.none(), st.dates(start, today + dt.timedelta(days=5))))
    habit = Habit("h", "Walk", HabitKind.PROMISE, draw(schedules), start, target=target,
                  pauses=pauses, archived=archived, at_most=at_most, measured=measured)
    kinds = ["done", "none", "partial", "skip", "note", "over", "zero"]
    checkins: dict[D, CheckIn] = {}
    day = start - dt.timedelta(days=5)
    while day <= today:
        kind = draw(st.sampled_from(kinds))
        run = draw(st.integers(1, 60))
        made = entry(kind, target)
        for i in range(run):
            if made is not None and day + dt.timedelta(days=i) <= today:
                checkins[day + dt.timedelta(days=i)] = made
        day += dt.timedelta(days=run)
    return Scenario(habit, checkins, today, draw(st.sampled_from([0, 6])))


@SETTINGS
@given(long_histories(), st.integers(46, 400))
def test_years_of_history_walk_the_same(s: Scenario, back: int) -> None:
    fast = s.timeline()
    slow = ReferenceTimeline(s.habit, s.checkins, s.today, s.week_start)
    through = checkpoint_day(s.habit, min(s.today - dt.timedelta(days=back), fast.end), s.week_start)
    if s.habit.start <= through < s.today:  # the checkpoint first, as a report asks for it
        assert fast.checkpoint_at(through, "fp") == slow.checkpoint_at(through, "fp")
    assert fast.current_streak == slow.current_streak
    assert fast.best_streak == slow.best_streak
    assert fast.score == slow.score
    assert fast.still_due() == slow.still_due()
    for i in range(60):
        day = s.today - dt.timedelta(days=i)
        assert fast.status(day) == slow.status(day)


def test_shared_and_separate_check_ins_walk_alike() -> None:
    """The day codes code a shared check-in once; separate equal ones give the same."""
    habit = Habit("h", "Walk", HabitKind.PROMISE, Schedule.on_weekdays({0, 2, 4}), D(2020, 1, 1))
    shared = CheckIn(1)
    days = [D(2020, 1, 1) + dt.timedelta(days=i) for i in range(2000) if i % 9]
    one = Timeline(habit, {day: shared for day in days}, D(2025, 6, 30))
    many = Timeline(habit, {day: CheckIn(1) for day in days}, D(2025, 6, 30))
    assert (one.current_streak, one.best_streak, one.score) == \
        (many.current_streak, many.best_streak, many.score)
    slow = ReferenceTimeline(habit, {day: shared for day in days}, D(2025, 6, 30))
    assert (one.current_streak, one.best_streak, one.score) == \
        (slow.current_streak, slow.best_streak, slow.score)

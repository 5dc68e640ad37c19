"""A habit's life from the app: moving its start, pauses taken back, deleting it — each
one change that undo takes back exactly, in this process or the next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_service_undo import state, state_on_disk

from tracker.clock import FixedClock
from tracker.domain import CheckIn, DayStatus, NewHabit, Pause, TrackerError
from tracker.domain.spans import checked_pause, checked_start, pauses_in_order
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)


def day(n: int, month: int = 11) -> dt.date:
    return dt.date(2026, month, n)


def reopen(db: Path, *, writable: bool = True) -> Tracker:
    return Tracker.open(db, FixedClock(TODAY), writable=writable)


@pytest.fixture
def walk(tracker: Tracker) -> Tracker:
    """Walk since 1 Aug, with days in four months (two notes), and Journal beside it."""
    walk = tracker.add(NewHabit("Walk"), day(1, 8))
    tracker.add(NewHabit("Journal"), day(1, 8))
    tracker.check(walk, day(3, 8), note="the first one")
    tracker.check(walk, day(10, 9))
    tracker.skip(walk, day(2, 10))
    tracker.check(walk, day(20), note="long way round")
    tracker.check(tracker.find("Journal"), day(20))
    return tracker


# -- deleting -----------------------------------------------------------------------
def test_delete_removes_the_habit_and_its_days_and_undo_brings_both_back(walk, db_path) -> None:
    before = state(walk)
    habit = walk.find("Walk")
    assert len(walk.stored_days(habit)) == 4
    assert walk.delete(habit) == 4
    assert [h.name for h in walk.habits()] == ["Journal"]
    assert walk.checkins(habit) == {}
    on_disk = reopen(db_path, writable=False)
    try:
        assert [h.name for h in on_disk.habits()] == ["Journal"]
        assert habit.id not in on_disk.store.load_checkins(dt.date.min, dt.date.max)
    finally:
        on_disk.close()
    assert walk.undo() == "delete Walk"
    assert state(walk) == before
    assert state_on_disk(db_path) == before


def test_the_undo_of_a_delete_survives_reopening(walk, db_path) -> None:
    before = state(walk)
    walk.delete(walk.find("Walk"))
    walk.close()
    later = reopen(db_path)
    try:
        assert later.undo() == "delete Walk"
        assert state(later) == before
        assert later.checkins(later.find("Walk"))[day(3, 8)].note == "the first one"
    finally:
        later.close()


def test_delete_takes_the_days_before_a_later_start_too(walk, db_path) -> None:
    habit = walk.find("Walk")
    walk.edit(habit, NewHabit("Walk"), start=day(1, 10))
    assert day(3, 8) in walk.stored_days(habit)
    walk.delete(walk.find("Walk"))
    walk.close()
    later = reopen(db_path)
    try:
        assert habit.id not in later.store.load_checkins(dt.date.min, dt.date.max)
        later.undo()
        assert later.find("Walk").start == day(1, 10)
        assert later.stored_days(later.find("Walk"))[day(3, 8)] == CheckIn(1, False, "the first one")
    finally:
        later.close()


def test_a_deleted_habit_can_no_longer_be_changed(walk) -> None:
    habit = walk.find("Walk")
    walk.delete(habit)
    with pytest.raises(TrackerError, match="no longer exists"):
        walk.check(habit, day(25))
    with pytest.raises(TrackerError, match="no longer exists"):
        walk.delete(habit)


# -- moving the start -----------------------------------------------------------------
def test_a_later_start_keeps_the_days_before_it_stored_outside_the_habit(walk, db_path) -> None:
    before = state(walk)
    habit = walk.edit(walk.find("Walk"), NewHabit("Walk"), start=day(1, 10))
    assert habit.start == day(1, 10)
    assert walk.stored_days(habit)[day(3, 8)].note == "the first one"
    timeline = walk.statuses_from(habit, day(1, 10))
    assert timeline.status(day(2, 10)) is DayStatus.SKIPPED
    on_disk = reopen(db_path, writable=False)
    try:
        assert on_disk.find("Walk").start == day(1, 10)
    finally:
        on_disk.close()
    assert walk.undo() == "edit Walk"
    assert state(walk) == before


def test_an_earlier_start_is_kept(walk) -> None:
    habit = walk.edit(walk.find("Walk"), NewHabit("Walk"), start=day(1, 7))
    assert habit.start == day(1, 7) and walk.find("Walk").start == day(1, 7)


def test_an_edit_without_a_start_keeps_it(walk) -> None:
    assert walk.edit(walk.find("Walk"), NewHabit("Walk", why="air")).start == day(1, 8)


@pytest.mark.parametrize(("start", "message"), [
    (day(27), "A habit can't start in the future; start it today or earlier."),
    (dt.date(1899, 12, 31), "The start 1899-12-31 is outside the years Trust Tracker keeps (1900 to 2200)."),
])
def test_a_start_out_of_reach_is_refused_and_nothing_is_written(walk, db_path, start, message) -> None:
    data = db_path.read_bytes()
    with pytest.raises(TrackerError) as err:
        walk.edit(walk.find("Walk"), NewHabit("Walk"), start=start)
    assert str(err.value) == message
    assert db_path.read_bytes() == data
    with pytest.raises(TrackerError) as same:
        checked_start(start, TODAY)
    assert str(same.value) == message


def test_an_archived_habit_cannot_start_after_its_archive_day(walk, db_path) -> None:
    walk.close()
    earlier = Tracker.open(db_path, FixedClock(day(20)))  # archived on the 20th
    earlier.archive(earlier.find("Walk"))
    earlier.close()
    later = reopen(db_path)
    try:
        archived = later.find("Walk", archived=True)
        with pytest.raises(TrackerError) as err:
            later.edit(archived, NewHabit("Walk"), start=day(22))
        assert str(err.value) == "'Walk' was archived on 2026-11-20; it can't start after that."
        assert later.edit(archived, NewHabit("Walk"), start=day(20)).start == day(20)
    finally:
        later.close()


# -- pauses -----------------------------------------------------------------------------
def test_unpause_takes_one_pause_away_and_undo_puts_it_back(walk, db_path) -> None:
    walk.pause(walk.find("Walk"), day(10), day(12))
    walk.pause(walk.find("Walk"), day(1, 12), day(7, 12))
    before = state(walk)
    habit = walk.unpause(walk.find("Walk"), Pause(day(10), day(12)))
    assert habit.pauses == (Pause(day(1, 12), day(7, 12)),)
    assert walk.statuses_from(habit, day(10)).status(day(11)) is DayStatus.MISSED
    assert state_on_disk(db_path) == state(walk)
    assert walk.undo() == "unpause Walk (2026-11-10 to 2026-11-12)"
    assert state(walk) == before
    assert walk.statuses_from(walk.find("Walk"), day(10)).status(day(11)) is DayStatus.SKIPPED


def test_unpausing_a_pause_that_is_not_there_is_refused(walk) -> None:
    with pytest.raises(TrackerError, match="has no pause from 2026-11-10 to 2026-11-12"):
        walk.unpause(walk.find("Walk"), Pause(day(10), day(12)))


@pytest.mark.parametrize(("first", "last", "message"), [
    (day(12), day(10), "A pause must end on or after the day it begins."),
    (day(1), dt.date(2027, 12, 31), "A pause can last a year at most; archive the habit instead."),
])
def test_a_pause_is_checked_in_the_same_words_everywhere(walk, first, last, message) -> None:
    with pytest.raises(TrackerError) as err:
        walk.pause(walk.find("Walk"), first, last)
    assert str(err.value) == message
    with pytest.raises(TrackerError) as same:
        checked_pause(first, last)
    assert str(same.value) == message
    assert walk.find("Walk").pauses == ()


def test_pauses_come_in_the_order_that_matters_now() -> None:
    past, older, now = Pause(day(1), day(3)), Pause(day(1, 9), day(5, 9)), Pause(day(20), day(30))
    soon, later = Pause(day(5, 12), day(6, 12)), Pause(day(20, 12), day(27, 12))
    assert pauses_in_order((older, later, past, soon, now), TODAY) == [now, soon, later, past, older]

"""A change that changes nothing writes nothing and leaves no undo step: shift+↑ on the
first row, a tick on a day already ticked, clearing an empty day, excusing an excused
one, a note as it already reads. The next undo then takes back the last real change.

Also here: a pause outside a habit's life is refused as a check is, and a move keeps to
the habit's own group (Today shows consistency actions and self-trust promises apart).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.clock import FixedClock
from tracker.domain import HabitKind, NewHabit, Schedule, TrackerError
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)  # a Thursday (the ``tracker`` fixture's today)
LAST_REAL = "pause Journal (2026-11-27 to 2026-11-30)"


def day(n: int) -> dt.date:
    return dt.date(2026, 11, n)


@pytest.fixture
def seeded(tracker: Tracker) -> Tracker:
    """Today's groups — actions: Sam, Ana; promises: Journal, Steps (3 a day), Coffee (at
    most 2) — stored in the order Sam, Journal, Ana, Steps, Coffee; a few days marked, and
    a pause as the last change."""
    tracker.add(NewHabit("Sam", HabitKind.ACTION, for_whom="Sam"), day(20))
    journal = tracker.add(NewHabit("Journal"), day(20))
    tracker.add(NewHabit("Ana", HabitKind.ACTION, Schedule.per_week(2), for_whom="Ana"), day(20))
    steps = tracker.add(NewHabit("Steps", target=3), day(20))
    coffee = tracker.add(NewHabit("Coffee", target=2, unit="cups", at_most=True), day(20))
    tracker.check(journal, day(24), note="wrote it down")
    tracker.skip(steps, day(23), note="rest")
    tracker.check(steps, day(25), value=2)
    tracker.check(coffee, day(25), value=1)
    tracker.note(journal, day(21), "a line")
    tracker.pause(journal, day(27), day(30))  # planned ahead
    return tracker


def files(*folders: Path) -> dict[str, bytes]:
    """Every file the data and this device's state hold (the lock aside)."""
    return {str(p): p.read_bytes() for folder in folders if folder.exists()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


def h(t: Tracker, name: str):
    return t.find(name)


NO_OPS: dict[str, Callable[[Tracker], object]] = {
    "shift+up on the first row": lambda t: t.move(h(t, "Sam"), -1),
    "shift+up on the first promise (an action is stored before it)": lambda t: t.move(h(t, "Journal"), -1),
    "shift+down on the last action (promises are stored after it)": lambda t: t.move(h(t, "Ana"), 1),
    "shift+down on the last row": lambda t: t.move(h(t, "Coffee"), 1),
    "tick a kept day": lambda t: t.check(h(t, "Journal"), day(24)),
    "tick a kept day with its own note": lambda t: t.check(h(t, "Journal"), day(24), note="wrote it down"),
    "set the amount it has": lambda t: t.check(h(t, "Steps"), day(25), value=2),
    "tick a limit already recorded": lambda t: t.check(h(t, "Coffee"), day(25)),
    "record a limit's amount again": lambda t: t.check(h(t, "Coffee"), day(25), value=1),
    "one less on an empty day": lambda t: t.add_to(h(t, "Steps"), -1, day(22)),
    "clear an empty day": lambda t: t.uncheck(h(t, "Journal"), day(22)),
    "clear a day holding only a note": lambda t: t.uncheck(h(t, "Journal"), day(21)),
    "excuse an excused day": lambda t: t.skip(h(t, "Steps"), day(23)),
    "excuse an excused day with its note": lambda t: t.skip(h(t, "Steps"), day(23), note="rest"),
    "a note as it reads": lambda t: t.note(h(t, "Journal"), day(24), "wrote it down"),
    "a note as it reads, typed with spaces": lambda t: t.note(h(t, "Journal"), day(24), "  wrote it down "),
    "the same pause again": lambda t: t.pause(h(t, "Journal"), day(27), day(30)),
}


@pytest.mark.parametrize("name", list(NO_OPS))
def test_a_change_that_changes_nothing_writes_nothing_and_leaves_no_undo_step(
        seeded: Tracker, db_path: Path, name: str) -> None:
    state = Path(str(seeded.store.layout.undo_path)).parent
    before = files(db_path.parent, state)
    NO_OPS[name](seeded)
    assert files(db_path.parent, state) == before, "a change that changes nothing was written"
    assert seeded.undo() == LAST_REAL, "the last real change is next to undo"


@pytest.mark.parametrize("name", list(NO_OPS))
def test_after_a_change_that_changes_nothing_the_next_process_undoes_the_last_real_one(
        seeded: Tracker, db_path: Path, name: str) -> None:
    NO_OPS[name](seeded)
    seeded.close()
    later = Tracker.open(db_path, seeded.clock)
    try:
        assert later.undo() == LAST_REAL
        assert later.find("Journal").pauses == ()
    finally:
        later.close()


def groups(t: Tracker) -> dict[HabitKind, list[str]]:
    """Today's two groups, in order."""
    return {kind: [h.name for h in t.habits() if h.kind is kind] for kind in HabitKind}


def test_a_move_passes_the_next_habit_of_its_own_group(seeded: Tracker) -> None:
    before = groups(seeded)
    seeded.move(seeded.find("Ana"), -1)  # past Journal (a promise), to before Sam
    assert groups(seeded) == {HabitKind.ACTION: ["Ana", "Sam"],
                              HabitKind.PROMISE: before[HabitKind.PROMISE]}
    seeded.move(seeded.find("Coffee"), -1)
    assert groups(seeded)[HabitKind.PROMISE] == ["Journal", "Coffee", "Steps"]
    assert seeded.undo() == "move Coffee"
    assert seeded.undo() == "move Ana"
    assert groups(seeded) == before


# -- a pause lies within the habit's life, as a check does -------------------------------
def refusal(call: Callable[[], object]) -> str:
    with pytest.raises(TrackerError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize(("first", "last"), [(day(18), day(19)), (day(19), day(22))])
def test_a_pause_before_the_start_is_refused_with_the_words_of_a_check(
        seeded: Tracker, db_path: Path, first: dt.date, last: dt.date) -> None:
    journal = seeded.find("Journal")
    before = files(db_path.parent)
    said = refusal(lambda: seeded.pause(journal, first, last))
    assert said == refusal(lambda: seeded.check(journal, first))
    assert said == f"'Journal' started on 2026-11-20; {first.isoformat()} is before that."
    assert files(db_path.parent) == before
    assert seeded.undo() == LAST_REAL


def test_a_pause_after_the_archive_day_is_refused_with_the_words_of_a_check(
        seeded: Tracker, db_path: Path) -> None:
    seeded.archive(seeded.find("Ana"))  # archived on the 26th
    seeded.close()
    later = Tracker.open(db_path, FixedClock(day(28)))  # two days on
    try:
        ana = later.find("Ana", archived=True)
        said = refusal(lambda: later.pause(ana, day(25), day(27)))
        assert said == "'Ana' is archived; restore it to pause new days."
        assert refusal(lambda: later.check(ana, day(27))) == \
            "'Ana' is archived; restore it to check new days."
        assert later.undo() == "archive Ana"
        later.archive(later.find("Ana"))  # archived on the 28th, then paused within its life
        later.pause(later.find("Ana", archived=True), day(21), day(22))
        assert later.find("Ana", archived=True).pauses[0].first == day(21)
    finally:
        later.close()

"""Two trackers on the same data (the app and the command line, two windows), taking turns
at random: every change is made on top of the other's latest, so the stored data always
equals the changes applied one after another — nothing lost, nothing written over.

The two trackers share this device's undo log, so ``undo`` takes back the latest change
whichever of them made it (undo is per device, not per window).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings, strategies as st

from tracker.clock import FixedClock
from tracker.domain import CheckIn, NewHabit
from tracker.cli.render import day_json
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)
DAYS = [TODAY - dt.timedelta(days=d) for d in (0, 1, 2, 40, 55)]  # 55: behind a checkpoint
NAMES = ("Journal", "Steps")

ops = st.lists(st.tuples(
    st.sampled_from([0, 1]),  # which tracker
    st.sampled_from(["check", "more", "less", "skip", "clear", "note", "undo"]),
    st.sampled_from(NAMES), st.sampled_from(DAYS), st.integers(min_value=0, max_value=3)),
    min_size=1, max_size=25)


def apply(model: dict, undo: list, op: str, name: str, day: dt.date, n: int) -> None:
    """The same change on a plain dict: what the data must hold afterwards."""
    key = (name, day)
    old = model.get(key, CheckIn())
    target = 3 if name == "Steps" else 1
    if op == "undo":
        if undo:
            before_key, before = undo.pop()
            model[before_key] = before
        return
    new = {"check": CheckIn((target if name == "Journal" else n) or None, False, old.note),
           "more": CheckIn(old.amount + 1, False, old.note),
           "less": CheckIn(max(0, old.amount - 1) or None, False, old.note),  # 0: nothing
           "skip": CheckIn(None, True, old.note),
           "clear": CheckIn(None, False, old.note),
           "note": CheckIn(old.value, old.skipped, f"note {n}")}[op]
    if new != old:  # a change that changes nothing leaves no undo step
        undo.append((key, old))
    model[key] = new


def act(tracker: Tracker, op: str, name: str, day: dt.date, n: int) -> None:
    habit = tracker.find(name)
    if op == "undo":
        tracker.undo()
    elif op == "check":
        tracker.check(habit, day, value=None if name == "Journal" else n)
    elif op in ("more", "less"):
        tracker.add_to(habit, 1 if op == "more" else -1, day)
    elif op == "skip":
        tracker.skip(habit, day)
    elif op == "clear":
        tracker.uncheck(habit, day)
    else:
        tracker.note(habit, day, f"note {n}")


def fresh_report(db: Path) -> dict:
    """Today's report from the disk alone, every day read."""
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        tracker.months.forget_checkpoints({h.id for h in tracker.all_habits()})
        return day_json(tracker.day_report())
    finally:
        tracker.close()


@settings(max_examples=150, deadline=None, derandomize=True)
@given(ops)
def test_changes_from_two_trackers_in_turn_are_never_lost(steps) -> None:
    folder = Path(tempfile.mkdtemp(prefix="two-trackers-"))
    try:
        db = folder / "tracker.json"
        setup = Tracker.open(db, FixedClock(TODAY))
        for name in NAMES:
            setup.add(NewHabit(name, target=3 if name == "Steps" else 1), TODAY - dt.timedelta(days=60))
        setup.close()
        trackers = [Tracker.open(db, FixedClock(TODAY)) for _ in range(2)]
        model: dict = {}
        undo: list = []
        try:
            for which, op, name, day, n in steps:
                if op == "check" and name == "Steps" and n == 0:
                    op = "clear"  # a value of 0 clears the day: the same change
                if op == "undo" and not undo:
                    continue  # past this test's changes, undo would take back the set-up
                act(trackers[which], op, name, day, n)
                apply(model, undo, op, name, day, n)
                trackers[which].day_report()  # streaks worked out: checkpoints in memory
            for tracker in trackers:  # each, brought up to date, agrees with the model
                tracker.refresh()
                assert day_json(tracker.day_report()) == fresh_report(db), steps
                for (name, day), expected in model.items():
                    found = tracker.checkins(tracker.find(name)).get(day, CheckIn())
                    assert found == expected, (name, day, steps)
        finally:
            for tracker in trackers:
                tracker.close()
        reopened = Tracker.open(db, FixedClock(TODAY), writable=False)
        try:
            for (name, day), expected in model.items():
                assert reopened.checkins(reopened.find(name)).get(day, CheckIn()) == expected
        finally:
            reopened.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

"""The commands that start, tick, note, pause, put away and bring back habits."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain import CheckIn, Habit, HabitKind, NewHabit, parse_schedule
from ..domain.days import typed_day, undone
from ..domain.report import progress, to_go
from ..service import Tracker


def add(t: Tracker, a: argparse.Namespace) -> str:
    kind = HabitKind(a.kind) if a.kind else (
        HabitKind.ACTION if a.for_whom.strip() else HabitKind.PROMISE)
    new = NewHabit(a.name, kind, parse_schedule(a.schedule), a.target, a.for_whom, a.why,
                   tuple(a.tag), unit=a.unit, at_most=a.at_most)
    start = typed_day(a.start, t.today) if a.start else None
    habit = t.add(new, start)
    from .render import habit_line  # (not for a tick: it needs no habit's whole line)

    return f"Added {habit_line(habit)}."


def list_(t: Tracker, a: argparse.Namespace) -> Any:
    from .render import habit_json, habit_line

    habits = t.habits(archived=a.archived)
    if a.json:
        return [habit_json(h) for h in habits]
    if not habits:
        return "No archived habits." if a.archived else "No habits yet. Add one with: trust-tracker add NAME"
    return "\n".join(habit_line(h) for h in habits)


def check(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.find(a.habit)
    day = typed_day(a.date, t.today) if a.date is not None else None
    if a.skip:
        t.skip(habit, day, a.note)
        verb = "excused"
    elif a.undo:
        t.uncheck(habit, day, a.note)
        verb = "cleared"
    else:
        checkin = t.check(habit, day, a.value, a.note)
        verb = amount_verb(habit, checkin)
    report = t.report(habit)
    when = (day or t.today).isoformat()
    left = to_go(report) if report.still_due else ""
    left = f" {left[:1].upper()}{left[1:]}." if left else ""  # a sentence of its own
    return (f"{habit.name}: {when} {verb}. Streak {report.current.describe()},"
            f" {report.stage.label}.{left}")


def amount_verb(habit: Habit, checkin: CheckIn) -> str:
    """What a check did: "kept", "kept (2.5/2.5 km)", "recorded (1/at most 2 cups)"."""
    if checkin.value is None:
        return "cleared"
    if not habit.measured:
        return "kept"
    word = "kept" if habit.keeps(checkin.value) else "recorded"
    return f"{word} ({progress(habit, checkin.value)})"


def note(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.find(a.habit)
    t.note(habit, typed_day(a.date, t.today) if a.date is not None else None, a.text)
    return f"Note saved for {habit.name}."


def pause(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.find(a.habit)
    first, last = typed_day(a.first, t.today), typed_day(a.last, t.today)
    t.pause(habit, first, last)
    return f"{habit.name} paused from {first.isoformat()} to {last.isoformat()}; those days are excused."


def undo(t: Tracker, a: argparse.Namespace) -> str:
    return undone(t.undo(), t.today)


def archive(t: Tracker, a: argparse.Namespace) -> str:
    import shlex

    habit = t.archive(t.find(a.habit))
    return (f"Archived {habit.name}; its history is kept. Bring it back with: "
            f"trust-tracker restore {shlex.quote(habit.name)}")


def restore(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.restore(t.find(a.habit, archived=True))
    return f"Restored {habit.name}."

"""What Loop Habit Tracker can't hold, carried in a habit's description.

Loop has no kinds, people, tags, pauses, start day, weekday or fixed-rhythm schedules, or
archive day (and no yes/no habit whose days hold amounts: such a habit is written
measurable, and the line says it is yes/no here). Our ``loop-csv`` export writes them as
one last line of the habit's description, ``Trust Tracker: {…}`` (JSON, so any name or tag survives), and our Loop
reader takes that line back out, so an export imported here again is the habit it was.
The line is the file's word like any other: every value in it is checked, and a line that
can't be read is refused with the habit and the line named, never taken for a plain
description.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ..domain import Habit, HabitKind, Schedule, TrackerError
from ..domain.habits import NAME_MAX, Pause, clean_tags, clean_text
from ..domain.bounds import in_range, outside
from ..domain.schedules import ScheduleKind
from ..structs import struct
from .model import FormatError, quoted
from .reading import Where, load_json

PREFIX = "Trust Tracker: "
KEYS = frozenset({"kind", "for", "tags", "start", "schedule", "pauses", "archived", "measured"})
PAUSES_MAX = 1000  # far more than any habit is paused
# Schedules Loop's "times in days" can't say; the others read back from Loop's frequency.
UNSAID = frozenset({ScheduleKind.WEEKDAYS, ScheduleKind.EVERY_N_DAYS})
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@struct(frozen=True)
class Carried:
    """What the line held, checked."""

    kind: HabitKind = HabitKind.PROMISE
    for_whom: str = ""
    tags: tuple[str, ...] = ()
    start: dt.date | None = None
    schedule: Schedule | None = None
    pauses: tuple[Pause, ...] = ()
    archived: dt.date | None = None
    measured: bool | None = None  # False: yes/no here, though Loop has it measurable


# -- writing --------------------------------------------------------------------------
def marker_line(habit: Habit, measurable: bool = False) -> str:
    """The line our export adds to a habit's description (everything Loop can't hold);
    ``measurable``: the habit is written as Loop's measurable habit."""
    data: dict[str, Any] = {"kind": habit.kind.value, "start": habit.start.isoformat()}
    if measurable and not habit.measured:
        data["measured"] = False
    if habit.for_whom:
        data["for"] = habit.for_whom
    if habit.tags:
        data["tags"] = list(habit.tags)
    if habit.schedule.kind in UNSAID:
        data["schedule"] = {k: v for k, v in habit.schedule.to_dict(habit.start).items()
                            if k != "rrule"}
    if habit.pauses:
        data["pauses"] = [[p.first.isoformat(), p.last.isoformat()] for p in habit.pauses]
    if habit.archived is not None:
        data["archived"] = habit.archived.isoformat()
    return PREFIX + json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def with_marker(why: str, habit: Habit, measurable: bool = False) -> str:
    line = marker_line(habit, measurable)
    return f"{why}\n{line}" if why else line


# -- reading --------------------------------------------------------------------------
def split_description(description: str) -> tuple[str, str | None]:
    """``(the description without our line, the line's JSON)``; None when there is none."""
    head, newline, last = description.rstrip().rpartition("\n")
    if last.lstrip().startswith(PREFIX):
        return (head if newline else ""), last.lstrip()[len(PREFIX):]
    return description, None


def read_marker(text: str, name: str, file: Where, line: int | None) -> Carried:
    """The line's values, each held to the rules for typed ones, or a refusal that says
    which habit's line is wrong and how to get past it."""
    try:
        return _carried(load_json(text.encode("utf-8"), file, ""))
    except (FormatError, _Bad) as err:
        reason = err.reason if isinstance(err, FormatError) else str(err)
        raise FormatError(file, line, f"habit {quoted(name)}: the '{PREFIX.strip()}' line of its "
                          f"description can't be read ({reason}); remove that line to import "
                          "it as a plain Loop habit") from None


class _Bad(Exception):
    pass


def _carried(data: object) -> Carried:
    if not isinstance(data, dict):
        raise _Bad("it is not an object")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise _Bad(f"it holds {quoted(unknown[0])}, which is not one of ours")
    kind_text = data.get("kind", HabitKind.PROMISE.value)
    if not isinstance(kind_text, str) or kind_text not in {k.value for k in HabitKind}:
        raise _Bad(f"the kind {quoted(kind_text)} is not 'action' or 'promise'")
    kind = HabitKind(kind_text)
    for_whom = _text(data.get("for", ""), "person's name")
    if for_whom and kind is HabitKind.PROMISE:
        raise _Bad("a self-trust promise names no person")
    raw_tags = data.get("tags", [])
    if not isinstance(raw_tags, list) or not all(isinstance(t, str) for t in raw_tags):
        raise _Bad("'tags' is not a list of words")
    try:
        tags = clean_tags(raw_tags)
    except TrackerError as err:
        raise _Bad(str(err)) from None
    start = _day(data["start"], "start") if "start" in data else None
    archived = _day(data["archived"], "archived") if "archived" in data else None
    measured = data.get("measured")
    if measured is not None and measured is not False:
        raise _Bad(f"'measured' is {quoted(measured)}; the line says only false (yes/no here)")
    return Carried(kind=kind, for_whom=for_whom, tags=tags, start=start,
                   schedule=_schedule(data.get("schedule")), pauses=_pauses(data.get("pauses", [])),
                   archived=archived, measured=measured)


def _text(raw: object, what: str) -> str:
    if not isinstance(raw, str):
        raise _Bad(f"the {what} is not text")
    try:
        return clean_text(raw, what, NAME_MAX)
    except TrackerError as err:
        raise _Bad(str(err)) from None


def _day(raw: object, what: str) -> dt.date:
    """A day in the years we keep (a start or a pause may lie ahead, as they may here)."""
    try:
        if not isinstance(raw, str) or not _ISO_DAY.fullmatch(raw):
            raise ValueError
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise _Bad(f"'{what}' is {quoted(raw)}, not a date YYYY-MM-DD") from None
    if not in_range(day):
        raise _Bad(f"'{what}': {outside(day)}")
    return day


def _schedule(raw: object) -> Schedule | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _Bad("'schedule' is not an object")
    try:
        schedule = Schedule.from_dict(raw)
    except KeyError as err:
        raise _Bad(f"'schedule' lacks {err}") from None
    except (TrackerError, ValueError, TypeError, OverflowError) as err:
        raise _Bad(f"'schedule' is not a schedule ({err})") from None
    if schedule.kind not in UNSAID:
        raise _Bad("'schedule' is one Loop's frequency says itself")
    return schedule


def _pauses(raw: object) -> tuple[Pause, ...]:
    if not isinstance(raw, list) or len(raw) > PAUSES_MAX:
        raise _Bad(f"'pauses' is not a list of at most {PAUSES_MAX} [first, last] days")
    pauses = []
    for item in raw:
        if not isinstance(item, list) or len(item) != 2:
            raise _Bad(f"a pause is {quoted(item)}, not [first day, last day]")
        first, last = _day(item[0], "pauses"), _day(item[1], "pauses")
        if last < first:
            raise _Bad(f"a pause ends ({last}) before it begins ({first})")
        pauses.append(Pause(first, last))
    return tuple(pauses)

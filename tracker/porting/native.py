"""Our own export: a complete, versioned JSON backup that reads back to the same data, and
CSV files for spreadsheets.

The JSON holds every habit as stored (id, schedule, start, pauses, archive day, order,
and for a measured one its target, unit and limit) and every check-in, one per line,
written month by month so an export of years never holds them all in memory; an amount
is a JSON number with its decimals (2.5, 0.002), and ``null`` when a day holds none.
Reading it back gives each habit its ``original``, so an import into empty data
recreates it exactly. Version 1 (before amounts had decimals) reads too: a habit without
``measured`` is measured when its target is above 1, and a day's 0 there was no amount.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from ..domain import CheckIn, Habit, TrackerError
from ..domain.amounts import Amount, format_amount
from ..domain.habits import NOTE_MAX, clean_name, clean_target, clean_text, clean_unit
from .model import (
    Bundle, FormatError, HabitHistory, Progress, check_day, check_value, exact, quoted,
    thousandths,
)
from .reading import load_json, read_file
from ..atomic_files import atomic_file

FORMAT = "trust-tracker-export"
VERSION = 2  # 2: amounts with decimals, null for none; measured, unit and at_most
ID_MAX = 64  # ours are 12 hex digits; an id is never shown, only matched
POSITION_MAX = 1_000_000
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Month = tuple[dt.date, Mapping[str, Mapping[dt.date, CheckIn]]]
"""One month of check-ins: (first day of the month, {habit id: {day: check-in}})."""


# -- writing --------------------------------------------------------------------------
def write_json(habits: list[Habit], months: Iterable[Month], out: Path, today: dt.date,
               progress: Progress | None = None, month_count: int = 0) -> int:
    """Write the JSON export; returns how many check-ins it holds."""
    with atomic_file(out) as raw, _text(raw) as text:
        text.write('{\n  "format": "%s",\n  "version": %d,\n  "exported_on": "%s",\n'
                   % (FORMAT, VERSION, today.isoformat()))
        text.write('  "habits": [\n')
        text.write(",\n".join("    " + _dumps(h.to_dict()) for h in habits))
        text.write('\n  ],\n  "checkins": [\n')
        written = 0
        order = {habit.id: number for number, habit in enumerate(habits)}
        for done, (_, by_habit) in enumerate(months, start=1):
            # habit by habit in the habits' order: the same data always gives the same file
            for habit_id, days in sorted(by_habit.items(), key=lambda item: order.get(item[0], -1)):
                if habit_id not in order:
                    continue  # days of no habit (none are kept, but a file could hold some)
                for day, checkin in sorted(days.items()):
                    text.write(",\n" if written else "")
                    text.write("    " + _dumps({"habit": habit_id, "date": day.isoformat(),
                                                **checkin.to_dict()}))
                    written += 1
            if progress is not None:
                progress(done, month_count)
        text.write("\n  ]\n}\n")
    return written


@contextlib.contextmanager
def _text(raw: BinaryIO) -> Iterator[io.TextIOWrapper]:
    """UTF-8 text over the export's file, handed back (not closed) so it can be synced."""
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    try:
        yield text
    finally:
        text.flush()
        text.detach()


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


HABITS_HEADER = ["id", "name", "kind", "for", "schedule", "target", "why", "tags", "start",
                 "archived", "position"]  # the target as a decimal: 2.5, 3
CHECKINS_HEADER = ["date", "habit", "status", "value", "note", "habit_id"]


def write_csv(habits: list[Habit], months: Iterable[Month], folder: Path,
              progress: Progress | None = None, month_count: int = 0) -> int:
    """``habits.csv`` and ``checkins.csv`` in ``folder``: UTF-8, ISO dates, quoted as needed."""
    with atomic_file(folder / "habits.csv") as raw:
        _csv_rows(raw, [HABITS_HEADER, *(_habit_row(h) for h in habits)])
    by_id = {h.id: h for h in habits}
    count = 0

    def rows() -> Iterable[list[str]]:
        nonlocal count
        yield CHECKINS_HEADER
        for done, (_, by_habit) in enumerate(months, start=1):
            known = [(by_id[habit_id], days) for habit_id, days in by_habit.items() if habit_id in by_id]
            for habit, days in sorted(known, key=lambda item: item[0].position):
                for day, checkin in sorted(days.items()):
                    count += 1
                    yield [day.isoformat(), habit.name, checkin_status(checkin, habit),
                           format_amount(checkin.amount), checkin.note, habit.id]
            if progress is not None:
                progress(done, month_count)

    with atomic_file(folder / "checkins.csv") as raw:
        _csv_rows(raw, rows())
    return count


def _csv_rows(raw: BinaryIO, rows: Iterable[list[str]]) -> None:
    with _text(raw) as text:
        csv.writer(text).writerows(rows)


def _habit_row(habit: Habit) -> list[str]:
    return [habit.id, habit.name, habit.kind.value, habit.for_whom, habit.schedule.describe(),
            format_amount(habit.target), habit.why, " ".join(habit.tags), habit.start.isoformat(),
            habit.archived.isoformat() if habit.archived else "", str(habit.position)]


def checkin_status(checkin: CheckIn, habit: Habit) -> str:
    """One word a spreadsheet can filter on: skipped, done (for a limit: within it),
    over (a limit passed), partial (some of a target) or note (no amount)."""
    if checkin.skipped:
        return "skipped"
    if habit.keeps(checkin.value):
        return "done"
    if checkin.value is None or (checkin.value == 0 and not habit.at_most):
        return "note"
    return "over" if habit.at_most else "partial"


# -- reading --------------------------------------------------------------------------
def is_our_export(head: bytes) -> bool:
    """Whether a file's first bytes say it is one of our exports."""
    return FORMAT.encode() in head


def read_json(path: Path, today: dt.date, progress: Progress | None = None) -> Bundle:
    data = load_json(read_file(path), path, "an export of ours is UTF-8, so the file may be damaged")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FormatError(path, None, "this is not a Trust Tracker export")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError(path, None, f"its version is {quoted(version)}; an export's version "
                          "is a whole number like 1")
    if version > VERSION:
        raise FormatError(path, None, f"this export is version {version}; this Trust Tracker "
                          f"reads up to version {VERSION} (update it to read this file)")
    histories = _habits(path, data.get("habits"))
    _checkins(path, data.get("checkins"), histories, today, progress, version)
    return Bundle("Trust Tracker export", list(histories.values()))


def _habits(path: Path, raw: object) -> dict[str, HabitHistory]:
    if not isinstance(raw, list):
        raise FormatError(path, None, "'habits' should be a list")
    found: dict[str, HabitHistory] = {}
    for number, item in enumerate(raw, start=1):
        where = f"habit {number}"
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            where = f"{where} ({quoted(item['name'])})"
        habit = _habit(path, item, where)
        if habit.id in found:
            raise FormatError(path, None, f"{where} has the id {habit.id!r} of an earlier one")
        found[habit.id] = HabitHistory(
            name=habit.name, schedule=habit.schedule, target=habit.target,
            measured=habit.measured, unit=habit.unit, at_most=habit.at_most, kind=habit.kind,
            for_whom=habit.for_whom, why=habit.why, tags=habit.tags,
            archived=habit.archived is not None, start=habit.start, original=habit)
    return found


def _habit(path: Path, item: object, where: str) -> Habit:
    """One habit exactly as we store it, or refused naming it: every value in range
    (days 1900-2200, a schedule of at most a year), the id and name plain text."""
    if not isinstance(item, dict):
        raise FormatError(path, None, f"{where} should be an object, as our export writes it")
    raw_id = item.get("id")
    if not isinstance(raw_id, str) or not 0 < len(raw_id) <= ID_MAX or not raw_id.isprintable():
        raise FormatError(path, None, f"{where} has the id {quoted(raw_id)}; an id is plain "
                          f"text of 1 to {ID_MAX} characters")
    try:
        habit = Habit.from_dict(item)
        clean_name(habit.name)
        clean_target(habit.target, at_most=habit.at_most)
        clean_unit(habit.unit)
    except TrackerError as err:
        raise FormatError(path, None, f"{where} can't be imported: {err}") from None
    except (KeyError, ValueError, TypeError, AttributeError, OverflowError) as err:
        raise FormatError(path, None, f"{where} is not a habit as we store it ({err})") from None
    if not 0 <= habit.position <= POSITION_MAX:
        raise FormatError(path, None, f"{where} has the position {quoted(habit.position)}; "
                          f"positions run from 0 to {POSITION_MAX:,}")
    return habit


def _checkins(path: Path, raw: object, histories: dict[str, HabitHistory], today: dt.date,
              progress: Progress | None, version: int) -> None:
    if not isinstance(raw, list):
        raise FormatError(path, None, "'checkins' should be a list")
    for number, item in enumerate(raw, start=1):
        where = f"check-in {number}"
        if not isinstance(item, dict) or not isinstance(item.get("habit"), str) \
                or item["habit"] not in histories:
            raise FormatError(path, None, f"{where} names no habit of this file")
        history = histories[item["habit"]]
        day, checkin = _checkin(path, item, f"{where} ({history.name})", today, history, version)
        if day in history.days:
            raise FormatError(path, None, f"{where}: {history.name} on {day} appears twice")
        history.days[day] = checkin
        if progress is not None and number % 5000 == 0:
            progress(number, len(raw))


def _checkin(path: Path, item: dict[str, Any], where: str, today: dt.date,
             history: HabitHistory, version: int) -> tuple[dt.date, CheckIn]:
    """A check-in's day and fields, each of the type we write (no ``"skipped": "no"``)."""
    date = item.get("date")
    if not isinstance(date, str) or not _ISO_DAY.fullmatch(date):
        raise FormatError(path, None, f"{where} has the date {quoted(date)}, not YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise FormatError(path, None, f"{where} has the date {date!r}, which is not a day") from None
    check_day(day, today, path, None)
    value = _value(path, item.get("value"), f"{where}, {day}: ", history, version)
    skipped, note = item.get("skipped", False), item.get("note", "")
    if not isinstance(skipped, bool) or not isinstance(note, str):
        raise FormatError(path, None, f"{where}, {day}: 'skipped' should be true or false "
                          "and 'note' text")
    try:
        clean_text(note, "note", NOTE_MAX)
    except TrackerError as err:
        raise FormatError(path, None, f"{where}, {day}: {err}") from None
    return day, CheckIn(value, skipped, note)


def _value(path: Path, raw: object, where: str, history: HabitHistory,
           version: int) -> Amount | None:
    """A day's amount: a JSON number with up to three decimals (a finer one is rounded
    and counted), or null for none; in version 1, where every day had a number, 0 was none."""
    if raw is None:
        return None
    if not isinstance(raw, int | float) or isinstance(raw, bool):
        raise FormatError(path, None, f"{where}the value {quoted(raw)} is not a number")
    value = check_value(exact(raw), path, None, where)
    if version == 1 and value == 0:
        return None
    return thousandths(value, history)

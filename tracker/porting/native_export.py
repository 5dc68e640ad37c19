"""Our own export, written: a complete, versioned JSON backup that reads back to the same
data (:mod:`tracker.porting.native` reads it), and CSV files for spreadsheets.

The JSON holds every habit as stored (id, schedule, start, pauses, archive day, order,
and for a measured one its target, unit and limit) and every check-in, one per line,
written month by month so an export of years never holds them all in memory; an amount
is a JSON number with its decimals (2.5, 0.002), and ``null`` when a day holds none.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from ..atomic_files import atomic_file
from ..domain import CheckIn, Habit
from ..domain.amounts import format_amount
from .model import Progress

FORMAT = "trust-tracker-export"
VERSION = 2  # 2: amounts with decimals, null for none; measured, unit and at_most
Month = tuple[dt.date, Mapping[str, Mapping[dt.date, CheckIn]]]
"""One month of check-ins: (first day of the month, {habit id: {day: check-in}})."""


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

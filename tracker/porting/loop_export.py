"""Our habits in Loop Habit Tracker's current CSV layout, the way its "Export as CSV" writes it.

So a person can open their history in a spreadsheet (or in any tool that reads Loop's
CSV) and so our own reader can check it round trip. Only what a person entered is written:
Loop's own export adds YES_AUTO ticks and scores, which are inferences, not history.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from ..domain import CheckIn, Habit
from .model import Progress
from ..atomic_files import FILE_MODE, atomic_file
HABITS_HEADER = ["Position", "Name", "Type", "Question", "Description", "FrequencyNumerator",
                 "FrequencyDenominator", "Color", "Unit", "Target Type", "Target Value", "Archived?"]
CHECKMARKS_HEADER = ["Date", "Value", "Notes"]
COLOR = "#039BE5"  # Loop wants a colour; ours aren't per habit, so every habit gets Loop's blue
_UNSAFE_IN_FOLDER = re.compile(r"[^ a-zA-Z0-9._-]+")  # what Loop strips from folder names

HabitDays = tuple[Habit, Mapping[dt.date, CheckIn]]


def write_loop_csv(habits: Iterable[HabitDays], out: Path, progress: Progress | None = None) -> None:
    """Write ``out`` (a ZIP) whole or not at all: a temp file beside it, then a rename."""
    items = list(habits)
    with atomic_file(out) as handle:
        _write_zip(handle, items, progress)


def _write_zip(handle: BinaryIO, items: list[HabitDays], progress: Progress | None) -> None:
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        rows = [_habit_row(position, habit) for position, (habit, _) in enumerate(items, start=1)]
        _write_member(archive, "Habits.csv", [HABITS_HEADER, *rows])
        for done, (habit, days) in enumerate(items, start=1):
            folder = folder_name(done, habit.name)
            _write_member(archive, f"{folder}/Checkmarks.csv",
                          [CHECKMARKS_HEADER, *_checkmark_rows(habit, days)])
            if progress is not None:
                progress(done, len(items))


def _write_member(archive: zipfile.ZipFile, name: str, rows: Iterable[list[str]]) -> None:
    """One CSV file in the ZIP, streamed; Loop's writer quotes only where it must."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = FILE_MODE << 16
    with archive.open(info, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        csv.writer(text, lineterminator="\n").writerows(rows)


def folder_name(position: int, name: str) -> str:
    """Loop's habit folder: ``001 Read then write`` for "Read, then write"."""
    return f"{position:03d} {_UNSAFE_IN_FOLDER.sub('', name)[:100]}".strip()


def _habit_row(position: int, habit: Habit) -> list[str]:
    """Loop's frequency is (times, days): weekdays become that many a week, every N days
    becomes once in N days; counts become measurable habits with an 'at least' target."""
    num, den = habit.schedule.window
    count = habit.is_count
    return [
        f"{position:03d}", habit.name, "NUMERICAL" if count else "YES_NO", "", habit.why,
        str(num), str(den), COLOR, "", "AT_LEAST" if count else "",
        str(float(habit.target)) if count else "",  # Loop writes a double: "10.0"
        "true" if habit.archived is not None else "false",
    ]


def _checkmark_rows(habit: Habit, days: Mapping[dt.date, CheckIn]) -> Iterator[list[str]]:
    """Newest first, as Loop writes them; empty check-ins are no entry at all."""
    for day, checkin in sorted(days.items(), reverse=True):
        if not checkin.is_empty:
            yield [day.isoformat(), _value(checkin, habit.is_count), checkin.note]


def _value(checkin: CheckIn, count: bool) -> str:
    """A day with only a note is Loop's UNKNOWN (no entry) carrying that note."""
    if checkin.skipped:
        return "SKIP"
    if checkin.value <= 0:
        return "UNKNOWN"
    return str(checkin.value * 1000) if count else "YES_MANUAL"

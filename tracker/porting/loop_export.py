"""Our habits in Loop Habit Tracker's current CSV layout, the way its "Export as CSV" writes it.

So a person can open their history in a spreadsheet (or in any tool that reads Loop's
CSV) and so our own reader can check it round trip. Only what a person entered is written:
Loop's own export adds YES_AUTO ticks and scores, which are inferences, not history.

Nothing Loop can hold is lost: a measured habit is written as Loop's measurable habit
(type NUMERICAL, its unit, its target type AT_LEAST or AT_MOST and its target as a double,
"2.5"), whatever its target, and so is a yes/no habit with a day of another amount than
1; every amount is Loop's amount × 1000, exactly, written as that number (Loop writes its
own codes as words there, so a number is always an amount, even 3, which Loop itself
keeps as its skip). What Loop has no place for (kinds, people, tags, weekdays and fixed
rhythms, pauses, the start and archive days, that a habit with amounts is yes/no here)
goes into a last line of the habit's description (:mod:`tracker.porting.loop_marker`),
which our reader takes back, and :func:`write_loop_csv` says, habit by habit, what Loop
itself won't show.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

from ..domain import CheckIn, Habit, HabitKind
from ..domain.amounts import PLACES, Amount, format_amount
from ..domain.schedules import ScheduleKind
from ..domain.text import printable
from .loop_marker import with_marker
from .model import Progress, plural
from ..atomic_files import FILE_MODE, atomic_file
HABITS_HEADER = ["Position", "Name", "Type", "Question", "Description", "FrequencyNumerator",
                 "FrequencyDenominator", "Color", "Unit", "Target Type", "Target Value", "Archived?"]
CHECKMARKS_HEADER = ["Date", "Value", "Notes"]
COLOR = "#039BE5"  # Loop wants a colour; ours aren't per habit, so every habit gets Loop's blue
_UNSAFE_IN_FOLDER = re.compile(r"[^ a-zA-Z0-9._-]+")  # what Loop strips from folder names

HabitDays = tuple[Habit, Mapping[dt.date, CheckIn]]


def write_loop_csv(habits: Iterable[HabitDays], out: Path,
                   progress: Progress | None = None) -> list[str]:
    """Write ``out`` (a ZIP) whole or not at all: a temp file beside it, then a rename.
    Returns what a person should know: one line per habit that Loop can't show whole."""
    items = list(habits)
    with atomic_file(out) as handle:
        _write_zip(handle, items, progress)
    return unshown(items)


def unshown(items: list[HabitDays]) -> list[str]:
    """The lines that say what Loop won't show (kept for us in the description) and what
    the file can't hold at all."""
    kept, lost = [], []
    for habit, days in items:
        parts = _beyond_loop(habit, days)
        if parts:
            kept.append(f"  {printable(habit.name)}: {'; '.join(parts)}")
        both = sum(1 for c in days.values() if c.skipped and c.value)
        if both:
            lost.append(f"  {printable(habit.name)}: " + plural(
                both, "skipped day also holds", "skipped days also hold") + " an amount; Loop "
                "has a skip or an amount, so the file has the skip")
    lines = []
    if kept:
        lines += ["Loop can't show these; the 'Trust Tracker:' line that ends each habit's "
                  "description keeps them, and importing this file here brings them back:", *kept]
    if lost:
        lines += ["Not in the file:", *lost]
    return lines


def _beyond_loop(habit: Habit, days: Mapping[dt.date, CheckIn]) -> list[str]:
    parts = []
    if not habit.measured and is_measurable(habit, days):
        parts.append("yes/no here, but its days hold amounts, so Loop shows it as measurable "
                     "(at least 1)")
    skip_code = sum(1 for c in days.values() if not c.skipped and c.value == SKIP_AMOUNT)
    if skip_code and is_measurable(habit, days):
        parts.append(plural(skip_code, "day of 0.003 shows", "days of 0.003 show") + " in Loop "
                     "as skipped (Loop keeps 0.003 as 3, its code for a skip)")
    if habit.kind is HabitKind.ACTION:
        who = f" for {printable(habit.for_whom)}" if habit.for_whom else ""
        parts.append(f"a consistency action{who} (Loop has no kinds or people)")
    if habit.tags:
        parts.append(f"tagged {', '.join(printable(t) for t in habit.tags)} (Loop has no tags)")
    schedule = habit.schedule
    num, den = schedule.window
    if schedule.kind is ScheduleKind.WEEKDAYS:
        parts.append(f"its days ({schedule.describe()}) show in Loop as {num} times a week")
    elif schedule.kind is ScheduleKind.EVERY_N_DAYS:
        parts.append(f"{schedule.describe()} shows in Loop as once in any {den} days")
    entered = [day for day, checkin in days.items() if not checkin.is_empty]
    if not entered or habit.start < min(entered):
        parts.append(f"it starts on {habit.start.isoformat()} (Loop starts a habit at its "
                     "first entry)")
    if habit.pauses:
        parts.append(plural(len(habit.pauses), "pause", "pauses") + " (Loop has no pauses)")
    if habit.archived is not None:
        parts.append(f"archived on {habit.archived.isoformat()} (Loop keeps only that it is "
                     "archived)")
    return parts


SKIP_AMOUNT = Fraction(3, 10**PLACES)  # 3 once × 1000: Loop's Entry.SKIP


def is_measurable(habit: Habit, days: Mapping[dt.date, CheckIn]) -> bool:
    """Measured, or any day of an amount but 1 (a yes/no habit given 12 pages, or 0.5):
    Loop's yes/no would keep only done or not."""
    return habit.measured or any(c.value not in (None, 0, 1) for c in days.values())


def _write_zip(handle: BinaryIO, items: list[HabitDays], progress: Progress | None) -> None:
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        rows = [_habit_row(position, habit, is_measurable(habit, days))
                for position, (habit, days) in enumerate(items, start=1)]
        _write_member(archive, "Habits.csv", [HABITS_HEADER, *rows])
        for done, (habit, days) in enumerate(items, start=1):
            folder = folder_name(done, habit.name)
            _write_member(archive, f"{folder}/Checkmarks.csv",
                          [CHECKMARKS_HEADER, *_checkmark_rows(days, is_measurable(habit, days))])
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


def _habit_row(position: int, habit: Habit, measurable: bool) -> list[str]:
    """Loop's frequency is (times, days): weekdays become that many a week, every N days
    becomes once in N days; a measurable habit has its unit, target type and target."""
    num, den = habit.schedule.window
    return [
        f"{position:03d}", habit.name, "NUMERICAL" if measurable else "YES_NO", "",
        with_marker(habit.why, habit, measurable), str(num), str(den), COLOR,
        habit.unit if measurable else "",
        ("AT_MOST" if habit.at_most else "AT_LEAST") if measurable else "",
        _double(habit.target) if measurable else "",
        "true" if habit.archived is not None else "false",
    ]


def _double(target: Amount) -> str:
    """A target as Kotlin writes a double (Loop's ``targetValue.toString()``): "2.5", "10.0"."""
    text = format_amount(target)
    return text if "." in text else f"{text}.0"


def _checkmark_rows(days: Mapping[dt.date, CheckIn], measurable: bool) -> Iterator[list[str]]:
    """Newest first, as Loop writes them; empty check-ins are no entry at all."""
    for day, checkin in sorted(days.items(), reverse=True):
        if not checkin.is_empty:
            yield [day.isoformat(), _value(checkin, measurable), checkin.note]


def _value(checkin: CheckIn, measurable: bool) -> str:
    """A day with only a note is Loop's UNKNOWN (no entry) carrying that note; a recorded
    0 of a measurable habit is 0 (a limit kept), of a yes/no one no entry."""
    value = checkin.value
    if checkin.skipped:
        return "SKIP"
    if value is None or (value <= 0 and not measurable):
        return "UNKNOWN"
    if measurable:
        return str(int(value * 10**PLACES))  # exact: an amount has at most three decimals
    return "YES_MANUAL"

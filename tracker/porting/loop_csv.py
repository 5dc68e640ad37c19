"""Loop Habit Tracker's CSV export, as Loop writes it (uhabits-core ``io/HabitsCSVExporter``).

Two layouts:

* current (Loop 2.3.1 on): ``Habits.csv`` with a ``Type`` column (and, for a measurable
  habit, its ``Unit``, ``Target Type`` AT_LEAST or AT_MOST and ``Target Value``), and one
  folder per habit, ``NNN <name>/Checkmarks.csv`` with ``Date,Value,Notes`` rows, newest
  first: values as Loop's words (``YES_MANUAL`` …, by value alone, so a measurable day of
  0 is ``NO`` and of 0.002 ``YES_MANUAL``) or the amount × 1000 (so a number there is
  always an amount: Loop writes 3, its skip, as ``SKIP``);
* older (Loop 2.3.0 and before): ``Habits.csv`` without type or target, and header-less
  ``date,value`` rows for every day since the first repetition: a yes/no habit's state
  code (0 nothing, 1 automatic, 2 done, 3 skipped), a measurable habit's amount × 1000
  (0 for a day without one). Which habits were measurable the file does not say; their
  values do.

Both put a wide ``Checkmarks.csv`` at the top (``Date`` and one column per habit), read
for the habits whose folder is missing (:mod:`tracker.porting.loop_wide`).

Habit folders are found by their ``NNN`` position prefix: Loop strips characters it can't
put in a file name, so the name after it need not match the habit's.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import IO, Protocol

from ..structs import struct
from .loop_rules import (
    UNKNOWN, WORDS, LoopDays, LoopHabit, auto_remark, clean_note, make_history, parse_new_day,
)
from ..domain.amounts import format_amount
from ..domain.text import printable
from .model import Bundle, FormatError, HabitHistory, Progress, exact, keep_apart, quoted

CSV_SOURCE = "Loop Habit Tracker CSV"
EXPECTED = ("expected a Loop Habit Tracker export: the 'Loop Habits CSV ….zip', the folder "
            "unpacked from it, or a backup '.db' file")
HABITS, CHECKMARKS = "Habits.csv", "Checkmarks.csv"
CURRENT_HEADER = ("Position", "Name", "Type", "Question", "Description", "FrequencyNumerator",
                  "FrequencyDenominator", "Color", "Unit", "Target Type", "Target Value", "Archived?")
OLD_HEADER = ("Position", "Name", "Question", "Description", "NumRepetitions", "Interval", "Color")
OLDEST_HEADER = ("Position", "Name", "Description", "NumRepetitions", "Interval", "Color")
CHECKMARKS_HEADER = ("Date", "Value", "Notes")
OLD_CODE_MAX = 3  # old Loop's state codes are -1 to 3; a larger value is an amount × 1000
CODE_DIGITS_MAX = 12  # an amount × 1000 past this is far beyond what a day can hold
_HABIT_FOLDER = re.compile(r"(\d+)(?: .*)?", re.DOTALL)  # "001 Meditate", or "001" alone
_OLD_VALUE = re.compile(r"-?[0-9]+")


class LoopFiles(Protocol):
    """Where an export's files are: a ZIP or the folder unpacked from it."""

    def label(self, rel: str) -> str: ...
    def has(self, rel: str) -> bool: ...
    def open(self, rel: str) -> IO[bytes]: ...
    def folders(self) -> list[str]: ...


@struct(frozen=True)
class Entry:
    """One day's value as a file holds it, with where it was read (for any refusal)."""

    file: str
    line: int
    day: dt.date
    code: int
    note: str = ""
    amount: bool = False  # written as a number in the current layout: an amount × 1000


def read_csv(files: LoopFiles, name: str, today: dt.date, progress: Progress | None) -> Bundle:
    from .loop_wide import read_wide  # it reads rows as this module does, so it imports it

    if not files.has(HABITS):
        raise FormatError(name, None, f"has no {HABITS}; {EXPECTED}")
    habits_file = files.label(HABITS)
    with files.open(HABITS) as handle:
        old, rows = _habit_rows(handle, habits_file)
    folders = _habit_folders(files)
    histories = [make_history(habit, habits_file, line) for line, _, habit in rows]
    keep_apart(histories, "Loop's export")
    found: list[list[Entry] | None] = []
    for line, position, habit in rows:
        rel = f"{folders[position]}/{CHECKMARKS}" if position in folders else None
        if rel is not None and files.has(rel):  # a folder without check marks: no days yet
            with files.open(rel) as handle:
                found.append(list(_checkmarks(handle, files.label(rel), habit.numerical, old, today)))
        else:
            found.append(None)
    missing = [index for index, entries in enumerate(found) if entries is None]
    wide: dict[int, list[Entry]] = {}
    if missing and files.has(CHECKMARKS):
        with files.open(CHECKMARKS) as handle:
            wide = read_wide(handle, files.label(CHECKMARKS), [habit for _, _, habit in rows],
                             set(missing), old, today)
    bundle = Bundle(source=CSV_SOURCE, habits=histories)
    positions = {position for _, position, _ in rows}
    for position, folder in sorted(folders.items()):
        if position not in positions and files.has(f"{folder}/{CHECKMARKS}"):
            bundle.remarks.append(f"the folder {printable(folder)!r} is numbered for no habit in "
                                  f"{HABITS}, so its {CHECKMARKS} was not read")
    autos: list[tuple[str, int]] = []
    for index, ((_, _, habit), history) in enumerate(zip(rows, histories)):
        entries = found[index]
        if entries is None:
            entries = wide.get(index)
            history.remarks.append(
                f"its days come from Loop's top-level {CHECKMARKS} (the export has none of "
                "its own for it), which holds no notes" if entries is not None else
                f"Loop's export has no check marks for it (no {CHECKMARKS} of its own, and no "
                "column in the top-level one), so it comes without days")
        days = _days(history, habit, entries or [], old)
        if days.autos:
            autos.append((history.name, len(days.autos)))
        if progress is not None:
            progress(index + 1, len(rows))
    if autos:
        bundle.remarks.append(auto_remark(autos))
    return bundle


def _days(history: HabitHistory, habit: LoopHabit, entries: list[Entry], old: bool) -> LoopDays:
    """A habit's entries as history; in the old layout, its values say whether it is measurable."""
    numerical = habit.numerical
    if old and any(entry.code > OLD_CODE_MAX for entry in entries):
        numerical = history.measured = True
        largest = format_amount(Fraction(max(entry.code for entry in entries), 1000))
        history.remarks.append(
            f"Loop's export before 2.3.1 doesn't say which habits are measurable; this one's "
            f"values (amounts up to {largest}) say it is, so it is measured here and each day "
            "keeps its amount. That export has no target or unit, so the target here is at "
            "least 1 (edit the habit if your goal is another)")
    days = LoopDays(history, numerical, explicit_no=not old)
    for entry in entries:
        days.add(entry.day, entry.code, entry.note, entry.file, entry.line, amount=entry.amount)
    days.finish()
    return days


def _habit_folders(files: LoopFiles) -> dict[int, str]:
    """Habit folders by their position prefix (``001 Run`` → 1)."""
    found: dict[int, str] = {}
    for folder in files.folders():
        match = _HABIT_FOLDER.fullmatch(folder)
        if match is None:
            continue
        position = int(match.group(1))
        if position in found:
            raise FormatError(files.label(folder), None, f"shares position {position:03d} with "
                              f"{found[position]!r}; Loop gives every habit its own number")
        found[position] = folder
    return found


def _habit_rows(handle: IO[bytes], file: str) -> tuple[bool, list[tuple[int, int, LoopHabit]]]:
    """Whether Habits.csv is in the old layout, and ``(line, position, habit)`` for each row."""
    records = records_of(handle, file)
    first = next(records, None)
    if first is None:
        raise FormatError(file, None, "is empty; Loop always writes a header line")
    line, header = first
    columns = tuple(cell.strip() for cell in header)
    if columns not in (CURRENT_HEADER, OLD_HEADER, OLDEST_HEADER):
        raise FormatError(file, line, f"has the header {','.join(columns)!r}; expected Loop's "
                          f"{','.join(CURRENT_HEADER)!r} (or the older {','.join(OLD_HEADER)!r})")
    old = columns != CURRENT_HEADER
    positions: dict[int, int] = {}
    rows = []
    for line, row in records:
        if len(row) != len(columns):
            raise FormatError(file, line, f"has {len(row)} columns; the header has {len(columns)}")
        cells = dict(zip(columns, row))
        position = _whole(cells["Position"], "Position", file, line)
        if position in positions:
            raise FormatError(file, line, f"Position {position:03d} is also on line "
                              f"{positions[position]}; each habit has its own")
        positions[position] = line
        habit = _old_habit(cells, file, line) if old else _current_habit(cells, file, line)
        rows.append((line, position, habit))
    return old, rows


def _current_habit(cells: dict[str, str], file: str, line: int) -> LoopHabit:
    kind = cells["Type"].strip()
    if kind not in ("YES_NO", "NUMERICAL"):
        raise FormatError(file, line, f"Type {kind!r} is not YES_NO or NUMERICAL")
    numerical = kind == "NUMERICAL"
    target_type = cells["Target Type"].strip()
    if numerical and target_type not in ("AT_LEAST", "AT_MOST"):
        raise FormatError(file, line, f"Target Type {target_type!r} is not AT_LEAST or AT_MOST")
    return LoopHabit(
        name=cells["Name"], question=cells["Question"], description=cells["Description"],
        num=_whole(cells["FrequencyNumerator"], "FrequencyNumerator", file, line),
        den=_whole(cells["FrequencyDenominator"], "FrequencyDenominator", file, line),
        numerical=numerical,
        target_value=_amount(cells["Target Value"], file, line) if numerical else Fraction(0),
        at_most=numerical and target_type == "AT_MOST", unit=cells["Unit"],
        archived=_flag(cells["Archived?"], file, line),
    )


def _old_habit(cells: dict[str, str], file: str, line: int) -> LoopHabit:
    return LoopHabit(
        name=cells["Name"], question=cells.get("Question", ""), description=cells["Description"],
        num=_whole(cells["NumRepetitions"], "NumRepetitions", file, line),
        den=_whole(cells["Interval"], "Interval", file, line),
    )


def _whole(text: str, column: str, file: str, line: int) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise FormatError(file, line, f"{column} {text!r} is not a whole number") from None


def _amount(text: str, file: str, line: int) -> Fraction:
    """A Kotlin double as Loop writes it ("10.0", "2.5", "1.0E7"), exactly the decimal it says."""
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise FormatError(file, line, f"Target Value {text!r} is not a number")
    return exact(value)


def _flag(text: str, file: str, line: int) -> bool:
    flag = text.strip().lower()
    if flag not in ("true", "false", ""):
        raise FormatError(file, line, f"Archived? {text!r} is not true or false")
    return flag == "true"


def _checkmarks(handle: IO[bytes], file: str, numerical: bool, old: bool,
                today: dt.date) -> Iterator[Entry]:
    """One habit's Checkmarks.csv, each row checked (a day twice is refused)."""
    lines: dict[dt.date, int] = {}
    for index, (line, row) in enumerate(records_of(handle, file)):
        if index == 0 and _is_header(row, file, line, old):
            continue
        widths = (2,) if old else (2, 3)
        if len(row) not in widths:
            raise FormatError(file, line, f"has {len(row)} columns; expected "
                              f"{'date,value' if old else ','.join(CHECKMARKS_HEADER)}")
        day = parse_new_day(row[0], today, file, line, lines)
        code = value_code(row[1], numerical, old, file, line)
        note = clean_note(row[2], file, line) if len(row) > 2 else ""
        yield Entry(file, line, day, code, note, is_amount(row[1], old))


def _is_header(row: list[str], file: str, line: int, old: bool) -> bool:
    """The current layout starts with ``Date,Value,Notes``; the old one had no header."""
    columns = tuple(cell.strip() for cell in row)
    if old:
        return columns[:1] == ("Date",) or columns[:1] == ("date",)
    if columns != CHECKMARKS_HEADER:
        raise FormatError(file, line, f"has the header {','.join(columns)!r}; expected "
                          f"{','.join(CHECKMARKS_HEADER)!r}")
    return True


def is_amount(text: str, old: bool) -> bool:
    """Whether a Value cell is a number in the current layout: an amount × 1000 whatever
    its value (Loop writes its codes, 3 for a skip too, as words there)."""
    return not old and text.strip().isdigit()


def value_code(text: str, numerical: bool, old: bool, file: str, line: int) -> int:
    """The stored number behind a Value cell (state code, or amount × 1000)."""
    raw = text.strip()
    if old:
        if _OLD_VALUE.fullmatch(raw) and len(raw.lstrip("-0")) > CODE_DIGITS_MAX:
            raise FormatError(file, line, f"value {quoted(raw)} is far more than a day can hold")
        if _OLD_VALUE.fullmatch(raw) and int(raw) >= UNKNOWN:
            return int(raw)
        raise FormatError(file, line, f"value {quoted(raw)} is neither one of old Loop's codes "
                          "(-1, 0, 1, 2, 3) nor an amount × 1000 such as 2500")
    if raw in WORDS:
        return WORDS[raw]
    if numerical and raw.isascii() and raw.isdigit():
        if len(raw.lstrip("0")) > CODE_DIGITS_MAX:
            raise FormatError(file, line, f"value {quoted(raw)} is far more than a day can hold")
        return int(raw)
    expected = ("an amount × 1000 such as 2500, or SKIP or UNKNOWN" if numerical
                else "YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN")
    raise FormatError(file, line, f"value {quoted(raw)} is not a Loop value (expected {expected})")


# -- CSV records with the line numbers a person sees -------------------------------------
def records_of(handle: IO[bytes], file: str, first_line: int = 1) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records, each with the line it starts on (a quoted note may span more)."""
    reader = csv.reader(_text_lines(handle, file, first_line), strict=True)
    start = first_line
    try:
        for row in reader:
            if row:
                yield start, row
            start = reader.line_num + first_line
    except csv.Error as err:
        raise FormatError(file, reader.line_num + first_line - 1, f"is not valid CSV ({err})") from None


def _text_lines(handle: IO[bytes], file: str, first_line: int) -> Iterator[str]:
    """Decode line by line, so a byte that isn't UTF-8 is reported on its own line."""
    for number, raw in enumerate(handle, start=first_line):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise FormatError(file, number, f"is not UTF-8 text (byte {raw[err.start]:#04x}); "
                              "export it again from Loop") from None
        yield text.removeprefix("\ufeff") if number == 1 else text

"""Loop Habit Tracker: read its exports (CSV ZIP, the folder unpacked from it, a backup .db)
and write our habits back out in its current CSV layout.

The CSV layouts, as Loop writes them:

* current (Loop 2.3.1 on): ``Habits.csv`` with a ``Type`` column, and one folder per habit,
  ``NNN <name>/Checkmarks.csv`` with ``Date,Value,Notes`` rows, newest first, values as
  words (``YES_MANUAL`` …) or, for measurable habits, the amount × 1000;
* older: ``Habits.csv`` without type or target, header-less ``date,code`` check marks.

Habit folders are found by their ``NNN`` position prefix: Loop strips characters it can't
put in a file name, so the name after it need not match the habit's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from .loop_db import read_loop_db
from .loop_export import write_loop_csv
from .loop_rules import (
    AUTO_REMARK, WORDS, YES_AUTO, LoopHabit, add_day, checkin_for, clean_note, make_history,
    parse_day,
)
from .model import Bundle, FormatError, HabitHistory, Progress, quoted
from .reading import ZIP_ERRORS, Budget, read_file, read_head, read_member

__all__ = ["read_loop", "write_loop_csv", "CSV_SOURCE"]

CSV_SOURCE = "Loop Habit Tracker CSV"
EXPECTED = ("expected a Loop Habit Tracker export: the 'Loop Habits CSV ….zip', the folder "
            "unpacked from it, or a backup '.db' file")
HABITS, CHECKMARKS = "Habits.csv", "Checkmarks.csv"
CURRENT_HEADER = ("Position", "Name", "Type", "Question", "Description", "FrequencyNumerator",
                  "FrequencyDenominator", "Color", "Unit", "Target Type", "Target Value", "Archived?")
OLD_HEADER = ("Position", "Name", "Question", "Description", "NumRepetitions", "Interval", "Color")
OLDEST_HEADER = ("Position", "Name", "Description", "NumRepetitions", "Interval", "Color")
CHECKMARKS_HEADER = ("Date", "Value", "Notes")
OLD_CODES = {"-1": -1, "0": 0, "1": 1, "2": 2, "3": 3}
SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_HABIT_FOLDER = re.compile(r"(\d+)(?: .*)?", re.DOTALL)  # "001 Meditate", or "001" alone
ENTRIES_MAX = 10_000  # files in a ZIP, or folders beside Habits.csv: a few per habit
CODE_DIGITS_MAX = 12  # an amount × 1000 past this is far beyond what a day can hold


def is_loop_file(head: bytes) -> bool:
    """Whether a file's first bytes are one of Loop's exports (a ZIP or a SQLite backup)."""
    return head.startswith((SQLITE_MAGIC, *ZIP_MAGICS))


def read_loop(path: Path, today: dt.date, progress: Progress | None = None) -> Bundle:
    """Read whichever Loop export ``path`` is, judged by its content, not its name."""
    if path.is_dir():
        return _read_folder(path, today, progress)
    if path.name == HABITS and path.is_file():  # someone picked the file inside the folder
        return _read_folder(path.parent, today, progress)
    magic = read_head(path, 16)
    if magic.startswith(SQLITE_MAGIC):
        return read_loop_db(path, today, progress)
    if magic.startswith(ZIP_MAGICS):
        return _read_zip(path, today, progress)
    if path.suffix.lower() == ".db":
        raise FormatError(path.name, None, "is not a SQLite database, so it is not a Loop backup")
    raise FormatError(path.name, None, f"is neither a ZIP nor a SQLite database; {EXPECTED}")


# -- where the files are: a ZIP or a folder -------------------------------------------
class _Files(Protocol):
    def label(self, rel: str) -> str: ...
    def has(self, rel: str) -> bool: ...
    def open(self, rel: str) -> IO[bytes]: ...
    def folders(self) -> list[str]: ...


class _ZipFiles:
    """Members of Loop's ZIP. Paths that would point outside it are refused up front."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive, self.name = archive, name
        infos = archive.infolist()
        if len(infos) > ENTRIES_MAX:
            raise FormatError(name, None, f"holds {len(infos):,} files; a Loop export holds a "
                              f"few per habit, so it was not read")
        self.members = {info.filename: info for info in infos}
        for member in self.members:
            parts = PurePosixPath(member.replace("\\", "/")).parts
            if member.startswith(("/", "\\")) or ".." in parts or re.match(r"[A-Za-z]:", member):
                raise FormatError(name, None, f"holds {quoted(member)}, a path outside the archive; "
                                  "nothing was read from it")
        self.root = self._root()
        self.budget = Budget(name)

    def _root(self) -> str:
        """Loop puts its files at the top; someone who re-zipped the folder adds one level."""
        if HABITS in self.members:
            return ""
        nested = [m for m in self.members if m.count("/") == 1 and m.endswith("/" + HABITS)]
        return nested[0][: -len(HABITS)] if len(nested) == 1 else ""

    def label(self, rel: str) -> str:
        return f"{self.name}/{self.root}{rel}"

    def has(self, rel: str) -> bool:
        return self.root + rel in self.members

    def open(self, rel: str) -> IO[bytes]:
        info = self.members[self.root + rel]
        return io.BytesIO(read_member(self.archive, info, self.label(rel), self.budget))

    def folders(self) -> list[str]:
        inside = (m[len(self.root):] for m in self.members if m.startswith(self.root))
        return sorted({m.split("/", 1)[0] for m in inside if "/" in m})


class _FolderFiles:
    """The folder a person unpacked Loop's ZIP into."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.budget = Budget(root.name)

    def label(self, rel: str) -> str:
        return f"{self.root.name}/{rel}"

    def has(self, rel: str) -> bool:
        """Whether anything is there: a pipe or a folder where a file should be is refused
        when read, not taken for a habit without days."""
        return os.path.lexists(self.root / rel)

    def open(self, rel: str) -> IO[bytes]:
        return io.BytesIO(self.budget.take(read_file(self.root / rel, self.label(rel))))

    def folders(self) -> list[str]:
        found: list[str] = []
        try:
            with os.scandir(self.root) as entries:
                for entry in entries:
                    if entry.is_dir():
                        found.append(entry.name)
                        if len(found) > ENTRIES_MAX:
                            raise FormatError(self.root.name, None, f"holds more than "
                                              f"{ENTRIES_MAX:,} folders; a Loop export holds "
                                              "one per habit, so it was not read")
        except OSError as err:
            raise FormatError(self.root.name, None, f"can't be read ({err.strerror})") from None
        return sorted(found)


def _read_zip(path: Path, today: dt.date, progress: Progress | None) -> Bundle:
    data = read_file(path, path.name)  # never more than the limit, whatever the size says
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as err:
        raise FormatError(path.name, None, f"is a damaged or unsupported ZIP ({err})") from None
    with archive:  # each member is read (bounded) by read_member, which names it
        return _read_csv(_ZipFiles(archive, path.name), path.name, today, progress)


def _read_folder(root: Path, today: dt.date, progress: Progress | None) -> Bundle:
    return _read_csv(_FolderFiles(root), root.name, today, progress)


# -- the CSV export ---------------------------------------------------------------------
def _read_csv(files: _Files, name: str, today: dt.date, progress: Progress | None) -> Bundle:
    if not files.has(HABITS):
        raise FormatError(name, None, f"has no {HABITS}; {EXPECTED}")
    habits_file = files.label(HABITS)
    with files.open(HABITS) as handle:
        rows = list(_habit_rows(handle, habits_file))
    folders = _habit_folders(files)
    bundle = Bundle(source=CSV_SOURCE)
    saw_auto = False
    for done, (line, position, habit, old) in enumerate(rows, start=1):
        history = make_history(habit, habits_file, line)
        rel = f"{folders[position]}/{CHECKMARKS}" if position in folders else None
        if rel is not None and files.has(rel):  # a folder without check marks: no days yet
            with files.open(rel) as handle:
                saw_auto |= _read_checkmarks(handle, files.label(rel), history, habit.numerical,
                                             old=old, today=today)
        bundle.habits.append(history)
        if progress is not None:
            progress(done, len(rows))
    if saw_auto:
        bundle.remarks.append(AUTO_REMARK)
    return bundle


def _habit_folders(files: _Files) -> dict[int, str]:
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


def _habit_rows(handle: IO[bytes], file: str) -> Iterator[tuple[int, int, LoopHabit, bool]]:
    """``(line, position, habit, old_layout)`` for each row of Habits.csv."""
    records = _records(handle, file)
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
        yield line, position, habit, old


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
        target_value=_amount(cells["Target Value"], file, line) if numerical else 0.0,
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


def _amount(text: str, file: str, line: int) -> float:
    try:
        value = float(text.strip())  # Loop writes a Kotlin double: "10.0", "1.0E7"
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise FormatError(file, line, f"Target Value {text!r} is not a number")
    return value


def _flag(text: str, file: str, line: int) -> bool:
    flag = text.strip().lower()
    if flag not in ("true", "false", ""):
        raise FormatError(file, line, f"Archived? {text!r} is not true or false")
    return flag == "true"


def _read_checkmarks(handle: IO[bytes], file: str, history: HabitHistory, numerical: bool, *,
                     old: bool, today: dt.date) -> bool:
    """Fill ``history.days`` from one habit's Checkmarks.csv; True if Loop's YES_AUTO was seen."""
    lines: dict[dt.date, int] = {}
    saw_auto = False
    for index, (line, row) in enumerate(_records(handle, file)):
        if index == 0 and _is_header(row, file, line, old):
            continue
        widths = (2,) if old else (2, 3)
        if len(row) not in widths:
            raise FormatError(file, line, f"has {len(row)} columns; expected "
                              f"{'date,value' if old else ','.join(CHECKMARKS_HEADER)}")
        day = parse_day(row[0], today, file, line)
        if day in lines:
            raise FormatError(file, line, f"{day.isoformat()} appears twice, on lines "
                              f"{lines[day]} and {line}")
        lines[day] = line
        code = _code(row[1], numerical, old, file, line)
        saw_auto |= code == YES_AUTO and not numerical
        note = clean_note(row[2], file, line) if len(row) > 2 else ""
        add_day(history, day, checkin_for(code, note, numerical, history), file, line)
    return saw_auto


def _is_header(row: list[str], file: str, line: int, old: bool) -> bool:
    """The current layout starts with ``Date,Value,Notes``; the old one had no header."""
    columns = tuple(cell.strip() for cell in row)
    if old:
        return columns[:1] == ("Date",) or columns[:1] == ("date",)
    if columns != CHECKMARKS_HEADER:
        raise FormatError(file, line, f"has the header {','.join(columns)!r}; expected "
                          f"{','.join(CHECKMARKS_HEADER)!r}")
    return True


def _code(text: str, numerical: bool, old: bool, file: str, line: int) -> int:
    """The stored number behind a Value cell (state code, or amount × 1000)."""
    raw = text.strip()
    if old:
        if raw in OLD_CODES:
            return OLD_CODES[raw]
        raise FormatError(file, line, f"value {raw!r} is not one of old Loop's codes -1, 0, 1, 2, 3")
    if raw in WORDS:
        return WORDS[raw]
    if numerical and raw.isascii() and raw.isdigit():
        if len(raw.lstrip("0")) > CODE_DIGITS_MAX:
            raise FormatError(file, line, f"value {quoted(raw)} is far more than a day can hold")
        return int(raw)
    expected = ("an amount × 1000 such as 2500, or SKIP or UNKNOWN" if numerical
                else "YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN")
    raise FormatError(file, line, f"value {raw!r} is not a Loop value (expected {expected})")


# -- CSV records with the line numbers a person sees -------------------------------------
def _records(handle: IO[bytes], file: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records, each with the line it starts on (a quoted note may span more)."""
    reader = csv.reader(_text_lines(handle, file), strict=True)
    start = 1
    try:
        for row in reader:
            if row:
                yield start, row
            start = reader.line_num + 1
    except csv.Error as err:
        raise FormatError(file, reader.line_num, f"is not valid CSV ({err})") from None


def _text_lines(handle: IO[bytes], file: str) -> Iterator[str]:
    """Decode line by line, so a byte that isn't UTF-8 is reported on its own line."""
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise FormatError(file, number, f"is not UTF-8 text (byte {raw[err.start]:#04x}); "
                              "export it again from Loop") from None
        yield text.removeprefix("\ufeff") if number == 1 else text

"""Loop Habit Tracker's backup: the app's own SQLite database, read from a private copy.

Loop has grown its tables over the years (questions, measurable habits, notes came
later), so only the columns every version has are required; the others default to what an
old Loop meant by their absence. A backup older than Loop 2 (database version 15 and
before, no ``Repetitions.value``) is first upgraded the way Loop upgrades it, in a copy in
memory (:mod:`tracker.porting.loop_db_upgrade`). What a backup holds besides a person's
entries (Loop's automatic ticks, rows of a habit no longer there) is counted in the report.

A backup is a file from elsewhere, so nothing about it is trusted: it is copied (with its
``-wal``, which holds the last changes of a WAL-mode database) into a private folder, so
SQLite's ``-shm``/``-wal`` files never appear beside the person's file; and the reading is
bounded in time, in rows and in the size of any one field, so a view that returns a
400 MB blob or recurses for ever is refused rather than read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from fractions import Fraction
from pathlib import Path

from . import model
from .loop_db_upgrade import NEEDS_UPGRADE, columns, schema_version, upgraded
from .loop_rules import (
    LoopDays, LoopHabit, auto_remark, clean_note, is_valid_code, make_history,
)
from .model import (
    Bundle, FormatError, HabitHistory, Progress, check_day, exact, keep_apart, plural, quoted,
)
from .reading import read_file

DB_SOURCE = "Loop Habit Tracker backup"
READ_SECONDS = 5.0  # a real backup reads in well under a second; read at call time (tests)
FIELD_MAX = 1_000_000  # bytes in any one value: a note is at most 2,000 characters
HABITS_MAX = 10_000
ROWS_MAX = 500_000  # Repetitions rows: decades of daily entries for dozens of habits
_DAY_MS = 86_400_000
_EPOCH = dt.date(1970, 1, 1)
_HABIT_REQUIRED = ("id", "name", "freq_num", "freq_den")
_HABIT_OPTIONAL = {"question": "''", "description": "''", "position": "id", "archived": "0",
                   "type": "0", "target_value": "0", "target_type": "0", "unit": "''"}
_REPETITION_REQUIRED = ("id", "habit", "timestamp", "value")


def read_loop_db(path: Path, today: dt.date, progress: Progress | None = None, *,
                 seconds: float | None = None) -> Bundle:
    """Every habit in a Loop backup with the days a person entered, in Loop's order.

    ``seconds`` bounds the whole read (by default :data:`READ_SECONDS`)."""
    file = path.name
    budget = READ_SECONDS if seconds is None else seconds
    with _private_copy(path, file) as copy:
        try:
            connection = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as err:
            raise FormatError(file, None, f"can't be opened as a database ({err})") from None
        with closing(connection):
            deadline = time.monotonic() + budget

            def limit(db: sqlite3.Connection) -> None:
                db.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
                db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, FIELD_MAX)

            limit(connection)
            try:
                connection.execute("PRAGMA trusted_schema = OFF")
                version = schema_version(connection)
                if version >= NEEDS_UPGRADE:
                    return _read(connection, file, today, progress)
                memory, remarks = upgraded(connection, version, limit)
                with closing(memory):
                    bundle = _read(memory, file, today, progress)
                bundle.remarks[:0] = remarks
                return bundle
            except sqlite3.DataError:  # SQLITE_TOOBIG: past FIELD_MAX
                raise FormatError(file, None, f"a field is too large to be part of a Loop "
                                  f"backup (more than {FIELD_MAX:,} bytes), so it was not "
                                  "read") from None
            except sqlite3.OperationalError as err:
                if time.monotonic() > deadline:
                    raise FormatError(file, None, f"took too long to read (more than {budget:g} "
                                      f"second{'' if budget == 1 else 's'}); a Loop backup "
                                      "reads in well under a second, so it was not read") from None
                raise FormatError(file, None, f"can't be read as a Loop backup ({err})") from None
            except sqlite3.DatabaseError as err:  # "file is not a database", a damaged page, …
                raise FormatError(file, None, f"can't be read as a Loop backup ({err})") from None
            except UnicodeDecodeError:  # a damaged schema: even SQLite's message is not text
                raise FormatError(file, None, "can't be read as a Loop backup (it is damaged: "
                                  "it holds bytes that are not text)") from None


@contextlib.contextmanager
def _private_copy(path: Path, file: str) -> Iterator[Path]:
    """The backup (and its ``-wal``, if there is one) copied into a folder only we can
    read, removed afterwards whatever happens. Reading the copy is what keeps SQLite from
    making ``-shm``/``-wal`` files beside the person's own file, and still sees the
    changes a WAL-mode database has not yet moved into its main file."""
    main = read_file(path, file)
    wal_path = path.with_name(path.name + "-wal")
    wal = read_file(wal_path, wal_path.name) if wal_path.exists() else None
    with tempfile.TemporaryDirectory(prefix="trust-tracker-import-",
                                     ignore_cleanup_errors=True) as folder:
        copy = Path(folder) / "backup.db"  # mkdtemp made the folder 0700
        _write_private(copy, main)
        if wal is not None:
            _write_private(copy.with_name(copy.name + "-wal"), wal)
        yield copy


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _read(connection: sqlite3.Connection, file: str, today: dt.date,
          progress: Progress | None) -> Bundle:
    """Read without ``ORDER BY`` (a view could make SQLite sort rows for ever) and sort
    here, so every query streams and the row caps apply to what comes out."""
    habit_columns = _columns(connection, file, "Habits", _HABIT_REQUIRED)
    rep_columns = _columns(connection, file, "Repetitions", _REPETITION_REQUIRED)
    notes = "notes" if "notes" in rep_columns else "''"
    found: list[tuple[tuple[bool, int, int], int, HabitHistory, bool]] = []
    for row in _capped(connection.execute(_habit_query(habit_columns)), HABITS_MAX, file, "Habits"):
        habit_id, position, habit = _habit(row, file)
        try:  # now, so no more than a row's text is held at once
            history = make_history(habit, file, None)
        except FormatError as err:  # no line to point at: name the row instead
            raise FormatError(file, None, f"Habits row id {habit_id}: {err.reason}") from None
        order = (position is not None, position or 0, habit_id)  # as SQLite sorts NULL first
        found.append((order, habit_id, history, habit.numerical))
    found.sort(key=lambda item: item[0])
    keep_apart([history for _, _, history, _ in found], "Loop's backup")
    histories: dict[int, tuple[HabitHistory, bool]] = {}
    for _, habit_id, history, numerical in found:
        if habit_id in histories:
            raise FormatError(file, None, f"two Habits rows have the id {habit_id}")
        histories[habit_id] = history, numerical
    rows = connection.execute(f"SELECT habit, id, timestamp, value, {notes} FROM Repetitions")
    entries, orphans = _repetitions(_capped(rows, ROWS_MAX, file, "Repetitions"), histories,
                                    file, today)
    bundle = Bundle(source=DB_SOURCE, habits=[history for history, _ in histories.values()])
    autos: list[tuple[str, int]] = []
    for done, (habit_id, (history, numerical)) in enumerate(histories.items(), start=1):
        days = _add_days(history, numerical, sorted(entries.get(habit_id, [])), file)
        if days.autos:
            autos.append((history.name, len(days.autos)))
        if progress is not None:
            progress(done, len(histories))
    if autos:
        bundle.remarks.append(auto_remark(autos))
    if orphans:
        bundle.remarks.append(plural(orphans, "entry belongs to no habit of the backup (Loop "
                                     "shows it nowhere), so it was", "entries belong to no "
                                     "habit of the backup (Loop shows them nowhere), so they "
                                     "were") + " not imported")
    return bundle


def _capped(rows: sqlite3.Cursor, limit: int, file: str, table: str) -> Iterator[tuple[object, ...]]:
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise FormatError(file, None, f"its {table} table has more than {limit:,} rows; a "
                              "Loop backup holds far fewer, so it was not read")
        yield row


def _columns(connection: sqlite3.Connection, file: str, table: str,
             required: tuple[str, ...]) -> set[str]:
    found = columns(connection, table)
    if not found:
        raise FormatError(file, None, f"has no {table} table, so it is not a Loop Habit Tracker "
                          "backup")
    missing = [name for name in required if name not in found]
    if missing:
        raise FormatError(file, None, f"its {table} table lacks {', '.join(missing)}, so it is "
                          "not a Loop Habit Tracker backup")
    return found


def _habit_query(columns: set[str]) -> str:
    optional = [name if name in columns else f"{default} AS {name}"
                for name, default in _HABIT_OPTIONAL.items()]
    return f"SELECT {', '.join(_HABIT_REQUIRED)}, {', '.join(optional)} FROM Habits"


def _habit(row: tuple[object, ...], file: str) -> tuple[int, int | None, LoopHabit]:
    """One Habits row as Loop meant it: type 1 is measurable, target_type 1 is 'at most'.
    Returns ``(id, position, habit)``."""
    (habit_id, name, num, den, question, description, position, archived, kind,
     target_value, target_type, unit) = row
    where = f"habit {quoted(name)} (id {quoted(habit_id)})"
    place = None if position is None else _integer(position, f"{where}: position", file)
    return _integer(habit_id, f"{where}: id", file), place, LoopHabit(
        name=_text(name, f"{where}: name", file),
        question=_text(question, f"{where}: question", file),
        description=_text(description, f"{where}: description", file),
        num=_integer(num, f"{where}: freq_num", file), den=_integer(den, f"{where}: freq_den", file),
        numerical=kind == 1, target_value=_real(target_value, f"{where}: target_value", file),
        at_most=kind == 1 and target_type == 1, unit=_text(unit, f"{where}: unit", file),
        archived=bool(archived),
    )


Entry = tuple[int, int, dt.date, int, str]
"""One Repetitions row, checked: (timestamp, id, day, value, note)."""


def _repetitions(rows: Iterator[tuple[object, ...]], histories: dict[int, tuple[HabitHistory, bool]],
                 file: str, today: dt.date) -> tuple[dict[int, list[Entry]], int]:
    """Each habit's rows, every value checked as it comes (so a bad one stops the read
    there), and how many rows belong to no habit in the file (Loop shows them nowhere)."""
    entries: dict[int, list[Entry]] = {}
    orphans = 0
    text_left = model.MAX_FILE_BYTES
    for habit_id, rep_id, timestamp, value, raw_note in rows:
        if not isinstance(habit_id, int) or habit_id not in histories:
            orphans += 1
            continue
        history, numerical = histories[habit_id]
        where = f"habit {history.name!r}: Repetitions row {quoted(rep_id)}"
        row_id = _integer(rep_id, f"{where} id", file)
        stamp = _integer(timestamp, f"{where} timestamp", file)
        code = _integer(value, f"{where} value", file)
        if not is_valid_code(code, numerical):
            raise FormatError(file, None, f"{where} holds {code}, which is not a Loop value")
        day = _day(stamp, where, file, today)
        note = clean_note(_text(raw_note, f"{where} notes", file), file, None, f"{where}: ")
        text_left -= len(note)
        if text_left < 0:
            raise FormatError(file, None, f"its notes come to more than {model.MAX_FILE_BYTES:,} "
                              "characters; a habit history is far smaller, so it was not read")
        entries.setdefault(habit_id, []).append((stamp, row_id, day, code, note))
    return entries, orphans


def _add_days(history: HabitHistory, numerical: bool, entries: list[Entry], file: str) -> LoopDays:
    """Fill ``history.days`` from its entries in (timestamp, id) order: as Loop itself
    reads a backup, a later entry for a day replaces an earlier one."""
    where = f"habit {history.name!r}"
    days = LoopDays(history, numerical)
    seen: set[dt.date] = set()
    replaced = 0
    for _, row_id, day, code, note in entries:
        replaced += day in seen
        seen.add(day)
        days.add(day, code, note, file, None, f"{where}: Repetitions row {row_id}: ")
    if replaced:
        history.remarks.append(plural(replaced, "day had two entries", "days had two entries")
                               + " in Loop's backup; the later one was kept, as Loop does")
    days.finish()
    return days


def _day(stamp: int, where: str, file: str, today: dt.date) -> dt.date:
    """Loop stamps a day at its UTC midnight, in milliseconds."""
    try:
        day = _EPOCH + dt.timedelta(days=stamp // _DAY_MS)
    except OverflowError:
        raise FormatError(file, None, f"{where}: timestamp {stamp} is not a date") from None
    try:
        return check_day(day, today, file, None)
    except FormatError as err:
        raise FormatError(file, None, f"{where}: {err.reason}") from None


def _integer(value: object, what: str, file: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise FormatError(file, None, f"{what} is {quoted(value)}, not a whole number")


def _real(value: object, what: str, file: str) -> Fraction:
    """A REAL column (Loop's target, a double) as exactly the decimal it shows."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, float) and math.isfinite(value):
        return exact(value)
    if value is None:
        return Fraction(0)
    raise FormatError(file, None, f"{what} is {quoted(value)}, not a number")


def _text(value: object, what: str, file: str) -> str:
    """A text column: a blob (or a number) where Loop writes text is refused, not shown."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value)
    raise FormatError(file, None, f"{what} is binary data, not text")

"""Loop Habit Tracker's backup: the app's own SQLite database, read from a private copy.

Loop has grown its ``Habits`` table over the years (questions, measurable habits, notes
came later), so only the columns every version has are required; the others default to
what an old Loop meant by their absence.

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
from pathlib import Path

from .loop_rules import (
    AUTO_REMARK, YES_AUTO, LoopHabit, add_day, checkin_for, clean_note, is_valid_code,
    make_history,
)
from .model import Bundle, FormatError, HabitHistory, Progress, check_day, quoted
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
            connection.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
            connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, FIELD_MAX)
            try:
                connection.execute("PRAGMA trusted_schema = OFF")
                return _read(connection, file, today, progress)
            except sqlite3.DataError as err:  # SQLITE_TOOBIG: past FIELD_MAX
                raise FormatError(file, None, f"a field is too large to be part of a Loop "
                                  f"backup (more than {FIELD_MAX:,} bytes), so it was not "
                                  f"read ({err})") from None
            except sqlite3.OperationalError as err:
                if time.monotonic() > deadline:
                    raise FormatError(file, None, f"took too long to read (more than {budget:g} "
                                      "seconds); a Loop backup reads in well under a "
                                      "second, so this one was not read") from None
                raise FormatError(file, None, f"can't be read as a Loop backup ({err})") from None
            except sqlite3.DatabaseError as err:  # "file is not a database", a damaged page, …
                raise FormatError(file, None, f"can't be read as a Loop backup ({err})") from None


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
    habit_columns = _columns(connection, file, "Habits", _HABIT_REQUIRED)
    rep_columns = _columns(connection, file, "Repetitions", _REPETITION_REQUIRED)
    notes = "notes" if "notes" in rep_columns else "''"
    habits = connection.execute(_habit_query(habit_columns)).fetchmany(HABITS_MAX + 1)
    if len(habits) > HABITS_MAX:
        raise FormatError(file, None, f"its Habits table has more than {HABITS_MAX:,} rows; "
                          "a Loop backup holds far fewer, so it was not read")
    bundle = Bundle(source=DB_SOURCE)
    histories: dict[int, tuple[HabitHistory, bool]] = {}
    for row in habits:
        habit_id, habit = _habit(row, file)
        try:
            history = make_history(habit, file, None)
        except FormatError as err:  # no line to point at: name the row instead
            raise FormatError(file, None, f"Habits row id {habit_id}: {err.reason}") from None
        if habit_id in histories:
            raise FormatError(file, None, f"two Habits rows have the id {habit_id}")
        histories[habit_id] = history, habit.numerical
        bundle.habits.append(history)
    del habits
    repetitions = connection.execute(
        f"SELECT habit, id, timestamp, value, {notes} FROM Repetitions "
        "ORDER BY habit, timestamp, id")
    saw_auto = _add_repetitions(repetitions, histories, file, today, progress)
    if saw_auto:
        bundle.remarks.append(AUTO_REMARK)
    return bundle


def _columns(connection: sqlite3.Connection, file: str, table: str,
             required: tuple[str, ...]) -> set[str]:
    columns = {str(row[1]).lower() for row in connection.execute(f"PRAGMA table_info({table})")}
    if not columns:
        raise FormatError(file, None, f"has no {table} table, so it is not a Loop Habit Tracker "
                          "backup")
    missing = [name for name in required if name not in columns]
    if missing:
        raise FormatError(file, None, f"its {table} table lacks {', '.join(missing)}, so it is "
                          "not a Loop Habit Tracker backup")
    return columns


def _habit_query(columns: set[str]) -> str:
    optional = [name if name in columns else f"{default} AS {name}"
                for name, default in _HABIT_OPTIONAL.items()]
    return (f"SELECT {', '.join(_HABIT_REQUIRED)}, {', '.join(optional)} FROM Habits "
            "ORDER BY position, id")


def _habit(row: sqlite3.Row | tuple[object, ...], file: str) -> tuple[int, LoopHabit]:
    """One Habits row as Loop meant it: type 1 is measurable, target_type 1 is 'at most'."""
    (habit_id, name, num, den, question, description, _position, archived, kind,
     target_value, target_type, unit) = row
    where = f"habit {quoted(name)} (id {quoted(habit_id)})"
    return _integer(habit_id, f"{where}: id", file), LoopHabit(
        name=_text(name, f"{where}: name", file),
        question=_text(question, f"{where}: question", file),
        description=_text(description, f"{where}: description", file),
        num=_integer(num, f"{where}: freq_num", file), den=_integer(den, f"{where}: freq_den", file),
        numerical=kind == 1, target_value=_real(target_value, f"{where}: target_value", file),
        at_most=kind == 1 and target_type == 1, unit=_text(unit, f"{where}: unit", file),
        archived=bool(archived),
    )


def _add_repetitions(rows: sqlite3.Cursor, histories: dict[int, tuple[HabitHistory, bool]],
                     file: str, today: dt.date, progress: Progress | None) -> bool:
    """Fill each habit's ``days`` from rows in (habit, timestamp, id) order, at most
    :data:`ROWS_MAX` of them; True if Loop's YES_AUTO was among the values. Rows of no
    habit in the file are left out, as Loop shows them nowhere."""
    saw_auto = False
    replaced: dict[int, int] = {}
    current: int | None = None
    seen = 0
    for count, (habit_id, rep_id, timestamp, value, note) in enumerate(rows, start=1):
        if count > ROWS_MAX:
            raise FormatError(file, None, f"its Repetitions table has more than {ROWS_MAX:,} "
                              "rows; a Loop backup holds far fewer, so it was not read")
        if not isinstance(habit_id, int) or habit_id not in histories:
            continue
        if habit_id != current:
            current, seen = habit_id, seen + 1
            if progress is not None:
                progress(seen - 1, len(histories))
        history, numerical = histories[habit_id]
        where = f"habit {history.name!r}: Repetitions row {quoted(rep_id)}"
        stamp = _integer(timestamp, f"{where} timestamp", file)
        code = _integer(value, f"{where} value", file)
        if not is_valid_code(code, numerical):
            raise FormatError(file, None, f"{where} holds {code}, which is not a Loop value")
        day = _day(stamp, where, file, today)
        replaced[habit_id] = replaced.get(habit_id, 0) + (day in history.days)
        saw_auto |= code == YES_AUTO and not numerical
        history.days.pop(day, None)  # Loop itself lets a later entry for a day win
        note = clean_note(_text(note, f"{where} notes", file), file, None, f"{where}: ")
        add_day(history, day, checkin_for(code, note, numerical, history), file, None, f"{where}: ")
    for habit_id, twice in replaced.items():
        if twice:
            histories[habit_id][0].remarks.append(
                f"{twice} day(s) had two entries in Loop's backup; the later one was kept, "
                "as Loop does")
    if progress is not None:
        progress(len(histories), len(histories))
    return saw_auto


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


def _real(value: object, what: str, file: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if value is None:
        return 0.0
    raise FormatError(file, None, f"{what} is {quoted(value)}, not a number")


def _text(value: object, what: str, file: str) -> str:
    """A text column: a blob (or a number) where Loop writes text is refused, not shown."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value)
    raise FormatError(file, None, f"{what} is binary data, not text")

"""Loop Habit Tracker's backup: the app's own SQLite database, opened read-only.

Loop has grown its ``Habits`` table over the years (questions, measurable habits, notes
came later), so only the columns every version has are required; the others default to
what an old Loop meant by their absence.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from contextlib import closing
from pathlib import Path

from .loop_rules import (
    AUTO_REMARK, YES_AUTO, LoopHabit, add_day, checkin_for, clean_note, is_valid_code,
    make_history,
)
from .model import Bundle, FormatError, HabitHistory, Progress, check_day, check_size

DB_SOURCE = "Loop Habit Tracker backup"
_DAY_MS = 86_400_000
_EPOCH = dt.date(1970, 1, 1)
_HABIT_REQUIRED = ("id", "name", "freq_num", "freq_den")
_HABIT_OPTIONAL = {"question": "''", "description": "''", "position": "id", "archived": "0",
                   "type": "0", "target_value": "0", "target_type": "0", "unit": "''"}
_REPETITION_REQUIRED = ("id", "habit", "timestamp", "value")


def read_loop_db(path: Path, today: dt.date, progress: Progress | None = None) -> Bundle:
    """Every habit in a Loop backup with the days a person entered, in Loop's order."""
    file = path.name
    check_size(Path(file), size=path.stat().st_size)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise FormatError(file, None, f"can't be opened as a database ({err})") from None
    with closing(connection):
        try:
            return _read(connection, file, today, progress)
        except sqlite3.DatabaseError as err:  # "file is not a database", a damaged page, …
            raise FormatError(file, None, f"can't be read as a Loop backup ({err})") from None


def _read(connection: sqlite3.Connection, file: str, today: dt.date,
          progress: Progress | None) -> Bundle:
    habit_columns = _columns(connection, file, "Habits", _HABIT_REQUIRED)
    rep_columns = _columns(connection, file, "Repetitions", _REPETITION_REQUIRED)
    notes = "notes" if "notes" in rep_columns else "''"
    habits = list(connection.execute(_habit_query(habit_columns)))
    bundle = Bundle(source=DB_SOURCE)
    saw_auto = False
    for done, row in enumerate(habits, start=1):
        habit_id, habit = _habit(row, file)
        try:
            history = make_history(habit, file, None)
        except FormatError as err:  # no line to point at: name the row instead
            raise FormatError(file, None, f"Habits row id {habit_id}: {err.reason}") from None
        repetitions = connection.execute(
            f"SELECT id, timestamp, value, {notes} FROM Repetitions WHERE habit = ? "
            "ORDER BY timestamp, id", (habit_id,))
        saw_auto |= _add_repetitions(repetitions, history, habit.numerical, file, today)
        bundle.habits.append(history)
        if progress is not None:
            progress(done, len(habits))
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


def _habit(row: sqlite3.Row | tuple[object, ...], file: str) -> tuple[object, LoopHabit]:
    """One Habits row as Loop meant it: type 1 is measurable, target_type 1 is 'at most'."""
    (habit_id, name, num, den, question, description, _position, archived, kind,
     target_value, target_type, unit) = row
    where = f"habit {name!r} (id {habit_id})"
    return habit_id, LoopHabit(
        name=str(name or ""), question=str(question or ""), description=str(description or ""),
        num=_integer(num, f"{where}: freq_num", file), den=_integer(den, f"{where}: freq_den", file),
        numerical=kind == 1, target_value=_real(target_value, f"{where}: target_value", file),
        at_most=kind == 1 and target_type == 1, unit=str(unit or ""), archived=bool(archived),
    )


def _add_repetitions(rows: sqlite3.Cursor, history: HabitHistory, numerical: bool, file: str,
                     today: dt.date) -> bool:
    """Fill ``history.days``; True if Loop's YES_AUTO was among the values."""
    where = f"habit {history.name!r}"
    saw_auto = False
    replaced = 0
    for rep_id, timestamp, value, note in rows:
        stamp = _integer(timestamp, f"{where}: Repetitions row {rep_id} timestamp", file)
        code = _integer(value, f"{where}: Repetitions row {rep_id} value", file)
        if not is_valid_code(code, numerical):
            raise FormatError(file, None, f"{where}: Repetitions row {rep_id} holds {code}, "
                              "which is not a Loop value")
        day = _day(stamp, f"{where}: Repetitions row {rep_id}", file, today)
        replaced += day in history.days
        saw_auto |= code == YES_AUTO and not numerical
        history.days.pop(day, None)  # Loop itself lets a later entry for a day win
        note = clean_note(str(note or ""), file, None, f"{where}: Repetitions row {rep_id}: ")
        add_day(history, day, checkin_for(code, note, numerical, history))
    if replaced:
        history.remarks.append(f"{replaced} day(s) had two entries in Loop's backup; "
                               "the later one was kept, as Loop does")
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
    raise FormatError(file, None, f"{what} is {value!r}, not a whole number")


def _real(value: object, what: str, file: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if value is None:
        return 0.0
    raise FormatError(file, None, f"{what} is {value!r}, not a number")

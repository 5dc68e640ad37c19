"""Loop's top-level ``Checkmarks.csv``: ``Date`` and one column per exported habit.

Loop writes it beside the habit folders (``writeMultipleHabits`` in uhabits-core's
``io/HabitsCSVExporter``): a header of the habits' names, then one row per day from
today back to the oldest entry, every row ending in a comma. Its values are those of the
per-habit files (words and amounts × 1000 now, state codes before 2.3.1), but it has no
notes, so it is read only for habits whose own folder is missing.

Loop writes the names into the header as they are, without CSV quoting, so a name with a
comma spans two cells; the header is matched against the names in ``Habits.csv`` (the
columns are the exported habits, in that order) rather than split blindly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import IO

from .loop_csv import Entry, is_amount, records_of, value_code
from .loop_rules import LoopHabit, parse_new_day
from .model import FormatError, quoted


def read_wide(handle: IO[bytes], file: str, habits: list[LoopHabit], wanted: set[int],
              old: bool, today: dt.date) -> dict[int, list[Entry]]:
    """The entries of the habits at the ``wanted`` places of ``habits`` that have a column."""
    data = handle.read()
    first, _, rest = data.partition(b"\n")
    header = _decoded(first, file).removeprefix("\ufeff").rstrip("\r")
    columns = _columns(header, habits, file)
    kept = {place: habit for place, habit in enumerate(columns) if habit in wanted}
    found: dict[int, list[Entry]] = {habit: [] for habit in kept.values()}
    lines: dict[dt.date, int] = {}
    for line, row in records_of(io.BytesIO(rest), file, first_line=2):
        if row[-1:] == [""]:
            row = row[:-1]  # Loop ends every row with a comma
        if len(row) != len(columns) + 1:
            raise FormatError(file, line, f"has {len(row)} values; its header names a date and "
                              f"{len(columns)} habits")
        day = parse_new_day(row[0], today, file, line, lines)
        for place, habit in kept.items():
            cell = row[place + 1]
            code = value_code(cell, habits[habit].numerical, old, file, line)
            found[habit].append(Entry(file, line, day, code, amount=is_amount(cell, old)))
    return found


def _decoded(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FormatError(file, 1, f"is not UTF-8 text (byte {raw[err.start]:#04x}); export it "
                          "again from Loop") from None


def _columns(header: str, habits: list[LoopHabit], file: str) -> list[int]:
    """Which habit (its place in Habits.csv) each column after ``Date`` is.

    The columns are some of the habits, in Habits.csv's order; read as CSV first (a file
    saved again by a spreadsheet quotes names), then as Loop writes it, names as they are."""
    names = [habit.name for habit in habits]
    if not header.startswith("Date,") and header != "Date":
        raise FormatError(file, 1, f"has the header {quoted(header)}; Loop's top-level "
                          f"{file.rsplit('/', 1)[-1]} starts with 'Date,' and the habits' names")
    try:
        cells = next(csv.reader([header]))[1:]
    except csv.Error:
        cells = None
    if cells is not None:
        if cells[-1:] == [""]:
            cells = cells[:-1]
        matched = _in_order(cells, names)
        if matched is not None:
            return matched
    matched = _raw_in_order(header[len("Date,"):], names)
    if matched is None:
        raise FormatError(file, 1, "its header does not name the habits of Habits.csv in their "
                          "order, so its columns can't be told apart; export again from Loop")
    return matched


def _in_order(cells: list[str], names: list[str]) -> list[int] | None:
    """Each cell matched to the next habit of that name, in order; None if one is not."""
    places, at = [], 0
    for cell in cells:
        while at < len(names) and names[at] != cell:
            at += 1
        if at == len(names):
            return None
        places.append(at)
        at += 1
    return places


def _raw_in_order(text: str, names: list[str]) -> list[int] | None:
    """The header as Loop writes it, ``name,name,…,``, matched name by name (a name may
    hold a comma); None when it can't be read so."""
    places, at, read = [], 0, 0
    while read < len(text):
        while at < len(names) and not text.startswith(names[at] + ",", read):
            at += 1
        if at == len(names):
            return None
        places.append(at)
        read += len(names[at]) + 1
        at += 1
    return places

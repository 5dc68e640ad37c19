"""One habit's check-in records picked out of a month file's text, without parsing the
other habits' days: a command about one habit (a ``check`` from the shell) would
otherwise parse every habit's month, and at hundreds of habits that was most of it.

The text is searched, not trusted: the pick is made only from a file in the form this
version writes (``json.dumps`` with its default separators, each record
``{"habit": id, "days": {...}}``), and anything else is read whole instead. In valid
JSON a ``"`` inside a string is always escaped, so ``{"habit": "`` can only be the start
of an object whose first key is ``habit``: no note, however it is worded, can look like
a record. What is picked is checked as a whole file's records are (the caller reads it
as it reads a whole file); the rest of the file is not looked at, so damage there shows
when the month is next read whole (``status``, the app), not in a command about another
habit.
"""

from __future__ import annotations

import json
import re
from typing import Any

_HEAD = '{"meta": '  # a month file: its version record first …
_THEN = ', "checkins": {'  # … then its check-in records
_KEY = '"habit": '  # each record's habit, as the first of its keys:
_RECORD = '{"habit": "'
# A record whose id holds an escape before its closing quote (a pattern, compiled by ``re``
# only for a file with a backslash in it: most files have none).
_ESCAPED_ID = r'\{"habit": "[^"\\]*\\'
_DECODER = json.JSONDecoder()


def habit_part(text: str, habit_id: str) -> dict[str, Any] | None:
    """The data of a month file with only ``habit_id``'s check-in records, as
    ``schema.of_one_habit`` gives it from the whole file's; None when the text is not in
    the form this version writes (then it is read whole)."""
    if not text.startswith(_HEAD):
        return None
    try:
        meta, at = _DECODER.raw_decode(text, len(_HEAD))
    except (ValueError, RecursionError):
        return None  # (read whole, the file is refused with the reason)
    if not text.startswith(_THEN, at) or text.count(_KEY) != _plain_records(text, at):
        return None  # a record that does not begin with its habit, or names it oddly
    needle = "{" + _KEY + json.dumps(habit_id, ensure_ascii=False)
    records: dict[str, Any] = {}
    found = text.find(needle, at)
    while found != -1:
        key = _record_key(text, found)
        if key is None or key in records:
            return None
        try:
            records[key], found = _DECODER.raw_decode(text, found)
        except (ValueError, RecursionError):
            return None
        found = text.find(needle, found)
    return {"meta": meta, "checkins": records}


def _plain_records(text: str, at: int) -> int:
    """How many records from ``at`` on begin with their habit, its id written plainly
    (no escapes: ``"\\u0068..."`` would be the same id, but the search would miss it); -1
    when one is not plain. (In valid JSON a record's ``{"habit": "`` is never inside a
    string, and its id ends at the first quote not escaped.)"""
    if text.find("\\", at) != -1 and re.compile(_ESCAPED_ID).search(text, at) is not None:
        return -1
    return text.count(_RECORD, at)


def _record_key(text: str, start: int) -> str | None:
    """The key of the record that begins at ``start``: ``"12": {...``, the record's
    number as TinyDB writes it (anything else: None)."""
    if not text.startswith('": ', start - 3):
        return None
    opening = text.rfind('"', 0, start - 3)
    key = text[opening + 1:start - 3]
    if not (key.isascii() and key.isdigit()) or text[opening - 1] not in "{ ":
        return None
    return key

"""Our own export, read back (:mod:`tracker.porting.native_export` writes it): each habit
exactly as stored, as its ``original``, so an import into empty data recreates it
exactly. Version 1 (before amounts had decimals) reads too: a habit without
``measured`` is measured when its target is above 1, and a day's 0 there was no amount.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain import CheckIn, Habit, TrackerError
from ..domain.amounts import Amount
from ..domain.habits import NOTE_MAX, clean_name, clean_target, clean_text, clean_unit
from ..domain.bounds import VALUE_MAX
from . import model
from .model import (
    Bundle, FormatError, HabitHistory, Progress, check_day, check_value, exact, quoted,
    thousandths,
)
from .native_export import FORMAT, VERSION, write_csv, write_json
from .reading import (_constant, _finite, _number, _Refused, load_json, read_file, size_text,
                      unique_keys, utf8_text)

__all__ = ["FORMAT", "MAX_EXPORT_BYTES", "is_our_export", "read_json", "write_csv", "write_json"]

# Our exports, unlike other trackers' files, can be large (a line a check-in, 65 bytes):
# 200 habits × 20 years is 69 MB, and 200 habits × 50 years with every day recorded is
# 3.7 million check-ins, 237 MB. Past this a file is refused unread. An import of one
# read as it streams by peaks at some 3.4 times its size in memory (232 MB for the 69 MB
# one), so under 1 GB at this limit; a file read whole (not laid out as ours are) takes
# many times more, so only one within ``model.MAX_FILE_BYTES`` is.
MAX_EXPORT_BYTES = 256 * 1024 * 1024
ID_MAX = 64  # ours are 12 hex digits; an id is never shown, only matched
POSITION_MAX = 1_000_000
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MARK = re.compile(r"[ \t\n\r]*(.?)[ \t\n\r]*", re.DOTALL)  # JSON's space, a mark, space


def is_our_export(head: bytes) -> bool:
    """Whether a file's first bytes say it is one of our exports."""
    return FORMAT.encode() in head


def read_json(path: Path, today: dt.date, progress: Progress | None = None) -> Bundle:
    advice = "an export of ours is UTF-8, so the file may be damaged"
    raw = read_file(path, limit=MAX_EXPORT_BYTES)
    size, text = len(raw), utf8_text(raw, path, advice)
    del raw  # (only the text is held while it is read)
    try:
        return _streamed(path, text, today, progress)
    except _NotStreamed as why:  # read whole: the same answer, every problem in its own words
        if size > model.MAX_FILE_BYTES:  # … but not a file too large to be read whole
            raise why.refused or FormatError(
                path, None, "it can't be read as our exports are laid out (one check-in a "
                f"line), and a file past {size_text(model.MAX_FILE_BYTES)} is read no other "
                "way; it may be damaged") from None
        data = load_json(text.encode("utf-8"), path, advice)
    version = _checked_head(path, data)
    histories = _habits(path, data.get("habits"))
    _checkins(path, data.get("checkins"), histories, today, progress, version)
    return Bundle("Trust Tracker export", list(histories.values()))


def _checked_head(path: Path, data: object) -> int:
    """The export's version, or ``FormatError`` when it is not an export we can read."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FormatError(path, None, "this is not a Trust Tracker export")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError(path, None, f"its version is {quoted(version)}; an export's version "
                          "is a whole number like 1")
    if version > VERSION:
        raise FormatError(path, None, f"this export is version {version}; this Trust Tracker "
                          f"reads up to version {VERSION} (update it to read this file)")
    return version


# -- reading an export as it streams by ------------------------------------------------
class _NotStreamed(Exception):
    """The file is not laid out as our exports are (or is not valid JSON): read it whole.
    ``refused``: the refusal of its head, when that is why."""

    def __init__(self, refused: FormatError | None = None) -> None:
        super().__init__()
        self.refused = refused


def _streamed(path: Path, text: str, today: dt.date, progress: Progress | None) -> Bundle:
    """An export laid out as ours are (format, version, habits, then check-ins) read with
    each check-in taken as the parser finishes it: never all held at once (50 MB for 50
    habits × 10 years). The same checks as ``load_json``, the same answer as reading it
    whole: a problem is said once the rest has parsed; anything unusual (a check-in
    holding an object, say) is read whole (``_NotStreamed``)."""
    scan = _scanner(unique_keys)
    head: dict[str, Any] = {}
    found: FormatError | None = None  # a habit refused: said once the file parses
    reader: _CheckinReader | None = None
    try:
        mark, at = _mark(text, 0)
        while mark == ("," if head else "{"):
            key, at = scan(text, at)
            mark, at = _mark(text, at)
            if not isinstance(key, str) or key in head or mark != ":":
                raise _NotStreamed
            if key == "checkins" and list(head)[:2] == ["format", "version"] and "habits" in head:
                reader = _CheckinReader(path, head, today, progress, text.count("\n", at), found)
                taken, at = _scanner(reader.hook)(text, at)  # each object: one taken, one _TAKEN
                if not (type(taken) is list and len(taken) == taken.count(_TAKEN) == reader.number):
                    raise _NotStreamed  # not all objects, or an object inside one was taken too
                head[key] = None
            else:
                head[key], at = scan(text, at)
                if key == "habits":
                    try:
                        head[key] = _habits(path, head[key])
                    except FormatError as err:
                        head[key], found = {}, err
            mark, at = _mark(text, at)
        if mark != "}" or at != len(text) or reader is None:
            raise _NotStreamed
    except (ValueError, StopIteration, IndexError, RecursionError, _Refused):
        raise _NotStreamed from None
    if reader.found is not None:
        raise reader.found
    return Bundle("Trust Tracker export", list(reader.histories.values()))


def _scanner(hook: Callable[[list[tuple[str, Any]]], Any]) -> Callable[[str, int], tuple[Any, int]]:
    """The JSON parser ``load_json`` uses, for one value at ``text[at]``, objects through ``hook``."""
    decoder = json.JSONDecoder(object_pairs_hook=hook, parse_int=_number, parse_float=_finite,
                               parse_constant=_constant)
    return decoder.scan_once  # type: ignore[attr-defined]  # set by JSONDecoder(); not in the stubs


def _mark(text: str, at: int) -> tuple[str, int]:
    """The mark after the space at ``at`` ("" at the end), and where what follows begins."""
    found = _MARK.match(text, at)
    return (found[1], found.end()) if found else ("", at)


_TAKEN = object()  # what the list of check-ins holds for each one taken


class _CheckinReader:
    """Check-ins one by one, as ``_checkins`` reads them: the common one (a day seen
    before, a whole amount, a note ``clean_text`` takes as it is (printable, short) or
    none) here, each amount's check-in shared; any other through ``_checkin``. The first
    problem is kept, said once the file parses."""

    def __init__(self, path: Path, head: dict[str, Any], today: dt.date,
                 progress: Progress | None, lines: int, found: FormatError | None) -> None:
        try:
            self.version = _checked_head(path, head)
        except FormatError as err:
            raise _NotStreamed(err) from None  # reading it whole says so (after any JSON error)
        self.path, self.histories, self.today, self.number = path, head["habits"], today, 0
        self.found = found  # the first problem (a habit refused, or a check-in)
        self.progress, self.total = progress, lines  # one check-in a line, as we write them
        self.days: dict[str, dt.date] = {}  # dates read and checked, by their text
        self.plain: dict[tuple[Amount | None, bool], CheckIn] = {}

    def hook(self, pairs: list[tuple[str, Any]]) -> object:
        """The parser's hook for each object in the list of check-ins, as it is finished:
        the check-in is taken (the first problem kept) and ``_TAKEN`` left in its place."""
        self.number += 1
        number = self.number
        if self.progress is not None and number % 5000 == 0:
            self.progress(number, max(self.total, number))
        if len(pairs) == 3 and self.found is None and self.version > 1:  # as we write most days
            (key, habit), (key_2, date), (key_3, value) = pairs
            if key == "habit" and key_2 == "date" and key_3 == "value" and type(value) is int \
                    and type(habit) is str and type(date) is str:
                history, day = self.histories.get(habit), self.days.get(date)
                checkin = self.plain.get((value, False))
                if history is not None and day is not None and checkin is not None \
                        and day not in history.days:  # (a check-in seen before, shared)
                    history.days[day] = checkin
                    return _TAKEN
        item = dict(pairs)
        if len(item) < len(pairs):
            unique_keys(pairs)  # a key twice: refused, in its words
        if self.found is not None:
            return _TAKEN
        habit, date, value = item.get("habit"), item.get("date"), item.get("value")
        skipped, note = item.get("skipped", False), item.get("note", "")
        history = self.histories.get(habit) if type(habit) is str else None
        day = (self.days.get(date) or self._day(date)) if type(date) is str else None
        try:
            if history is not None and day is not None and type(skipped) is bool \
                    and (value is None or type(value) is int and 0 <= value <= VALUE_MAX) \
                    and (note == "" or type(note) is str and note.isprintable() and len(note) <= NOTE_MAX):
                if self.version == 1 and value == 0:
                    value = None  # version 1 had a number on every day: 0 was none
                checkin = CheckIn(value, skipped, note) if note else \
                    self.plain.get((value, skipped)) or self._shared(CheckIn(value, skipped))
            else:
                day, checkin, history = _checkin(self.path, item, number, self.histories,
                                                 self.today, self.version)
                checkin = checkin if checkin.note else self._shared(checkin)
            _put(self.path, number, day, checkin, history)
        except FormatError as err:
            self.found = err
        return _TAKEN

    def _shared(self, checkin: CheckIn) -> CheckIn:
        """One check-in for each amount (and skip) without a note."""
        return self.plain.setdefault((checkin.value, checkin.skipped), checkin)

    def _day(self, text: str) -> dt.date | None:
        """A date as ``_checkin`` takes it (None: it says why not), remembered."""
        try:
            if _ISO_DAY.fullmatch(text):
                self.days[text] = check_day(dt.date.fromisoformat(text), self.today, self.path, None)
        except (ValueError, FormatError):
            pass
        return self.days.get(text)


def _habits(path: Path, raw: object) -> dict[str, HabitHistory]:
    if not isinstance(raw, list):
        raise FormatError(path, None, "'habits' should be a list")
    found: dict[str, HabitHistory] = {}
    for number, item in enumerate(raw, start=1):
        where = f"habit {number}"
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            where = f"{where} ({quoted(item['name'])})"
        habit = _habit(path, item, where)
        if habit.id in found:
            raise FormatError(path, None, f"{where} has the id {habit.id!r} of an earlier one")
        found[habit.id] = HabitHistory(
            name=habit.name, schedule=habit.schedule, target=habit.target,
            measured=habit.measured, unit=habit.unit, at_most=habit.at_most, kind=habit.kind,
            for_whom=habit.for_whom, why=habit.why, tags=habit.tags,
            archived=habit.archived is not None, start=habit.start, original=habit)
    return found


def _habit(path: Path, item: object, where: str) -> Habit:
    """One habit exactly as we store it, or refused naming it: every value in range
    (days 1900-2200, a schedule of at most a year), the id and name plain text."""
    if not isinstance(item, dict):
        raise FormatError(path, None, f"{where} should be an object, as our export writes it")
    raw_id = item.get("id")
    if not isinstance(raw_id, str) or not 0 < len(raw_id) <= ID_MAX or not raw_id.isprintable():
        raise FormatError(path, None, f"{where} has the id {quoted(raw_id)}; an id is plain "
                          f"text of 1 to {ID_MAX} characters")
    try:
        habit = Habit.from_dict(item)
        clean_name(habit.name)
        clean_target(habit.target, at_most=habit.at_most)
        clean_unit(habit.unit)
    except TrackerError as err:
        raise FormatError(path, None, f"{where} can't be imported: {err}") from None
    except (KeyError, ValueError, TypeError, AttributeError, OverflowError) as err:
        raise FormatError(path, None, f"{where} is not a habit as we store it ({err})") from None
    if not 0 <= habit.position <= POSITION_MAX:
        raise FormatError(path, None, f"{where} has the position {quoted(habit.position)}; "
                          f"positions run from 0 to {POSITION_MAX:,}")
    return habit


def _checkins(path: Path, raw: object, histories: dict[str, HabitHistory], today: dt.date,
              progress: Progress | None, version: int) -> None:
    if not isinstance(raw, list):
        raise FormatError(path, None, "'checkins' should be a list")
    for number, item in enumerate(raw, start=1):
        _put(path, number, *_checkin(path, item, number, histories, today, version))
        if progress is not None and number % 5000 == 0:
            progress(number, len(raw))


def _put(path: Path, number: int, day: dt.date, checkin: CheckIn, history: HabitHistory) -> None:
    if day in history.days:
        raise FormatError(path, None, f"check-in {number} ({history.name}): "
                          f"{history.name} on {day} appears twice")
    history.days[day] = checkin


def _checkin(path: Path, item: object, number: int, histories: dict[str, HabitHistory],
             today: dt.date, version: int) -> tuple[dt.date, CheckIn, HabitHistory]:
    """Check-in ``number``: its day, what it holds and its habit's history, each field of
    the type we write (no ``"skipped": "no"``), or refused saying why."""
    if not isinstance(item, dict) or not isinstance(item.get("habit"), str) \
            or item["habit"] not in histories:
        raise FormatError(path, None, f"check-in {number} names no habit of this file")
    history = histories[item["habit"]]
    where = f"check-in {number} ({history.name})"
    date = item.get("date")
    if not isinstance(date, str) or not _ISO_DAY.fullmatch(date):
        raise FormatError(path, None, f"{where} has the date {quoted(date)}, not YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise FormatError(path, None, f"{where} has the date {date!r}, which is not a day") from None
    check_day(day, today, path, None)
    value = _value(path, item.get("value"), f"{where}, {day}: ", history, version)
    skipped, note = item.get("skipped", False), item.get("note", "")
    if not isinstance(skipped, bool) or not isinstance(note, str):
        raise FormatError(path, None, f"{where}, {day}: 'skipped' should be true or false "
                          "and 'note' text")
    try:
        clean_text(note, "note", NOTE_MAX)
    except TrackerError as err:
        raise FormatError(path, None, f"{where}, {day}: {err}") from None
    return day, CheckIn(value, skipped, note), history


def _value(path: Path, raw: object, where: str, history: HabitHistory,
           version: int) -> Amount | None:
    """A day's amount: a JSON number with up to three decimals (a finer one is rounded
    and counted), or null for none; in version 1, where every day had a number, 0 was none."""
    if raw is None:
        return None
    if not isinstance(raw, int | float) or isinstance(raw, bool):
        raise FormatError(path, None, f"{where}the value {quoted(raw)} is not a number")
    value = check_value(exact(raw), path, None, where)
    if version == 1 and value == 0:
        return None
    return thousandths(value, history)

"""The shape of what is on disk, checked on every read, and the compact record formats.

Since version 4 every record carries the time it last changed, on the hybrid clock of
:mod:`tracker.domain.versions` (the device is the one whose folder holds the file):

- a day is stored under its day of the month as ``[value, time]`` when it is only an
  amount (the common case, ``"26": [1, 1764590000000]``, or ``[2.5, …]``), else as
  ``[value, skipped, note, time]`` with ``null`` for no amount; a cleared day is
  ``[0, time]``, so a merge never brings it back, and a recorded none (which keeps a
  limit) is ``[0, false, "", time]``;
- a habit is its fields plus ``"stamp": time``; a removed one is
  ``{"id": …, "stamp": time, "removed": true}``.

Version 5 added amounts with decimals, units and limits, and with them a recorded none;
a month file says its version, and in one from before 5 every 0 is nothing recorded, so
version 4 files are read as they are, never rewritten to be read. Versions 2 and 3
stored a day without a time (a bare number, or ``[value, skipped,
note]``); their files are read as of time 0, older than any change. Anything else is
damage: the file is refused whole, never half read.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeGuard

from ..domain import CheckIn, Habit, TrackerError
from ..domain.amounts import Amount, json_amount, stored_amount
from ..domain.bounds import VALUE_MAX
from ..domain.dates import run_of_days
from ..domain.schedules import next_month

SCHEMA_VERSION = 5

Day = tuple[CheckIn, int]  # one day's version: the check-in (empty when cleared) and its time
HabitRecord = tuple[Habit | None, int]  # one habit's version: None when removed


class SchemaError(ValueError):
    """Raised with the reason a file does not have the shape it must have."""


def _number(raw: object) -> TypeGuard[int]:
    return isinstance(raw, int) and not isinstance(raw, bool)


def encode_checkin(checkin: CheckIn, time: int) -> list[Any]:
    """A day as it is stored. The common ``[amount, time]`` the same as the last one made
    (an import writes a habit's month at one time) is that same list: stored lists are
    never changed in place, only replaced, so a month of them costs one list, not 30."""
    global _last_day
    amount = checkin.value
    value = amount if amount is None or type(amount) is int else json_amount(amount)
    if not checkin.skipped and not checkin.note and value != 0:
        last = _last_day
        if last[1] == time and last[0] == value and type(last[0]) is type(value):
            return last
        _last_day = [value or 0, time]  # nothing recorded is 0 in the short form
        return _last_day
    return [value, checkin.skipped, checkin.note, time]


_last_day: list[Any] = [None, -1]  # the last common day encoded (never a real time)


def decode_checkin(raw: object, *, stamped: bool = True, zero_is_nothing: bool = False) -> Day:
    """A stored day; ``stamped=False`` reads the time-less form of versions 2 and 3, and
    ``zero_is_nothing`` a file from before version 5, where a 0 was never a recorded none."""
    if stamped and type(raw) is list and len(raw) == 2:  # the common day, [1, time], at once
        value, time = raw
        if type(value) is int and type(time) is int and 0 < value <= VALUE_MAX and time >= 0:
            return _plain(value), time
    checkin, time = None, 0
    if stamped and isinstance(raw, list) and raw and _number(raw[-1]) and raw[-1] >= 0:
        time, raw = raw[-1], (raw[0] if len(raw) == 2 else raw[:-1])
    elif stamped:
        raw = None
    try:
        if _amount(raw):
            checkin = CheckIn(_value(raw) or None)  # 0 alone: nothing recorded
        elif (isinstance(raw, list) and len(raw) == 3 and (raw[0] is None or _amount(raw[0]))
                and isinstance(raw[1], bool) and isinstance(raw[2], str)):
            value = _value(raw[0])
            checkin = CheckIn(None if zero_is_nothing and not value else value, raw[1], raw[2])
        if checkin is not None:
            checkin.check_stored()
            return checkin, time
    except ValueError:
        pass
    raise SchemaError(f"a check-in reads {str(raw)[:80]!r}")


@lru_cache(maxsize=1024)
def _plain(value: int) -> CheckIn:
    """A day of only a whole amount: one shared (immutable) check-in per amount."""
    return CheckIn(value)


def _amount(raw: object) -> TypeGuard[int | float]:
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def _value(raw: object) -> Amount | None:
    return None if raw is None else stored_amount(raw)


def table(data: dict[str, Any], name: str, *, required: bool = True) -> dict[str, Any]:
    found = data.get(name)
    if found is None and not required:
        return {}
    if not isinstance(found, dict) or not all(isinstance(d, dict) for d in found.values()):
        raise SchemaError(f"the {name!r} table is missing or malformed")
    return found


def schema_version(data: dict[str, Any]) -> int:
    records = list(table(data, "meta").values())
    version = records[0].get("schema") if len(records) == 1 else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise SchemaError("its version record is missing or unreadable")
    return version


def main_data() -> dict[str, Any]:
    """The main file since version 4: only the version (the records are in device folders)."""
    return {"meta": {"1": {"schema": SCHEMA_VERSION, "app": "trust-tracker"}}}


def habit_of(doc: dict[str, Any]) -> Habit:
    try:
        return Habit.from_dict(doc)
    except (KeyError, ValueError, TypeError, AttributeError, TrackerError) as err:
        raise SchemaError(f"a habit record is malformed ({err})") from None


def read_habits(data: dict[str, Any]) -> dict[str, Habit]:
    """The habits of a version 2 or 3 main file."""
    habits = [habit_of(doc) for doc in table(data, "habits").values()]
    return {habit.id: habit for habit in habits}


def read_habit_records(data: dict[str, Any]) -> dict[str, HabitRecord]:
    """A device's habits file: each habit's version, removals included."""
    return made_records(stored_habit_records(data))


def made_records(stored: Mapping[str, tuple[dict[str, Any] | None, int]]) -> dict[str, HabitRecord]:
    """Stored habit records (see ``stored_habit_records``), each made a habit."""
    return {habit_id: (None if doc is None else habit_of(doc), time) for habit_id, (doc, time) in stored.items()}


def stored_habit_records(data: dict[str, Any]) -> dict[str, tuple[dict[str, Any] | None, int]]:
    """A device's habits file as stored: each habit's record (None when removed) and its
    time, the time, id and removal checked (the rest, when it is made a habit)."""
    found: dict[str, tuple[dict[str, Any] | None, int]] = {}
    for doc in table(data, "habits").values():
        time, habit_id, removed = doc.get("stamp"), doc.get("id"), doc.get("removed", False)
        if not _number(time) or time < 0 or not isinstance(habit_id, str) or removed not in (True, False):
            raise SchemaError(f"a habit record has no time or no id ({str(doc)[:80]!r})")
        found[habit_id] = (None if removed else doc, time)
    return found


def listed_months(data: dict[str, Any]) -> set[dt.date] | None:
    """The months a device's habits file says the device has a file of (None: it does
    not say). A device's own month file that is listed but missing is damage, not an
    empty month; another device's may still be on its way from a sync."""
    records = list(table(data, "meta", required=False).values())
    raw = records[0].get("months") if len(records) == 1 else None
    if raw is None:
        return None
    try:
        assert isinstance(raw, list) and all(isinstance(m, str) and len(m) == 7 for m in raw)
        return {dt.date.fromisoformat(f"{m}-01") for m in raw}
    except (AssertionError, ValueError):
        raise SchemaError(f"its list of months reads {str(raw)[:80]!r}") from None


def habit_doc(habit_id: str, habit: Habit | None, time: int) -> dict[str, Any]:
    if habit is None:
        return {"id": habit_id, "stamp": time, "removed": True}
    return {**habit.to_dict(), "stamp": time}


def read_month(data: dict[str, Any], month: dt.date, *,
               stamped: bool = True) -> dict[str, dict[dt.date, Day]]:
    """One month file's days by habit id, every day checked to lie in ``month``."""
    before_limits = _month_schema(data, month)
    out: dict[str, dict[dt.date, Day]] = {}
    dates = _month_days(month)
    for habit_id, days in _month_docs(data):
        found = out.setdefault(habit_id, {})
        for day_text, raw in days.items():
            day = dates.get(day_text) or _named_day(day_text, month)
            found[day] = decode_checkin(raw, stamped=stamped, zero_is_nothing=before_limits)
    return out


def read_month_checkins(data: dict[str, Any], month: dt.date,
                        into: dict[str, dict[dt.date, CheckIn]], *, share: bool = True) -> int:
    """One device's month file (stamped, version 4 on) read into ``into``: each habit's
    visible check-ins put in its dict there, as ``read_month`` reads them (a later
    record of a day wins, a cleared day is left out), checked just as whole. Returns the
    latest time the file holds.

    A first status after a migration reads every month of every habit, and a call and
    a tuple per day were most of its cost: the stored forms as this version writes them
    are checked inline here (the common ``[whole amount, time]`` becomes the one shared
    check-in of its amount); anything else goes through ``decode_checkin``.

    The file's data may stay in memory (the month this device writes to stays, to be
    written), so with ``share`` a day stored as the same ``[amount, time]`` as the day
    before it (an import, a migration or a merge writes a month at one time) is made to
    share that day's list: the data says the same, in a fraction of the memory. Stored
    lists are never changed in place (a write puts a new list under the day), so sharing
    one is safe. A reader that lets the data go once read (years of months) passes
    ``share=False``: each list put aside would only be freed twice over."""
    before_limits = _month_schema(data, month)
    dates = _month_days(month)
    plain = _PLAIN
    top = VALUE_MAX
    latest = 0
    last: list[int] = []  # the last common day read: [amount, time], checked
    last_value = last_time = -1
    seen: set[str] = set()  # the habits read: one twice may say a day twice
    odd = False  # a day may be said twice: read as ``read_month`` reads (the later one wins)
    for habit_id, days in _month_docs(data):
        odd = odd or habit_id in seen
        seen.add(habit_id)
        found = into.setdefault(habit_id, {})
        for day_text, raw in days.items():
            try:  # (each step here is paid on every day of years of them: no calls)
                day: dt.date | None = dates[day_text]
            except KeyError:
                day = None
            if day is not None and type(raw) is list:
                size = len(raw)
                if size == 2:
                    value, time = raw
                    if type(value) is int and type(time) is int and 0 < value <= top and time >= 0:
                        try:
                            found[day] = plain[value]
                        except KeyError:
                            found[day] = _plain_day(value)
                        if not share:
                            if time > latest:
                                latest = time
                        elif value == last_value and time == last_time:
                            days[day_text] = last  # (the same key: the dict keeps its size)
                        else:
                            last, last_value, last_time = raw, value, time
                            if time > latest:
                                latest = time
                        continue
                elif size == 4:
                    value, skipped, note, time = raw
                    if (type(skipped) is bool and type(note) is str and type(time) is int
                            and time >= 0 and (value is None or type(value) is int and 0 <= value <= top)
                            and note.isascii()):  # (other text is checked to be encodable)
                        if before_limits and not value:
                            value = None  # a 0 before version 5 was nothing recorded
                        if time > latest:
                            latest = time
                        if note:
                            found[day] = CheckIn(value, skipped, note)
                        elif value is None and not skipped:  # (``CheckIn.is_empty``, without a
                            # check-in made to ask: nothing recorded, no skip, no note: cleared)
                            found.pop(day, None)
                        else:
                            found[day] = _bare(value, skipped)
                        continue
            if day is None:
                day, odd = _named_day(day_text, month), True  # "05": the 5th, maybe again
            checkin, time = decode_checkin(raw, zero_is_nothing=before_limits)
            latest = max(latest, time)
            if checkin.is_empty:
                found.pop(day, None)
            else:
                found[day] = checkin
    return _as_read_month(data, month, into) if odd else latest


def _as_read_month(data: dict[str, Any], month: dt.date, into: dict[str, dict[dt.date, CheckIn]]) -> int:
    """A month file that says a day twice, read again as ``read_month`` reads it: the
    later record wins, and only the winners' times count towards the latest."""
    latest = 0
    for habit_id, by_day in read_month(data, month).items():
        found = into.setdefault(habit_id, {})
        for day in _month_days(month).values():
            found.pop(day, None)  # what the quick pass put there
        for day, (checkin, time) in by_day.items():
            latest = max(latest, time)
            if not checkin.is_empty:
                found[day] = checkin
    return latest


@lru_cache(maxsize=1024)
def _bare(value: int | None, skipped: bool) -> CheckIn:
    """A day without a note: one shared (immutable) check-in per amount and skip."""
    return CheckIn(value, skipped)


def _month_schema(data: dict[str, Any], month: dt.date) -> bool:
    """Check a month file says it holds ``month``; True when it is from before version 5."""
    records = list(table(data, "meta").values())
    record = records[0] if len(records) == 1 else {}
    if record.get("month") != f"{month:%Y-%m}":
        raise SchemaError(f"it should hold {month:%Y-%m} but says {record.get('month')!r}")
    return not isinstance(record.get("schema"), int) or record["schema"] < 5


def stored_days_of(data: dict[str, Any], month: dt.date,
                   keys: Iterable[tuple[str, dt.date]]) -> dict[tuple[str, dt.date], Day] | None:
    """The days ``keys`` (habit id, day) as one month file stores them (a day it does not
    store is left out), when it holds each habit once and names each day plainly ("1" to
    "31"); None otherwise (such a file is read as ``read_month`` reads it)."""
    dates = _month_days(month)
    by_habit: dict[str, dict[str, Any]] = {}
    for habit_id, days in _month_docs(data):
        if habit_id in by_habit or not all(name in dates for name in days):
            return None
        by_habit[habit_id] = days
    before_limits = _month_schema(data, month)
    found: dict[tuple[str, dt.date], Day] = {}
    for habit_id, day in keys:
        days = by_habit.get(habit_id, {})
        if (name := str(day.day)) in days:
            found[(habit_id, day)] = decode_checkin(days[name], zero_is_nothing=before_limits)
    return found


def of_one_habit(data: dict[str, Any], habit_id: str) -> dict[str, Any]:
    """A month file's data with only one habit's check-in records, read as a whole file
    is (a command about one habit decodes no other's days; the file was still parsed,
    and its tables are checked as ever)."""
    docs = table(data, "checkins")
    return {**data, "checkins": {key: doc for key, doc in docs.items() if doc.get("habit") == habit_id}}


def _month_docs(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for doc in table(data, "checkins").values():
        habit_id, days = doc.get("habit"), doc.get("days")
        if not isinstance(habit_id, str) or not isinstance(days, dict):
            raise SchemaError("a check-in record has no habit or no days")
        yield habit_id, days


def _named_day(day_text: str, month: dt.date) -> dt.date:
    try:  # a hand-edited "05" is still the 5th
        return month.replace(day=int(day_text))
    except (ValueError, TypeError):
        raise SchemaError(f"{day_text!r} is not a day of {month:%Y-%m}") from None


# A day of only a whole amount: one shared (immutable) check-in per amount, by amount (a
# plain dict, looked up without a call; see ``_plain_day``)
_PLAIN: dict[int, CheckIn] = {}


def _plain_day(value: int) -> CheckIn:
    """The shared check-in of an amount not in ``_PLAIN`` yet: kept there for the first
    few thousand amounts seen, so a habit of steps cannot grow it for ever."""
    checkin = _plain(value)
    if len(_PLAIN) < 4096:
        _PLAIN[value] = checkin
    return checkin


@lru_cache(maxsize=256)
def _month_days(month: dt.date) -> dict[str, dt.date]:
    """The days of ``month`` by the name a month file gives them ("1" to "31"): the shared
    date objects (see :mod:`tracker.domain.dates`), which timelines look days up by."""
    days = run_of_days(month, (next_month(month) - month).days)
    return {str(day.day): day for day in days}


def month_data(month: dt.date, habits: dict[str, dict[str, Any]]) -> dict[str, Any]:
    docs = {str(i): {"habit": habit_id, "days": days}
            for i, (habit_id, days) in enumerate(sorted(habits.items()), start=1)}
    return {"meta": {"1": {"schema": SCHEMA_VERSION, "month": f"{month:%Y-%m}"}},
            "checkins": docs}

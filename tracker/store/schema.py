"""The shape of what is on disk, checked on every read, and the compact check-in format.

A check-in is stored under its day of the month as a bare number when it is only a value
(the common case, ``"26": 1``), else as ``[value, skipped, note]``. Anything else is
damage: the file is refused whole, never half read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import CheckIn, Habit, TrackerError

SCHEMA_VERSION = 3


class SchemaError(ValueError):
    """Raised with the reason a file does not have the shape it must have."""


def encode_checkin(checkin: CheckIn) -> int | list[Any]:
    if not checkin.skipped and not checkin.note:
        return checkin.value
    return [checkin.value, checkin.skipped, checkin.note]


def decode_checkin(raw: object) -> CheckIn:
    checkin = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        checkin = CheckIn(raw)
    elif (isinstance(raw, list) and len(raw) == 3 and isinstance(raw[0], int)
            and not isinstance(raw[0], bool) and isinstance(raw[1], bool)
            and isinstance(raw[2], str)):
        checkin = CheckIn(raw[0], raw[1], raw[2])
    try:
        if checkin is not None:
            checkin.check_stored()
            return checkin
    except ValueError:
        pass
    raise SchemaError(f"a check-in reads {str(raw)[:80]!r}")


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


def read_habits(data: dict[str, Any]) -> dict[str, Habit]:
    habits: dict[str, Habit] = {}
    for doc in table(data, "habits").values():
        try:
            habit = Habit.from_dict(doc)
        except (KeyError, ValueError, TypeError, AttributeError, TrackerError) as err:
            raise SchemaError(f"a habit record is malformed ({err})") from None
        habits[habit.id] = habit
    return habits


def read_month(data: dict[str, Any], month: dt.date) -> dict[str, dict[dt.date, CheckIn]]:
    """One month file's check-ins by habit id, every day checked to lie in ``month``."""
    records = list(table(data, "meta").values())
    record = records[0] if len(records) == 1 else {}
    if record.get("month") != f"{month:%Y-%m}":
        raise SchemaError(f"it should hold {month:%Y-%m} but says {record.get('month')!r}")
    out: dict[str, dict[dt.date, CheckIn]] = {}
    for doc in table(data, "checkins").values():
        habit_id, days = doc.get("habit"), doc.get("days")
        if not isinstance(habit_id, str) or not isinstance(days, dict):
            raise SchemaError("a check-in record has no habit or no days")
        found = out.setdefault(habit_id, {})
        for day_text, raw in days.items():
            try:
                day = month.replace(day=int(day_text))
            except (ValueError, TypeError):
                raise SchemaError(f"{day_text!r} is not a day of {month:%Y-%m}") from None
            found[day] = decode_checkin(raw)
    return out

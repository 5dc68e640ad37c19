"""Bringing older layouts up to version 3, pure steps (data in, data out); the step to
version 4, into this device's folder, is :func:`tracker.store.intake.migrate`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import CheckIn
from .layout import month_of
from .schema import SchemaError, table


def split_v1(data: dict[str, Any]) -> tuple[dict[str, Any], dict[dt.date, dict[str, Any]]]:
    """Version 1 (the foundation's single file, one document per check-in) → version 2
    (whose main file ``split_local`` then takes to version 3).

    Returns the new main file's data and each month file's data. Every check-in and note
    is carried over; nothing is dropped, so a malformed one stops the migration instead.
    """
    by_month: dict[dt.date, dict[str, dict[str, Any]]] = {}
    for doc in table(data, "checkins", required=False).values():
        try:
            day = dt.date.fromisoformat(doc["date"])
            checkin = CheckIn.from_dict(doc)
            habit_id = str(doc["habit"])
        except (KeyError, ValueError, TypeError) as err:
            raise SchemaError(f"a version-1 check-in is malformed ({err})") from None
        days = by_month.setdefault(month_of(day), {}).setdefault(habit_id, {})
        days[str(day.day)] = (checkin.value if not checkin.skipped and not checkin.note
                              else [checkin.value, checkin.skipped, checkin.note])
    months = {month: _older_month_data(month, habits) for month, habits in by_month.items()}
    main = {
        "meta": {"1": {"schema": 2, "app": "trust-tracker"}},
        "habits": table(data, "habits", required=False),
        "history": table(data, "history", required=False),
    }
    return main, months


def split_local(main: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Version 2 → version 3: the undo log leaves the shared main file for this device's
    own folder (it undoes this device's changes), and the cached checkpoints are dropped
    (they are worked out again, and cached on this device). Returns the new main file's
    data and the undo file's."""
    shared = {"meta": {"1": {"schema": 3, "app": "trust-tracker"}},
              "habits": table(main, "habits", required=False)}
    return shared, {"undo": table(main, "history", required=False)}


def _older_month_data(month: dt.date, habits: dict[str, dict[str, Any]]) -> dict[str, Any]:
    docs = {str(i): {"habit": habit_id, "days": days}
            for i, (habit_id, days) in enumerate(sorted(habits.items()), start=1)}
    return {"meta": {"1": {"schema": 3, "month": f"{month:%Y-%m}"}}, "checkins": docs}

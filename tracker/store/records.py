"""Every device's files read as one: for each record, the later version wins.

A device writes only its own files; the data is what all of them say together. A version
is ordered by its time on the hybrid clock, then by the device (see
:mod:`tracker.domain.versions`), so every reader, whatever order a sync tool delivered
the files in, sees the same data. A removal (a cleared day, a removed habit) is a
version like any other, so an older copy never brings back what was removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..domain import CheckIn, Habit
from ..domain.versions import Stamp, Version, later, merged
from .schema import (Day, HabitRecord, read_habit_records, read_month, read_month_checkins,
                     stored_days_of, table)

DayKey = tuple[str, dt.date]  # (habit id, day)
DayVersions = dict[DayKey, Version[CheckIn]]
HabitVersions = dict[str, Version[Habit]]


def day_versions(device: str, days: Mapping[str, Mapping[dt.date, Day]]) -> DayVersions:
    return {(habit_id, day): Version(None if checkin.is_empty else checkin, Stamp(time, device))
            for habit_id, by_day in days.items() for day, (checkin, time) in by_day.items()}


def habit_versions(device: str, records: Mapping[str, HabitRecord]) -> HabitVersions:
    return {habit_id: Version(habit, Stamp(time, device))
            for habit_id, (habit, time) in records.items()}


def month_versions(copies: Mapping[str, dict[str, Any]], month: dt.date) -> DayVersions:
    """One month: each device's file (its data as read) merged."""
    return merged(day_versions(device, read_month(data, month)) for device, data in copies.items())


def visible_days(versions: DayVersions) -> dict[str, dict[dt.date, CheckIn]]:
    out: dict[str, dict[dt.date, CheckIn]] = {}
    for (habit_id, day), version in versions.items():
        if version.value is not None:
            out.setdefault(habit_id, {})[day] = version.value
    return out


def month_days(copies: Mapping[str, dict[str, Any]], month: dt.date,
               into: dict[str, dict[dt.date, CheckIn]] | None = None,
               *, share: bool = True) -> tuple[dict[str, dict[dt.date, CheckIn]], int]:
    """One month's check-ins as every device's files say together (added to each
    habit's dict in ``into``, when given), and the latest time any of them holds. One
    device's file alone (the usual case) needs no merging: it is read straight in.

    Of several, the largest (the device most changes come from) is read straight in
    too, and the others' days are merged over it one by one, each against the largest
    file's version of that day alone: what merging every version gives (a winner's time
    is the latest of its day's), without a version made for each of the largest's days.
    ``share``: as ``read_month_checkins`` takes it (False when the files are let go once read)."""
    out: dict[str, dict[dt.date, CheckIn]] = {} if into is None else into
    if len(copies) == 1:
        (data,) = copies.values()
        return out, read_month_checkins(data, month, out, share=share)
    if not copies:
        return out, 0
    largest = max(copies, key=lambda device: (len(table(copies[device], "checkins")), device))
    others = merged(day_versions(device, read_month(data, month))
                    for device, data in copies.items() if device != largest)
    stored = stored_days_of(copies[largest], month, others)
    if stored is None:  # it says a day twice, or names one oddly: every version is merged
        versions = month_versions(copies, month)
        for habit_id, days in visible_days(versions).items():
            out.setdefault(habit_id, {}).update(days)
        return out, max((v.stamp.time for v in versions.values()), default=0)
    latest = read_month_checkins(copies[largest], month, out, share=share)
    for key, version in others.items():
        if key in stored:
            checkin, time = stored[key]
            version = later(Version(None if checkin.is_empty else checkin, Stamp(time, largest)), version)
        habit_id, day = key
        if version.value is None:
            out.get(habit_id, {}).pop(day, None)
        else:
            out.setdefault(habit_id, {})[day] = version.value
        latest = max(latest, version.stamp.time)
    return out, latest


def habits_merged(copies: Mapping[str, dict[str, Any]]) -> HabitVersions:
    return merged(habit_versions(device, read_habit_records(data)) for device, data in copies.items())


def later_ones(theirs: Mapping[Any, Version[Any]], ours: Mapping[Any, Version[Any]]) -> dict[Any, Version[Any]]:
    """The versions of ``theirs`` that are later than ours (or that we lack) and say
    something else: a version taken in is written as this device's, with its time, so
    the same value again (from its first device) is nothing new."""
    return {key: v for key, v in theirs.items()
            if key not in ours or (v.value != ours[key].value and later(ours[key], v) is v)}

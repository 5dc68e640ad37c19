"""The calendar Trust Tracker lives in: every day it stores, reads or is asked about.

A habit tracker has no use for the year 1 or the year 9999, and dates that far out break
the calendar arithmetic (an rrule stepping past 9999, a month after December 9999). So
every door — the command line, the dialogs, every importer and the stored data's own
validation — holds days to one range, checked here, before anything is written.
"""

from __future__ import annotations

import datetime as dt

from .errors import TrackerError

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)
RANGE_TEXT = f"{FIRST_DAY.year} to {LAST_DAY.year}"
VALUE_MAX = 100_000  # the most a day's count may hold, typed or imported
DAYS_MAX = 366  # the longest gap a schedule may have: every N days, X in any N days


def whole_number(raw: object) -> int:
    """A stored whole number as it is (not a string, a float or a bool), else ValueError."""
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a whole number")
    return raw


def in_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def checked_day(day: dt.date, what: str = "date") -> dt.date:
    """``day`` itself, or a ``TrackerError`` saying the range it must lie in."""
    if not in_range(day):
        raise TrackerError(f"The {what} {outside(day)}.")
    return day


def outside(day: dt.date) -> str:
    """The words for a day beyond the calendar, the same wherever it is found."""
    return f"{day.isoformat()} is outside the years Trust Tracker keeps ({RANGE_TEXT})"


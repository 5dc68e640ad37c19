"""Days in words, the way the app shows them: "Tue 1 Dec", with the year only when it is
not this year's ("Mon 30 Nov 2025"). English names from fixed tables, so a day reads
the same on every platform and in every locale. Pure: today comes in as an argument."""

from __future__ import annotations

import datetime as dt
import re

from .bounds import checked_day
from .errors import TrackerError

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_name(day: dt.date, *, year: bool = False) -> str:
    """"Thu 26 Nov" (with the year if asked)."""
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def typed_day(text: str, today: dt.date | None = None) -> dt.date:
    """A day as a person types it: ISO (2026-11-26), or 'today' / 'yesterday' relative to
    ``today``; in the years kept (see :mod:`tracker.domain.bounds`)."""
    words = text.strip().lower()
    if today is not None and words in ("today", "yesterday"):
        return checked_day(today - dt.timedelta(days=words == "yesterday"))
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise TrackerError(f"{text!r} is not a date; write it like 2026-11-26 "
                           "(or 'today', 'yesterday').") from None
    return checked_day(day)


def day_words(day: dt.date, today: dt.date) -> str:
    """"Tue 1 Dec", or "Mon 30 Nov 2025" when it is another year than today's."""
    return day_name(day, year=day.year != today.year)


# An undo step's label ends with the days it changed, as stored: "check Walk on 2026-11-25"
# (or "… on 2026-11-25 (started earlier)"), "pause Walk (2026-11-21 to 2026-11-22)".
# Only those last days are ours: a date in a habit's name ("add Plan on 2026-01-05") is
# the name, and stays as typed. (Patterns, compiled by ``re`` when first used: only an
# undo reads them, and compiling costs a command that does not about 1 % of its CPU.)
_LABEL_DAYS = (
    r"^(?:check|skip|clear|note) .+ on (\d{4}-\d{2}-\d{2})(?: \(started earlier\))?$",
    r"^(?:pause|unpause) .+ \((\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\)$",
)


def label_words(label: str, today: dt.date) -> str:
    """An undo step's label with its days in words: "check Walk on Tue 1 Dec"."""
    for pattern in _LABEL_DAYS:
        found = re.match(pattern, label)
        if found is None:
            continue
        try:
            days = [dt.date.fromisoformat(text) for text in found.groups()]
        except ValueError:
            return label
        parts, at = [], 0
        for group, day in enumerate(days, start=1):
            parts += [label[at:found.start(group)], day_words(day, today)]
            at = found.end(group)
        return "".join(parts) + label[at:]
    return label


def undone(label: str | None, today: dt.date) -> str:
    """What an undo says, in the command line and the app alike."""
    return "Nothing to undo." if label is None else f"Undid: {label_words(label, today)}."

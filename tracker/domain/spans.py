"""The days a person types for a habit's life: when it starts, and the pauses in it.

Checked here, with the command line's words, so the app's dialogs can refuse a mistake in
place (before asking the writer) and the service refuses it the same way.
"""

from __future__ import annotations

import datetime as dt

from .bounds import checked_day
from .errors import TrackerError
from .habits import Pause

PAUSE_DAYS_MAX = 366  # a longer break is an archive


def checked_start(start: dt.date, today: dt.date) -> dt.date:
    """A habit's start as typed, or ``TrackerError`` saying why it can't be."""
    checked_day(start, "start")
    if start > today:
        raise TrackerError("A habit can't start in the future; start it today or earlier.")
    return start


def checked_pause(first: dt.date, last: dt.date) -> Pause:
    """A pause as typed, or ``TrackerError`` saying why it can't be."""
    checked_day(first), checked_day(last)
    if last < first:
        raise TrackerError("A pause must end on or after the day it begins.")
    if (last - first).days > PAUSE_DAYS_MAX:
        raise TrackerError("A pause can last a year at most; archive the habit instead.")
    return Pause(first, last)


def pauses_in_order(pauses: tuple[Pause, ...], today: dt.date) -> list[Pause]:
    """What matters first: the pause under way, then those to come (soonest first), then
    the past ones (latest first)."""
    now = sorted((p for p in pauses if today in p), key=lambda p: p.first)
    ahead = sorted((p for p in pauses if p.first > today), key=lambda p: p.first)
    past = sorted((p for p in pauses if p.last < today), key=lambda p: p.last, reverse=True)
    return now + ahead + past

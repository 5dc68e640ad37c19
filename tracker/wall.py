"""The wall clock, read in one place: the local time now, or the one
``TRUST_TRACKER_NOW`` holds (``2026-12-02T02:30``, a hook for tests), and the day a moment
counts for when a new day begins late.

Standard library only, so the shell prompt's quick answer (:mod:`tracker.cli.prompt`)
tells today the way every other entry point does (:mod:`tracker.clock`) without loading
more.
"""

from __future__ import annotations

import datetime as dt
import os

NOW_VAR = "TRUST_TRACKER_NOW"


def wall_time() -> dt.datetime:
    """The local time now, or the one ``TRUST_TRACKER_NOW`` holds; ValueError (with the
    words to show) when that does not read."""
    text = os.environ.get(NOW_VAR)
    if not text:
        return dt.datetime.now()
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{NOW_VAR}={text!r} is not a time like 2026-12-02T02:30; "
                         f"unset it to use the real clock.") from None


def day_at(moment: dt.datetime, day_starts_at: int) -> dt.date:
    """The day ``moment`` counts for when a new day begins at ``day_starts_at`` o'clock."""
    return (moment - dt.timedelta(hours=day_starts_at)).date()

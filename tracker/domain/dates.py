"""One date object per calendar day, shared by whoever asks: the store names the days of
the months it reads with these, and a habit's days are laid out over them (see
:mod:`.daycodes`), so a day looked up in a habit's check-ins finds its own key at once
(the same object: no comparison) and years of days are made once, not once per habit."""

from __future__ import annotations

import datetime as dt

# The shared days: the ordinal of the first, and consecutive days from it. One tuple,
# replaced whole when it grows, so a reader on another thread never sees half of a change.
_shared: tuple[int, list[dt.date]] = (0, [])


def run_of_days(first: dt.date, count: int) -> list[dt.date]:
    """The ``count`` days from ``first`` on, each the one shared object of its day."""
    global _shared
    if count <= 0:
        return []
    start = first.toordinal()
    known, days = _shared
    if not days or start < known or start + count > known + len(days):
        if not days:
            known, days = start, [dt.date.fromordinal(n) for n in range(start, start + count)]
        else:  # grown on either side, the days made before kept
            end = known + len(days)
            days = ([dt.date.fromordinal(n) for n in range(start, known)] + days
                    + [dt.date.fromordinal(n) for n in range(end, start + count)])
            known = min(start, known)
        _shared = known, days
    return days[start - known:start - known + count]

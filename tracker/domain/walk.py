"""The streak walk as tight loops over day offsets (see :mod:`.daycodes`).

A run is ``(length, first, last)`` of the current streak and of the best one, each day as
its offset from the timeline's origin (None: no day). The rules are the timeline's: a
kept step extends the current streak, a broken one ends it, any other step neither
breaks nor extends; the best is the longest, a longer span winning a tie, the earlier
one winning a full tie.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from .checkpoint import Checkpoint
from .daycodes import DONE, EXCUSED, RECORDED
from .outcomes import Streak, round_half_up

Run = tuple[int, int | None, int | None, int, int | None, int | None]
NEUTRAL, KEEP, BREAK = 0, 1, 2

# A scheduled day of a fixed schedule, by its code: excused days neither break nor
# extend, kept days extend, any other (missed, partial, a limit passed) breaks.
FIXED_STEPS = bytes(NEUTRAL if code & EXCUSED else KEEP if code & DONE else BREAK
                    for code in range(256))


def fixed_today(code: int, at_most: bool) -> int:
    """Today's step on a scheduled day: still open, so only a kept day or a limit already
    passed (recorded above it) counts; nothing yet, or a part, waits."""
    if code & EXCUSED:
        return NEUTRAL
    if code & DONE:
        return KEEP
    return BREAK if at_most and code & RECORDED else NEUTRAL


def _span(length: int, first: int | None, last: int | None) -> int:
    return last - first + 1 if length and first is not None and last is not None else 0


def fold_days(steps: Sequence[int], offsets: Iterable[int], run: Run) -> Run:
    """Fold the steps of the days at ``offsets`` (oldest first) into ``run``."""
    length, first, last, best, best_first, best_last = run
    best_span = _span(best, best_first, best_last)
    for day in offsets:
        step = steps[day]
        if step == KEEP:
            if first is None:
                first = day
            length += 1
            last = day
            if length > best or (length == best and day - first + 1 > best_span):
                best, best_first, best_last, best_span = length, first, day, day - first + 1
        elif step == BREAK:
            length, first, last = 0, None, None
    return length, first, last, best, best_first, best_last


def fold_rolling(run: Run, days: range, width: int, required: Sequence[int],
                 available: Sequence[int], excused: Sequence[int], today: int,
                 met_sums: Sequence[int], need: int | None) -> Run:
    """"X in any Y days", day by day: the window of ``width`` days ending on each day is
    met when its kept days (``met_sums``, running) reach ``max(required, 1)`` — or, with
    ``need`` (an amount that adds up), when its amounts reach ``need``. ``required`` maps
    the days available in a window to the quota it asks. A met day extends the streak
    (excused or not: it asks nothing more); a short day breaks it when it is past, not
    excused and asked for something."""
    length, first, last, best, best_first, best_last = run
    best_span = _span(best, best_first, best_last)
    for day in days:
        lo = day + 1 - width
        if lo < 0:
            lo = 0
        asked = required[available[day + 1] - available[lo]]
        held = met_sums[day + 1] - met_sums[lo]
        if held >= (asked or 1) if need is None else held >= need:
            if first is None:
                first = day
            length += 1
            last = day
            if length > best or (length == best and day - first + 1 > best_span):
                best, best_first, best_last, best_span = length, first, day, day - first + 1
        elif asked and day < today and not excused[day]:
            length, first, last = 0, None, None
    return length, first, last, best, best_first, best_last


def fold_step(run: Run, kept: bool | None, first_day: int, last_day: int) -> Run:
    """One step of a quota period (``first_day..last_day``): kept, broken, or neither."""
    if kept is None:
        return run
    length, first, last, best, best_first, best_last = run
    if not kept:
        return 0, None, None, best, best_first, best_last
    first = first_day if first is None else first
    length += 1
    if (length, _span(length, first, last_day)) > (best, _span(best, best_first, best_last)):
        return length, first, last_day, length, first, last_day
    return length, first, last_day, best, best_first, best_last


def fold_periods(run: Run, periods: Iterable[tuple[int, int]], cut: int, times: int,
                 available: Sequence[int], held_sums: Sequence[int], need: int | None,
                 today: int, archived: int) -> tuple[Run, Run | None]:
    """Fold calendar periods ``(first, last)`` (day offsets, oldest first, every day known)
    into ``run``, as ``fold_step`` folds each: a period is kept when what it holds
    (``held_sums``, running) meets its quota (``times``, shrunk to the days ``available``
    in it, at least 1) or ``need``; when it falls short it breaks, unless it asked for
    nothing or is still open (it closes, or the habit's life does, on ``today`` or
    after; ``archived``: the offset of the archive day). Returns the run at the end and
    the run as it stood before the first step to end after day ``cut`` (None: none did)."""
    length, first, last, best, best_first, best_last = run
    best_span = _span(best, best_first, best_last)
    at_cut: Run | None = None
    for lo, hi in periods:
        low = lo if lo > 0 else 0
        asked = round_half_up(times * (available[hi + 1] - available[low]), hi - lo + 1)
        held = held_sums[hi + 1] - held_sums[low]
        if held >= ((asked if asked > 1 else 1) if need is None else need):
            if at_cut is None and hi > cut:
                at_cut = length, first, last, best, best_first, best_last
            if first is None:
                first = lo
            length += 1
            last = hi
            if length > best or (length == best and hi - first + 1 > best_span):
                best, best_first, best_last, best_span = length, first, hi, hi - first + 1
        elif asked and (hi if hi < archived else archived) < today:  # short, and closed
            if at_cut is None and hi > cut:
                at_cut = length, first, last, best, best_first, best_last
            length, first, last = 0, None, None
    return (length, first, last, best, best_first, best_last), at_cut


def run_from(checkpoint: Checkpoint | None, base: int) -> Run:
    """The run a checkpoint left (without one, none yet), its days as offsets from the
    ordinal ``base`` (written out: every report starts one)."""
    if checkpoint is None:
        return 0, None, None, 0, None, None
    (length, first, last), (best, best_first, best_last) = checkpoint.current, checkpoint.best
    return (length, None if first is None else first.toordinal() - base,
            None if last is None else last.toordinal() - base, best,
            None if best_first is None else best_first.toordinal() - base,
            None if best_last is None else best_last.toordinal() - base)


def streaks_of(run: Run, base: int, unit: str) -> tuple[Streak, Streak]:
    """A run's (current, best) streaks, its offsets from the ordinal ``base`` days again."""
    day = dt.date.fromordinal
    length, first, last, best, best_first, best_last = run
    return (Streak(length, unit, None if first is None else day(base + first),
                   None if last is None else day(base + last)),
            Streak(best, unit, None if best_first is None else day(base + best_first),
                   None if best_last is None else day(base + best_last)))

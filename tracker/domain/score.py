"""The consistency score: Loop Habit Tracker's habit strength, day by day.

Each counted day: ``score = score·m + v·(1 − m)`` with ``m = 0.5 ** (√f / 13)``, ``f`` the
schedule's frequency (1 daily, 3/7, 1/30 …) and ``v`` how much of the quota the last
``den`` days hold: ``min(1, kept in last den days / num)``, over the habit's
``score_window`` (doubled for yes/no habits below daily). For a limit (at most ``t``), as
Loop: ``v = 1 − (sum − t) / t`` held to 0..1, ``sum`` the amounts of the last ``den``
days, and the score starts from 1. An excused or paused day freezes the score and holds
nothing. Today only joins the score when that raises it, so a day still open never counts
against anyone.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import chain, compress
from operator import sub
from typing import cast

from .habits import Habit

HALF_LIFE_FACTOR = 13.0  # Loop Habit Tracker's constant: m = 0.5 ** (sqrt(f) / 13)


def first_score(habit: Habit) -> float:
    """The score before any day: 0, and for a limit 1 (as Loop starts it)."""
    return 1.0 if habit.at_most else 0.0


def score_series(habit: Habit, sums: Sequence[float], excused: Sequence[int], score: float,
                 first: int, today: int) -> list[float]:
    """The score at the end of each day from index ``first`` on, from ``score`` before it.

    ``sums`` are running sums over the days (``sums[i]`` covers the first ``i``): of each
    day's share of its target, or for a limit of its amount; ``excused`` flags the days
    that hold nothing; ``today`` is today's index."""
    series: list[float] = []
    score_walk(habit, sums, excused, score, first, today, series=series)
    return series


def score_walk(habit: Habit, sums: Sequence[float], excused: Sequence[int], score: float,
               first: int, today: int, stop: int | None = None,
               series: list[float] | None = None, *, whole: bool = False) -> tuple[float, float]:
    """(the score at the end of day ``stop``, the score at the end of the last day), from
    ``score`` before day ``first``; each day's score is appended to ``series`` if given.

    Every day is worked out as ``score_series`` always has, float for float: the share
    of a window of whole numbers (``whole``: every day adds 0 or 1) comes from a table
    made once (the same division), and the walk keeps no list of ten years of scores
    unless asked."""
    end = len(excused)
    if first >= end:
        return score, score
    num, den = habit.score_window
    keep = 0.5 ** (math.sqrt(habit.schedule.frequency) / HALF_LIFE_FACTOR)
    fade = 1 - keep
    at_most = habit.at_most
    limit = float(habit.target)

    def share(window: float) -> float:
        if not at_most:
            return _kept_share(window, num)
        if limit > 0:
            return min(1.0, max(0.0, 1 - (window - limit) / limit))
        return 0.0 if window > 0 else 1.0

    gains = _gains_table(num, den, fade) if whole and not at_most else None
    at_stop = score
    stop = end - 1 if stop is None else min(stop, end - 1)
    cuts = sorted({first, min(max(stop + 1, first), end), min(max(today, first), end),
                   min(max(today + 1, first), end), end})
    for begin, until in zip(cuts, cuts[1:]):
        if begin == today:  # today only joins the score when that raises it
            if not excused[today]:
                window = sums[today + 1] - sums[max(0, today + 1 - den)]
                score = max(score, score * keep + share(window) * fade)
            if series is not None:
                series.append(score)
        elif series is not None:
            for index in range(begin, until):
                if not excused[index]:
                    window = sums[index + 1] - sums[max(0, index + 1 - den)]
                    score = score * keep + share(window) * fade
                series.append(score)
        elif gains is not None:
            for window in _windows(cast(Sequence[int], sums), excused, den, begin, until):
                score = score * keep + gains[window]
        else:
            for index in range(begin, until):
                if not excused[index]:
                    window = sums[index + 1] - sums[max(0, index + 1 - den)]
                    score = score * keep + share(window) * fade
        if until == stop + 1:
            at_stop = score
    return at_stop, score


def _kept_share(window: float, num: int) -> float:
    """What a window holding ``window`` (kept days, or shares of the target) of the ``num``
    it asks adds to the score, before the fade: at most all of it."""
    return min(1.0, window / num)


@lru_cache(maxsize=64)
def _gains_table(num: int, den: int, fade: float) -> list[float]:
    """Each window's ``share × (1 − m)`` for a yes/no count of 0 to ``den`` kept days
    (made once for every habit alike)."""
    return [_kept_share(window, num) * fade for window in range(den + 1)]


_FLIP = bytes([1, 0]) + bytes(254)  # for ``bytes.translate``: an excused day's flag -> 0


def _windows(counts: Sequence[int], excused: Sequence[int], den: int, begin: int,
             until: int) -> Iterator[int]:
    """Each counted day's window (kept days in the last ``den``) for days
    ``begin..until-1``, excused days left out, made by C loops: a difference of two
    running counts (the first days of the life count from day 0). The caller reads each
    one's gain from the table (quicker than a third C loop to map them)."""
    edge = min(max(begin, den - 1), until)  # days before it have a window clipped at day 0
    windows: Iterator[int] = map(sub, counts[edge + 1:until + 1], counts[edge + 1 - den:until + 1 - den])
    if edge > begin:
        windows = chain(counts[begin + 1:edge + 1], windows)
    counted = bytes(excused[begin:until]).translate(_FLIP)
    return compress(windows, counted)

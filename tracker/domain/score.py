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
from collections.abc import Sequence

from .habits import Habit

HALF_LIFE_FACTOR = 13.0  # Loop Habit Tracker's constant: m = 0.5 ** (sqrt(f) / 13)


def first_score(habit: Habit) -> float:
    """The score before any day: 0, and for a limit 1 (as Loop starts it)."""
    return 1.0 if habit.at_most else 0.0


def score_series(habit: Habit, sums: Sequence[float], excused: Sequence[bool], score: float,
                 first: int, today: int) -> list[float]:
    """The score at the end of each day from index ``first`` on, from ``score`` before it.

    ``sums`` are running sums over the days (``sums[i]`` covers the first ``i``): of each
    day's share of its target, or for a limit of its amount; ``today`` is today's index."""
    num, den = habit.score_window
    keep = 0.5 ** (math.sqrt(habit.schedule.frequency) / HALF_LIFE_FACTOR)
    at_most, limit = habit.at_most, float(habit.target)
    series = []
    for index in range(first, len(excused)):
        if not excused[index]:
            window = sums[index + 1] - sums[max(0, index + 1 - den)]  # the last den days
            if not at_most:
                share = min(1.0, window / num)
            elif limit > 0:
                share = min(1.0, max(0.0, 1 - (window - limit) / limit))
            else:
                share = 0.0 if window > 0 else 1.0
            fresh = score * keep + share * (1 - keep)
            score = max(score, fresh) if index == today else fresh
        series.append(score)
    return series

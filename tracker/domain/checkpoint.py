"""Checkpoints: a habit's streak and score state at the end of a past day, so ten years of
history need not be read to show today.

Facts about days before a checkpoint are final (those days, and the quota periods that
end with them, are closed), so a ``Timeline`` started from one only needs the check-ins of
the days after it, plus a short look-back for the windows that reach behind it.
A checkpoint stays valid while the habit's rules and the days before it are unchanged;
the fingerprint covers the rules, and the caller drops it when an older day changes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..digest import hex_digest
from ..structs import struct
from .bounds import in_range, whole_number
from .habits import Habit
from .schedules import period_bounds


@struct(frozen=True)
class Checkpoint:
    """A habit's streaks and score at the end of ``through``, under the rules ``fingerprint`` names."""

    through: dt.date
    score: float
    current: tuple[int, dt.date | None, dt.date | None]  # length, first, last
    best: tuple[int, dt.date | None, dt.date | None]
    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        return {"through": self.through.isoformat(), "score": self.score,
                "current": _run_out(self.current), "best": _run_out(self.best),
                "fingerprint": self.fingerprint}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint:
        """A stored checkpoint; ``ValueError`` (or ``TypeError``/``KeyError``) for any
        value a timeline could not start from, so the cache entry is dropped."""
        score = data["score"]
        if not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:  # NaN fails too
            raise ValueError(f"a checkpoint's score reads {score!r}")
        return cls(_day_in(data["through"]), float(score), _run_in(data["current"]),
                   _run_in(data["best"]), str(data["fingerprint"]))


def _run_out(run: tuple[int, dt.date | None, dt.date | None]) -> list[Any]:
    return [run[0], *(d.isoformat() if d else None for d in run[1:])]


def _run_in(raw: list[Any]) -> tuple[int, dt.date | None, dt.date | None]:
    length, first, last = raw
    if whole_number(length) < 0:
        raise ValueError(f"a checkpoint's streak reads {length!r}")
    return length, _day_in(first) if first else None, _day_in(last) if last else None


def _day_in(raw: object) -> dt.date:
    day = dt.date.fromisoformat(str(raw))
    if not in_range(day):
        raise ValueError(f"a checkpoint's day reads {day.isoformat()}")
    return day


SCORE_RULES = 3  # 2: Loop's doubled window for yes/no habits below daily; paused days excused; 3: limits


def rules_fingerprint(habit: Habit, week_start: int) -> str:
    """A digest of everything that shapes the facts: schedule, start, target, pauses, archive."""
    rules = habit.to_dict()
    for cosmetic in ("name", "for", "why", "tags", "position", "id", "unit"):
        rules.pop(cosmetic, None)
    rules["week_start"] = week_start
    rules["score"] = SCORE_RULES  # checkpoints of an older score are worked out again
    return hex_digest("sha1", json.dumps(rules, sort_keys=True).encode())[:16]


def lookback_days(habit: Habit) -> int:
    """How far behind a day its windows reach (the score's and a rolling quota's): the
    score's, which is the schedule's window or twice it, so never the shorter."""
    return habit.score_window[1]


def checkpoint_day(habit: Habit, wanted: dt.date, week_start: int) -> dt.date:
    """The latest day on or before ``wanted`` that closes a whole period of the schedule."""
    if not habit.schedule.is_calendar_quota:
        return wanted
    first, last = period_bounds(habit.schedule, wanted, week_start)
    if last == wanted:
        return wanted
    return first - dt.timedelta(days=1)


def data_needed_from(habit: Habit, checkpoint: Checkpoint | None) -> dt.date:
    """The first day whose check-ins a timeline needs, with ``checkpoint`` (or without one)."""
    if checkpoint is None:
        return habit.start
    return max(habit.start, checkpoint.through + dt.timedelta(1 - lookback_days(habit)))  # (days)


def status_origin(habit: Habit, day: dt.date, week_start: int) -> dt.date:
    """The first day whose check-ins decide the statuses of ``day`` and the days after it."""
    first = day
    if habit.schedule.is_calendar_quota:
        first, _ = period_bounds(habit.schedule, day, week_start)
    return max(habit.start, first - dt.timedelta(days=lookback_days(habit)))

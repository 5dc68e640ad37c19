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
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from typing import Any

from ..digest import hex_digest
from ..structs import struct
from .amounts import json_amount
from .bounds import FIRST_DAY, LAST_DAY, whole_number
from .habits import Habit
from .schedules import Schedule, period_bounds


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
    if (length if type(length) is int else whole_number(length)) < 0:  # (JSON's ints: no call)
        raise ValueError(f"a checkpoint's streak reads {length!r}")
    return length, _day_in(first) if first else None, _day_in(last) if last else None


def _day_in(raw: object) -> dt.date:
    """A stored day, as ``in_range`` holds it (inline: an open reads five per habit)."""
    day = _from_text(raw if type(raw) is str else str(raw))
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"a checkpoint's day reads {day.isoformat()}")
    return day


_from_text = dt.date.fromisoformat


SCORE_RULES = 3  # 2: Loop's doubled window for yes/no habits below daily; paused days excused; 3: limits


def rules_fingerprint(habit: Habit, week_start: int) -> str:
    """A digest of everything that shapes the facts: schedule, start, target, pauses, archive."""
    return hex_digest("sha1", rules_text(habit, week_start).encode())[:16]


_RULES = json.JSONEncoder(sort_keys=True)  # as ``json.dumps(..., sort_keys=True)`` writes


def rules_text(habit: Habit, week_start: int) -> str:
    """What ``json.dumps(rules, sort_keys=True)`` writes of ``habit.to_dict()`` without
    its cosmetic keys (name, for, why, tags, position, id, unit) and with ``week_start``
    and ``score`` added, byte for byte: the digest of every cache entry hangs on it.
    Written directly, keys in sorted order: making the dict whole, popping and encoding
    it was most of an open's fingerprints. (A rule added to ``to_dict`` goes here too.)"""
    pauses = ", ".join([f'["{p.first.isoformat()}", "{p.last.isoformat()}"]' for p in habit.pauses])
    archived = "null" if habit.archived is None else f'"{habit.archived.isoformat()}"'
    return (f'{{"archived": {archived}, "at_most": {_json(habit.at_most)}, '
            f'"kind": {encode_basestring_ascii(habit.kind.value)}, "measured": {_json(habit.measured)}, '
            f'"pauses": [{pauses}], "schedule": {_schedule_text(habit.schedule, habit.start)}, '
            f'"score": {_json(SCORE_RULES)}, "start": "{habit.start.isoformat()}", '
            f'"target": {_json(json_amount(habit.target))}, "week_start": {_json(week_start)}}}')


def _json(value: object) -> str:
    """One value as ``json.dumps`` writes it (the usual ones without the encoder)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)  # (what the encoder writes of an int)
    return _RULES.encode(value)


@lru_cache(maxsize=1024)
def _schedule_text(schedule: Schedule, start: dt.date) -> str:
    """A schedule's part of ``rules_text`` (a person's habits share a few)."""
    return _RULES.encode(schedule.to_dict(start))


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

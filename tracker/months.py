"""Check-ins in memory, read a few months at a time, and the checkpoints behind them.

Opening ten years of history must not read ten years: the service keeps the recent
months in memory and reads older ones when a question needs them. Checkpoints (a habit's
streak and score state at a past period end, see :mod:`tracker.domain.checkpoint`) let a
timeline start near today; they are worked out as a side effect of reports and cached on
this device by any command (see :mod:`tracker.store.local`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Callable

from .domain import CheckIn, Habit, Timeline
from .domain.checkpoint import Checkpoint, checkpoint_day, rules_fingerprint
from .domain.schedules import months_on, next_month
from .store import Store
from .store.layout import month_of
from .store.local import CachedCheckpoints

RECENT_MONTHS = 2  # always in memory: enough for the week view and the recent past
CHECKPOINT_LAG = 45  # checkpoints sit about this many days behind today …
CHECKPOINT_SLACK = 31  # … and move forward once they lag a month more than that
NOTES_LOOKBACK = 36  # months the habit screen may read back for notes beyond memory


def _entry_in(cached: Mapping[str, dict[str, Any]], habit_id: str) -> tuple[dt.date, dict[str, Any]] | None:
    """A habit's cache entry: its first month and its checkpoint as stored. The store's
    cache gives it checked, as it is (``CachedCheckpoints.entry``); any other mapping
    (none cached yet) holds the stored form with its ``"from"``."""
    if isinstance(cached, CachedCheckpoints):
        return cached.entry(habit_id)
    data = cached.get(habit_id)
    try:
        return None if data is None else (dt.date.fromisoformat(f"{data['from']}-01"), data)
    except (KeyError, ValueError, TypeError):
        return None


def _read_checkpoint(entry: tuple[dt.date, dict[str, Any]] | None) -> tuple[Checkpoint, dt.date] | None:
    """A cached checkpoint and its first month; one that does not read is simply worked
    out again (it is a cache)."""
    if entry is None:
        return None
    try:
        return Checkpoint.from_dict(entry[1]), entry[0]
    except (KeyError, ValueError, TypeError):
        return None


def _notes(days: dict[dt.date, CheckIn]) -> list[tuple[dt.date, str]]:
    return sorted(((day, c.note) for day, c in days.items() if c.note), reverse=True)


class Months:
    """The check-ins held in memory, a few recent months at first, and the checkpoints
    that let a timeline start near today instead of at the habit's start."""

    def __init__(self, store: Store, checkins: dict[str, dict[dt.date, CheckIn]],
                 checkpoints: Mapping[str, dict[str, Any]], today: Callable[[], dt.date],
                 week_start: int, loaded_from: dt.date) -> None:
        self.store = store
        self._today = today
        self.week_start = week_start
        self._checkins = checkins  # from the month of ``loaded_from`` on (today's, at first)
        self.loaded_from = month_of(loaded_from)  # every habit's check-ins, from this month
        self._alone_from: dict[str, dt.date] = {}  # a habit read further back on its own
        self._cached = checkpoints  # the cache's, each read (and checked) when first asked
        self._checkpoints: dict[str, Checkpoint | None] = {}  # those read (None: none usable)
        self._firsts: dict[str, dt.date] = {}
        self._fresh: dict[str, Checkpoint] = {}  # worked out since the last save
        self._fingerprints: dict[str, tuple[Habit, str]] = {}
        self._valid: dict[str, tuple[Habit, dt.date, Checkpoint | None]] = {}  # (see valid_checkpoint)

    def of(self, habit_id: str) -> dict[dt.date, CheckIn]:
        """A habit's check-ins in memory: at least the recent months (read for this habit
        alone, the first time, when opened with none: see ``Tracker``'s ``eager``)."""
        if self.held_from(habit_id) > month_of(self._today()):
            self.ensure_loaded(self._today(), habit_id)
        return self._checkins.setdefault(habit_id, {})

    def held_from(self, habit_id: str) -> dt.date:
        """The month from which this habit's check-ins are all in memory."""
        return min(self.loaded_from, self._alone_from.get(habit_id, self.loaded_from))

    def ensure_loaded(self, day: dt.date, habit_id: str | None = None) -> None:
        """Make sure every check-in from ``day``'s month on is in memory: every habit's, or
        only ``habit_id``'s (a command about one habit reads no other's older months)."""
        first = min(month_of(day), months_on(month_of(self._today()), -RECENT_MONTHS))
        if habit_id is not None:
            held = self.held_from(habit_id)
            if first < held:
                self._take(self.store.load_checkins(first, held, only=habit_id))
                self._alone_from[habit_id] = first
            return
        if first >= self.loaded_from:
            return
        self._take(self.store.load_checkins(first, self.loaded_from))
        self.loaded_from = first
        self._alone_from = {h: month for h, month in self._alone_from.items() if month < first}

    def _take(self, loaded: dict[str, dict[dt.date, CheckIn]]) -> None:
        """Add what was read to memory, each habit's read days let go once added (years of
        them, held twice, were a first open's peak)."""
        while loaded:
            habit_id, days = loaded.popitem()
            self._checkins.setdefault(habit_id, {}).update(days)
            del days

    def remember(self, habit_id: str, day: dt.date, checkin: CheckIn | None) -> None:
        """A change the store now holds, mirrored in memory (if its month is loaded)."""
        if day < self.held_from(habit_id):
            return  # not in memory: the store has it, and it is read when needed
        days = self._checkins.setdefault(habit_id, {})
        if checkin is None or checkin.is_empty:
            days.pop(day, None)
        else:
            days[day] = checkin

    def remember_days(self, habit_id: str, days: Mapping[dt.date, CheckIn]) -> None:
        """Many days the store now holds (an import), mirrored in memory where loaded."""
        held = self._checkins.setdefault(habit_id, {})
        distinct = dict(zip(map(id, days.values()), days.values())).values()
        if days and min(days) >= self.held_from(habit_id) and not any(c.is_empty for c in distinct):
            held.update(days)  # the usual case: every day loaded, none cleared
            return
        for day, checkin in days.items():
            self.remember(habit_id, day, checkin)

    def take_in(self, months: frozenset[dt.date]) -> None:
        """Months another writer changed: those in memory are read again, and checkpoints
        that folded them in are dropped (worked out again when next asked for)."""
        self._read_every_checkpoint()
        known = {**self._stored(), **self._fresh}
        self.forget_checkpoints({habit_id for habit_id, checkpoint in known.items()
                                 if any(month <= checkpoint.through for month in months)})
        for month in sorted(months):
            if month >= self.loaded_from:
                alone = None  # every habit's days of it are in memory
            else:
                alone = [h for h, first in self._alone_from.items() if first <= month]
                if not alone:
                    continue
            after = next_month(month)
            for habit_id in self._checkins if alone is None else alone:
                days = self._checkins.setdefault(habit_id, {})
                for day in [d for d in days if month <= d < after]:
                    del days[day]
            if alone is None:
                self._take(self.store.load_checkins(month, after))
            for habit_id in alone or ():
                self._take(self.store.load_checkins(month, after, only=habit_id))

    def forget(self, habit_id: str) -> None:
        self._checkins.pop(habit_id, None)

    def recent_notes(self, habit_id: str, start: dt.date, count: int) -> list[tuple[dt.date, str]]:
        """Newest first. Memory holds the last few months; older ones are read a month at a
        time, only until there are ``count`` notes (or NOTES_LOOKBACK months back), so a
        habit with few notes still shows them without loading years."""
        notes = _notes(self.of(habit_id))
        month = self.held_from(habit_id)
        oldest = max(month_of(start), months_on(month, -NOTES_LOOKBACK))
        while len(notes) < count and month > oldest:
            month = months_on(month, -1)
            older = self.store.load_checkins(month, next_month(month))
            notes += _notes(older.get(habit_id, {}))
        return notes[:count]

    # -- checkpoints -----------------------------------------------------------------
    def _cached_checkpoint(self, habit_id: str) -> Checkpoint | None:
        """The cache's checkpoint of a habit, read (and checked) the first time asked."""
        if habit_id not in self._checkpoints:
            found = _read_checkpoint(_entry_in(self._cached, habit_id))
            self._checkpoints[habit_id] = found[0] if found else None
            if found:
                self._firsts[habit_id] = found[1]
        return self._checkpoints[habit_id]

    def _read_every_checkpoint(self) -> None:
        for habit_id in self._cached:
            self._cached_checkpoint(habit_id)

    def _stored(self) -> dict[str, Checkpoint]:
        return {h: checkpoint for h, checkpoint in self._checkpoints.items() if checkpoint is not None}

    def valid_checkpoint(self, habit: Habit) -> Checkpoint | None:
        """The checkpoint a timeline of this version of the habit may start from today.
        Kept per habit until its checkpoints change (each change forgets it) or the day
        turns: an open and today's reports ask it three times of every habit."""
        today = self._today()
        known = self._valid.get(habit.id)
        if known is not None and known[0] is habit and known[1] == today:
            return known[2]
        checkpoint = self._fresh.get(habit.id) or self._cached_checkpoint(habit.id)
        valid = (checkpoint if checkpoint is not None and habit.start <= checkpoint.through < today
                 and checkpoint.fingerprint == self._fingerprint(habit) else None)
        self._valid[habit.id] = (habit, today, valid)
        return valid

    def _fingerprint(self, habit: Habit) -> str:
        """The habit's rules fingerprint, worked out once per version of the habit."""
        known = self._fingerprints.get(habit.id)
        if known is None or known[0] is not habit:
            known = self._fingerprints[habit.id] = (habit, rules_fingerprint(habit, self.week_start))
        return known[1]

    def refresh_checkpoint(self, timeline: Timeline, checkpoint: Checkpoint | None) -> None:
        """Move a habit's checkpoint forward once it lags far behind today."""
        habit = timeline.habit
        lagging = self._today() - dt.timedelta(days=CHECKPOINT_LAG)
        wanted = checkpoint_day(habit, min(lagging, timeline.end), self.week_start)
        if wanted < habit.start or (checkpoint is not None and checkpoint.through >= wanted - dt.timedelta(days=CHECKPOINT_SLACK)):
            return
        self._fresh[habit.id] = timeline.checkpoint_at(wanted, self._fingerprint(habit))
        self._firsts[habit.id] = month_of(habit.start)
        self._valid.pop(habit.id, None)

    @property
    def cache_is_behind(self) -> bool:
        """Whether checkpoints were worked out, or files read and checked, that the cache
        does not hold yet."""
        return bool(self._fresh) or self.store.has_news_for_cache

    def checkpoint_covers(self, habit_id: str, day: dt.date) -> bool:
        """Whether changing ``day`` rewrites history a checkpoint already folded in."""
        checkpoints = (self._cached_checkpoint(habit_id), self._fresh.get(habit_id))
        return any(checkpoint is not None and day <= checkpoint.through for checkpoint in checkpoints)

    def forget_checkpoints(self, stale: set[str]) -> None:
        """After a change to days they folded in: those checkpoints are wrong now."""
        for habit_id in stale:
            self._checkpoints[habit_id] = None  # (not read from the cache again either)
            self._fresh.pop(habit_id, None)
            self._valid.pop(habit_id, None)

    def save_checkpoints(self) -> None:
        """Cache the checkpoints worked out (any command may: no lock, and a failure
        only means the work is done again next time)."""
        self._read_every_checkpoint()  # the cache is written whole
        self._checkpoints.update(self._fresh)
        self._fresh.clear()
        self._valid.clear()  # (each the same checkpoint, now held as read: cheap to ask again)
        self.store.save_checkpoints({habit_id: (self._firsts[habit_id], checkpoint.to_dict())
                                     for habit_id, checkpoint in self._stored().items()
                                     if habit_id in self._firsts})

"""What the service needs from storage. The layout behind it may change; this may not."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from ..domain import CheckIn, Habit
from ..structs import field, struct
from .layout import Layout
from .stored_habits import StoredHabits

if TYPE_CHECKING:
    from .intake import Incoming, Taken


@struct
class Snapshot:
    """Everything stored, read once at open."""

    habits: StoredHabits = field(default_factory=StoredHabits)
    checkins: dict[str, dict[dt.date, CheckIn]] = field(default_factory=dict)
    checkpoints: Mapping[str, dict[str, Any]] = field(default_factory=dict)  # cached, checked when asked


@struct(frozen=True)
class Outside:
    """What other writers changed since a store last read: the habits (the main file),
    and which months' check-ins."""

    habits: bool = False
    months: frozenset[dt.date] = frozenset()

    def __bool__(self) -> bool:
        return self.habits or bool(self.months)


class Store(Protocol):
    layout: Layout
    """Which files make up the data (for backups)."""
    saved_changes: int
    """Transactions this store has put on disk, whole."""
    recovered: str | None
    """What opening did by itself: finished an import or a restore a crash had cut short,
    merged the copies a sync tool left."""
    today: Callable[[], dt.date]
    """The day that counts as today (it names the day's backup)."""
    saving: bool
    """True while a transaction's files are being written, or when a failed one could not
    be put back whole: what is on disk is then not known."""
    written: set[str]
    """Every file a transaction of this store wrote."""
    news_taken: int
    """How many times ``take_in`` found something another writer wrote."""

    def locked(self) -> AbstractContextManager[None]:
        """Hold the data's lock for one change (only for as long as it is written)."""
        ...

    def take_in(self) -> Outside:
        """What someone else wrote since, with just those files to be read again."""
        ...

    def looking_at(self, looked: Mapping[str, os.stat_result] | None) -> AbstractContextManager[None]:
        """While the lock is held: the device folders' files as just looked at (by
        ``DEVICE/NAME``; None: not looked at), which checkpoints are checked against
        instead of looking at each file again."""
        ...

    def reset(self) -> None:
        """Forget what was read: the next ``load`` reads the disk as it is now."""
        ...

    def load(self, since: dt.date | None = None) -> Snapshot:
        """Habits, checkpoints, and the check-ins of the months from ``since`` on."""
        ...

    def load_checkins(self, first: dt.date, before: dt.date,
                      only: str | None = None) -> dict[str, dict[dt.date, CheckIn]]:
        """Check-ins of the months from ``first`` up to, not including, ``before`` (only
        habit ``only``'s, when given)."""
        ...

    def check_month(self, month: dt.date) -> None:
        """Tell damage in any file of ``month`` now (each read whole unless known good)."""
        ...

    def save_checkpoints(self, entries: dict[str, tuple[dt.date, dict[str, Any]]]) -> None:
        """Cache checkpoints (habit id → first month, checkpoint), without the lock."""
        ...

    @property
    def has_news_for_cache(self) -> bool:
        """Whether files were read and checked that the cache does not know of yet."""
        ...

    def transaction(self, *, undoing: bool = False) -> AbstractContextManager[None]:
        """Everything written inside lands together, durably, or not at all."""
        ...

    def merge(self, incoming: Incoming, *, dry_run: bool = False) -> tuple[Taken, str | None]:
        """Take in every record of ``incoming`` later than the data's (after a backup):
        what came in (or would), and the backup's name."""
        ...

    def put_habit(self, habit: Habit) -> None: ...

    def delete_habit(self, habit_id: str) -> None: ...

    def put_checkin(self, habit_id: str, day: dt.date, checkin: CheckIn | None) -> None: ...

    def put_days(self, habit_id: str, days: Mapping[dt.date, CheckIn]) -> None: ...

    def put_imported(self, writes: Sequence[tuple[Habit, Mapping[dt.date, CheckIn]]]) -> None:
        """Many habits and their days at once (an import): what ``put_habit`` and
        ``put_days`` habit by habit would write, each month's file written once."""
        ...

    def months(self) -> list[dt.date]: ...

    def clear_undo(self) -> None: ...

    def push_undo(self, entry: dict[str, Any]) -> None: ...

    def pop_undo(self) -> dict[str, Any] | None: ...

    def close(self) -> None: ...

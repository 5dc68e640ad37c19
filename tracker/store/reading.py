"""The reading side of the store: every device's files read together, validated, and
merged record by record (see :mod:`tracker.store.records`); what is in memory, and
whether it is still what is on disk. :class:`tracker.store.tiny.TinyStore` adds writing."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from tinydb import TinyDB

from ..domain import CheckIn
from .atomic import AtomicJSONStorage, DamagedFileError
from .base import Snapshot
from .files import FileId, file_id
from .layout import DataFile, Layout, month_of
from .local import (CachedCheckpoints, CheckpointCache, Entries, KnownGood, MonthId, known_device,
                    months_between)
from .one_habit import habit_part
from .records import DayVersions, HabitVersions, habits_merged, month_days, month_versions
from .schema import (SchemaError, listed_months, of_one_habit, read_habit_records, read_month,
                     read_month_checkins)
from .stored_habits import StoredHabits, habits_found
from .views import Views
from .writing import atomic_storage, damaged

T = TypeVar("T")


BULK_MONTHS = 12  # a read of this many months or more is a bulk read (see below)
# A read of this many habit-months or more (hundreds of habits over many years) reads each
# month into dicts of its own and adds its days to each habit's lists of them, then makes
# each habit's dict from its lists in one go: the same dicts, their days in the same
# order. Adding each month's days to every habit's dict as it grows sent each day to a
# different big table in turn, out of the caches: most of a first status's reading at
# 200 habits × 20 years. Below it the dicts fit, and the lists would only add to the peak.
SPREAD_OUT = 20_000


@contextlib.contextmanager
def bulk_reading(months: int) -> Iterator[None]:
    """Keep the cyclic garbage collector off many months being read.

    Their JSON is hundreds of thousands of lists and dicts that live as long as the data
    is open, none in a cycle (refcounts free what is dropped). Left to itself, the
    collector scans them as they pile up, then all of them again in each younger
    generation they pass through: a third of a first status at 200 habits × 20 years.
    So it is paused while they are read, and what was read then joins the oldest
    generation at once (``freeze`` then ``unfreeze``: two list moves, no scan), where
    only a full collection looks at it, as at any other old object. Nothing escapes
    collection: any garbage among it (or among what else was young then) goes at the
    next full one. A read of a few months (a sync's) is left alone. The collector runs
    again afterwards as it was (another thread's read may be pausing it)."""
    if months < BULK_MONTHS:
        yield
        return
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_on:
            gc.enable()


class Reading:
    """What a store has read: the views of its files, the months read whole, the latest
    time any version carries, and the checkpoints cached on this device."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.layout = Layout(os.fspath(path))
        self._views = Views(self.layout)
        self._valid_months: set[dt.date] = set()  # read whole, every device's file checked
        self._valid_parts: set[tuple[dt.date, str]] = set()  # one habit's records of a month
        self._known_good = KnownGood()  # files read whole and found good (by identity)
        self._habit_files: dict[str, FileId] = {}  # each device's habits file, as last read
        self._listed: frozenset[DataFile] | None = None  # the record files seen at the last read
        self._latest = 0  # the latest time of any version read or written
        self._left: dict[str, FileId | None] = {}  # sync copies that did not read, as found
        self._checkpoints = CheckpointCache(self.layout)
        self._cached = CachedCheckpoints(self.layout)  # the cache as last loaded

    def checked(self, path: str, read: Callable[[], T]) -> T:
        """Run a read; turn any sign of damage into a clear ``DamagedFileError``."""
        try:
            return read()
        except DamagedFileError as err:
            raise damaged(self.layout, path, err.reason) from None
        except SchemaError as err:
            raise damaged(self.layout, path, str(err)) from None

    def _raw(self, db: TinyDB) -> dict[str, Any] | None:
        return db.storage.read()

    def _devices_with(self, month: dt.date | None) -> list[str]:
        """The devices that have a file of ``month`` (of habits, for None), on disk now."""
        path = self.layout.habits_path if month is None else functools.partial(self.layout.month_path, month)
        # whatever is there: a folder or a FIFO where a file belongs is refused, not passed over
        return [d for d in self.layout.devices() if os.path.lexists(path(d))]

    def _copies(self, month: dt.date | None, devices: list[str],
                only: str | None = None) -> dict[str, dict[str, Any]]:
        """Each device's file of ``month`` (of habits, for None); with ``only``, a month
        file's records of that habit alone (see ``_part``)."""
        found: dict[str, dict[str, Any]] = {}
        for device in devices:
            file = DataFile(device, month)
            path = self.layout.month_path(month, device) if month else self.layout.habits_path(device)
            db = self._views.of(file)
            if only is None or month is None:
                data = self.checked(path, lambda: self._raw(db))
            else:
                data = self.checked(path, lambda: self._part(db, month, only))
            if data is not None:
                found[device] = data
        return found

    def _part(self, db: TinyDB, month: dt.date, habit_id: str) -> dict[str, Any] | None:
        """A month file's records of one habit: picked from its text when the file is
        known good (read whole and found good before, by its identity), else parsed
        whole and every record checked, as a whole month's read checks them (so damage
        anywhere in a file is told whichever habit is asked about, as long as the file
        is new to this device)."""
        storage = atomic_storage(db)
        part = storage.read_part(lambda text: habit_part(text, habit_id), self._known_good)
        if part is not None:
            return part
        whole = self._checked_whole(storage, month)
        return None if whole is None else of_one_habit(whole, habit_id)

    def _checked_whole(self, storage: AtomicJSONStorage, month: dt.date) -> dict[str, Any] | None:
        """A month file's data, every record of it checked unless the file is known good."""
        whole = storage.read()
        if whole is not None and storage.seen is not None and storage.seen not in self._known_good:
            read_month_checkins(whole, month, {})
            self._known_good.add(storage.seen)
        return whole

    def _checked_copies(self, month: dt.date | None, read: Callable[[dict[str, dict[str, Any]]], T],
                        devices: list[str] | None = None, only: str | None = None) -> T:
        """Every device's file of ``month`` read through ``read`` (only habit ``only``'s
        records of it, when given: see ``_part``); damage names its file."""
        copies = self._copies(month, self._devices_with(month) if devices is None else devices, only)
        try:
            return read(copies)
        except SchemaError:
            for device, data in copies.items():  # which file: each is checked alone
                path = self.layout.month_path(month, device) if month else self.layout.habits_path(device)
                if month is None:
                    self.checked(path, lambda: read_habit_records(data))
                else:
                    self.checked(path, lambda: read_month(data, month))
            raise

    @contextlib.contextmanager
    def looking_at(self, looked: Mapping[str, os.stat_result] | None) -> Iterator[None]:
        """While the lock is held (no other process of ours writes), every device folder's
        files as just looked at, by ``DEVICE/NAME``: the checkpoints asked for meanwhile
        are checked against them, each month file not looked at once more (years of
        them, for a habit's checkpoint). A file a sync tool brings in between is no
        different from one it brings just after the look: it is news for the next read."""
        cached = self._cached
        cached.looked = looked
        try:
            yield
        finally:
            cached.looked = None

    # -- reading ---------------------------------------------------------------------
    def load(self, since: dt.date | None = None) -> Snapshot:
        """Habits, and every check-in from the month of ``since`` on (all when None)."""
        main = self._raw(self._views.main)
        files = self.layout.files()  # one look at the folders for the whole read
        self._listed = frozenset(files)
        if main is None:
            return Snapshot()
        self._check_own_months(files)
        self._cached = self._known_good.cache = self._checkpoints.load()
        snapshot = Snapshot(habits=self._habits_read(), checkpoints=self._cached)
        for habit_id in snapshot.habits:
            snapshot.checkins[habit_id] = {}
        first = month_of(since) if since else dt.date.min
        for habit_id, days in self._load_checkins(first, dt.date.max, None, files).items():
            snapshot.checkins.setdefault(habit_id, {}).update(days)
        return snapshot

    def check_month(self, month: dt.date) -> None:
        """Read whole, and check, every device's file of ``month`` not known good (see
        ``_part``), so that damage there is told at once, by any command, as a read of
        the month tells it; nothing is kept in memory but what was read."""
        for device in self._devices_with(month):
            path = self.layout.month_path(month, device)
            if file_id(path) not in self._known_good:
                storage = atomic_storage(self._views.of(DataFile(device, month)))
                self.checked(path, lambda: self._checked_whole(storage, month))

    def _check_own_months(self, files: list[DataFile]) -> None:
        """Every month file this device wrote is still there (its habits file lists them).

        ``files`` is the look taken before the habits file is read, and a command of
        this device may write a new month in between (its file first, then the habits
        file naming it): a month named but not in the look is looked for once more, and
        only one not there now is missing."""
        own = known_device(self.layout)
        path = self.layout.habits_path(own) if own else None
        if own is None or path is None or not os.path.lexists(path):
            return
        data = self.checked(path, lambda: self._raw(self._views.of(DataFile(own))))
        listed = self.checked(path, lambda: listed_months(data or {}))
        there = {f.month for f in files if f.device == own}
        for month in sorted((listed or set()) - there):
            month_path = self.layout.month_path(month, own)
            if not os.path.lexists(month_path):  # (made since the look: news, not damage)
                raise damaged(self.layout, month_path, "it is missing, though this device wrote it")

    def _habits_read(self) -> StoredHabits:
        """Every habit (see ``stored_habits``): those of a habits file found good before
        made when first asked for; every other file's checked now, and so found good."""
        devices = self._devices_with(None)
        paths = {device: self.layout.habits_path(device) for device in devices}
        storages = {device: atomic_storage(self._views.of(DataFile(device))) for device in devices}

        def read(copies: dict[str, dict[str, Any]]) -> tuple[StoredHabits, int]:
            trusted = {device for device in copies if storages[device].seen in self._known_good}
            return habits_found(copies, trusted, paths)

        habits, latest = self._checked_copies(None, read, devices)
        self._latest = max(self._latest, latest)
        self._habit_files = {device: storage.seen for device, storage in storages.items()
                             if storage.seen is not None}
        self._known_good.update(self._habit_files.values())
        return habits

    def habit_versions(self) -> HabitVersions:
        """Every habit's latest version, removals included."""
        versions = self._checked_copies(None, habits_merged)
        self._latest = max([self._latest, *(v.stamp.time for v in versions.values())])
        return versions

    def day_versions(self, month: dt.date) -> DayVersions:
        """Every day's latest version in ``month``, cleared days included."""
        versions = self._checked_copies(month, lambda copies: month_versions(copies, month))
        self._latest = max([self._latest, *(v.stamp.time for v in versions.values())])
        return versions

    def load_checkins(self, first: dt.date, before: dt.date,
                      only: str | None = None) -> dict[str, dict[dt.date, CheckIn]]:
        """Check-ins of the months ``first`` up to ``before``, each habit's in one dict
        (each month is read straight into it); only habit ``only``'s, when given."""
        return self._load_checkins(first, before, only, self.layout.files())

    def _load_checkins(self, first: dt.date, before: dt.date, only: str | None,
                       files: list[DataFile]) -> dict[str, dict[dt.date, CheckIn]]:
        found: dict[str, dict[dt.date, CheckIn]] = {}
        devices: dict[dt.date, list[str]] = {}  # each month's devices, from one look at the folders
        for file in files:
            if file.month is not None and first <= file.month < before:
                devices.setdefault(file.month, []).append(file.device)
        months = sorted(devices)
        days: dict[str, list[dt.date]] = {}  # (a very large read: see below)
        checkins: dict[str, list[CheckIn]] = {}
        with bulk_reading(len(months)):
            for month in months:
                kept = len(months) < BULK_MONTHS or month == months[-1]  # (else let go: below)
                if not days:
                    self._read_month(month, found, devices[month], only, share=kept)
                    if month == months[0] and len(found) * len(months) >= SPREAD_OUT:
                        days = {habit_id: list(read) for habit_id, read in found.items()}
                        checkins = {habit_id: list(read.values()) for habit_id, read in found.items()}
                        found.clear()
                else:
                    read_in = self._read_month(month, None, devices[month], only, share=kept)
                    for habit_id, read in read_in.items():
                        if habit_id not in days:
                            days[habit_id], checkins[habit_id] = [], []
                        days[habit_id].extend(read)
                        checkins[habit_id].extend(read.values())
                if not kept:  # (the newest stays: changes go there)
                    self._views.let_go(month)  # the views keep its files' identities
            for habit_id in list(days):
                found[habit_id] = dict(zip(days.pop(habit_id), checkins.pop(habit_id)))
        return found

    def _read_month(self, month: dt.date, into: dict[str, dict[dt.date, CheckIn]] | None = None,
                    devices: list[str] | None = None, only: str | None = None,
                    *, share: bool = True) -> dict[str, dict[dt.date, CheckIn]]:
        """One month's check-ins (added to ``into`` when given: a damaged month then
        leaves it half filled, as the read is refused whole), from ``devices`` (None:
        every device with a file of it now); only habit ``only``'s, when given; ``share``: as
        ``read_month_checkins`` takes it. A month no device has a file of is read whole
        for any habit (there is nothing in it), so the next habit asked about it (an
        import writes a month for each of its habits) does not look for its files again."""
        if devices is None:
            devices = self._devices_with(month)
            only = only if devices else None
        days, latest = self._checked_copies(
            month, lambda copies: month_days(copies, month, into, share=share), devices, only)
        self._latest = max(self._latest, latest)
        if only is None:  # (a month read for one habit is not known whole)
            self._valid_months.add(month)
            found = self._views.identity(month, set())
            self._known_good.update(file for _, file in found or ())
        else:
            self._valid_parts.add((month, only))
        return days

    def months(self) -> list[dt.date]:
        """The months that have a check-in file on some device, oldest first."""
        return sorted({f.month for f in self.layout.files() if f.month is not None})

    def save_checkpoints(self, entries: Entries) -> None:
        """Cache checkpoints, without the lock (any command may): each is kept with the
        identities of the month files it folded in, or not kept when one is unknown."""
        spans = {habit_id: months_between(first, dt.date.fromisoformat(str(cp["through"])))
                 for habit_id, (first, cp) in entries.items()}
        devices: dict[dt.date, set[str]] = {}  # month -> the devices with a file of it
        for file in self.layout.files():
            if file.month:
                devices.setdefault(file.month, set()).add(file.device)
        identities: dict[dt.date, MonthId | None] = {}  # each month worked out once
        read = self._valid_months | {month for month, _ in self._valid_parts}
        ids: dict[dt.date, MonthId] = {}
        kept: Entries = {}
        for habit_id, span in spans.items():
            known = {}
            for month in span:
                if month not in identities:
                    identities[month] = self._identity_of(month, devices.get(month, set()), read)
                known[month] = identities[month]
            if all(identity is not None for identity in known.values()):
                ids.update({month: identity for month, identity in known.items() if identity is not None})
                kept[habit_id] = entries[habit_id]
        habit_files = tuple((device, identity) for device in sorted(self._habit_files)
                            if (identity := file_id(self.layout.habits_path(device))) is not None
                            and identity in self._known_good)
        self._checkpoints.save(kept, ids, self._checked_files(devices, set(ids)), habit_files)

    def _checked_files(self, devices: dict[dt.date, set[str]], named: set[dt.date]) -> dict[dt.date, MonthId]:
        """The files of months no checkpoint names that were read whole and found good
        (here, or by a command before), each as it is on disk now: the next command
        about one habit reads its records of them alone (see ``_part``)."""
        months = {*self._valid_months, *(month for month, _ in self._valid_parts), *self._cached.checked}
        found: dict[dt.date, MonthId] = {}
        for month in sorted(months - named):
            good = [(device, identity) for device in sorted(devices.get(month, ()))
                    if (identity := file_id(self.layout.month_path(month, device))) is not None
                    and identity in self._known_good]
            if good:
                found[month] = tuple(good)
        return found

    @property
    def has_news_for_cache(self) -> bool:
        """Whether a month was read whole and found good that the cache does not name as
        good. (A habits file found good is named whenever the cache is written, but is
        no reason to write it: a command that changes nothing leaves every file as it
        was, the cache too, and habits files rarely change.)"""
        named = self._cached.names_good
        return any(not named(file) for month in self._valid_months
                   for _, file in self._views.identity(month, set()) or ())

    def _identity_of(self, month: dt.date, on_disk: set[str], read: set[dt.date]) -> MonthId | None:
        """The identity of every device's file of a month read (``read``: whole, or for a
        habit: a checkpoint folds in only what it read), or that the cache was checked
        against; None when not known. ``on_disk``: the devices with a file of the month."""
        if month in read:
            found = self._views.identity(month, on_disk)
            if found is not None:
                return found
        validated = self._cached.validated
        if month in validated:
            return validated[month]
        if not on_disk:
            return ()
        return None

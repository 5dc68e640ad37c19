"""The on-disk store: TinyDB files laid out by ``Layout``, written atomically, one writer
at a time, each device only to its own folder.

Reading validates every file it touches; a file that fails is never written to again by
this process, and the error names the newest good backup and the command to restore it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from filelock import FileLock
from tinydb import Query, TinyDB
from tinydb.table import Table

from ..domain import CheckIn, Habit
from ..domain.versions import next_time
from .atomic import AtomicJSONStorage, DamagedFileError, ensure_private_dir, remove_stale_temp_files
from .backups import ensure_daily_backup, finish_unfinished, remove_stale_staging, unfinished
from .base import Outside, Snapshot
from .files import FileId, UnsureWriteError, file_id
from .layout import DataFile, Layout, month_of
from .local import CheckpointCache, Entries, MonthId, device_id, months_between
from .lock import LOCK_WAIT, new_lock, take
from .records import DayVersions, HabitVersions, habits_merged, month_days, month_versions
from .schema import (SCHEMA_VERSION, Day, SchemaError, encode_checkin, habit_doc, main_data,
                     read_habit_records, read_month, schema_version)
from .writing import atomic_storage as _atomic
from .writing import bytes_or_none, damaged, put_back

UNDO_LIMIT = 100  # steps kept in this device's undo log
T = TypeVar("T")

if TYPE_CHECKING:
    from .intake import Incoming, Taken


class NewerSchemaError(Exception):
    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"{path} was written by a newer Trust Tracker (data version {version}); "
            f"this one reads version {SCHEMA_VERSION}. Please upgrade trust-tracker."
        )


class ReadOnlyError(Exception):
    """A store opened for reading was asked to write: a bug in the caller, not the data."""


class TinyStore:
    """The main file (the version), every device's habits and month files, merged when
    read; this device's undo log and checkpoint cache in its own folder (see
    :mod:`tracker.store.local`).

    Nothing is held between changes: each change takes the lock for the milliseconds it
    is written (``locked()``), and ``take_in()`` tells, by a stat of each file read, whether
    someone else has written since, so the caller can take that in before its own change.
    A change is written only to this device's files, each record stamped on the hybrid
    clock later than every version read, so it is the later one wherever it is merged.
    """

    def __init__(self, path: Path, *, writable: bool = True, lock_timeout: float = LOCK_WAIT) -> None:
        self.layout = Layout(path)
        self.writable = writable
        self._lock_timeout = lock_timeout
        self._lock: FileLock | None = None  # made at the first change: reading creates nothing
        self._swept = False  # stale temp files are cleared once, under the lock
        self._device: str | None = None  # this device's folder name, known at its first change
        self._habit_dbs: dict[str, TinyDB] = {}  # device -> its habits file
        self._months: dict[dt.date, dict[str, TinyDB]] = {}  # month -> device -> its file
        self._valid_months: set[dt.date] = set()  # read whole, every device's file checked
        self._listed: frozenset[Path] | None = None  # the record files seen at the last read
        self._held: list[AtomicJSONStorage] = []
        self._latest = 0  # the latest time of any version read or written
        self._left: dict[Path, FileId | None] = {}  # sync copies that did not read, as found
        self.wall_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000
        self.saved_changes = 0  # transactions now on disk
        self.saving = False  # True while a transaction's files are being written or put back
        self.recovered: str | None = None  # what opening did by itself, to say
        self.today: Callable[[], dt.date] = dt.date.today  # names the day's backup
        self._checkpoints = CheckpointCache(self.layout)
        self._validated: dict[dt.date, MonthId] = {}  # month ids the cache was checked by
        try:
            self._main = self._open_main()
            self._undo = self._open_db(self.layout.undo_path)
            self._prepare()
        except BaseException:
            self.close()
            raise

    @property
    def device(self) -> str:
        if self._device is None:
            self._device = device_id(self.layout)
        return self._device

    # -- sharing ---------------------------------------------------------------------
    def locked(self) -> contextlib.AbstractContextManager[None]:
        """Hold the data's lock (again, if held already) for one change."""
        self._require_writable()
        return self._locking()

    @contextlib.contextmanager
    def _locking(self) -> Iterator[None]:
        if self._lock is None:
            self._lock = new_lock(self.layout, self._lock_timeout)
        take(self._lock, self.layout)
        try:
            if not self._swept and self.writable:
                remove_stale_temp_files(self.layout.folder, f".{self.layout.main.name}.*.tmp")
                for device in self.layout.devices():
                    remove_stale_temp_files(self.layout.devices_dir / device, ".*.json.*.tmp")
                remove_stale_staging(self.layout)
                remove_stale_temp_files(self.layout.local_dir, ".undo.json.*.tmp")
                self._swept = True
            yield
        finally:
            self._lock.release()

    def take_in(self) -> Outside:
        """What others wrote since this store read it (a stat per file), with the views of
        just those files dropped, so the next read sees them as they are now."""
        main, undo = _atomic(self._main).is_stale, _atomic(self._undo).is_stale
        if self._new_copies():  # a sync tool's copy arrived: merged at once
            self._take_in_copies()
            main = True
        habits = any(_atomic(db).is_stale for db in self._habit_dbs.values())
        months = {month for month, dbs in self._months.items()
                  if any(_atomic(db).is_stale for db in dbs.values())}
        if self._listed is not None:
            listing = self.layout.listing()
            for path in frozenset(listing) ^ self._listed:
                found = listing.get(path) or self._file_kind(path)
                if found is not None and found.month is None:
                    habits = True
                elif found is not None and found.month is not None:
                    months.add(found.month)
            self._listed = frozenset(listing)
        for month in months:
            for db in self._months.pop(month, {}).values():
                db.close()
            self._valid_months.discard(month)
            self._validated.pop(month, None)
        if habits:
            for db in self._habit_dbs.values():
                db.close()
            self._habit_dbs.clear()
        if main:
            self._main.close()
            self._main = self._open_main()
        if undo:
            self._undo.close()
            self._undo = self._open_db(self.layout.undo_path)
        return Outside(main or habits, frozenset(months))

    def _file_kind(self, path: Path) -> DataFile | None:
        """What a file that is gone was (its name and folder tell)."""
        from .layout import HABITS_FILE, month_named

        if path.name == HABITS_FILE:
            return DataFile(path.parent.name)
        month = month_named(path)
        return DataFile(path.parent.name, month) if month is not None else None

    def reset(self) -> None:
        """Forget everything read, so the next read sees the disk as it is now."""
        self._forget([_atomic(db) for db in self._dbs()])
        self._listed = None

    def _dbs(self) -> list[TinyDB]:
        return [self._main, self._undo, *self._habit_dbs.values(),
                *(db for dbs in self._months.values() for db in dbs.values())]

    # -- opening ---------------------------------------------------------------------
    @staticmethod
    def _open_db(path: Path) -> TinyDB:
        return TinyDB(path, storage=AtomicJSONStorage)

    def _open_main(self) -> TinyDB:
        return self._open_db(self.layout.main)

    def checked(self, path: Path, read: Callable[[], T]) -> T:
        """Run a read; turn any sign of damage into a clear ``DamagedFileError``."""
        try:
            return read()
        except DamagedFileError as err:
            raise damaged(self.layout, path, err.reason) from None
        except SchemaError as err:
            raise damaged(self.layout, path, str(err)) from None

    def _raw(self, db: TinyDB) -> dict[str, Any] | None:
        return db.storage.read()

    def _prepare(self) -> None:
        if unfinished(self.layout) is not None:  # an import or restore a crash cut short
            with self._locking():  # (the one that is still running holds this meanwhile)
                self.recovered = finish_unfinished(self.layout)
        data = self.checked(self.layout.main, lambda: self._raw(self._main))
        if data is None:
            return  # a new database: its files appear with the first change
        version = self.checked(self.layout.main, lambda: schema_version(data))
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(self.layout.main, version)
        from .intake import has_foreign_files, migrate

        if version < SCHEMA_VERSION:
            with self._locking():  # even a reader migrates: the data must be read in today's shape
                migrate(self, data, version)
            self.reset()
        if has_foreign_files(self.layout):  # a sync tool's conflict copies, or older files
            self._take_in_copies()

    def _new_copies(self) -> dict[Path, DataFile]:
        """Sync tools' copies, but for those found unreadable and unchanged since."""
        return {path: file for path, file in self.layout.conflict_copies().items()
                if path not in self._left or file_id(path) != self._left[path]}

    def _take_in_copies(self) -> None:
        from .intake import take_in_foreign

        with self._locking():
            self.reset()  # what is merged in is weighed against the files as they are now
            said, left = take_in_foreign(self, self._new_copies())
        self._left.update({path: file_id(path) for path in left})
        self.recovered = " ".join(filter(None, [self.recovered, said])) or None

    def _db(self, file: DataFile) -> TinyDB:
        """The TinyDB of one device's file (held for the transaction, if one is open)."""
        if file.month is None:
            found = self._habit_dbs.get(file.device)
            if found is None:
                found = self._habit_dbs[file.device] = self._open_db(self.layout.habits_path(file.device))
        else:
            dbs = self._months.setdefault(file.month, {})
            found = dbs.get(file.device)
            if found is None:
                found = dbs[file.device] = self._open_db(self.layout.month_path(file.month, file.device))
        if self._held and file.device == self._device and _atomic(found) not in self._held:
            _atomic(found).hold()
            self._held.append(_atomic(found))
        return found

    def _devices_with(self, month: dt.date | None) -> list[str]:
        """The devices that have a file of ``month`` (of habits, for None), on disk now."""
        path = self.layout.habits_path if month is None else functools.partial(self.layout.month_path, month)
        # whatever is there: a folder or a FIFO where a file belongs is refused, not passed over
        return [d for d in self.layout.devices() if os.path.lexists(path(d))]

    def _copies(self, month: dt.date | None, devices: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for device in devices:
            file = DataFile(device, month)
            path = self.layout.month_path(month, device) if month else self.layout.habits_path(device)
            data = self.checked(path, lambda: self._raw(self._db(file)))
            if data is not None:
                found[device] = data
        return found

    def _checked_copies(self, month: dt.date | None, read: Callable[[dict[str, dict[str, Any]]], T],
                        devices: list[str] | None = None) -> T:
        """Every device's file of ``month`` read through ``read``; damage names its file."""
        copies = self._copies(month, self._devices_with(month) if devices is None else devices)
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

    # -- reading ---------------------------------------------------------------------
    def load(self, since: dt.date | None = None) -> Snapshot:
        """Habits, and every check-in from the month of ``since`` on (all when None)."""
        main = self._raw(self._main)
        self._listed = frozenset(self.layout.listing())
        if main is None:
            return Snapshot()
        entries, self._validated = self._checkpoints.load()
        habits = {habit_id: v.value for habit_id, v in self.habit_versions().items()
                  if v.value is not None}
        snapshot = Snapshot(habits=habits,
                            checkpoints={habit_id: {**checkpoint, "from": f"{first:%Y-%m}"}
                                         for habit_id, (first, checkpoint) in entries.items()})
        for habit_id in snapshot.habits:
            snapshot.checkins[habit_id] = {}
        first = month_of(since) if since else dt.date.min
        for habit_id, days in self.load_checkins(first, dt.date.max).items():
            snapshot.checkins.setdefault(habit_id, {}).update(days)
        return snapshot

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

    def load_checkins(self, first: dt.date, before: dt.date) -> dict[str, dict[dt.date, CheckIn]]:
        found: dict[str, dict[dt.date, CheckIn]] = {}
        for month in self.months():
            if first <= month < before:
                for habit_id, days in self._read_month(month).items():
                    found.setdefault(habit_id, {}).update(days)
        return found

    def _read_month(self, month: dt.date) -> dict[str, dict[dt.date, CheckIn]]:
        days, latest = self._checked_copies(month, lambda copies: month_days(copies, month))
        self._latest = max(self._latest, latest)
        self._valid_months.add(month)
        return days

    def months(self) -> list[dt.date]:
        """The months that have a check-in file on some device, oldest first."""
        return sorted({f.month for f in self.layout.listing().values() if f.month is not None})

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, *, undoing: bool = False) -> Iterator[None]:
        """All writes inside land together when it ends, or none of them do.

        The files are written one by one, in the order that keeps a crash between them
        harmless: for a change the undo step goes first, so the worst case is an undo step
        that finds nothing to undo; for an undo the records go first, so the worst case is
        an undo step that can be taken again.
        """
        if not self._held:  # (inside one, the outer transaction has decided)
            self._require_writable()
        with self.writing(undoing=undoing):
            yield

    @contextlib.contextmanager
    def writing(self, *, undoing: bool = False) -> Iterator[None]:
        """A transaction, also for a store opened to read (which migrates, and takes in
        what sync tools leave, before it reads)."""
        if self._held:
            yield
            return
        with self._locking():
            ensure_daily_backup(self.layout, self.today())
            self._held = [_atomic(self._undo), _atomic(self._main)]  # the undo step goes first
            for storage in self._held:
                storage.hold()
            try:
                yield
            except BaseException:
                self._rollback()
                raise
            self._write_held(undoing)

    def _write_held(self, undoing: bool) -> None:
        held, self._held = self._held, []
        ordered = held[1:] + held[:1] if undoing else held
        before = {storage.path: bytes_or_none(storage.path) for storage in ordered}
        written: list[AtomicJSONStorage] = []
        self.saving = True
        try:
            for storage in ordered:
                storage.commit()
                written.append(storage)
        except UnsureWriteError:
            self._forget(ordered)  # the failing file may hold the change: nothing is put back
            raise
        except BaseException as err:
            whole = put_back(written, before)
            self._forget(ordered)
            self.saving = not whole
            if not whole and isinstance(err, OSError):
                raise UnsureWriteError.after(err) from err
            raise
        self.saving = False
        self.saved_changes += 1
        if self._listed is not None:
            self._listed = frozenset(self.layout.listing())  # our own new files are known ones

    def _rollback(self) -> None:
        held, self._held = self._held, []
        self._forget(held)

    def _forget(self, storages: list[AtomicJSONStorage]) -> None:
        """Drop every cached view of the files, so the next read sees the disk as it is."""
        for storage in storages:
            storage.rollback()
        self._valid_months.clear()
        for db in self._dbs():
            db.close()  # lets go of the files it read
        self._main = self._open_main()  # fresh tables: no stale next ids
        self._undo = self._open_db(self.layout.undo_path)
        self._months.clear()
        self._habit_dbs.clear()

    def _require_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyError("this store was opened read-only")

    def _next_time(self) -> int:
        self._latest = next_time(self.wall_ms(), self._latest)
        return self._latest

    def _own(self, month: dt.date | None) -> TinyDB:
        """This device's file of ``month`` (of habits, for None), to change: every
        device's file of it read first (so the new time is later than all of them), and
        the main file stamped if the data is new."""
        meta = self._main.table("meta")
        if not len(meta):
            meta.insert(main_data()["meta"]["1"])
        device = self.device
        if month is None:
            self.habit_versions()
            db = self._db(DataFile(device))
        else:
            if month not in self._valid_months:
                self._read_month(month)
            db = self._db(DataFile(device, month))
        if self._raw(db) is None:
            key = "habits" if month is None else "checkins"
            marks = {"schema": SCHEMA_VERSION, "device": device}
            db.storage.write({"meta": {"1": marks if month is None else {**marks, "month": f"{month:%Y-%m}"}},
                              key: {}})
        return db

    def merge(self, incoming: Incoming, *, dry_run: bool = False) -> tuple[Taken, str | None]:
        from .intake import take

        return take(self, incoming, dry_run=dry_run)

    def put_habit(self, habit: Habit) -> None:
        self.put_habit_version(habit.id, habit, None)

    def delete_habit(self, habit_id: str) -> None:
        """A removal is a version too: a merge never brings the habit back. Its days go
        from this device's files with it (another device's stay in that device's files,
        and are never shown without their habit)."""
        with self.transaction():
            self.put_habit_version(habit_id, None, None)
            own = {f.month for f in self.layout.listing().values()
                   if f.device == self.device and f.month is not None}
            for month in sorted(own):
                self._own(month).table("checkins").remove(Query().habit == habit_id)

    def put_habit_version(self, habit_id: str, habit: Habit | None, at: int | None) -> None:
        """One habit's version (None: removed), now or at the time ``at`` it was made."""
        with self.transaction():
            table = self._own(None).table("habits")
            at = self._next_time() if at is None else max(at, 0)
            self._latest = max(self._latest, at)
            table.upsert(habit_doc(habit_id, habit, at), Query().id == habit_id)

    def put_checkin(self, habit_id: str, day: dt.date, checkin: CheckIn | None) -> None:
        self.put_days(habit_id, {day: checkin or CheckIn()})

    def put_days(self, habit_id: str, days: Mapping[dt.date, CheckIn]) -> None:
        """Many days of one habit (an import): one record update per month, not per day.

        An empty check-in clears its day."""
        by_month: dict[dt.date, dict[dt.date, CheckIn]] = {}
        for day, checkin in days.items():
            by_month.setdefault(month_of(day), {})[day] = checkin
        with self.transaction():
            for month, chunk in sorted(by_month.items()):
                self._own(month)
                now = self._next_time()
                self.put_day_versions(month, habit_id, {d: (c, now) for d, c in chunk.items()})

    def put_day_versions(self, month: dt.date, habit_id: str, days: Mapping[dt.date, Day]) -> None:
        """Days of one habit in one month, each at the time it carries."""
        with self.transaction():
            checkins = self._own(month).table("checkins")
            doc = checkins.get(Query().habit == habit_id)
            stored = dict(doc["days"]) if doc else {}
            for day, (checkin, at) in days.items():
                stored[str(day.day)] = encode_checkin(checkin, at)
                self._latest = max(self._latest, at)
            if doc is not None:
                checkins.update({"days": stored}, doc_ids=[doc.doc_id])
            elif stored:
                checkins.insert({"habit": habit_id, "days": stored})

    def save_checkpoints(self, entries: Entries) -> None:
        """Cache checkpoints, without the lock (any command may): each is kept with the
        identities of the month files it folded in, or not kept when one is unknown."""
        spans = {habit_id: months_between(first, dt.date.fromisoformat(str(cp["through"])))
                 for habit_id, (first, cp) in entries.items()}
        ids: dict[dt.date, MonthId] = {}
        kept: Entries = {}
        listed = {(f.device, f.month) for f in self.layout.listing().values() if f.month}
        for habit_id, span in spans.items():
            known = {month: self._identity_of(month, listed) for month in span}
            if all(identity is not None for identity in known.values()):
                ids.update({month: identity for month, identity in known.items() if identity is not None})
                kept[habit_id] = entries[habit_id]
        self._checkpoints.save(kept, ids)

    def _identity_of(self, month: dt.date, listed: set[tuple[str, dt.date]]) -> MonthId | None:
        """The identity of every device's file of a month whose contents are in memory
        (or that the cache was checked against); None when not known."""
        if month in self._valid_months:
            dbs = self._months.get(month, {})
            on_disk = {device for device, found in listed if found == month}
            storages = {device: _atomic(db) for device, db in dbs.items()}
            if all(s.was_read for s in storages.values()) and on_disk <= set(storages):
                return tuple((device, s.seen) for device, s in sorted(storages.items())
                             if s.seen is not None)
        if month in self._validated:
            return self._validated[month]
        if not any(found == month for _, found in listed):
            return ()
        return None

    def _steps(self) -> Table:
        """This device's undo log; one that does not read is never written over."""
        try:
            self._raw(self._undo)
        except DamagedFileError as err:
            err.args = (f"{err.args[0]} It holds only this device's undo steps, not your "
                        "data: delete it, and undo starts afresh.",)
            raise
        return self._undo.table("undo")

    def push_undo(self, entry: dict[str, Any]) -> None:
        with self.transaction():
            steps = self._steps()
            steps.insert(entry)
            ids = sorted(doc.doc_id for doc in steps.all())
            if len(ids) > UNDO_LIMIT:
                steps.remove(doc_ids=ids[: len(ids) - UNDO_LIMIT])

    def clear_undo(self) -> None:
        """Undo stops here: after an import, older steps would put back stale months."""
        with self.transaction():
            self._steps().truncate()

    def pop_undo(self) -> dict[str, Any] | None:
        with self.transaction(undoing=True):
            steps = self._steps()
            docs = steps.all()
            if not docs:
                return None
            newest = max(docs, key=lambda doc: doc.doc_id)
            steps.remove(doc_ids=[newest.doc_id])
            return dict(newest)

    def close(self) -> None:
        for db in [getattr(self, "_main", None), getattr(self, "_undo", None),
                   *getattr(self, "_habit_dbs", {}).values(),
                   *(db for dbs in getattr(self, "_months", {}).values() for db in dbs.values())]:
            if db is not None:
                db.close()
        self._months.clear()

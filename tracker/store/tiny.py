"""The on-disk store: TinyDB files laid out by ``Layout``, written atomically, one writer.

Reading validates every file it touches; a file that fails is never written to again by
this process, and the error names the newest good backup and the command to restore it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock
from tinydb import Query, TinyDB
from tinydb.table import Table

from ..domain import CheckIn, Habit
from .atomic import (AtomicJSONStorage, DamagedFileError, ensure_private_dir,
                     remove_stale_temp_files, write_atomically)
from .backups import (ensure_daily_backup, finish_unfinished, remove_stale_staging, take_backup,
                      unfinished)
from .base import Outside, Snapshot
from .files import FileId, UnsureWriteError
from .layout import Layout, month_named, month_of
from .local import CheckpointCache, Entries, months_between
from .lock import LOCK_WAIT, new_lock, take
from .migrate import month_data, split_local, split_v1
from .schema import (SCHEMA_VERSION, SchemaError, encode_checkin, read_habits, read_month,
                     schema_version)
from .writing import atomic_storage as _atomic
from .writing import bytes_or_none, damaged, put_back

UNDO_LIMIT = 100  # steps kept in this device's undo log
T = TypeVar("T")


class NewerSchemaError(Exception):
    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"{path} was written by a newer Trust Tracker (data version {version}); "
            f"this one reads version {SCHEMA_VERSION}. Please upgrade trust-tracker."
        )


class ReadOnlyError(Exception):
    """A store opened for reading was asked to write: a bug in the caller, not the data."""


class TinyStore:
    """Habits in the main file, check-ins in month files; this device's undo log and
    checkpoint cache in its own folder (see :mod:`tracker.store.local`).

    Nothing is held between changes: each change takes the lock for the milliseconds it
    is written (``locked()``), and ``take_in()`` tells, by a stat of each file read, whether
    someone else has written since, so the caller can take that in before its own change.
    """

    def __init__(self, path: Path, *, writable: bool = True, lock_timeout: float = LOCK_WAIT) -> None:
        self.layout = Layout(path)
        self.writable = writable
        self._lock_timeout = lock_timeout
        self._lock: FileLock | None = None  # made at the first change: reading creates nothing
        self._swept = False  # stale temp files are cleared once, under the lock
        self._months: dict[dt.date, TinyDB] = {}
        self._valid_months: set[dt.date] = set()
        self._listed: frozenset[Path] | None = None  # the month files seen at the last read
        self._held: list[AtomicJSONStorage] = []
        self.saved_changes = 0  # transactions now on disk
        self.saving = False  # True while a transaction's files are being written or put back
        self.recovered: str | None = None  # what finishing a cut-short import or restore did
        self.today: Callable[[], dt.date] = dt.date.today  # names the day's backup
        self._checkpoints = CheckpointCache(self.layout.checkpoints_path, self.layout.month_path)
        self._validated: dict[dt.date, FileId | None] = {}  # month ids the cache was checked by
        try:
            self._main = self._open_main()
            self._undo = self._open_db(self.layout.undo_path)
            self._prepare()
        except BaseException:
            self.close()
            raise

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
                remove_stale_temp_files(self.layout.months_dir, ".*.json.*.tmp")
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
        months = {month for month, db in self._months.items() if _atomic(db).is_stale}
        if self._listed is not None:
            listed = self._listing()
            months |= {m for p in listed ^ self._listed if (m := month_named(p)) is not None}
            self._listed = listed
        for month in months:
            if (db := self._months.pop(month, None)) is not None:
                db.close()
            self._valid_months.discard(month)
            self._validated.pop(month, None)
        if main:
            self._main.close()
            self._main = self._open_main()
        if undo:
            self._undo.close()
            self._undo = self._open_db(self.layout.undo_path)
        return Outside(main, frozenset(months))

    def reset(self) -> None:
        """Forget everything read, so the next read sees the disk as it is now."""
        self._forget([_atomic(db) for db in self._dbs()])
        self._listed = None

    def _dbs(self) -> list[TinyDB]:
        return [self._main, self._undo, *self._months.values()]

    def _listing(self) -> frozenset[Path]:
        return frozenset(self.layout.month_files().values())

    # -- opening ---------------------------------------------------------------------
    @staticmethod
    def _open_db(path: Path) -> TinyDB:
        return TinyDB(path, storage=AtomicJSONStorage)

    def _open_main(self) -> TinyDB:
        return self._open_db(self.layout.main)

    def _checked(self, path: Path, read: Callable[[], T]) -> T:
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
        data = self._checked(self.layout.main, lambda: self._raw(self._main))
        if data is None:
            return  # a new database: its files appear with the first change
        version = self._checked(self.layout.main, lambda: schema_version(data))
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(self.layout.main, version)
        if version < SCHEMA_VERSION:
            with self._locking():  # even a reader migrates: the data must be read in today's shape
                self._migrate(data, version)
        self._checked(self.layout.main, lambda: read_habits(self._raw(self._main) or data))

    def _migrate(self, data: dict[str, Any], version: int) -> None:
        """Back up, then write the new files; the main file last, so a crash midway
        leaves the old version in place, to be migrated again."""
        months: dict[dt.date, dict[str, Any]] = {}
        if version == 1:
            data, months = self._checked(self.layout.main, lambda: split_v1(data))
        main, undo = self._checked(self.layout.main, lambda: split_local(data))
        take_backup(self.layout, "migration")
        for month, month_doc in months.items():
            ensure_private_dir(self.layout.months_dir)
            write_atomically(self.layout.month_path(month), json.dumps(month_doc, ensure_ascii=False))
        write_atomically(self.layout.undo_path, json.dumps(undo, ensure_ascii=False))
        write_atomically(self.layout.main, json.dumps(main, ensure_ascii=False))
        _atomic(self._main).rollback()
        _atomic(self._undo).rollback()

    def _month(self, month: dt.date) -> TinyDB:
        if month not in self._months:
            self._months[month] = self._open_db(self.layout.month_path(month))
        db = self._months[month]
        if self._held and _atomic(db) not in self._held:
            _atomic(db).hold()
            self._held.append(_atomic(db))
        return db

    def _writable_month(self, month: dt.date) -> TinyDB:
        """A month file checked whole before its first change, or a new one."""
        db = self._month(month)
        if month not in self._valid_months:
            path = self.layout.month_path(month)
            data = self._checked(path, lambda: self._raw(db))
            if data is None:
                db.storage.write(month_data(month, {}))
            else:
                self._checked(path, lambda: read_month(data, month))
            self._valid_months.add(month)
        return db

    # -- reading ---------------------------------------------------------------------
    def load(self, since: dt.date | None = None) -> Snapshot:
        """Habits, and every check-in from the month of ``since`` on (all when None)."""
        main = self._raw(self._main)
        self._listed = self._listing()
        if main is None:
            return Snapshot()
        entries, self._validated = self._checkpoints.load()
        snapshot = Snapshot(habits=self._checked(self.layout.main, lambda: read_habits(main)),
                            checkpoints={habit_id: {**checkpoint, "from": f"{first:%Y-%m}"}
                                         for habit_id, (first, checkpoint) in entries.items()})
        for habit_id in snapshot.habits:
            snapshot.checkins[habit_id] = {}
        first = month_of(since) if since else dt.date.min
        for habit_id, days in self.load_checkins(first, dt.date.max).items():
            snapshot.checkins.setdefault(habit_id, {}).update(days)
        return snapshot

    def load_checkins(self, first: dt.date, before: dt.date) -> dict[str, dict[dt.date, CheckIn]]:
        found: dict[str, dict[dt.date, CheckIn]] = {}
        for month, path in self.layout.month_files().items():
            if not first <= month < before:
                continue
            data = self._checked(path, lambda: self._raw(self._month(month)) or {})
            for habit_id, days in self._checked(path, lambda: read_month(data, month)).items():
                found.setdefault(habit_id, {}).update(days)
            self._valid_months.add(month)
        return found

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, *, undoing: bool = False) -> Iterator[None]:
        """All writes inside land together when it ends, or none of them do.

        The files are written one by one, in the order that keeps a crash between them
        harmless: for a change the history (main file) goes first, so the worst case is an
        undo step that finds nothing to undo; for an undo the check-ins go first, so the
        worst case is an undo step that can be taken again.
        """
        if self._held:
            yield
            return
        self._require_writable()
        with self.locked():
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
            self._listed = self._listing()  # our own new month files are known ones

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

    def _require_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyError("this store was opened read-only")

    def _stamp_main(self) -> None:
        meta = self._main.table("meta")
        if not len(meta):
            meta.insert({"schema": SCHEMA_VERSION, "app": "trust-tracker"})

    def put_habit(self, habit: Habit) -> None:
        with self.transaction():
            self._stamp_main()
            self._main.table("habits").upsert(habit.to_dict(), Query().id == habit.id)

    def delete_habit(self, habit_id: str) -> None:
        with self.transaction():
            self._main.table("habits").remove(Query().id == habit_id)
            for month in self.layout.month_files():
                self._month(month).table("checkins").remove(Query().habit == habit_id)

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
                checkins = self._writable_month(month).table("checkins")
                doc = checkins.get(Query().habit == habit_id)
                stored = dict(doc["days"]) if doc else {}
                for day, checkin in chunk.items():
                    if checkin.is_empty:
                        stored.pop(str(day.day), None)
                    else:
                        stored[str(day.day)] = encode_checkin(checkin)
                if doc is not None:
                    checkins.update({"days": stored}, doc_ids=[doc.doc_id])
                elif stored:
                    checkins.insert({"habit": habit_id, "days": stored})

    def save_checkpoints(self, entries: Entries) -> None:
        """Cache checkpoints, without the lock (any command may): each is kept with the
        identities of the month files it folded in, or not kept when one is unknown."""
        spans = {habit_id: months_between(first, dt.date.fromisoformat(str(cp["through"])))
                 for habit_id, (first, cp) in entries.items()}
        ids: dict[dt.date, FileId | None] = {}
        kept: Entries = {}
        for habit_id, span in spans.items():
            known = {month: self._identity_of(month) for month in span}
            if all(is_known for is_known, _ in known.values()):
                ids.update({month: identity for month, (_, identity) in known.items()})
                kept[habit_id] = entries[habit_id]
        self._checkpoints.save(kept, ids)

    def _identity_of(self, month: dt.date) -> tuple[bool, FileId | None]:
        """(known, identity) of the month file whose contents are in memory, or that the
        cache was checked against; None for one known to be absent."""
        db = self._months.get(month)
        if db is not None and _atomic(db).was_read:
            return True, _atomic(db).seen
        if month in self._validated:
            return True, self._validated[month]
        if self._listed is not None and self.layout.month_path(month) not in self._listed:
            return True, None
        return False, None

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

    def months(self) -> list[dt.date]:
        """The months that have a check-in file, oldest first."""
        return sorted(self.layout.month_files())

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
        for db in [getattr(self, "_main", None), getattr(self, "_undo", None), *self._months.values()]:
            if db is not None:
                db.close()
        self._months.clear()

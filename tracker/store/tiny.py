"""The on-disk store: TinyDB files laid out by ``Layout``, written atomically, one writer
at a time, each device only to its own folder.

Reading validates every file it touches; a file that fails is never written to again by
this process, and the error names the newest good backup and the command to restore it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.table import Document
from tinydb.table import Table

from ..domain import Habit
from ..domain.versions import next_time
from . import livefiles
from .atomic import AtomicJSONStorage, DamagedFileError, remove_stale_temp_files
from .base import Outside
from .daily import ensure_daily_backup, remove_stale_staging
from .day_writing import DayWriting
from .files import UnsureWriteError, file_id
from .layout import DataFile, Scan, data_file
from .local import device_id
from .lock import LOCK_WAIT, Lock, new_lock, take
from .reading import Reading
from .schema import SCHEMA_VERSION, habit_doc, main_data, schema_version
from .writing import atomic_storage as _atomic
from .writing import bytes_or_none, put_back

UNDO_LIMIT = 100  # steps kept in this device's undo log
T = TypeVar("T")

if TYPE_CHECKING:
    from .intake import Incoming, Taken


class NewerSchemaError(Exception):
    def __init__(self, path: str, version: int) -> None:
        super().__init__(
            f"{path} was written by a newer Trust Tracker (data version {version}); "
            f"this one reads version {SCHEMA_VERSION}. Please upgrade trust-tracker."
        )


class ReadOnlyError(Exception):
    """A store opened for reading was asked to write: a bug in the caller, not the data."""


class TinyStore(Reading, DayWriting):
    """The main file (the version), every device's habits and month files, merged when
    read; this device's undo log and checkpoint cache in its own folder (see
    :mod:`tracker.store.local`).

    Nothing is held between changes: each change takes the lock for the milliseconds it
    is written (``locked()``), and ``take_in()`` tells, by a stat of each file read, whether
    someone else has written since, so the caller can take that in before its own change.
    A change is written only to this device's files, each record stamped on the hybrid
    clock later than every version read, so it is the later one wherever it is merged.
    """

    def __init__(self, path: str | os.PathLike[str], *, writable: bool = True,
                 lock_timeout: float = LOCK_WAIT) -> None:
        super().__init__(path)
        self.writable = writable
        self._lock_timeout = lock_timeout
        self._lock: Lock | None = None  # made at the first change: reading creates nothing
        self._swept = False  # stale temp files are cleared once, under the lock
        self._device: str | None = None  # this device's folder name, known at its first change
        self.wall_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000
        self.saved_changes = 0  # transactions now on disk
        self.written: set[str] = set()  # every file a transaction of this store wrote
        self.news_taken = 0  # how many times ``take_in`` found something from outside
        self.saving = False  # True while a transaction's files are being written or put back
        self.recovered: str | None = None  # what opening did by itself, to say
        self.today: Callable[[], dt.date] = dt.date.today  # names the day's backup
        try:
            self._prepare()
        except BaseException:
            self.close()
            raise

    @property
    def device(self) -> str:
        if self._device is None:
            self._device = self._views.holder = device_id(self.layout)
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
                remove_stale_temp_files(self.layout.folder, f".{self.layout.main_name}.")
                for device in self.layout.devices():
                    remove_stale_temp_files(self.layout.device_dir(device), ".", ".json.")
                remove_stale_staging(self.layout)
                remove_stale_temp_files(self.layout.local_dir, ".undo.json.")
                self._swept = True
            yield
        finally:
            self._lock.release()

    def take_in(self) -> Outside:
        """What others wrote since this store read it (a stat per file), with the views of
        just those files dropped, so the next read sees them as they are now."""
        views = self._views
        main, undo = _atomic(views.main).is_stale, _atomic(views.undo).is_stale
        scanned = self.layout.scan()
        if self._new_copies(scanned):  # a sync tool's copy arrived: merged at once
            self._take_in_copies()
            main, scanned = True, self.layout.scan()
        habits, months = views.stale_habits(), views.stale_months()
        if self._listed is not None:
            files = frozenset(self.layout.files(scanned))
            for found in files ^ self._listed:
                if found.month is None:
                    habits = True
                else:
                    months.add(found.month)
            self._listed = files
        for month in months:
            views.drop_month(month)
            self._valid_months.discard(month)
            self._valid_parts = {part for part in self._valid_parts if part[0] != month}
            self._cached.forget_month(month)
        if habits:
            views.drop_habits()
        if main:
            views.reopen_main()
        if undo:
            views.reopen_undo()
        if main or habits or months:  # (backups look at every file again: see livefiles)
            livefiles.forget(self.layout)
        outside = Outside(main or habits, frozenset(months))
        if outside:
            self.news_taken += 1
            self._cached.looked = None  # (the look it was given is older than this news)
        return outside

    def reset(self) -> None:
        """Forget everything read, so the next read sees the disk as it is now."""
        self._forget([_atomic(db) for db in self._views.every()])
        self._listed = None

    # -- opening ---------------------------------------------------------------------
    def _prepare(self) -> None:
        if os.path.lexists(self.layout.unfinished_path):  # an import or restore a crash cut
            from .backups import finish_unfinished  # short (the backups load only to write)

            with self._locking():  # (the one that is still running holds this meanwhile)
                self.recovered = finish_unfinished(self.layout)
        data = self.checked(self.layout.main, lambda: self._raw(self._views.main))
        if data is None:
            return  # a new database: its files appear with the first change
        version = self.checked(self.layout.main, lambda: schema_version(data))
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(self.layout.main, version)
        if version < SCHEMA_VERSION:
            from .intake import migrate

            with self._locking():  # even a reader migrates: the data must be read in today's shape
                migrate(self, data, version)
            self.reset()
        if self.layout.conflict_copies() or self.layout.legacy_month_files():
            # a sync tool's conflict copies, or older files a sync brought back
            self._take_in_copies()

    def _new_copies(self, scanned: Scan | None = None) -> dict[str, DataFile]:
        """Sync tools' copies, but for those found unreadable and unchanged since."""
        return {path: file for path, file in self.layout.conflict_copies(scanned).items()
                if path not in self._left or file_id(path) != self._left[path]}

    def _take_in_copies(self) -> None:
        from .intake import take_in_foreign

        with self._locking():
            self.reset()  # what is merged in is weighed against the files as they are now
            said, left = take_in_foreign(self, self._new_copies())
        self._left.update({path: file_id(path) for path in left})
        self.recovered = " ".join(filter(None, [self.recovered, said])) or None

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, *, undoing: bool = False) -> Iterator[None]:
        """All writes inside land together when it ends, or none of them do.

        The files are written one by one, in the order that keeps a crash between them
        harmless: for a change the undo step goes first, so the worst case is an undo step
        that finds nothing to undo; for an undo the records go first, so the worst case is
        an undo step that can be taken again.
        """
        if not self._views.held:  # (inside one, the outer transaction has decided)
            self._require_writable()
        with self.writing(undoing=undoing):
            yield

    @contextlib.contextmanager
    def writing(self, *, undoing: bool = False) -> Iterator[None]:
        """A transaction, also for a store opened to read (which migrates, and takes in
        what sync tools leave, before it reads)."""
        views = self._views
        if views.held:
            yield
            return
        with self._locking(), ensure_daily_backup(self.layout, self.today(), shared=True):
            views.held = [_atomic(views.undo), _atomic(views.main)]  # the undo step goes first
            for storage in views.held:
                storage.hold()
            try:
                yield
            except BaseException:
                self._rollback()
                raise
            self._write_held(undoing)

    def _write_held(self, undoing: bool) -> None:
        held, self._views.held = self._views.held, []
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
        self.written.update(s.path for s in written)
        # what it wrote is good: a month file is written from its data read and checked
        self._known_good.update(s.seen for s in written if s.seen is not None)
        livefiles.wrote(self.layout, [s.path for s in written])  # (what backups know of them)
        if self._listed is not None:  # our own new files are known ones (and only ours:
            devices = self.layout.devices_dir  # another's that came meanwhile is still news)
            self._listed |= {found for s in written if os.path.dirname(os.path.dirname(s.path)) == devices
                             and (found := data_file(s.path)) is not None}

    def _rollback(self) -> None:
        held, self._views.held = self._views.held, []
        self._forget(held)

    def _forget(self, storages: list[AtomicJSONStorage]) -> None:
        """Drop every view of the files, so the next read sees the disk as it is."""
        self._views.forget(storages)
        self._valid_months.clear()
        self._valid_parts.clear()

    def _require_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyError("this store was opened read-only")

    def _next_time(self) -> int:
        self._latest = next_time(self.wall_ms(), self._latest)
        return self._latest

    def _own(self, month: dt.date | None, habit_id: str | None = None) -> TinyDB:
        """This device's file of ``month`` (of habits, for None), to change: every
        device's file of it read first (so the new time is later than all of them; for a
        change of one habit's days, ``habit_id``, its records in them: only what the
        change writes over has to be earlier), and the main file stamped if the data is
        new. This device's own file is read whole: it is written whole."""
        meta = self._views.main.table("meta")
        if not len(meta):
            meta.insert(main_data()["meta"]["1"])
        device = self.device
        if month is None:
            self._habits_read()  # (each file checked, unless found good before; the time later)
            db = self._views.of(DataFile(device))
        else:
            if month not in self._valid_months and (month, habit_id) not in self._valid_parts:
                self._read_month(month, only=habit_id)
            db = self._views.of(DataFile(device, month))
        if self._raw(db) is None:
            marks = {"schema": SCHEMA_VERSION, "device": device}
            if month is None:
                own = sorted({f"{f.month:%Y-%m}" for f in self.layout.files()
                              if f.device == device and f.month})
                db.storage.write({"meta": {"1": {**marks, "months": own}}, "habits": {}})
            else:
                db.storage.write({"meta": {"1": {**marks, "month": f"{month:%Y-%m}"}}, "checkins": {}})
                self._list_month(month)  # after the month file: a crash between leaves it unlisted
        return db

    def _list_month(self, month: dt.date) -> None:
        """Name a new month file in this device's habits file (see ``listed_months``)."""
        meta = self._own(None).table("meta")
        record = meta.get(doc_id=1)
        listed = set(record.get("months") or []) if isinstance(record, dict) else set()
        meta.upsert(Document({**(record or {}), "months": sorted(listed | {f"{month:%Y-%m}"})}, doc_id=1))

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
            own = {f.month for f in self.layout.files()
                   if f.device == self.device and f.month is not None}
            for month in sorted(own):
                self._own(month).table("checkins").remove(Query().habit == habit_id)

    def put_habit_version(self, habit_id: str, habit: Habit | None, at: int | None) -> None:
        """One habit's version (None: removed), now or at the time ``at`` it was made."""
        with self.transaction():
            table = self._own(None).table("habits")
            at = self._next_time() if at is None else max(at, 0)
            self._latest = max(self._latest, at)
            doc = habit_doc(habit_id, habit, at)

            def replaced(old: MutableMapping[Any, Any]) -> None:  # whole: an upsert would merge, and
                old.clear()  # a removal's "removed" mark would outlive the habit put back
                old.update(doc)

            if not table.update(replaced, Query().id == habit_id):
                table.insert(doc)

    def _steps(self) -> Table:
        """This device's undo log; one that does not read is never written over."""
        try:
            self._raw(self._views.undo)
        except DamagedFileError as err:
            err.args = (f"{err.args[0]} It holds only this device's undo steps, not your "
                        "data: delete it, and undo starts afresh.",)
            raise
        return self._views.undo.table("undo")

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
        if hasattr(self, "_views"):
            self._views.close()

"""The files a store has read, each through its own TinyDB: the main file, this device's
undo log, and every device's habits and month files. A view knows whether its file is
still the one on disk (a stat), and during a transaction this device's views hold their
writes until the transaction ends.

A month read with years of others (a first open without checkpoints) is let go once its
reader has taken it in (``let_go``): its view keeps the file's identity, not its parsed
JSON, and reads the file again if it is needed again (see ``AtomicJSONStorage.release``)."""

from __future__ import annotations

import datetime as dt

from tinydb import TinyDB

from .atomic import AtomicJSONStorage
from .layout import DataFile, Layout
from .local import MonthId
from .writing import atomic_storage


class Views:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.main = self.open(layout.main)
        self.undo = self.open(layout.undo_path)
        self.habits: dict[str, TinyDB] = {}  # device -> its habits file
        self.months: dict[dt.date, dict[str, TinyDB]] = {}  # month -> device -> its file
        self.held: list[AtomicJSONStorage] = []  # of the transaction being made
        self.holder: str | None = None  # the device whose files a transaction holds

    @staticmethod
    def open(path: str) -> TinyDB:
        return TinyDB(path, storage=AtomicJSONStorage)

    def of(self, file: DataFile) -> TinyDB:
        """The view of one device's file (held for the transaction, if one is open)."""
        if file.month is None:
            found = self.habits.get(file.device)
            if found is None:
                found = self.habits[file.device] = self.open(self.layout.habits_path(file.device))
        else:
            dbs = self.months.setdefault(file.month, {})
            found = dbs.get(file.device)
            if found is None:
                found = dbs[file.device] = self.open(self.layout.month_path(file.month, file.device))
        storage = atomic_storage(found)
        if self.held and file.device == self.holder and storage not in self.held:
            storage.hold()
            self.held.append(storage)
        return found

    def every(self) -> list[TinyDB]:
        return [self.main, self.undo, *self.habits.values(),
                *(db for dbs in self.months.values() for db in dbs.values())]

    def stale_months(self) -> set[dt.date]:
        return {month for month, dbs in self.months.items()
                if any(atomic_storage(db).is_stale for db in dbs.values())}

    def stale_habits(self) -> bool:
        return any(atomic_storage(db).is_stale for db in self.habits.values())

    def let_go(self, month: dt.date) -> None:
        """Let go of the parsed contents of every file of ``month`` read (its reader has
        taken them in); each view still tells, by a stat, whether its file changed."""
        for db in self.months.get(month, {}).values():
            atomic_storage(db).release()

    def drop_month(self, month: dt.date) -> None:
        for db in self.months.pop(month, {}).values():
            db.close()

    def drop_habits(self) -> None:
        for db in self.habits.values():
            db.close()
        self.habits.clear()

    def reopen_main(self) -> None:
        self.main.close()
        self.main = self.open(self.layout.main)

    def reopen_undo(self) -> None:
        self.undo.close()
        self.undo = self.open(self.layout.undo_path)

    def forget(self, storages: list[AtomicJSONStorage]) -> None:
        """Drop every view, held writes first, so the next read sees the disk as it is."""
        for storage in storages:
            storage.rollback()
        self.close()
        self.main = self.open(self.layout.main)  # fresh tables: no stale next ids
        self.undo = self.open(self.layout.undo_path)

    def identity(self, month: dt.date, on_disk: set[str]) -> MonthId | None:
        """The identity of every device's file of ``month`` as read, when each file on
        disk (``on_disk``: the devices that have one) was read; else None."""
        storages = {device: atomic_storage(db) for device, db in self.months.get(month, {}).items()}
        if not all(s.was_read and not s.overtaken for s in storages.values()) or not on_disk <= set(storages):
            return None
        return tuple((device, s.seen) for device, s in sorted(storages.items()) if s.seen is not None)

    def close(self) -> None:
        for db in self.every():
            db.close()  # lets go of the files it read
        self.habits.clear()
        self.months.clear()

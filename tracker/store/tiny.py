"""The first on-disk layout: one TinyDB file, one document per habit and per check-in."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from ..domain import CheckIn, Habit
from .atomic import AtomicJSONStorage, DamagedFileError
from .base import Snapshot

SCHEMA_VERSION = 1
HISTORY_LIMIT = 200


class NewerSchemaError(Exception):
    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"{path} was written by a newer Trust Tracker (data version {version}); "
            f"this one reads version {SCHEMA_VERSION}. Please upgrade trust-tracker."
        )


class TinyStore:
    """TinyDB over ``AtomicJSONStorage``; every method call is one atomic file write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._storage: AtomicJSONStorage | None = None
        self.db = TinyDB(path, storage=self._make_storage)
        self._habits = self.db.table("habits")
        self._checkins = self.db.table("checkins")
        self._history = self.db.table("history")
        self._check_meta()

    def _make_storage(self, path: str) -> AtomicJSONStorage:
        self._storage = AtomicJSONStorage(path)
        return self._storage

    @property
    def storage(self) -> AtomicJSONStorage:
        assert self._storage is not None
        return self._storage

    def _check_meta(self) -> None:
        meta = self.db.table("meta")
        record = meta.get(doc_id=1)
        if record is None:
            if self.storage.read() and len(self._habits):
                raise DamagedFileError(self.path, "its version record is missing")
            return  # a fresh file gets its meta record with its first write
        version = record.get("schema") if isinstance(record, dict) else None
        if not isinstance(version, int):
            raise DamagedFileError(self.path, "its version record is unreadable")
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(self.path, version)

    def _stamp(self) -> None:
        meta = self.db.table("meta")
        if meta.get(doc_id=1) is None:
            meta.insert({"schema": SCHEMA_VERSION, "app": "trust-tracker"})

    def transaction(self) -> AbstractContextManager[None]:
        return self.storage.batch()

    def load(self) -> Snapshot:
        snapshot = Snapshot()
        try:
            for doc in self._habits.all():
                habit = Habit.from_dict(doc)
                snapshot.habits[habit.id] = habit
                snapshot.checkins.setdefault(habit.id, {})
            for doc in self._checkins.all():
                day = dt.date.fromisoformat(doc["date"])
                snapshot.checkins.setdefault(doc["habit"], {})[day] = CheckIn.from_dict(doc)
        except (KeyError, ValueError, TypeError, AttributeError) as err:
            raise DamagedFileError(self.path, f"a record is malformed: {err!r}") from None
        return snapshot

    def put_habit(self, habit: Habit) -> None:
        with self.transaction():
            self._stamp()
            self._habits.upsert(habit.to_dict(), Query().id == habit.id)

    def delete_habit(self, habit_id: str) -> None:
        with self.transaction():
            self._habits.remove(Query().id == habit_id)
            self._checkins.remove(Query().habit == habit_id)

    def put_checkin(self, habit_id: str, day: dt.date, checkin: CheckIn | None) -> None:
        where = (Query().habit == habit_id) & (Query().date == day.isoformat())
        with self.transaction():
            self._stamp()
            if checkin is None or checkin.is_empty:
                self._checkins.remove(where)
            else:
                doc = {"habit": habit_id, "date": day.isoformat(), **checkin.to_dict()}
                self._checkins.upsert(doc, where)

    def push_history(self, entry: dict[str, Any]) -> None:
        with self.transaction():
            self._history.insert(entry)
            ids = sorted(doc.doc_id for doc in self._history.all())
            if len(ids) > HISTORY_LIMIT:
                self._history.remove(doc_ids=ids[: len(ids) - HISTORY_LIMIT])

    def pop_history(self) -> dict[str, Any] | None:
        docs = self._history.all()
        if not docs:
            return None
        newest = max(docs, key=lambda doc: doc.doc_id)
        self._history.remove(doc_ids=[newest.doc_id])
        return dict(newest)

    def close(self) -> None:
        self.db.close()

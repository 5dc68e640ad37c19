"""The habits as read: each made a ``Habit`` (every value checked) when first asked for.

A command about one habit needs the others' names, not the others: at hundreds of habits,
making every one was most of reading the habits files. So a habit recorded in one habits
file alone, of a file this device has read whole and found good before (known by its
identity, as months are: see ``Reading._part``), stays as stored until it is asked for;
any other is made at once, so damage in a file new to the device is told at open.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping, ValuesView
from typing import Any

from ..domain import Habit
from ..domain.versions import merged
from .atomic import DamagedFileError
from .records import habit_versions
from .schema import SchemaError, habit_of, made_records, stored_habit_records

Listed = tuple[int, str, str, bool]  # a habit's position, name and id, and whether it is archived


class StoredHabits(MutableMapping[str, Habit]):
    """Habits by id; a stored record becomes a ``Habit`` the first time it is asked for."""

    def __init__(self, found: dict[str, Habit | dict[str, Any]] | None = None,
                 where: Mapping[str, str] | None = None) -> None:
        self._found = found if found is not None else {}
        self._where = where or {}  # a stored record's file (named, should it not read)
        self.version = 0  # moves with every habit set or removed (what ``listing`` shows)

    def __getitem__(self, habit_id: str) -> Habit:
        found = self._found[habit_id]
        if isinstance(found, Habit):
            return found
        try:
            made = self._found[habit_id] = habit_of(found)
        except SchemaError as err:  # (a file found good before: only a bug comes here)
            raise DamagedFileError(self._where[habit_id], str(err)) from None
        return made

    def __setitem__(self, habit_id: str, habit: Habit) -> None:
        self._found[habit_id] = habit
        self.version += 1

    def __delitem__(self, habit_id: str) -> None:
        del self._found[habit_id]
        self.version += 1

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def __contains__(self, habit_id: object) -> bool:
        return habit_id in self._found

    def values(self) -> ValuesView[Habit]:
        return _Values(self)

    def listing(self) -> list[Listed]:
        """Each habit's position, name, id and whether it is archived, none made for it
        (a stored record's, as a ``Habit`` would read it: the file was found good)."""
        out: list[Listed] = []
        for habit_id, found in self._found.items():
            if isinstance(found, Habit):
                out.append((found.position, found.name, habit_id, found.archived is not None))
            else:
                out.append((found.get("position", 0), found["name"], habit_id, bool(found.get("archived"))))
        return out


class _Values(ValuesView[Habit]):
    """The habits, each made when first come to, as ``StoredHabits[habit_id]`` makes it;
    one made already is given as it is, not asked for by its id (every report goes
    through them all, a few times an open)."""

    def __init__(self, habits: StoredHabits) -> None:
        super().__init__(habits)
        self._habits = habits

    def __iter__(self) -> Iterator[Habit]:
        habits = self._habits
        for habit_id, found in habits._found.items():  # (a habit made keeps its place)
            yield found if isinstance(found, Habit) else habits[habit_id]


def habits_found(copies: Mapping[str, dict[str, Any]], trusted: set[str],
                 paths: Mapping[str, str]) -> tuple[StoredHabits, int]:
    """Every habit's latest version that is not a removal, as ``records.habits_merged``
    merges them, and the latest time any version carries. A habit recorded in the file
    of one device alone is that record; one of a ``trusted`` device's file (found good
    before) is kept as stored, any other made (and checked) now."""
    stored = {device: stored_habit_records(data) for device, data in copies.items()}
    seen: set[str] = set()
    several: set[str] = set()
    for records in stored.values():
        several.update(seen.intersection(records))
        seen.update(records)
    found: dict[str, Habit | dict[str, Any] | None] = {}
    where: dict[str, str] = {}
    latest = 0
    for device, records in stored.items():
        for habit_id, (doc, time) in records.items():
            latest = max(latest, time)
            if habit_id in several:
                found.setdefault(habit_id, None)  # (its place: merged below)
            elif device in trusted:
                found[habit_id] = doc
                where[habit_id] = paths[device]
            else:
                found[habit_id] = None if doc is None else habit_of(doc)
    if several:  # kept by more than one device: merged version by version
        versions = merged(habit_versions(device, made_records({habit_id: record for habit_id, record
                                                               in records.items() if habit_id in several}))
                          for device, records in stored.items())
        found.update((habit_id, version.value) for habit_id, version in versions.items())
    return StoredHabits({habit_id: value for habit_id, value in found.items() if value is not None},
                        where), latest

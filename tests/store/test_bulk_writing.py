"""An import writes each month's file once for all its habits (``TinyStore.put_imported``),
and what it writes is, to the byte, what writing the habits one by one writes: on data
with a history (a habit joined, days replaced and cleared, habits new to a month) as on
empty data. It lands whole or not at all, in files only this user can read."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from spies import calls
from store_helpers import TODAY, bad_modes, seed, stored, tree
from tracker.domain import CheckIn, Habit, HabitKind, Schedule
from tracker.store.atomic import AtomicJSONStorage
from tracker.store.layout import month_named
from tracker.store.reading import Reading
from tracker.store.tiny import TinyStore

D = dt.date.fromisoformat
Writes = list[tuple[Habit, dict[dt.date, CheckIn]]]


def habit(habit_id: str, name: str, position: int) -> Habit:
    return Habit(habit_id, name, HabitKind.PROMISE, Schedule.daily(), D("2024-12-01"),
                 position=position)


def days(first: str, count: int, step: int = 1, **fields: object) -> dict[dt.date, CheckIn]:
    return {D(first) + dt.timedelta(days=n * step): CheckIn(**fields)  # type: ignore[arg-type]
            for n in range(count)}


def writes_onto(ids: dict[str, str]) -> Writes:
    """An import onto the seeded data: Journal joined (its note of 2026-10-31 replaced, new
    days before and after its own in months it has), Steps' 2026-11-20 cleared, and two new
    habits, one of them first, with days in months the seeded habits have and in new ones."""
    journal, steps = habit(ids["journal"], "Journal", 0), habit(ids["steps"], "Steps", 1)
    return [
        (habit("read00000001", "Read", 2), {**days("2025-03-05", 40, note="p. 12"),
                                            **days("2026-10-01", 60, 2, value=1)}),
        (journal, {**days("2026-10-30", 3, value=1), **days("2025-02-27", 10, value=1),
                   D("2026-11-25"): CheckIn(value=1, skipped=False, note="better")}),
        (steps, {D("2026-11-20"): CheckIn(), **days("2026-11-01", 5, value=7)}),
        (habit("walk00000001", "Walk", 3), days("2024-12-30", 100, 3, value=1, skipped=True)),
    ]


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, dict[str, str], Callable[[], None]]:
    """Seeded data, and a way to put it back (the same folder: the same device)."""
    db = tmp_path / "data" / "tracker.json"
    ids = seed(db)
    kept = tmp_path / "kept"
    shutil.copytree(tmp_path / "data", kept / "data")
    shutil.copytree(tmp_path / "state", kept / "state")

    def put_back() -> None:
        for name in ("data", "state"):
            shutil.rmtree(tmp_path / name)
            shutil.copytree(kept / name, tmp_path / name)

    return db, {k: str(v) for k, v in ids.items()}, put_back


def written(db: Path, write: Callable[[TinyStore], None]) -> dict[str, bytes | None]:
    """Every data file after ``write`` in one transaction, on a fixed day and clock (each
    time the next one after the latest the data holds)."""
    store = TinyStore(db)
    store.today, store.wall_ms = lambda: TODAY, lambda: 1_000
    try:
        with store.transaction():
            write(store)
    finally:
        store.close()
    return {name: body for name, body in tree(db.parent).items() if "-backups" not in name}


def bulk(writes: Writes) -> Callable[[TinyStore], None]:
    return lambda store: store.put_imported(writes)


def one_by_one(writes: Writes) -> Callable[[TinyStore], None]:
    def write(store: TinyStore) -> None:
        for item, entered in writes:
            store.put_habit(item)
            store.put_days(item.id, entered)
    return write


def test_an_import_onto_a_history_writes_what_habit_by_habit_writes(seeded) -> None:
    db, ids, put_back = seeded
    writes = writes_onto(ids)
    before, was = tree(db.parent), stored(db)
    together = written(db, bulk(writes))
    expected = {habit_id: dict(entered) for habit_id, entered in was.checkins.items()}
    for item, entered in writes:
        for day, checkin in entered.items():
            expected.setdefault(item.id, {})[day] = checkin
            if checkin.is_empty:
                del expected[item.id][day]  # cleared
    now = stored(db)
    assert now.checkins == expected and sorted(now.habits) == sorted(expected)
    put_back()
    assert tree(db.parent) == before
    assert together == written(db, one_by_one(writes))


def test_an_import_into_empty_data_writes_what_habit_by_habit_writes(tmp_path: Path) -> None:
    db = tmp_path / "data" / "tracker.json"
    writes = writes_onto({"journal": "journal00001", "steps": "steps0000001"})
    together = written(db, bulk(writes))
    shutil.rmtree(tmp_path / "data")
    assert together == written(db, one_by_one(writes))  # (the same device: its state stays)


def test_each_month_file_is_written_as_often_for_many_habits_as_for_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cost of an import grows with its months, not with its habits × months."""
    counts: dict[str, int] = {}
    write = AtomicJSONStorage.write

    def counted(self: AtomicJSONStorage, data: dict[str, object]) -> None:
        if month_named(self.path):
            counts[Path(self.path).name] = counts.get(Path(self.path).name, 0) + 1
        write(self, data)

    monkeypatch.setattr(AtomicJSONStorage, "write", counted)
    found = []
    for number, many in enumerate([1, 5]):
        db = tmp_path / f"data{number}" / "tracker.json"
        writes = [(habit(f"h{n:011d}", f"Habit {n}", n), days("2026-07-01", 120))
                  for n in range(many)]
        counts.clear()
        written(db, bulk(writes))
        found.append(dict(counts))
    assert len(found[0]) == 4 and found[0] == found[1]  # July to October, each alike


def test_an_import_into_new_months_looks_for_their_files_once_whatever_its_habits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A month no device has a file of is read whole for the first habit written to it,
    so the others do not look at every device's folder again: the looks grow with the
    months, not with habits × months."""
    found = []
    for number, many in enumerate([1, 5]):
        db = tmp_path / f"data{number}" / "tracker.json"
        looks = calls(monkeypatch, Reading, "_devices_with", lambda _, month: month)
        writes = [(habit(f"h{n:011d}", f"Habit {n}", n), days("2026-07-01", 120, value=1))
                  for n in range(many)]
        written(db, bulk(writes))
        found.append(len([month for month in looks if month is not None]))  # (not habits files)
        monkeypatch.undo()
    assert found[0] == found[1]
    db = tmp_path / "data2" / "tracker.json"
    writes = [(habit(f"h{n:011d}", f"Habit {n}", n), days("2026-07-01", 120, value=1))
              for n in range(5)]
    written(db, bulk(writes))  # (and every habit's days are there)
    assert {habit_id: len(entered) for habit_id, entered in stored(db).checkins.items()} == \
        {item.id: 120 for item, _ in writes}


def test_an_import_cut_short_while_its_months_are_written_leaves_every_file_as_it_was(
        seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    db, ids, _ = seeded
    before = tree(db.parent)
    real = TinyStore.put_month
    months: list[dt.date] = []

    def interrupted(self: TinyStore, month: dt.date, records: object) -> None:
        months.append(month)
        if len(months) == 3:
            raise KeyboardInterrupt
        real(self, month, records)  # type: ignore[arg-type]

    monkeypatch.setattr(TinyStore, "put_month", interrupted)
    with pytest.raises(KeyboardInterrupt):
        written(db, bulk(writes_onto(ids)))
    assert len(months) == 3
    assert tree(db.parent) == before


def test_the_files_an_import_writes_are_yours_alone(seeded) -> None:
    db, ids, _ = seeded
    written(db, bulk(writes_onto(ids)))
    assert bad_modes(db.parent) == []

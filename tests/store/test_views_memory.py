"""What a first full read keeps in memory, and that keeping less never hides a change.

A first open without checkpoints (after a migration, a merge, on a new device) reads every
month. Once a month is taken in, its view lets go of the file's parsed JSON and keeps only
what it came from (the file's identity, the file still open): a stat still tells whether
it changed, and the file is read again when it is needed again. The newest month read
keeps its data (today's and yesterday's changes go there)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from on_disk import edit_json, month_file
from store_helpers import TODAY, kept_for_years, stored
from tracker.clock import FixedClock
from tracker.domain import CheckIn, NewHabit
from tracker.service import Tracker
from tracker.store.atomic import AtomicJSONStorage
from tracker.store.files import file_id
from tracker.store.layout import Layout
from tracker.store.writing import atomic_storage

START = dt.date(2023, 1, 1)
OLD = dt.date(2024, 3, 1)  # a month read in bulk, long before today's
MISSED = dt.date(2024, 3, 6)  # a day Journal was not kept (see ``db``)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Journal and Walk kept four days in five for almost four years, and no checkpoints."""
    db = kept_for_years(tmp_path / "data" / "tracker.json", [NewHabit("Journal"), NewHabit("Walk")], START)
    assert MISSED not in stored(db).checkins[habit_id(db, "Journal")]
    return db


def habit_id(db: Path, name: str) -> str:
    return next(h.id for h in stored(db).habits.values() if h.name == name)


def first_open(db: Path) -> Tracker:
    """The app's first open without checkpoints: every month read, today's report made."""
    tracker = Tracker.open(db, FixedClock(TODAY))
    assert tracker.months.loaded_from == START  # the whole history was read
    tracker.day_report()
    return tracker


def storages(tracker: Tracker) -> dict[dt.date, AtomicJSONStorage]:
    """Each month's view (one device wrote them all)."""
    found = {}
    for month, dbs in tracker.store._views.months.items():
        (db,) = dbs.values()
        found[month] = atomic_storage(db)
    return found


def journal_days(tracker: Tracker) -> dict[dt.date, CheckIn]:
    return dict(tracker.full_history(tracker.find("Journal")))


def replace_elsewhere(db: Path) -> None:
    """Another Trust Tracker on this device (the command line) ticks the missed day: its
    month file is written anew (by rename)."""
    other = Tracker.open(db, FixedClock(TODAY))
    try:
        other.check(other.find("Journal"), MISSED)
    finally:
        other.close()


def edit_in_place(db: Path) -> None:
    """A hand edit (or a tool) writes the missed day into the same file, in place."""
    path = month_file(db, OLD)
    inode = os.stat(path).st_ino

    def add_day(data: dict) -> None:
        latest = max(time for doc in data["checkins"].values() for _, time in
                     (day for day in doc["days"].values() if len(day) == 2))
        doc = next(d for d in data["checkins"].values() if d["habit"] == habit_id(db, "Journal"))
        doc["days"][str(MISSED.day)] = [1, latest + 1]

    edit_json(path, add_day)
    assert os.stat(path).st_ino == inode


def test_after_a_first_full_read_old_months_keep_their_identity_not_their_data(db: Path) -> None:
    tracker = first_open(db)
    try:
        views = storages(tracker)
        newest_read = max(m for m in views if m < TODAY.replace(day=1))  # of the bulk read
        for month, storage in views.items():
            kept = month >= newest_read  # the newest of the bulk read, and today's month
            assert storage.holds_data is kept, month
            assert storage.was_read and storage.seen == file_id(month_file(db, month)), month
            assert not storage.is_stale, month
        assert sum(not s.holds_data for s in views.values()) >= 40
    finally:
        tracker.close()


@pytest.mark.parametrize("change", [replace_elsewhere, edit_in_place],
                         ids=["written-anew", "edited-in-place"])
def test_an_old_month_changed_on_disk_after_the_first_read_is_seen_and_read_again(db: Path, change) -> None:
    tracker = first_open(db)
    try:
        assert MISSED not in journal_days(tracker)
        change(db)
        assert storages(tracker)[OLD].is_stale  # a stat tells, with no data in memory
        assert tracker.refresh()
        assert journal_days(tracker)[MISSED] == CheckIn(1)
        assert not tracker.refresh()  # taken in: nothing new now
        fresh = Tracker.open(db, FixedClock(TODAY), writable=False)
        try:
            assert tracker.day_report() == fresh.day_report()
        finally:
            fresh.close()
    finally:
        tracker.close()


def test_a_let_go_month_read_again_after_it_changed_stays_stale_until_taken_in(db: Path) -> None:
    """Reading a month again (an export does, month by month) finds the newer file: the
    months in memory are older, so the month stays stale, and its identity is not vouched
    for (a checkpoint over it is not kept against the new file), until it is taken in."""
    tracker = first_open(db)
    try:
        replace_elsewhere(db)
        again = tracker.store.load_checkins(OLD, dt.date(2024, 4, 1))
        assert again[habit_id(db, "Journal")][MISSED] == CheckIn(1)  # what is on disk now
        storage = storages(tracker)[OLD]
        assert storage.overtaken and storage.is_stale
        assert tracker.store._views.identity(OLD, set(Layout(db).devices())) is None
        assert MISSED not in journal_days(tracker)  # memory: still the month as first read
        assert tracker.refresh()
        assert journal_days(tracker)[MISSED] == CheckIn(1)
        assert not storages(tracker)[OLD].is_stale
    finally:
        tracker.close()


def test_a_tick_in_a_let_go_month_keeps_every_other_day_of_it(db: Path) -> None:
    tracker = first_open(db)
    try:
        journal = habit_id(db, "Journal")
        before = {day: c for day, c in stored(db).checkins[journal].items() if day.month == 3
                  and day.year == 2024}
        tracker.check(tracker.find("Journal"), MISSED)
        after = {day: c for day, c in stored(db).checkins[journal].items() if day.month == 3
                 and day.year == 2024}
        assert after == {**before, MISSED: CheckIn(1)}
        assert journal_days(tracker)[MISSED] == CheckIn(1)
    finally:
        tracker.close()


def test_the_first_report_keeps_no_whole_history_walk_and_the_next_one_agrees(db: Path) -> None:
    tracker = first_open(db)
    try:
        first = tracker.day_report()  # (first_open made one already: this one is asked again)
        assert tracker.day_report() == first
        assert tracker._timelines and all(t.checkpoint is not None
                                          for t in tracker._timelines.values())
    finally:
        tracker.close()


# -- one file's view -------------------------------------------------------------------
def written(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_let_go_file_reads_again_as_it_was_and_tells_each_later_change(tmp_path: Path) -> None:
    path = tmp_path / "2024-03.json"
    written(path, {"checkins": {"1": {"habit": "a", "days": {"1": [1, 5]}}}})
    storage = AtomicJSONStorage(path)
    first = storage.read()
    assert storage.release() and not storage.holds_data
    assert not storage.is_stale
    assert storage.read() == first and not storage.overtaken  # the same file, read again
    assert storage.release()
    written(path, {"checkins": {}})  # in place
    assert storage.is_stale
    os.replace(path, tmp_path / "gone.json")
    assert storage.is_stale  # removed is changed too
    storage.close()


def test_a_file_with_writes_held_is_never_let_go(tmp_path: Path) -> None:
    path = tmp_path / "2024-03.json"
    written(path, {"checkins": {}})
    storage = AtomicJSONStorage(path)
    assert not storage.release()  # nothing read yet: nothing to let go
    storage.hold()
    storage.write({"checkins": {"1": {"habit": "a", "days": {}}}})
    assert not storage.release() and storage.holds_data
    storage.commit()
    assert json.loads(path.read_text())["checkins"]["1"]["habit"] == "a"
    assert storage.release()
    storage.close()

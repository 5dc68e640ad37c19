"""Each device's own files, read together: what a missing file means, and what a sync
tool leaves behind (conflict copies, an older layout's files) being taken in."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from on_disk import device_dir, month_file, own_device
from store_helpers import TODAY, seed
from tracker.clock import FixedClock
from tracker.domain import CheckIn
from tracker.service import Tracker
from tracker.store import DamagedFileError
from tracker.store.layout import Layout


def open_at(db: Path) -> Tracker:
    return Tracker.open(db, FixedClock(TODAY))


def days_of(tracker: Tracker, name: str) -> dict[dt.date, CheckIn]:
    return dict(tracker.full_history(tracker.find(name)))


def test_a_month_file_this_device_wrote_that_goes_missing_is_damage_not_an_empty_month(tmp_path: Path) -> None:
    db = tmp_path / "tracker.json"
    seed(db)
    month_file(db, "2026-10").unlink()
    with pytest.raises(DamagedFileError) as found:
        open_at(db)
    assert "2026-10.json" in str(found.value) and "missing" in str(found.value)
    assert "backup restore" in str(found.value)


def test_another_devices_month_not_yet_arrived_is_simply_not_there_yet(tmp_path: Path) -> None:
    db = tmp_path / "tracker.json"
    seed(db)
    other = Path(Layout(db).devices_dir) / "otherdev"
    shutil.copytree(device_dir(db), other)
    (other / "2026-10.json").unlink()  # listed in its habits file, still on its way
    tracker = open_at(db)
    try:
        assert dt.date(2026, 10, 31) in days_of(tracker, "Journal")  # ours is there
    finally:
        tracker.close()


def conflict_copy(db: Path, month: str, name: str, change) -> Path:
    """A copy of this device's month file under a sync tool's conflict name, changed."""
    source = month_file(db, month)
    data = json.loads(source.read_text(encoding="utf-8"))
    change(data)
    copy = source.with_name(name)
    copy.write_text(json.dumps(data), encoding="utf-8")
    return copy


def later_day(data: dict, habit_id: str, day: int, record: list) -> None:
    for doc in data["checkins"].values():
        if doc["habit"] == habit_id:
            doc["days"][str(day)] = record
            return
    data["checkins"]["99"] = {"habit": habit_id, "days": {str(day): record}}


@pytest.mark.parametrize("name", [
    "2026-11.sync-conflict-20261126-201501-ABCDEF7.json",  # Syncthing
    "2026-11 (Sam's conflicted copy 2026-11-26).json",  # Dropbox
    "2026-11 (conflicted copy 2026-11-26 201501).json",  # Nextcloud
])
def test_a_conflict_copy_is_merged_record_by_record_after_a_backup_and_removed(tmp_path: Path, name: str) -> None:
    db = tmp_path / "tracker.json"
    ids = seed(db)
    far_later = 9_999_999_999_999
    copy = conflict_copy(db, "2026-11", name, lambda data: (
        later_day(data, str(ids["journal"]), 24, [1, False, "from the phone", far_later]),
        later_day(data, str(ids["journal"]), 25, [1, 0]),  # older than ours: ours stays
    ))
    backups_before = {p.name for p in Path(Layout(db).backups_dir).iterdir()}
    tracker = open_at(db)
    try:
        days = days_of(tracker, "Journal")
        assert days[dt.date(2026, 11, 24)] == CheckIn(1, False, "from the phone")
        assert days[dt.date(2026, 11, 25)] == CheckIn(None, True, "ill")
        assert tracker.pop_notice() == "Merged 1 check-in from another device's copy of your data."
    finally:
        tracker.close()
    assert not copy.exists()
    made = {p.name for p in Path(Layout(db).backups_dir).iterdir()} - backups_before
    assert any(n.endswith("-before-merge") for n in made), made


def test_a_conflict_copy_that_arrives_while_open_is_taken_in_at_the_next_look(tmp_path: Path) -> None:
    db = tmp_path / "tracker.json"
    ids = seed(db)
    tracker = open_at(db)
    try:
        conflict_copy(db, "2026-11", "2026-11.sync-conflict-20261126-201501-ABCDEF7.json",
                      lambda data: later_day(data, str(ids["steps"]), 21, [5, 9_999_999_999_999]))
        assert tracker.refresh()
        assert days_of(tracker, "Steps")[dt.date(2026, 11, 21)] == CheckIn(5)
        assert "Merged 1 check-in" in (tracker.pop_notice() or "")
        assert not tracker.refresh()  # taken in once
    finally:
        tracker.close()


def test_a_damaged_conflict_copy_is_left_where_it_is_and_named(tmp_path: Path) -> None:
    db = tmp_path / "tracker.json"
    seed(db)
    copy = month_file(db, "2026-11").with_name("2026-11.sync-conflict-20261126-201501-ABCDEF7.json")
    copy.write_bytes(b'{"meta": {"1": {"month": "2026-11"}}, "checkins": {"1": {"habit": 3}}')
    tracker = open_at(db)
    try:
        said = tracker.pop_notice() or ""
        assert str(copy) in said and "left where it is" in said
        assert not tracker.refresh()  # said once: not again every second
        tracker.check(tracker.find("Journal"), dt.date(2026, 11, 23))  # the data works on
    finally:
        tracker.close()
    assert copy.exists()


def test_an_older_layouts_month_file_brought_back_by_a_sync_is_merged_in(tmp_path: Path) -> None:
    db = tmp_path / "tracker.json"
    ids = seed(db)
    legacy = Path(Layout(db).legacy_months_dir)
    legacy.mkdir()
    (legacy / "2026-11.json").write_text(json.dumps({
        "meta": {"1": {"schema": 3, "month": "2026-11"}},
        "checkins": {"1": {"habit": str(ids["steps"]), "days": {"22": 3, "20": 1}}}}))
    tracker = open_at(db)
    try:
        steps = days_of(tracker, "Steps")
        assert steps[dt.date(2026, 11, 22)] == CheckIn(3)  # one we lacked comes in
        assert steps[dt.date(2026, 11, 20)] == CheckIn(4)  # ours, recorded since, stays
    finally:
        tracker.close()
    assert not legacy.exists()
    assert own_device(db) in os.listdir(Layout(db).devices_dir)

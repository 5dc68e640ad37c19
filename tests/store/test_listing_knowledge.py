"""What a process keeps of the folders it listed (the device folders it scans, the backups
it made): never a file missed that another Trust Tracker or a sync tool made, removed or
replaced since, and never a backup made from a folder a hand changed since."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from on_disk import own_device
from store_helpers import TODAY, seeded_without_backups
from test_backup_cost import data_bytes, day_backup, held, ticks
from tracker.store import backups
from tracker.store.layout import Layout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return seeded_without_backups(tmp_path)


def names(scanned: list[tuple[str, str, object]]) -> list[str]:
    return [f"{device}/{name}" for device, name, _ in scanned]


def test_a_folder_listed_once_is_listed_again_when_a_file_arrives_or_goes(db: Path) -> None:
    """Another device's files, brought by a sync tool (each by a rename into place): a
    scan after each sees exactly what is there, a second or more after the folder's last
    change (when its listing is kept) and at once after it."""
    layout = Layout(db)
    other = Path(layout.devices_dir) / "other"
    other.mkdir(mode=0o700)
    (other / "2026-09.json").write_text("{}")
    time.sleep(1.1)  # (a folder's signature is trusted a second after its last change)
    first = layout.scan()
    assert layout.scan() == first  # kept: the same names
    incoming = other / ".incoming.tmp"
    incoming.write_text("{}")
    os.replace(incoming, other / "2026-10.json")
    assert "other/2026-10.json" in names(layout.scan())
    time.sleep(1.1)
    assert "other/2026-10.json" in names(layout.scan())
    (other / "2026-09.json").unlink()
    found = names(layout.scan())
    assert "other/2026-09.json" not in found and "other/2026-10.json" in found
    copy = other / "2026-10.sync-conflict-20261130-201501-ABCDEF7.json"
    copy.write_text("{}")
    assert list(layout.conflict_copies()) == [str(copy)]


def test_a_backup_made_from_a_reused_folder_a_hand_changed_is_still_whole(db: Path) -> None:
    """Eight days in this process, so the ring's oldest folder, made here, is reused; a
    file deleted from it by hand, and a stray one put in it, after it was made: the new
    backup still holds exactly the data, nothing else."""
    days = [TODAY + dt.timedelta(days=i) for i in range(1, 10)]
    for day in days[:7]:
        ticks(db, day, day)
    oldest = day_backup(db, days[0])
    folder = Path(oldest.path) / "tracker-devices" / own_device(db)
    time.sleep(1.1)
    next(folder.glob("habits.json")).unlink()
    shutil.copy(next(folder.glob("*.json")), folder / "2020-01.json")
    for day in days[7:]:
        before = data_bytes(db)
        ticks(db, day, day)
        backup = day_backup(db, day)
        assert held(backup) == before, day
        assert backups.is_good(backup, db.name)

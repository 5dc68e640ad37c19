"""Private by default: files 0600, folders 0700, on creation and after every rewrite.

Checked under the usual umask and under a careless one (0), which must not leak anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from on_disk import habits_file, month_file
from store_helpers import TODAY, bad_modes, cli, cli_command, cli_env, seed
from tracker.clock import FixedClock
from tracker.domain import NewHabit
from tracker.service import Tracker
from tracker.store import SCHEMA_VERSION
from tracker.store import backups, daily
from tracker.store.layout import Layout


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path: Path | str) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


def test_a_fresh_database_is_private_after_every_tick(tmp_path: Path, umask: int) -> None:
    db = tmp_path / "data" / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        assert not db.parent.exists()  # opening creates nothing; the first change does
        journal = tracker.add(NewHabit("Journal"), dt.date(2025, 1, 1))
        assert bad_modes(db.parent) == []
        days = [dt.date(2026, 11, 26), dt.date(2026, 11, 25), dt.date(2025, 3, 1),
                dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 11, 26)]
        for day in days:
            tracker.check(journal, day, note=f"tick {day}")
            assert bad_modes(db.parent) == [], day
        tracker.skip(journal, dt.date(2026, 11, 24))
        tracker.uncheck(journal, dt.date(2025, 3, 1))
        assert tracker.undo() is not None
        assert bad_modes(db.parent) == []
    finally:
        tracker.close()
    layout = Layout(db)
    expected = {db, Path(layout.lock_path), Path(layout.devices_dir), Path(layout.backups_dir)}
    assert expected <= set(db.parent.iterdir())
    assert set(layout.listing()) == {str(habits_file(db)), *(str(month_file(db, day)) for day in days)}
    assert len({month_file(db, day) for day in days}) == 4
    assert mode(layout.lock_path) == 0o600
    assert backups.list_backups(layout), "a daily backup should exist by now"
    assert bad_modes(db.parent) == []


def test_files_made_public_by_hand_are_private_again_after_a_rewrite(tmp_path: Path) -> None:
    db = tmp_path / "data" / "tracker.json"
    seed(db)
    month, habits = month_file(db, "2026-11"), habits_file(db)
    for path in (month, habits):
        os.chmod(path, 0o644)
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        tracker.check(tracker.find("Journal"), dt.date(2026, 11, 24))  # the month file
        tracker.archive(tracker.find("Steps"))  # the habits file
    finally:
        tracker.close()
    assert mode(habits) == 0o600 and mode(month) == 0o600


def test_backups_and_restores_are_private(tmp_path: Path, umask: int) -> None:
    db = tmp_path / "data" / "tracker.json"
    seed(db)
    layout = Layout(db)
    backups.take_backup(layout, "manual", now=dt.datetime(2026, 11, 26, 9, 0, 0))
    for day in range(1, 4):
        daily.ensure_daily_backup(layout, today=dt.date(2026, 10, day))
    backups.restore(layout, backups.list_backups(layout)[-1])
    assert bad_modes(db.parent) == []
    for backup in backups.list_backups(layout):
        assert mode(backup.path) == 0o700
        assert backup.files() and all(mode(f) == 0o600 for f in backup.files())


def test_the_command_line_creates_private_files_even_with_umask_zero(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "tracker.json"
    for args in (["add", "Journal", "--start", "2026-10-01"],
                 ["note", "Journal", "a note", "--date", "2026-10-02"],
                 ["backup", "now"]):
        done = subprocess.run(cli_command(db, *args), env=cli_env(db), capture_output=True,
                              text=True, timeout=60, preexec_fn=lambda: os.umask(0))
        assert done.returncode == 0, done.stderr
        assert bad_modes(db.parent) == [], args
    assert json.loads(db.read_text()) == {"meta": {"1": {"schema": SCHEMA_VERSION, "app": "trust-tracker"}}}
    assert habits_file(db).is_file() and month_file(db, "2026-10").is_file()
    assert cli(db, "list").returncode == 0

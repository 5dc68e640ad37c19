"""Rotating backups beside the data: how many are kept, how they are listed and restored."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
from pathlib import Path

import pytest

from on_disk import edit_json, habits_file, month_file
from store_helpers import TODAY, cli, one_error_line, seeded_without_backups, stored, tree
from tracker.clock import FixedClock
from tracker.domain import CheckIn
from tracker.service import Tracker
from tracker.store import backups, daily
from tracker.store.layout import Layout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return seeded_without_backups(tmp_path)


def in_backup(backup: backups.Backup, path: Path) -> Path:
    """Where a backup keeps its copy of a data file (by its place beside the main file)."""
    data_folder = Path(backup.path).parent.parent  # <folder>/tracker-backups/NAME
    return Path(backup.path) / path.relative_to(data_folder)


def names(db: Path) -> list[str]:
    return [b.name for b in backups.list_backups(Layout(db))]


def tick(db: Path, day: dt.date, value: int = 1, today: dt.date = TODAY) -> None:
    tracker = Tracker.open(db, FixedClock(today))
    try:
        tracker.check(tracker.find("Steps"), day, value=value)
    finally:
        tracker.close()


def test_seven_daily_backups_are_kept(db: Path) -> None:
    """Twelve days of use, each day the one that counts as today (as ``--today`` sets it):
    each day's first tick backs up the day before's data."""
    layout = Layout(db)
    days = [dt.date(2026, 10, 25) + dt.timedelta(days=i) for i in range(12)]
    for backup in backups.list_backups(layout):  # the seed's own
        shutil.rmtree(backup.path)
    for day in days:
        tick(db, day, value=day.day % 5 + 1, today=day)
        tick(db, day - dt.timedelta(days=1), value=1, today=day)  # a second write: no new one
        assert len(names(db)) == min(7, days.index(day) + 1)
    assert names(db) == [f"{d:%Y-%m-%d}" for d in reversed(days[-7:])]
    # the newest holds the data as it was before that day's first write: the day before's
    newest = backups.list_backups(layout)[0]
    yesterday = days[-2]
    saved = json.loads(in_backup(newest, month_file(db, yesterday)).read_text())
    values = [d["days"].get(str(yesterday.day)) for d in saved["checkins"].values()]
    assert yesterday.day % 5 + 1 in [value for value, _time in filter(None, values)]
    last = json.loads(in_backup(newest, month_file(db, days[-1])).read_text())
    assert all(str(days[-1].day) not in d["days"] for d in last["checkins"].values())


def test_before_backups_are_kept_apart_seven_of_them(db: Path) -> None:
    layout = Layout(db)
    for day in range(1, 4):
        daily.ensure_daily_backup(layout, today=dt.date(2026, 11, day))
    for minute in range(10):
        backups.take_backup(layout, "manual", now=dt.datetime(2026, 11, 26, 10, minute))
    found = names(db)
    days = [n for n in found if "-before-" not in n]
    before = [n for n in found if "-before-" in n]
    assert days == ["2026-11-03", "2026-11-02", "2026-11-01"]
    assert before == [f"2026-11-26-10{m:02d}00-before-manual" for m in range(9, 2, -1)]


def test_backup_list_shows_each_backup_newest_first(db: Path) -> None:
    done = cli(db, "backup", "list")
    assert done.returncode == 0 and done.stdout.startswith("No backups yet in "), done.stderr
    layout = Layout(db)
    daily.ensure_daily_backup(layout, today=dt.date(2026, 11, 24))
    backups.take_backup(layout, "manual", now=dt.datetime(2026, 11, 25, 8, 30, 0))
    broken = backups.take_backup(layout, "import", now=dt.datetime(2026, 11, 25, 9, 0, 0))
    damaged = Path(broken.path) / "tracker.json"  # a backup's copy may be shared with the one
    damaged.unlink()  # before (nothing writes one in place): damage comes as a new file
    damaged.write_text('{"meta": ')
    done = cli(db, "backup", "list")
    assert done.returncode == 0, done.stderr
    # the main file, the device's habits file and its three months of check-ins
    assert done.stdout.splitlines() == [
        "2026-11-25-090000-before-import  (5 files, damaged)",
        "2026-11-25-083000-before-manual  (5 files, good)",
        "2026-11-24  (5 files, good)",
    ]


def test_backup_now_then_restore_by_name(db: Path) -> None:
    done = cli(db, "backup", "now")
    assert done.returncode == 0 and "Backed up to" in done.stdout, done.stderr
    [taken] = names(db)
    snapshot = {k: v for k, v in tree(db.parent).items() if "backups" not in k}
    data = stored(db)
    tick(db, dt.date(2026, 11, 24), 3)
    tick(db, dt.date(2025, 2, 14), 2)  # a month file the backup does not have
    changed = {k: v for k, v in tree(db.parent).items() if "backups" not in k}

    done = cli(db, "backup", "restore", taken)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Restored backup {taken!r}.")
    assert {k: v for k, v in tree(db.parent).items() if "backups" not in k} == snapshot
    assert stored(db) == data
    [safety] = [b for b in backups.list_backups(Layout(db)) if b.name.endswith("-before-restore")]
    assert safety.name in done.stdout
    for rel, content in changed.items():  # the data as it was is all in the safety backup
        if content is not None:
            assert (Path(safety.path) / rel).read_bytes() == content
    tick(db, dt.date(2026, 11, 23), 4)  # and the restored data takes new ticks
    [steps] = [h for h in data.habits.values() if h.name == "Steps"]
    assert stored(db).checkins[steps.id][dt.date(2026, 11, 23)] == CheckIn(4)


def damage_backup(db: Path, how: str) -> str:
    backup = backups.take_backup(Layout(db), "manual", now=dt.datetime(2026, 11, 25, 8, 0, 0))
    if how == "truncated-main":
        main = Path(backup.path) / "tracker.json"
        main.write_bytes(main.read_bytes()[:40])
    elif how == "truncated-month":
        month = in_backup(backup, month_file(db, "2026-11"))
        month.write_bytes(month.read_bytes()[:-3])
    elif how == "main-missing":
        (Path(backup.path) / "tracker.json").unlink()
    elif how == "truncated-habits":
        habits = in_backup(backup, habits_file(db))
        habits.write_bytes(habits.read_bytes()[:-3])
    elif how == "habits-table-missing":
        edit_json(in_backup(backup, habits_file(db)),
                  lambda data: {k: v for k, v in data.items() if k != "habits"})
    elif how == "habit-without-stamp":
        edit_json(in_backup(backup, habits_file(db)),
                  lambda data: next(iter(data["habits"].values())).update(stamp=None))
    elif how == "month-bad-checkin":
        edit_json(in_backup(backup, month_file(db, "2026-11")),
                  lambda data: next(iter(data["checkins"].values()))["days"].update({"31": "lots"}))
    elif how == "month-day-without-time":  # a version 3 day in a version 4 backup
        edit_json(in_backup(backup, month_file(db, "2026-11")),
                  lambda data: next(iter(data["checkins"].values()))["days"].update({"3": 1}))
    return backup.name


@pytest.mark.parametrize("how", [
    "truncated-main", "truncated-month", "main-missing", "truncated-habits",
    "habits-table-missing", "habit-without-stamp", "month-bad-checkin", "month-day-without-time",
])
def test_restore_refuses_a_damaged_backup(db: Path, how: str) -> None:
    name = damage_backup(db, how)
    before = tree(db.parent)
    line = one_error_line(cli(db, "backup", "restore", name))
    assert f"backup {name!r} is damaged" in line
    assert tree(db.parent) == before
    # and without a name, a damaged backup is never the one chosen
    assert backups.newest_good(Layout(db)) is None
    assert "there is no good backup" in one_error_line(cli(db, "backup", "restore"))
    assert tree(db.parent) == before


def test_restore_of_an_unknown_name_changes_nothing(db: Path) -> None:
    cli(db, "backup", "now")
    before = tree(db.parent)
    line = one_error_line(cli(db, "backup", "restore", "2020-01-01"))
    assert "no backup called '2020-01-01'" in line and "backup list" in line
    assert tree(db.parent) == before


def test_the_damaged_data_kept_by_a_restore_is_not_offered_back(db: Path) -> None:
    backups.take_backup(Layout(db), "manual", now=dt.datetime(2026, 11, 25, 8, 0, 0))
    edit_json(habits_file(db), lambda data: {k: v for k, v in data.items() if k != "habits"})
    assert cli(db, "list").returncode == 1  # the damage is seen
    assert cli(db, "backup", "restore").returncode == 0
    assert cli(db, "list").returncode == 0
    assert cli(db, "backup", "restore").returncode == 0  # say, run twice by mistake
    done = cli(db, "list")
    assert done.returncode == 0, done.stderr


def test_two_before_backups_in_one_second_are_both_kept(db: Path) -> None:
    """Two imports in a row: each one's "before" must hold the data from just before it."""
    layout = Layout(db)
    moment = dt.datetime(2026, 11, 26, 21, 0, 0)
    first = backups.take_backup(layout, "import", now=moment)
    second = backups.take_backup(layout, "import", now=moment)
    assert first is not None and second is not None
    assert first.name == "2026-11-26-210000-before-import"
    assert second.name == "2026-11-26-210000-before-import-2"
    assert Path(first.path).is_dir() and Path(second.path).is_dir()


def test_a_backup_shares_the_files_that_did_not_change_since_the_one_before(db: Path) -> None:
    layout = Layout(db)
    first = backups.take_backup(layout, "manual", now=dt.datetime(2026, 11, 25, 8, 30, 0))
    tick(db, dt.date(2026, 11, 24), 3)  # one month file changes; the rest stay as they were
    second = backups.take_backup(layout, "manual", now=dt.datetime(2026, 11, 25, 9, 0, 0))
    shared, written = [], []
    for path in map(Path, second.files()):
        twin = Path(first.path) / path.relative_to(second.path)
        (shared if twin.exists() and twin.stat().st_ino == path.stat().st_ino else written).append(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in written] == ["2026-11.json"], written  # (and its habits file's list)
    assert len(shared) == len(second.files()) - 1
    assert backups.is_good(first, db.name) and backups.is_good(second, db.name)
    for path in map(Path, second.files()):  # each backup still holds the data as it was when taken
        assert path.read_bytes() == (Path(layout.folder) / path.relative_to(second.path)).read_bytes()


def test_without_its_note_of_sources_a_backup_still_shares_by_comparing_bytes(db: Path) -> None:
    layout = Layout(db)
    first = backups.take_backup(layout, "manual", now=dt.datetime(2026, 11, 25, 8, 30, 0))
    (Path(first.path) / ".sources").write_text("not json")  # a hint only: read as nothing
    second = backups.take_backup(layout, "manual", now=dt.datetime(2026, 11, 25, 9, 0, 0))
    assert all(path.stat().st_ino == (Path(first.path) / path.relative_to(second.path)).stat().st_ino
               for path in map(Path, second.files()))
    assert backups.is_good(second, db.name)

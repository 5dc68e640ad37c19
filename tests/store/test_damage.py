"""A damage corpus, each case through the real command line: refuse, explain, touch nothing.

For every kind of damage to the main file, to the device's habits file or to a month
file, both a read (``status``) and a write (``check``) must exit 1 with one line naming
the damaged file, the newest good backup and the command to restore it, and every byte on
disk must stay as it was. Then ``backup restore`` brings the data back and keeps the
damaged bytes in a backup.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import on_disk
from store_helpers import cli, cli_command, cli_env, one_error_line, seed, stored, tree
from tracker.store import backups
from tracker.store.layout import Layout

Damage = Callable[[Path], None]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeded data with a manual backup on top: the newest good backup is known."""
    db = tmp_path_factory.mktemp("damage-seed") / "data" / "tracker.json"
    seed(db)
    backups.take_backup(Layout(db), "manual")
    return db


@pytest.fixture
def data(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template.parent, tmp_path / "data")
    return tmp_path / "data" / "tracker.json"


def newest(db: Path) -> str:
    [manual] = [b.name for b in backups.list_backups(Layout(db)) if b.name.endswith("-manual")]
    return manual


def month_file(db: Path) -> Path:
    return on_disk.month_file(db, "2026-11")


def habits_file(db: Path) -> Path:
    return on_disk.habits_file(db)


def rewrite_json(edit: Callable[[dict], object], which: Callable[[Path], Path] = lambda db: db) -> Damage:
    def damage(db: Path) -> None:
        path = which(db)
        path.write_text(json.dumps(edit(json.loads(path.read_text()))))
    return damage


def truncate(offset_of: Callable[[int], int], which: Callable[[Path], Path] = lambda db: db) -> Damage:
    def damage(db: Path) -> None:
        path = which(db)
        raw = path.read_bytes()
        path.write_bytes(raw[: offset_of(len(raw))])
    return damage


def replace_with_folder(which: Callable[[Path], Path]) -> Damage:
    def damage(db: Path) -> None:
        path = which(db)
        path.unlink()
        path.mkdir(mode=0o700)
    return damage


def random_bytes(which: Callable[[Path], Path]) -> Damage:
    def damage(db: Path) -> None:
        which(db).write_bytes(random.Random(5).randbytes(3000))
    return damage


def without(key: str) -> Callable[[dict], dict]:
    return lambda data: {k: v for k, v in data.items() if k != key}


def set_month_day(day: str, raw: object) -> Callable[[dict], dict]:
    def edit(data: dict) -> dict:
        next(iter(data["checkins"].values()))["days"][day] = raw
        return data
    return edit


def bad_habit_kind(data: dict) -> dict:
    next(iter(data["habits"].values()))["kind"] = "bogus"
    return data


def month_says(data: dict) -> dict:
    data["meta"]["1"]["month"] = "2026-10"
    return data


def first_habit(change: Callable[[dict], object]) -> Callable[[dict], dict]:
    def edit(data: dict) -> dict:
        change(next(iter(data["habits"].values())))
        return data
    return edit


MAIN_DAMAGE: dict[str, Damage] = {
    **{f"truncated-at-{i}/15": truncate(lambda n, i=i: max(1, n * i // 15)) for i in range(15)},
    "truncated-last-byte": truncate(lambda n: n - 1),
    "random-bytes": random_bytes(lambda db: db),
    "not-utf8": lambda db: db.write_bytes(b"\xff\xfe" + db.read_bytes()),
    "json-list": lambda db: db.write_text("[1, 2, 3]"),
    "json-string": lambda db: db.write_text('"tracker"'),
    "habits-is-a-list": rewrite_json(lambda d: {**d, "habits": [1, 2]}),
    "habits-is-a-string": rewrite_json(lambda d: {**d, "habits": "many"}),
    "no-meta-table": rewrite_json(without("meta")),
    "no-schema-record": rewrite_json(lambda d: {**d, "meta": {"1": {"app": "trust-tracker"}}}),
    "folder-instead": replace_with_folder(lambda db: db),
}

# Since data version 4 the habits are in the device's own habits file, not the main file.
HABITS_DAMAGE: dict[str, Damage] = {
    "habits-truncated-half": truncate(lambda n: n // 2, habits_file),
    "habits-truncated-last-byte": truncate(lambda n: n - 1, habits_file),
    "habits-empty": truncate(lambda n: 0, habits_file),
    "habits-random-bytes": random_bytes(habits_file),
    "habits-json-list": lambda db: habits_file(db).write_text("[]"),
    "habits-no-habits-table": rewrite_json(without("habits"), habits_file),
    "habits-table-is-a-list": rewrite_json(lambda d: {**d, "habits": [1, 2]}, habits_file),
    "habits-bad-habit-record": rewrite_json(bad_habit_kind, habits_file),
    "habits-record-without-stamp": rewrite_json(first_habit(lambda h: h.pop("stamp")), habits_file),
    "habits-negative-stamp": rewrite_json(first_habit(lambda h: h.update(stamp=-1)), habits_file),
    "habits-stamp-is-text": rewrite_json(first_habit(lambda h: h.update(stamp="0")), habits_file),
    "habits-record-without-id": rewrite_json(first_habit(lambda h: h.pop("id")), habits_file),
    "habits-folder-instead": replace_with_folder(habits_file),
}

MONTH_DAMAGE: dict[str, Damage] = {
    "month-truncated-half": truncate(lambda n: n // 2, month_file),
    "month-truncated-last-byte": truncate(lambda n: n - 1, month_file),
    "month-empty": truncate(lambda n: 0, month_file),
    "month-random-bytes": random_bytes(month_file),
    "month-json-list": lambda db: month_file(db).write_text("[]"),
    "month-says-other-month": rewrite_json(month_says, month_file),
    "month-negative-value": rewrite_json(set_month_day("3", -1), month_file),
    "month-bool-value": rewrite_json(set_month_day("3", True), month_file),
    "month-day-31-of-november": rewrite_json(set_month_day("31", 1), month_file),
    "month-short-record": rewrite_json(set_month_day("3", [1, False]), month_file),
    "month-no-checkins-table": rewrite_json(without("checkins"), month_file),
    "month-folder-instead": replace_with_folder(month_file),
}


def run_both(db: Path) -> list[subprocess.CompletedProcess[str]]:
    """A read and a write command, run side by side (the write takes the lock)."""
    commands = [cli_command(db, "status"), cli_command(db, "check", "Journal", "--date",
                                                       "2026-11-24")]
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=cli_env(db)) for c in commands]
    done = []
    for command, proc in zip(commands, procs):
        out, err = proc.communicate(timeout=60)
        done.append(subprocess.CompletedProcess(command, proc.returncode, out, err))
    return done


def assert_refused(data: Path, damaged_path: Path) -> list[str]:
    before = tree(data.parent)
    lines = [one_error_line(done) for done in run_both(data)]
    for line in lines:
        assert str(damaged_path) in line, line
    assert tree(data.parent) == before, "a refused command changed the files on disk"
    return lines


@pytest.mark.parametrize("damage", MAIN_DAMAGE.values(), ids=MAIN_DAMAGE.keys())
def test_damaged_main_file_is_refused_untouched(data: Path, damage: Damage) -> None:
    damage(data)
    for line in assert_refused(data, data):
        assert "cannot be read" in line and "left untouched" in line
        assert f"newest good backup is {newest(data)!r}" in line
        assert f"backup restore {newest(data)}" in line


@pytest.mark.parametrize("damage", HABITS_DAMAGE.values(), ids=HABITS_DAMAGE.keys())
def test_damaged_habits_file_is_refused_untouched(data: Path, damage: Damage) -> None:
    damaged = habits_file(data)
    damage(data)
    for line in assert_refused(data, damaged):
        assert "cannot be read" in line and "left untouched" in line
        assert f"newest good backup is {newest(data)!r}" in line
        assert f"backup restore {newest(data)}" in line


@pytest.mark.parametrize("damage", MONTH_DAMAGE.values(), ids=MONTH_DAMAGE.keys())
def test_damaged_month_file_is_refused_untouched(data: Path, damage: Damage) -> None:
    damaged = month_file(data)
    damage(data)
    for line in assert_refused(data, damaged):
        assert "cannot be read" in line
        assert f"backup restore {newest(data)}" in line


@pytest.mark.parametrize("blank", [b"", b"  \n"], ids=["zero-bytes", "whitespace"])
def test_blank_main_file_is_refused_untouched(data: Path, blank: bytes) -> None:
    data.write_bytes(blank)
    assert_refused(data, data)


def test_newer_schema_is_refused_with_upgrade_advice(data: Path) -> None:
    rewrite_json(lambda d: {**d, "meta": {"1": {"schema": 99, "app": "trust-tracker"}}})(data)
    for line in assert_refused(data, data):
        assert "newer" in line and "version 99" in line and "upgrade" in line.lower()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_unreadable_main_file_is_refused_untouched(data: Path) -> None:
    os.chmod(data, 0)
    try:
        for line in assert_refused(data, data):
            assert "permission denied" in line
    finally:
        os.chmod(data, 0o600)


def test_without_a_backup_the_message_says_so(data: Path) -> None:
    shutil.rmtree(data.parent / "tracker-backups")
    data.write_text("{")
    for line in assert_refused(data, data):
        assert "No backup was found" in line


def test_a_damaged_backup_is_never_named_as_the_good_one(data: Path) -> None:
    (Path(backups.list_backups(Layout(data))[0].path) / "tracker.json").write_text("{oops")
    data.write_text("{")
    daily = [b.name for b in backups.list_backups(Layout(data)) if b.is_daily][0]
    for line in assert_refused(data, data):
        assert f"backup restore {daily}" in line


RESTORABLE = ["truncated-at-7/15", "random-bytes", "habits-is-a-list", "folder-instead"]
RESTORABLE_HABITS = ["habits-truncated-half", "habits-no-habits-table", "habits-bad-habit-record",
                     "habits-record-without-stamp", "habits-folder-instead"]
RESTORABLE_MONTH = ["month-truncated-half", "month-day-31-of-november", "month-folder-instead"]
RESTORE_BUGS: dict[str, str] = {}


def restore_case(name: str) -> object:
    marks = [pytest.mark.xfail(reason=RESTORE_BUGS[name], strict=True)] if name in RESTORE_BUGS else []
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [restore_case(n)
                                  for n in RESTORABLE + RESTORABLE_HABITS + RESTORABLE_MONTH])
def test_backup_restore_brings_the_data_back_and_keeps_the_damage(data: Path, name: str) -> None:
    good = {k: v for k, v in tree(data.parent).items() if "backups" not in k}
    good_data = stored(data)
    damaged_path = (data if name in MAIN_DAMAGE else habits_file(data) if name in HABITS_DAMAGE
                    else month_file(data))
    {**MAIN_DAMAGE, **HABITS_DAMAGE, **MONTH_DAMAGE}[name](data)
    damaged = tree(data.parent)
    line = one_error_line(cli(data, "list"))
    assert f"backup restore {newest(data)}" in line

    done = cli(data, "backup", "restore")
    assert done.returncode == 0, done.stderr
    assert f"Restored backup {newest(data)!r}" in done.stdout

    assert {k: v for k, v in tree(data.parent).items() if "backups" not in k} == good
    assert stored(data) == good_data
    listed = cli(data, "list")
    assert listed.returncode == 0 and "Journal" in listed.stdout, listed.stderr
    [kept] = [b for b in backups.list_backups(Layout(data)) if b.name.endswith("-before-restore")]
    assert kept.name in done.stdout
    rel = str(damaged_path.relative_to(data.parent))
    copy = Path(kept.path) / rel
    if damaged_path.is_dir() or damaged.get(rel) is None:
        assert copy.is_dir()  # a folder that stood in the way is kept, not deleted
    else:
        assert copy.is_file() and copy.read_bytes() == damaged[rel]
    wrote = cli(data, "note", "Journal", "back again", "--date", "2026-11-24")
    assert wrote.returncode == 0, wrote.stderr


def test_a_damaged_old_month_is_never_written_over(data: Path) -> None:
    """Even if old months come to be read lazily, a write into a damaged one is refused."""
    old = on_disk.month_file(data, "2025-03")
    old.write_bytes(old.read_bytes()[:25])
    before = tree(data.parent)
    line = one_error_line(cli(data, "check", "Journal", "--date", "2025-03-10"))
    assert str(old) in line and f"backup restore {newest(data)}" in line
    status = cli(data, "status")
    assert status.returncode == 0 or str(old) in one_error_line(status)
    assert tree(data.parent) == before


def test_a_damaged_undo_log_is_named_left_alone_and_the_data_still_reads(tmp_path: Path) -> None:
    """The undo log is this device's own: damage there is said plainly, nothing is
    written over it, and every report still reads the data."""
    from store_helpers import cli, one_error_line, seed
    from tracker.store.layout import Layout

    db = tmp_path / "data" / "tracker.json"
    seed(db)
    undo = Path(Layout(db).undo_path)
    undo.write_bytes(b"{ torn")
    line = one_error_line(cli(db, "check", "Journal", "--date", "2026-11-24"))
    assert str(undo) in line and "delete it, and undo starts afresh" in line
    assert undo.read_bytes() == b"{ torn"
    assert cli(db, "status").returncode == 0

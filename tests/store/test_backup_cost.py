"""The daily backup made cheap, and still as safe: links where they are safe, copies where
a link cannot be made, the oldest backup of a full set made into the new one.

Whatever the way a backup was made, it must hold the exact bytes the data had when it was
taken, for as long as it is kept: after later ticks replaced the live files, after a person
edited a live file in place, after a crash between the backup and the change."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import stat
import subprocess
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from on_disk import habits_file
from store_helpers import TODAY, bad_modes, cli, cli_command, cli_env, seed, seeded_without_backups, stored
from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.store import backups, daily, snapshots
from tracker.store.layout import Layout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return seeded_without_backups(tmp_path)


def data_bytes(db: Path) -> dict[str, bytes]:
    """Every data file's bytes, by its path from the data folder (what a backup holds)."""
    layout = Layout(db)
    return {str(Path(p).relative_to(layout.folder)): Path(p).read_bytes() for p in layout.data_files()}


def held(backup: backups.Backup) -> dict[str, bytes]:
    return {str(Path(p).relative_to(backup.path)): Path(p).read_bytes() for p in backup.files()}


def inodes(paths: list[str]) -> set[tuple[int, int]]:
    return {(os.stat(p).st_dev, os.stat(p).st_ino) for p in paths}


def shared_note(backup: backups.Backup) -> Path:
    """The note beside the backups that ``backup`` may still hold live files."""
    return Path(backup.path).parent / f".shared-{backup.name}"


def spares(db: Path) -> list[Path]:
    """The hidden spares of the daily ring (see ``tracker.store.snapshots``)."""
    return sorted(Path(Layout(db).backups_dir).glob(".spare-*"))


def day_backup(db: Path, day: dt.date) -> backups.Backup:
    [found] = [b for b in backups.list_backups(Layout(db)) if b.name == f"{day:%Y-%m-%d}"]
    return found


def ticks(db: Path, day: dt.date, *days: dt.date) -> None:
    """A day of use: ``day`` is today, and each of ``days`` (today by default) is ticked."""
    tracker = Tracker.open(db, FixedClock(day))
    try:
        steps = tracker.find("Steps")
        for when in days or (day,):
            tracker.check(steps, when, value=when.day % 5 + 1)
    finally:
        tracker.close()


def test_each_daily_backup_keeps_the_bytes_of_before_that_days_first_change(db: Path) -> None:
    """Twelve days of use, so the set fills and its oldest is made into the newest: each
    backup kept holds exactly the data as it was before its day's first change."""
    layout = Layout(db)
    before: dict[str, dict[str, bytes]] = {}
    days = [TODAY + dt.timedelta(days=i) for i in range(1, 13)]
    for number, day in enumerate(days):
        before[f"{day:%Y-%m-%d}"] = data_bytes(db)
        old = days[number - 3] if number >= 3 else day  # and, some days, an older month too
        ticks(db, day, day, old, day - dt.timedelta(days=40))
    found = backups.list_backups(layout)
    assert [b.name for b in found] == [f"{d:%Y-%m-%d}" for d in reversed(days[-7:])]
    for backup in found:
        assert held(backup) == before[backup.name], backup.name
        assert backups.is_good(backup, db.name)
        assert sorted(p.name for p in Path(backup.path).iterdir()) == [".sources", "tracker-devices", db.name]
    assert bad_modes(Path(layout.backups_dir)) == []
    assert list(Path(layout.backups_dir).glob(".*")) == []  # no staging, no spare left behind


def test_no_backup_shares_a_file_with_the_live_data_once_the_change_is_made(db: Path) -> None:
    """A tick rewrites the month it ticks; the other files changed the day before are made
    private copies at the end of the change: a live file is never a backup's file too."""
    layout = Layout(db)
    ticks(db, TODAY + dt.timedelta(days=1))
    ticks(db, TODAY + dt.timedelta(days=1), dt.date(2025, 3, 9), dt.date(2026, 10, 31))
    day = TODAY + dt.timedelta(days=2)
    ticks(db, day, day)  # the first change of a day that writes none of those months
    backup = day_backup(db, day)
    assert not shared_note(backup).exists()
    assert not inodes(backup.files()) & inodes(layout.data_files())


def test_a_backup_is_untouched_by_a_live_file_edited_in_place(db: Path) -> None:
    """A person (or a bad tool) may rewrite a live file in place: the backup still holds
    what it held, and restores it."""
    day = TODAY + dt.timedelta(days=1)
    before = data_bytes(db)
    ticks(db, day, dt.date(2026, 11, 20))
    for path in Layout(db).data_files():
        with open(path, "r+b") as handle:  # in place: the same inode, other bytes
            handle.write(b"[")
    assert held(day_backup(db, day)) == before
    done = cli(db, "backup", "restore", f"{day:%Y-%m-%d}", today=day.isoformat())
    assert done.returncode == 0, done.stderr
    assert data_bytes(db) == before


def test_a_backup_holds_the_exact_bytes_after_later_writes_replaced_the_files(db: Path) -> None:
    day = TODAY + dt.timedelta(days=1)
    before, data = data_bytes(db), stored(db)
    ticks(db, day, day, dt.date(2025, 3, 9), dt.date(2026, 10, 31), dt.date(2026, 11, 20))
    ticks(db, day, dt.date(2026, 11, 21))
    assert data_bytes(db) != before
    assert held(day_backup(db, day)) == before
    done = cli(db, "backup", "restore", f"{day:%Y-%m-%d}", today=day.isoformat())
    assert done.returncode == 0, done.stderr
    assert data_bytes(db) == before and stored(db) == data


def failing_link(monkeypatch: pytest.MonkeyPatch, code: int = errno.EXDEV) -> None:
    """Hard links fail, as across file systems (or on one without them)."""
    fake = types.ModuleType("os")
    fake.__dict__.update(os.__dict__)

    def link(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    fake.link = link
    monkeypatch.setattr(snapshots, "os", fake)


@pytest.mark.parametrize("code", [errno.EXDEV, errno.EMLINK, errno.EPERM])
def test_where_no_link_can_be_made_the_backup_is_made_of_private_copies(
        db: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    layout = Layout(db)
    first = TODAY + dt.timedelta(days=1)
    ticks(db, first)  # a backup made with links, before links fail
    for spare in spares(db):  # (so the next is made anew, each file put in place)
        shutil.rmtree(spare)
    before = data_bytes(db)
    failing_link(monkeypatch, code)
    day = first + dt.timedelta(days=1)
    ticks(db, day, day)
    ticks(db, day, dt.date(2026, 11, 2))
    monkeypatch.undo()
    backup = day_backup(db, day)
    assert held(backup) == before and backups.is_good(backup, db.name)
    assert not inodes(backup.files()) & inodes(layout.data_files())
    assert all(os.stat(p).st_nlink == 1 for p in backup.files())  # copies, none shared
    assert bad_modes(Path(backup.path)) == []
    assert list(Path(layout.backups_dir).glob(".*")) == []  # no spare made of links, nor half of one
    manual = backups.take_backup(layout, "manual")  # and the next backup is made as usual
    assert manual is not None and held(manual) == data_bytes(db)


def test_a_live_file_that_is_not_private_is_copied_not_linked(db: Path) -> None:
    layout = Layout(db)
    habits = habits_file(db)
    os.chmod(habits, 0o644)  # as a sync tool might have left it
    day = TODAY + dt.timedelta(days=1)
    before = data_bytes(db)
    ticks(db, day)
    backup = day_backup(db, day)
    copy = Path(backup.path) / habits.relative_to(layout.folder)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and copy.stat().st_ino != habits.stat().st_ino
    assert held(backup) == before


def test_a_change_cut_short_before_the_backup_was_settled_is_settled_by_the_next(db: Path) -> None:
    """As if killed between taking the day's backup and the end of the change: the
    backup's files are still the live ones, and it says so; the next change settles it."""
    layout = Layout(db)
    day = TODAY + dt.timedelta(days=1)
    before = data_bytes(db)
    daily.ensure_daily_backup(layout, day, shared=True)  # never left: the process died
    backup = day_backup(db, day)
    assert shared_note(backup).exists()
    assert inodes(backup.files()) & inodes(layout.data_files())
    ticks(db, day, dt.date(2026, 11, 3))
    assert not shared_note(backup).exists()
    assert not inodes(backup.files()) & inodes(layout.data_files())
    assert held(backup) == before


def test_a_note_left_by_a_crash_is_settled_by_the_next_days_backup(db: Path) -> None:
    layout = Layout(db)
    day = TODAY + dt.timedelta(days=1)
    before = data_bytes(db)
    daily.ensure_daily_backup(layout, day, shared=True)
    backup = day_backup(db, day)
    shared_note(backup).unlink()
    shared_note(backup).write_text("")  # a note of its own (where no link can be made)
    (Path(backup.path) / ".sources").write_text("")  # and a note of sources torn by the crash
    ticks(db, day + dt.timedelta(days=1))  # the next day's backup settles it first
    assert not shared_note(backup).exists()
    assert not inodes(backup.files()) & inodes(layout.data_files())
    assert held(backup) == before


def test_a_failure_while_settling_never_fails_the_change(db: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The change is saved before its backup is settled: a full disk then is not said as
    the change's failure (the backup holds the right bytes), and the next change settles."""
    layout = Layout(db)
    day = TODAY + dt.timedelta(days=1)
    before = data_bytes(db)
    fake = types.ModuleType("os")
    fake.__dict__.update(os.__dict__)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    fake.fsync = full
    monkeypatch.setattr(snapshots, "os", fake)
    ticks(db, day, dt.date(2026, 11, 3))  # saved
    monkeypatch.undo()
    backup = day_backup(db, day)
    assert shared_note(backup).exists() and held(backup) == before
    ticks(db, day, dt.date(2026, 11, 4))
    assert not shared_note(backup).exists()
    assert not inodes(backup.files()) & inodes(layout.data_files())
    assert held(backup) == before


def test_disk_used_by_a_week_of_daily_backups_stays_near_the_datas_size(db: Path) -> None:
    layout = Layout(db)
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        steps = tracker.find("Steps")
        for day in range(1, 29):  # a history of many months, a few kilobytes each
            for month in range(1, 13):
                tracker.check(steps, dt.date(2025, month, day), value=3)
    finally:
        tracker.close()
    for i in range(1, 11):
        day = TODAY + dt.timedelta(days=i)
        ticks(db, day, day, day - dt.timedelta(days=1))

    def used(paths: list[str]) -> int:  # each inode once, as du counts
        seen = {(os.stat(p).st_dev, os.stat(p).st_ino): os.stat(p).st_size for p in paths}
        return sum(seen.values())

    data = layout.data_files()
    kept = [p for b in backups.list_backups(layout) for p in b.files()]
    assert len(backups.list_backups(layout)) == 7
    assert used(data + kept) - used(data) <= 1.3 * used(data)  # what the backups add
    assert used(kept) <= 1.3 * used(data)


def test_restoring_the_oldest_of_seven_before_backups_keeps_it_until_it_is_in_place(db: Path) -> None:
    """The restore's own "before" backup once pruned the very backup being restored."""
    layout = Layout(db)
    oldest = backups.take_backup(layout, "manual", now=dt.datetime(2020, 11, 20, 8, 0, 0))
    before = data_bytes(db)
    for minute in range(1, 7):
        ticks(db, TODAY, dt.date(2026, 11, minute))
        backups.take_backup(layout, "manual", now=dt.datetime(2020, 11, 20, 9, minute, 0))
    assert oldest is not None and len([b for b in backups.list_backups(layout) if not b.is_daily]) == 7
    done = cli(db, "backup", "restore", oldest.name)
    assert done.returncode == 0, done.stderr
    assert data_bytes(db) == before


def test_a_daily_backup_named_before_the_whole_set_is_not_kept(db: Path) -> None:
    """A day older than the seven kept (``--today`` in the past): as before, the set stays
    the newest seven, each as it was."""
    layout = Layout(db)
    for i in range(1, 8):
        ticks(db, TODAY + dt.timedelta(days=i))
    kept = {b.name: held(b) for b in backups.list_backups(layout)}
    ticks(db, TODAY - dt.timedelta(days=30))
    assert {b.name: held(b) for b in backups.list_backups(layout)} == kept


def test_a_backup_on_the_command_line_is_private_at_once(db: Path) -> None:
    """``backup now`` has no change after it to settle it: its changed files are copies."""
    layout = Layout(db)
    ticks(db, TODAY + dt.timedelta(days=1))
    ticks(db, TODAY + dt.timedelta(days=1), dt.date(2026, 11, 2))
    done = cli(db, "backup", "now", today=(TODAY + dt.timedelta(days=1)).isoformat())
    assert done.returncode == 0, done.stderr
    [manual] = [b for b in backups.list_backups(layout) if not b.is_daily]
    assert not inodes(manual.files()) & inodes(layout.data_files())
    assert held(manual) == data_bytes(db)
    assert not shared_note(manual).exists()


KILL_CALLS = ("link", "linkat", "rename", "renameat", "renameat2", "unlink", "unlinkat",
              "write", "pwrite64", "ftruncate", "fsync", "mkdir", "mkdirat")
CALLS_LINE = re.compile(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$", re.M)


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
@pytest.mark.parametrize("days_before", [7, 2], ids=["a-full-set", "the-first-week"])
def test_a_first_change_of_a_day_killed_at_any_file_call_loses_nothing(
        tmp_path: Path, days_before: int) -> None:
    """Killed at each link, rename, unlink, write, fsync or mkdir of the day's first change
    (a tick, with the day's backup taken first): the data holds the change wholly or not
    at all; the day's backup, if there is one, holds the data from before it; and once the
    next change is made no backup shares a file with the live data."""
    template = tmp_path / "template" / "tracker.json"
    seed(template)
    for i in range(1, days_before + 1):
        ticks(template, TODAY + dt.timedelta(days=i), TODAY + dt.timedelta(days=i),
              dt.date(2026, 10, i))
    day = TODAY + dt.timedelta(days=days_before + 1)
    db = tmp_path / "data" / "tracker.json"

    def reset() -> None:
        shutil.rmtree(db.parent, ignore_errors=True)
        shutil.copytree(template.parent, db.parent, copy_function=copy_keeping_links(template.parent))

    def run(*strace: str, args: tuple[str, ...] = ("check", "Steps", "--date", "2026-11-03")
            ) -> subprocess.CompletedProcess[str]:
        command = [*(["strace", "-f", "-qq", "-o", os.devnull, *strace] if strace else []),
                   *cli_command(db, *args, today=day.isoformat())]
        return subprocess.run(command, capture_output=True, text=True, env=cli_env(db),
                              timeout=120, check=False)

    reset()
    before, before_seen = data_bytes(db), seen(db)
    counted = run("-c", "-e", "trace=" + ",".join(KILL_CALLS), "-o", "/dev/stderr")
    assert counted.returncode == 0, counted.stderr
    after_seen = seen(db)  # (its bytes hold the time of the change: they differ run to run)
    assert after_seen != before_seen
    calls = {m[2]: int(m[1]) for m in CALLS_LINE.finditer(counted.stderr)}
    points = [(name, n) for name, count in calls.items() if name in KILL_CALLS
              for n in range(1, count + 1)]
    assert any(name.startswith("link") for name, _ in points)
    for name, n in points:
        reset()
        killed = run("-e", f"inject={name}:signal=KILL:when={n}")
        assert killed.returncode in (-9, 137, 0), (name, n, killed.stderr)
        assert seen(db) in (before_seen, after_seen), f"killed at {name} #{n}: a torn change"
        backups_now = {b.name: b for b in backups.list_backups(Layout(db))}
        if f"{day:%Y-%m-%d}" in backups_now:
            assert held(backups_now[f"{day:%Y-%m-%d}"]) == before, (name, n)
        follow = run(args=("check", "Journal", "--date", "2026-11-23"))
        assert follow.returncode == 0, (name, n, follow.stderr)
        layout = Layout(db)
        assert held(day_backup(db, day)) == before, (name, n)
        for backup in backups.list_backups(layout):
            assert backups.is_good(backup, db.name), (name, n, backup.name)
            assert not inodes(backup.files()) & inodes(layout.data_files()), (name, n)
        hidden = {p.name for p in Path(layout.backups_dir).glob(".*")} - {p.name for p in spares(db)}
        assert hidden == set(), (name, n)  # no staging, note or half-made spare left
        assert len(spares(db)) <= backups.KEEP - len(backups.list_backups(layout)), (name, n)


def seen(db: Path) -> tuple[dict[str, object], dict[str, object]]:
    """What a person sees: every habit and every check-in (not when each was made)."""
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        every = tracker.all_habits()
        return ({h.name: {**h.to_dict(), "id": None} for h in every},
                {h.name: dict(tracker.full_history(h)) for h in every})
    finally:
        tracker.close()


def copy_keeping_links(root: Path) -> Callable[[str, str], object]:
    """``shutil.copytree``'s copy that keeps files linked in ``root`` linked in the copy
    (backups share their copies: a plain copy would make every backup whole again)."""
    seen: dict[tuple[int, int], str] = {}

    def copy(source: str, target: str) -> object:
        found = os.stat(source)
        twin = seen.get((found.st_dev, found.st_ino))
        if twin is not None:
            os.link(twin, target)
            return target
        seen[(found.st_dev, found.st_ino)] = target
        return shutil.copy2(source, target)

    return copy


def test_first_changes_from_the_shell_leave_nothing_out_of_sight_in_the_backups(db: Path) -> None:
    """A day's first change puts what a reused backup no longer holds out of sight and
    deletes it once the change is made, at the latest as the process ends: from the shell
    too, whose process ends at once."""
    for i in range(1, 10):  # past seven days: the oldest backups are reused
        done = cli(db, "check", "Journal", today=(TODAY + dt.timedelta(days=i)).isoformat())
        assert done.returncode == 0, done.stderr
    layout = Layout(db)
    assert len(backups.list_backups(layout)) == 7
    assert sorted(p.name for p in Path(layout.backups_dir).rglob(f"*{snapshots.PRUNED}")) == []

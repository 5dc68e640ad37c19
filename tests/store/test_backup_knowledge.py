"""The daily backup made from what an open process knows of the files, and from the ring
of seven folders: still the exact bytes of before each day's first change, whatever others
did in between (another Trust Tracker, another device's changes arriving, a hand edit of
a file the app has read), and still whole after a kill at any file call."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from on_disk import edit_json, month_file, own_device
from store_helpers import TODAY, LineReader, bad_modes, cli_command, cli_env, seed, seeded_without_backups
from test_backup_cost import (CALLS_LINE, KILL_CALLS, copy_keeping_links, data_bytes, day_backup,
                              held, inodes, seen, spares, ticks)
from tracker.service import Tracker
from tracker.store import backups, livefiles
from tracker.store.layout import Layout

CHILD = Path(__file__).with_name("open_app_child.py")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return seeded_without_backups(tmp_path)


@dataclass
class MovingClock:
    """The day an open app takes as today, moved on as midnight passes."""

    day: dt.date

    def today(self) -> dt.date:
        return self.day


def elsewhere(db: Path, state: Path, day: dt.date, *args: str) -> None:
    """A command of another Trust Tracker: of this device (``state`` its own folder), or
    of another device whose files arrive as the sync tool would bring them."""
    done = subprocess.run(cli_command(db, *args, today=day.isoformat()), capture_output=True,
                          text=True, env={**cli_env(db), "TRUST_TRACKER_STATE": str(state)},
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_an_app_left_open_across_midnights_backs_up_each_day_as_it_was(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten days in one open app, with, between its changes: another Trust Tracker of this
    device ticking, another device's files arriving (the same file twice, as an inode
    number comes back), a hand edit in place of a file the app has read. (After each, a
    second passes: a folder's signature is trusted a second after its last change.)"""
    here, other = os.environ["TRUST_TRACKER_STATE"], tmp_path / "other-device"
    days = [TODAY + dt.timedelta(days=i) for i in range(1, 11)]
    before: dict[str, dict[str, bytes]] = {}
    looks: list[str] = []
    look = livefiles._look
    monkeypatch.setattr(livefiles, "_look", lambda layout: looks.append("") or look(layout))
    time.sleep(1.1)
    clock = MovingClock(TODAY)
    tracker = Tracker.open(db, clock)
    try:
        steps = tracker.find("Steps")
        for number, day in enumerate(days):
            clock.day = day
            before[f"{day:%Y-%m-%d}"] = data_bytes(db)
            tracker.check(steps, day, value=day.day % 5 + 1)  # the day's first change
            tracker.uncheck(steps, day - dt.timedelta(days=1))
            if number == 1:  # another Trust Tracker of this device, after the app's changes
                elsewhere(db, Path(here), day, "check", "Journal", "--date", "2026-11-02")
            if number in (3, 4, 5):  # another device's change, and again the next days
                elsewhere(db, other, day, "check", "Steps", "--date", f"2026-10-{number:02d}")
                elsewhere(db, other, day, "check", "Steps", "--date", "2026-10-20")
            if number == 7:  # a hand edit, in place, of the month the app just wrote
                tracker.refresh()

                def edited(data: dict[str, dict[str, dict[str, object]]]) -> None:
                    [record] = [r for r in data["checkins"].values() if r["habit"] == steps.id]
                    days = record["days"]
                    assert isinstance(days, dict)
                    days["19"] = [2, next(iter(days.values()))[1]]  # (a time it has)

                edit_json(month_file(db, "2026-11", device=own_device(db)), edited)
            if number in (1, 3, 4, 5, 7):
                time.sleep(1.1)
    finally:
        tracker.close()
    assert len(looks) <= 6  # the first day, and each after another's change the app saw;
    # the four others made from what the app knew (else this would not test that)
    found = backups.list_backups(Layout(db))
    assert [b.name for b in found] == [f"{d:%Y-%m-%d}" for d in reversed(days[-7:])]
    for backup in found:
        assert held(backup) == before[backup.name], backup.name
        assert backups.is_good(backup, db.name)
        assert [p.name for p in Path(backup.path).rglob(".*")] == [".sources"]  # nothing left to discard
    assert bad_modes(Path(Layout(db).backups_dir)) == []


def test_data_named_by_a_relative_path_is_backed_up_each_day_as_it_was(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--db tracker.json`` in the data's folder: the same backups, file for file."""
    monkeypatch.chdir(db.parent)
    time.sleep(1.1)  # (so the days after the first are made from what the app knows)
    before: dict[str, dict[str, bytes]] = {}
    clock = MovingClock(TODAY)
    tracker = Tracker.open(Path(db.name), clock)
    try:
        for i in range(1, 5):
            clock.day = TODAY + dt.timedelta(days=i)
            before[f"{clock.day:%Y-%m-%d}"] = data_bytes(db)
            tracker.check(tracker.find("Steps"), clock.day - dt.timedelta(days=i % 2), value=i)
    finally:
        tracker.close()
    found = backups.list_backups(Layout(db))
    assert len(found) == 4
    for backup in found:
        assert held(backup) == before[backup.name], backup.name


def test_the_backups_folder_holds_seven_folders_at_most_each_private(db: Path) -> None:
    """The first daily backup readies the ring (six hidden spares), the next six daily
    backups are made of them, and from then on the oldest is made into the newest."""
    layout = Layout(db)
    for i in range(1, 10):
        ticks(db, TODAY + dt.timedelta(days=i))
        daily = backups.list_backups(layout)
        assert len(daily) == min(i, 7)
        assert len(daily) + len(spares(db)) == 7
        assert bad_modes(Path(layout.backups_dir)) == []
        assert sorted(Path(layout.backups_dir).glob(".*")) == spares(db)  # nothing else hidden


def test_a_spare_that_lost_a_file_or_its_note_still_makes_an_exact_backup(db: Path) -> None:
    ticks(db, TODAY + dt.timedelta(days=1))
    ring = spares(db)
    for spare in ring[:3]:
        (spare / ".sources").write_text("not json")
    for spare in ring[3:]:
        next(spare.rglob("habits.json")).unlink()
    for i in range(2, 8):
        day = TODAY + dt.timedelta(days=i)
        before = data_bytes(db)
        ticks(db, day, day, dt.date(2026, 11, i))
        backup = day_backup(db, day)
        assert held(backup) == before, i
        assert backups.is_good(backup, db.name)


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
@pytest.mark.parametrize("days_before", [7, 2], ids=["a-full-set", "the-first-week"])
def test_an_open_apps_first_change_of_a_day_killed_at_any_file_call_loses_nothing(
        tmp_path: Path, days_before: int) -> None:
    """As the kill-point test of ``test_backup_cost``, for the backup an open app makes
    from what it knows: the app makes one day's first change, then, the next day, that
    day's, killed at each link, rename, unlink, write, fsync or mkdir of it."""
    template = tmp_path / "template" / "tracker.json"
    seed(template)
    for i in range(1, days_before + 1):
        ticks(template, TODAY + dt.timedelta(days=i), TODAY + dt.timedelta(days=i),
              dt.date(2026, 10, i))
    day = TODAY + dt.timedelta(days=days_before + 1)  # the child's first day
    killed = f"{day + dt.timedelta(days=1):%Y-%m-%d}"  # the day whose first change is killed

    def copies(count: int) -> list[Path]:
        """Fresh copies of the template, a second old once made (so the signatures of their
        folders are trusted, and the child's second day is made from what it knows)."""
        made = []
        for _ in range(count):
            copy = tmp_path / f"data-{len(list(tmp_path.glob('data-*')))}"
            shutil.copytree(template.parent, copy, copy_function=copy_keeping_links(template.parent))
            made.append(copy / "tracker.json")
        time.sleep(1.1)
        return made

    def open_app(db: Path, *strace: str) -> tuple[int, dict[str, bytes], str]:
        """The child's first day made; the next day's first change run (traced); what it
        returned, the data's bytes before that change, and what strace wrote."""
        child = subprocess.Popen([sys.executable, str(CHILD), str(db), day.isoformat()],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, env=cli_env(db))
        assert child.stdin is not None and child.stdout is not None
        try:
            lines = LineReader(child.stdout)
            assert lines.readline(60) == "ready"
            data = data_bytes(db)
            log = db.parent / "strace.txt"
            tracer = None
            if strace:
                tracer = subprocess.Popen(["strace", "-f", "-qq", "-o", str(log), "-p",
                                           str(child.pid), *strace])
                traced(child.pid)
            child.stdin.write(b"go\n")
            child.stdin.flush()
            code = child.wait(60)
            if tracer is not None:
                tracer.wait(60)
            said = lines.drain(5)
            assert code != 0 or said == ["done 0"], said  # (made from what it knew)
            return code, data, log.read_text() if strace else ""
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()

    def follow(db: Path) -> None:
        done = subprocess.run(cli_command(db, "check", "Journal", "--date", "2026-11-23",
                                          today=killed),
                              capture_output=True, text=True, env=cli_env(db), timeout=60, check=False)
        assert done.returncode == 0, done.stderr

    [first] = copies(1)
    code, _, counts = open_app(first, "-c", "-e", "trace=" + ",".join(KILL_CALLS))
    assert code == 0
    after_seen = seen(first)
    calls = {m[2]: int(m[1]) for m in CALLS_LINE.finditer(counts)}
    points = [(name, n) for name, count in calls.items() if name in KILL_CALLS
              for n in range(1, count + 1)]
    assert any(name.startswith("link") for name, _ in points)
    for (name, n), db in zip(points, copies(len(points))):
        code, before, _ = open_app(db, "-e", f"inject={name}:signal=KILL:when={n}")
        assert code in (-9, 0), (name, n)
        assert seen(db) == after_seen or data_bytes(db) == before, f"killed at {name} #{n}: a torn change"
        made = {b.name: b for b in backups.list_backups(Layout(db))}
        if killed in made:
            assert held(made[killed]) == before, (name, n)
        follow(db)  # that day's next change, by another process
        layout = Layout(db)
        assert held(day_backup(db, day + dt.timedelta(days=1))) == before, (name, n)
        for backup in backups.list_backups(layout):
            assert backups.is_good(backup, db.name), (name, n, backup.name)
            assert not inodes(backup.files()) & inodes(layout.data_files()), (name, n)
        hidden = {p.name for p in Path(layout.backups_dir).glob(".*")} - {p.name for p in spares(db)}
        assert hidden == set(), (name, n)
        shutil.rmtree(db.parent)


def traced(pid: int) -> None:
    """Wait until strace has attached to ``pid`` (its status names a tracer)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        if any(line.split()[1:] != ["0"] for line in status.splitlines()
               if line.startswith("TracerPid:")):
            return
        time.sleep(0.01)
    raise TimeoutError(f"strace did not attach to {pid}")

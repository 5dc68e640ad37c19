"""Crash test: SIGKILL a ticking process at random instants, hundreds of times.

A child (``crash_child.py``) opens the data for writing and ticks habits on past days in
many months, saying ``saved ...`` only after ``Tracker.check`` returned. After each kill
the data must open and validate, hold every tick reported saved (the last one per day
wins), hold nothing that was never attempted, keep its modes, and not be bothered by any
temp file the kill left behind. The data folder is reused, so history keeps growing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from on_disk import habits_file, month_file
from store_helpers import TODAY, LineReader, bad_modes, seed, stored, temp_files
from tracker.clock import FixedClock
from tracker.service import Tracker

CHILD = Path(__file__).with_name("crash_child.py")
FORK_KILLS = 200
EXEC_KILLS = 12

Key = tuple[str, str]


class Ledger:
    """What the children promised: for each (habit, day) the values the data may hold.

    A tick reported ``saved`` pins its value. A tick killed between ``saving`` and
    ``saved`` may or may not have landed, so both outcomes are allowed, until the data
    is read back and shows which one happened.
    """

    def __init__(self, seeded: dict[Key, int] | None = None) -> None:
        # A seeded day the children tick again may hold its seeded value until a tick lands.
        self.allowed: dict[Key, set[int | None]] = {
            key: {value} for key, value in (seeded or {}).items()}
        self.pending: tuple[Key, int] | None = None
        self.saved_ticks = 0
        self.kills_mid_tick = 0

    def feed(self, line: str) -> None:
        word, habit_id, day, value = line.split()
        key = (habit_id, day)
        if word == "saving":
            assert self.pending is None, f"two ticks in flight: {self.pending}, {line}"
            self.pending = (key, int(value))
        else:
            assert word == "saved" and self.pending == (key, int(value)), line
            self.allowed[key] = {int(value)}
            self.pending = None
            self.saved_ticks += 1

    def killed(self) -> None:
        if self.pending is not None:
            key, value = self.pending
            self.allowed[key] = self.allowed.get(key, {None}) | {value}
            self.pending = None
            self.kills_mid_tick += 1

    def verify(self, db: Path, habit_ids: set[str]) -> None:
        """Open (writable: the dead child's lock must be free) and compare every tick."""
        tracker = Tracker.open(db, FixedClock(TODAY))
        try:
            data = tracker.store.load()  # every month, whatever the service keeps in memory
            assert set(data.habits) == habit_ids
            for (habit_id, day), allowed in self.allowed.items():
                found = data.checkins[habit_id].get(dt.date.fromisoformat(day))
                value = found.value if found else None
                assert value in allowed, f"{habit_id} on {day}: data has {value}, saved {allowed}"
                self.allowed[(habit_id, day)] = {value}  # what landed is now settled
            for habit_id, days in data.checkins.items():
                for day in days:  # the seed's days are in the ledger from the start
                    assert (habit_id, day.isoformat()) in self.allowed, \
                        f"{habit_id} on {day} is in the data but was never ticked"
        finally:
            tracker.close()


def plant_stray_temp_files(db: Path) -> None:
    """What a kill between mkstemp and rename leaves: half-written private temp files."""
    for real in (db, habits_file(db), month_file(db, "2026-11")):
        stray = real.with_name(f".{real.name}.k1ll3d.tmp")
        stray.write_bytes(real.read_bytes()[: len(real.read_bytes()) // 2])
        os.chmod(stray, 0o600)


def check_after_kill(ledger: Ledger, db: Path, habit_ids: set[str], kill: int) -> None:
    try:
        ledger.verify(db, habit_ids)
        assert bad_modes(db.parent) == []
        for temp in temp_files(db.parent):
            assert temp.name.startswith(".") and temp.name.endswith(".tmp"), temp
    except AssertionError as err:
        raise AssertionError(f"after kill {kill}: {err}") from None


def seeded(tmp_path: Path) -> tuple[Path, set[str], Ledger]:
    """The seeded data, and a ledger that knows what the seed stored on each day."""
    db = tmp_path / "data" / "tracker.json"
    ids = seed(db)
    values = {(habit_id, day.isoformat()): checkin.value
              for habit_id, days in stored(db).checkins.items() for day, checkin in days.items()}
    plant_stray_temp_files(db)
    return db, set(ids.values()), Ledger(values)


def test_sigkill_at_random_instants_never_loses_a_saved_tick(tmp_path: Path) -> None:
    db, habit_ids, ledger = seeded(tmp_path)
    rng = random.Random(20261126)
    errors = tmp_path / "child-stderr.txt"
    with errors.open("wb") as err_file:
        server = subprocess.Popen([sys.executable, str(CHILD), "--serve", str(db)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err_file)
    reader = LineReader(server.stdout)
    pid = None
    try:
        for kill in range(FORK_KILLS):
            server.stdin.write(f"fork {rng.randrange(1 << 30)}\n".encode())
            server.stdin.flush()
            word, pid = reader.readline().split()
            assert word == "pid", (word, errors.read_text())
            while True:  # run on until the first promise, then a random 5-60 ms more
                line = reader.readline()
                assert not line.startswith("dead"), (line, errors.read_text())
                ledger.feed(line)
                if line.startswith("saved"):
                    break
            time.sleep(rng.uniform(0.005, 0.060))
            os.kill(int(pid), signal.SIGKILL)
            while not (line := reader.readline()).startswith("dead"):
                ledger.feed(line)
            _, dead_pid, status = line.split()
            assert dead_pid == pid
            pid = None
            assert os.WIFSIGNALED(int(status)) and os.WTERMSIG(int(status)) == signal.SIGKILL, \
                f"the child ended by itself: {errors.read_text()}"
            ledger.killed()
            check_after_kill(ledger, db, habit_ids, kill)
    finally:  # never leave a ticking child or the server behind, even on failure
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        server.stdin.close()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()
    assert ledger.saved_ticks >= FORK_KILLS
    # After all of that, the undo history still works on the survivors.
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        for _ in range(3):
            assert tracker.undo() is not None
    finally:
        tracker.close()
    Tracker.open(db, FixedClock(TODAY)).close()


def test_sigkill_of_a_freshly_started_interpreter(tmp_path: Path) -> None:
    """The plain, un-forked child, started as a new interpreter for every kill."""
    db, habit_ids, ledger = seeded(tmp_path)
    rng = random.Random(7)
    for kill in range(EXEC_KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(db), str(rng.randrange(1 << 30))],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            reader = LineReader(child.stdout)
            assert reader.readline().startswith("pid ")
            while not (line := reader.readline()).startswith("saved"):
                ledger.feed(line)
            ledger.feed(line)
            time.sleep(rng.uniform(0.005, 0.060))
            child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=20) == -signal.SIGKILL, child.stderr.read()
            for line in reader.drain():
                ledger.feed(line)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        ledger.killed()
        check_after_kill(ledger, db, habit_ids, kill)
    assert ledger.saved_ticks >= EXEC_KILLS

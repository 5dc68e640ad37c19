"""Helpers shared by the data-safety tests: seeding, snapshots of every byte, modes, the CLI."""

from __future__ import annotations

import datetime as dt
import os
import selectors
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

from tracker.clock import FixedClock
from tracker.domain import CheckIn, NewHabit
from tracker.service import Tracker
from tracker.store import Snapshot, TinyStore
from tracker.store.layout import Layout

TODAY = dt.date(2026, 11, 26)
TODAY_TEXT = TODAY.isoformat()
NOTE = 'said "no" twice,\nthen \\ yes — ok'
LOCK_NAME = ".tracker.json.lock"


def seed(db: Path) -> dict[str, object]:
    """Journal (yes/no) and Steps (5 a day) from 2025-01-01, ticked in several months."""
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        journal = tracker.add(NewHabit("Journal"), dt.date(2025, 1, 1))
        steps = tracker.add(NewHabit("Steps", target=5), dt.date(2025, 1, 1))
        tracker.check(journal, dt.date(2025, 3, 9))
        tracker.check(journal, dt.date(2026, 10, 31), note=NOTE)
        tracker.check(steps, dt.date(2026, 11, 20), value=4)
        tracker.skip(journal, dt.date(2026, 11, 25), note="ill")
        tracker.check(journal, TODAY)
        return {"journal": journal.id, "steps": steps.id}
    finally:
        tracker.close()


def tree(folder: Path, *, skip_lock: bool = True) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under ``folder``, by relative path."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        if skip_lock and path.name == LOCK_NAME:
            continue
        rel = str(path.relative_to(folder))
        if path.is_dir():
            found[rel + "/"] = None
        else:
            try:
                found[rel] = path.read_bytes()
            except PermissionError:
                found[rel] = b"<unreadable>"
    return found


def bad_modes(folder: Path) -> list[str]:
    """Files not 0600 and folders not 0700 under ``folder`` (``folder`` included)."""
    wrong = []
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            wrong.append(f"{path.relative_to(folder.parent)} is {mode:o}, not {want:o}")
    return wrong


def temp_files(folder: Path) -> list[Path]:
    """Leftover temp files from atomic writes (``.NAME.xxxx.tmp``) and backup staging."""
    return sorted(p for p in folder.rglob(".*") if p.name.endswith(".tmp")
                  or p.name.startswith(".incoming-"))


def stored(db: Path) -> Snapshot:
    """Everything on disk, every month included, read by the store itself (no lock taken)."""
    store = TinyStore(db, writable=False)
    try:
        return store.load()
    finally:
        store.close()


def cli(db: Path, *args: str, today: str = TODAY_TEXT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli_command(db, *args, today=today), capture_output=True, text=True,
                          env=cli_env(db), timeout=60, check=False)


def cli_command(db: Path, *args: str, today: str = TODAY_TEXT) -> list[str]:
    return [sys.executable, "-m", "tracker", "--db", str(db), "--today", today, *args]


def cli_env(db: Path) -> dict[str, str]:
    guard = db.parent.parent / "env-guard" / "tracker.json"
    return {**os.environ, "TRUST_TRACKER_DB": str(guard), "PYTHONUTF8": "1", "COLUMNS": "100"}


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The refusal a person sees: exit 1, nothing on stdout, one line on stderr."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == "", done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("trust-tracker: "), lines[0]
    return lines[0]


class LineReader:
    """Read whole lines from a pipe with a deadline, so a hung child fails the test instead."""

    def __init__(self, stream) -> None:
        self.fd = stream.fileno()
        self.buffer = b""
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.fd, selectors.EVENT_READ)

    def readline(self, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self.selector.select(left):
                raise TimeoutError(f"no line within {timeout}s (have {self.buffer[-200:]!r})")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise EOFError(f"pipe closed (have {self.buffer[-200:]!r})")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def drain(self, timeout: float = 20.0) -> list[str]:
        """Every remaining whole line, up to the end of the pipe."""
        lines = []
        while True:
            try:
                lines.append(self.readline(timeout))
            except EOFError:
                return lines


def seeded_without_backups(tmp_path: Path) -> Path:
    """Seeded data in ``tmp_path``, with no backups at all (nor spares) yet."""
    db = tmp_path / "data" / "tracker.json"
    seed(db)
    shutil.rmtree(Layout(db).backups_dir)
    return db


def kept_for_years(db: Path, habits: list[NewHabit], start: dt.date) -> Path:
    """``habits`` from ``start``, the i-th kept on each day but every fifth (shifted by i)
    up to yesterday, written straight to the months, and no checkpoints cached."""
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        for i, new in enumerate(habits):
            habit = tracker.add(new, start)
            days = {start + dt.timedelta(days=d): CheckIn(1)
                    for d in range((TODAY - start).days) if (d + i) % 5}
            with tracker.store.transaction():
                tracker.store.put_days(habit.id, days)
    finally:
        tracker.close()
    Path(Layout(db).checkpoints_path).unlink(missing_ok=True)
    return db

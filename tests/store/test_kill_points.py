"""Each kind of write, killed at each of its file system calls in turn (strace injects a
SIGKILL at the Nth write, fsync, rename, unlink or mkdir): afterwards the data opens and
holds the change wholly or not at all, and the next change and undo work.

Covered: a tick, a note, a skip, an undo, adding and archiving a habit, a backup, an
import, a restore and a merge (of another device's copy of the data). The last three
write many files, so each is written down first (``unfinished.json`` in this device's
folder): one cut short is finished (a restore) or put back (an import, a merge) by the
next Trust Tracker to open the data.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from store_helpers import TODAY, seed, temp_files
from tracker.clock import FixedClock
from tracker.domain import NewHabit
from tracker.service import Tracker
from tracker.store.layout import Layout

pytestmark = pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")

SYSCALLS = ("write", "fsync", "rename", "unlink", "mkdir")
KINDS = {
    "tick": ["check", "Journal", "--date", "2026-11-24"],
    "note": ["note", "Steps", "a note\nof two lines", "--date", "2026-10-31"],
    "skip": ["check", "Journal", "--skip", "--date", "2025-03-09"],
    "undo": ["undo"],
    "add": ["add", "Walk", "--start", "2026-11-01"],
    "archive": ["archive", "Steps"],
    "backup": ["backup", "now"],
    "import": ["import", "{template}/walks.json", "--yes"],
    "restore": ["backup", "restore"],
    "merge": ["merge", "{template}/other"],
}


def data_state(db: Path) -> tuple[dict, dict]:
    """What a person sees: every habit and every check-in (not the undo log or caches)."""
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        every = tracker.all_habits()  # by name: an added habit's id differs run to run
        return ({h.name: {**h.to_dict(), "id": None} for h in every},
                {h.name: dict(tracker.full_history(h)) for h in every})
    finally:
        tracker.close()


class Place:
    """One data folder and its device folder, put back to a template before each run."""

    def __init__(self, root: Path) -> None:
        self.db = root / "data" / "tracker.json"
        self.state = root / "state"
        self.template = root / "template"

    def env(self) -> dict[str, str]:
        return {**os.environ, "TRUST_TRACKER_STATE": str(self.state), "PYTHONUTF8": "1"}

    def make_template(self) -> None:
        seed(self.db)
        source = self.template.parent / "source" / "tracker.json"
        tracker = Tracker.open(source, FixedClock(TODAY))
        try:
            walk = tracker.add(NewHabit("Walk"), dt.date(2025, 12, 1))
            for day in range(1, 29):  # days in two months, and a note
                tracker.check(walk, dt.date(2025, 12, 1) + dt.timedelta(days=3 * day),
                              note="by the river" if day == 5 else None)
            tracker.add(NewHabit("Journal"), dt.date(2026, 11, 1))  # joins yours
        finally:
            tracker.close()
        self.template.mkdir()
        done = self.run(["--db", str(source), "export", "--out", str(self.template / "walks.json")],
                        db=False)
        assert done.returncode == 0, done.stderr
        for part in ("data", "state"):
            shutil.copytree(self.db.parent.parent / part, self.template / part)
        # another device's copy of the data, changed there: days in two months, a habit
        shutil.copytree(self.db.parent, self.template / "other")
        other = {**self.env(), "TRUST_TRACKER_STATE": str(self.template / "other-state")}
        for args in (["check", "Journal", "--date", "2026-10-30", "--note", "there"],
                     ["check", "Journal", "--date", "2026-11-22"], ["add", "Read"]):
            done = subprocess.run([sys.executable, "-m", "tracker", "--db",
                                   str(self.template / "other" / "tracker.json"), "--today",
                                   TODAY.isoformat(), *args], capture_output=True, text=True,
                                  env=other, timeout=60, check=False)
            assert done.returncode == 0, done.stderr

    def reset(self) -> None:
        for part in ("data", "state"):
            shutil.rmtree(self.db.parent.parent / part, ignore_errors=True)
            shutil.copytree(self.template / part, self.db.parent.parent / part)

    def run(self, args: list[str], *strace: str, db: bool = True) -> subprocess.CompletedProcess[str]:
        args = [arg.format(template=self.template) for arg in args]
        command = [sys.executable, "-m", "tracker", *(["--db", str(self.db)] if db else []),
                   "--today", TODAY.isoformat(), *args]
        if strace:
            command = ["strace", "-f", "-qq", "-o", os.devnull, *strace, *command]
        return subprocess.run(command, capture_output=True, text=True, env=self.env(),
                              timeout=120, check=False)


CALLS_LINE = re.compile(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$", re.M)


def counts(place: Place, args: list[str]) -> dict[str, int]:
    """How many times the command makes each of the calls (``strace -c``'s table)."""
    done = place.run(args, "-c", "-e", "trace=" + ",".join(SYSCALLS), "-o", "/dev/stderr")
    assert done.returncode == 0, done.stderr
    found = {match[2]: int(match[1]) for match in CALLS_LINE.finditer(done.stderr)}
    return {name: found.get(name, 0) for name in SYSCALLS}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_write_killed_at_any_file_call_leaves_the_change_whole_or_absent(tmp_path: Path,
                                                                          kind: str) -> None:
    place = Place(tmp_path)
    assert os.environ["TRUST_TRACKER_STATE"] == str(place.state)  # (conftest's, per test)
    place.make_template()
    before = data_state(place.db)
    done = place.run(KINDS[kind])
    assert done.returncode == 0, done.stderr
    after = data_state(place.db)
    assert kind == "backup" or after != before, "the change changes something"
    place.reset()
    kill_points = [(name, n) for name, count in counts(place, KINDS[kind]).items()
                   for n in range(1, count + 1)]
    assert kill_points, "no file calls seen"
    for name, n in kill_points:
        place.reset()
        killed = place.run(KINDS[kind], "-e", f"inject={name}:signal=KILL:when={n}")
        assert killed.returncode in (-9, 137, 0), (name, n, killed.stderr)
        found = data_state(place.db)  # the data opens
        assert found in (before, after), f"{kind} killed at {name} #{n}: a torn change"
        # and it can be worked on: a change, an undo, and no stray temp file left
        follow = place.run(["check", "Journal", "--date", "2026-11-23", "--note", "after"])
        assert follow.returncode == 0, (name, n, follow.stderr)
        assert place.run(["undo"]).returncode == 0, (name, n)
        assert temp_files(place.db.parent) == [], (name, n)
        assert list(Path(Layout(place.db).local_dir).glob(".undo.json.*")) == [], (name, n)
        assert [p for p in Path(Layout(place.db).backups_dir).glob(".incoming-*")] == [], (name, n)

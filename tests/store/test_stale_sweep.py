"""The first change a process makes sweeps what a killed writer left: its temp files
beside the main file, in every device folder and beside the undo log, and half-made
backups. Never a file that only looks like one: the names swept are those the glob
patterns below match (the sweep compares names as text, without compiling them)."""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatchcase
from pathlib import Path

from on_disk import device_dir
from store_helpers import TODAY, seed
from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.store.layout import Layout

# where, the pattern a leftover there matches, and names to plant (leftovers and lookalikes)
PLACES = {
    "data": (".tracker.json.*.tmp", [".tracker.json.k1ll3d.tmp", ".tracker.json..tmp",
                                     ".tracker.json.tmp", "tracker.json.a1.tmp", ".other.json.b2.tmp",
                                     ".tracker.json.c3.tmp.bak", "notes.tmp"]),
    "device": (".*.json.*.tmp", [".2026-11.json.d4e5f6.tmp", ".habits.json.a1.tmp", ".x.json..tmp",
                                 ".json.d4.tmp", "2026-11.json.e5.tmp", ".2026-11.json",
                                 ".2026-11.jsonx.f6.tmp"]),
    "local": (".undo.json.*.tmp", [".undo.json.1a2b.tmp", ".undo.json.tmp", ".undo.json",
                                   "undo.json.3c.tmp", ".prompt.json.4d.tmp"]),
}


def folders(db: Path) -> dict[str, Path]:
    layout = Layout(db)
    return {"data": db.parent, "device": device_dir(db), "local": Path(layout.local_dir)}


def test_a_change_sweeps_what_a_killed_writer_left_and_nothing_else(tmp_path: Path) -> None:
    db = tmp_path / "data" / "tracker.json"
    seed(db)
    where = folders(db)
    for place, (_, names) in PLACES.items():
        for name in names:
            (where[place] / name).write_text("half a file", "utf-8")
    backups = Path(Layout(db).backups_dir)
    staging = backups / ".incoming-2026-11-26-1a2b"
    (staging / "tracker-devices").mkdir(parents=True)
    (staging / "tracker.json").write_text("half a backup", "utf-8")
    other = backups / "incoming-kept"
    other.mkdir()

    tracker = Tracker.open(db, FixedClock(TODAY))
    try:  # a new process's first change
        tracker.check(tracker.find("Journal"), TODAY - dt.timedelta(days=1))
    finally:
        tracker.close()

    for place, (pattern, names) in PLACES.items():
        for name in names:
            assert (where[place] / name).exists() is not fnmatchcase(name, pattern), (place, name)
    assert not staging.exists() and other.is_dir()
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        assert tracker.checkins(tracker.find("Journal"))[TODAY - dt.timedelta(days=1)].value == 1
    finally:
        tracker.close()

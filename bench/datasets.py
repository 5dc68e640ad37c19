"""Built data sets, kept in a cache and copied for each use.

A set is known by (habits, days, today, seed) and a hash of the code that writes it (the
builder and the record format it writes), so a change to either builds it again; older
builds of the same set are removed then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

from bench.common import CACHE, ROOT
from bench.data import build

DONE = ".built"  # written last: a build cut short is never used
SOURCES = ("bench/data.py", "tracker/store/schema.py")


def source_hash() -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:12]


def cached(habits: int, days: int, today: dt.date, seed: int = 7) -> Path:
    """The cache's folder for this set, built first if it is not there."""
    stem = f"{habits}x{days}-{today.isoformat()}-seed{seed}-"
    folder = CACHE / "data" / (stem + source_hash())
    if (folder / DONE).exists():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    for old in folder.parent.glob(stem + "*"):
        shutil.rmtree(old, ignore_errors=True)
    building = folder.with_name(f".{folder.name}-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    build(building, habits, days, today, seed)
    (building / DONE).write_text("")
    os.replace(building, folder)
    return folder


def copy_of(habits: int, days: int, today: dt.date, into: Path, seed: int = 7) -> Path:
    """A private copy of the set in ``into`` (made here); returns its main file."""
    shutil.copytree(cached(habits, days, today, seed), into, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(DONE))
    return into / "tracker.json"

"""Which files make up one person's data, all beside the main file.

``tracker.json``             habits, the undo history, cached aggregates, the schema version
``tracker-checkins/2026-11.json``  one month of check-ins, one compact document per habit
``tracker-backups/NAME/``    whole copies of the above (daily, and before risky steps)
``.tracker.json.lock``       held by whoever is writing, while a change is written

and, apart from them, this device's own state (see :mod:`tracker.store.local`):
``<state>/tracker-<digest>/undo.json``         this device's undo log
``<state>/tracker-<digest>/checkpoints.json``  its cache of streak checkpoints

Check-ins are split by month so that a tick rewrites one small file, whatever the length
of the history: at 50 habits a month file holds at most 1,550 days.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..domain.bounds import FIRST_DAY, LAST_DAY

STATE_ENV = "TRUST_TRACKER_STATE"
MONTH_FILE = re.compile(r"^(\d{4})-(\d{2})\.json$")


@dataclass(frozen=True)
class Layout:
    main: Path

    @property
    def folder(self) -> Path:
        return self.main.parent

    @property
    def months_dir(self) -> Path:
        return self.folder / f"{self.main.stem}-checkins"

    @property
    def backups_dir(self) -> Path:
        return self.folder / f"{self.main.stem}-backups"

    @property
    def lock_path(self) -> Path:
        return self.folder / f".{self.main.name}.lock"

    @cached_property
    def local_dir(self) -> Path:
        """This device's folder for this data, under the platform's state folder (or
        ``$TRUST_TRACKER_STATE``); named for where the data is, so a copy is other data."""
        base = os.environ.get(STATE_ENV)
        if not base:
            from platformdirs import user_state_dir

            base = user_state_dir("trust-tracker", appauthor=False)
        digest = hashlib.sha256(os.fsencode(self.main.expanduser().resolve())).hexdigest()[:16]
        return Path(base).expanduser() / f"{self.main.stem}-{digest}"

    @property
    def undo_path(self) -> Path:
        return self.local_dir / "undo.json"

    @property
    def checkpoints_path(self) -> Path:
        return self.local_dir / "checkpoints.json"

    @property
    def unfinished_path(self) -> Path:
        """A change of many files (an import, a restore) in progress: see backups."""
        return self.local_dir / "unfinished.json"

    def month_path(self, month: dt.date) -> Path:
        return self.months_dir / f"{month:%Y-%m}.json"

    def month_files(self) -> dict[dt.date, Path]:
        """Every month file on disk, by the first day of its month."""
        found: dict[dt.date, Path] = {}
        if not self.months_dir.is_dir():
            return found
        for path in self.months_dir.iterdir():
            if (month := month_named(path)) is not None:
                found[month] = path
        return dict(sorted(found.items()))

    def data_files(self) -> list[Path]:
        """The files a backup copies: the main file and every month file."""
        files = [self.main] if self.main.is_file() else []
        return files + [p for p in self.month_files().values() if p.is_file()]


def month_named(path: Path) -> dt.date | None:
    """The month a month file holds, from its name (``2026-11.json``); None for any other
    name, a month that does not exist (``2026-13.json``) or one outside the years kept:
    a stray file is not ours to read."""
    match = MONTH_FILE.match(path.name)
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    month = dt.date(int(match[1]), int(match[2]), 1)
    return month if FIRST_DAY <= month <= LAST_DAY else None


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)

"""One device's own state, kept apart from the shared data: the undo log and the cache
of streak checkpoints. Neither belongs in a folder a sync tool carries to other devices
(an undo step undoes this device's change; a checkpoint is work this device has done), so
both live under the platform's state folder (``~/.local/state/trust-tracker/`` on Linux;
``$TRUST_TRACKER_STATE`` points elsewhere), in a folder named for the data they serve.

Checkpoints are a cache any command may write, without the lock: each one records the
identity of every month file it folded in, and is used only while those files are
unchanged. A write by anyone, a restore or a file arriving from a sync makes the
checkpoints over that month invalid by itself; they are then simply worked out again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .atomic import write_atomically
from .files import FileId, file_id, read_regular_file

CACHE_LIMIT = 32 * 1024 * 1024  # a cache larger than this is not ours: start afresh

Entries = dict[str, tuple[dt.date, dict[str, Any]]]  # habit id -> (first month, checkpoint)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


class CheckpointCache:
    def __init__(self, path: Path, month_path: Callable[[dt.date], Path]) -> None:
        self.path = path
        self._month_path = month_path

    def load(self) -> tuple[Entries, dict[dt.date, FileId | None]]:
        """The checkpoints still valid, and the month identities they were checked against."""
        try:
            raw = json.loads(read_regular_file(self.path, CACHE_LIMIT))
            recorded = {dt.date.fromisoformat(f"{k}-01"): (tuple(v) if v else None)
                        for k, v in raw["months"].items()}
            entries = {habit_id: (dt.date.fromisoformat(f"{item['from']}-01"), item["checkpoint"])
                       for habit_id, item in raw["checkpoints"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return {}, {}
        current: dict[dt.date, FileId | None] = {}
        valid: Entries = {}
        for habit_id, (first, checkpoint) in entries.items():
            try:
                last = dt.date.fromisoformat(str(checkpoint["through"]))
            except (KeyError, ValueError):
                continue
            span = months_between(first, last)
            for month in span:
                if month not in current:
                    current[month] = file_id(self._month_path(month))
            if all(recorded.get(month) == current[month] for month in span):
                valid[habit_id] = (first, checkpoint)
        return valid, {m: current[m] for m in current if recorded.get(m) == current[m]}

    def save(self, entries: Entries, ids: dict[dt.date, FileId | None]) -> None:
        """Write the cache whole (a failure only means the work is done again later)."""
        data = {"months": {f"{m:%Y-%m}": list(i) if i else None for m, i in sorted(ids.items())},
                "checkpoints": {habit_id: {"from": f"{first:%Y-%m}", "checkpoint": checkpoint}
                                for habit_id, (first, checkpoint) in entries.items()}}
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps(data, separators=(",", ":")))

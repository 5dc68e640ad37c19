"""One device's own state, kept apart from the shared data: its id, the undo log and the
cache of streak checkpoints. Neither belongs in a folder a sync tool carries to other devices
(an undo step undoes this device's change; a checkpoint is work this device has done), so
both live under the platform's state folder (``~/.local/state/trust-tracker/`` on Linux;
``$TRUST_TRACKER_STATE`` points elsewhere), in a folder named for the data they serve.

Checkpoints are a cache any command may write, without the lock: each one records the
identity of every month file it folded in, and is used only while those files are
unchanged (a month is every device's file of it). A write by anyone, a restore or a file arriving from a sync makes the
checkpoints over that month invalid by itself; they are then simply worked out again.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import json
import os
from typing import Any

from .atomic import ensure_private_dir, write_atomically
from .files import FileId, file_id, read_regular_file
from .layout import DEVICE_NAME, Layout

CACHE_LIMIT = 32 * 1024 * 1024  # a cache larger than this is not ours: start afresh

Entries = dict[str, tuple[dt.date, dict[str, Any]]]  # habit id -> (first month, checkpoint)
MonthId = tuple[tuple[str, FileId], ...]  # each device's file of one month: (device, identity)


def host_name() -> str:
    """This machine's name: what ``socket.gethostname()`` says, without loading ``socket``
    where ``os.uname()`` tells the same."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def known_device(layout: Layout) -> str | None:
    """This device's id for this data, if it has made one (see ``device_id``)."""
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        found = json.loads(read_regular_file(layout.device_path, 4096))
        if found["host"] == host_name() and DEVICE_NAME.match(found["device"]):
            return str(found["device"])
    return None


def device_id(layout: Layout) -> str:
    """This device's id for this data, made at its first change. It is kept with the
    device's own state, never in the synced folder, so a copied folder is a new device;
    and it names its host, so a state folder copied to another machine is one too."""
    known = known_device(layout)
    if known is not None:
        return known
    host = host_name()
    device = base64.b32encode(os.urandom(5)).decode("ascii").lower()
    ensure_private_dir(layout.local_dir)
    write_atomically(layout.device_path, json.dumps({"device": device, "host": host}))
    return device


def month_id(layout: Layout, month: dt.date, devices: list[str]) -> MonthId:
    ids = ((device, file_id(layout.month_path(month, device))) for device in devices)
    return tuple((device, found) for device, found in ids if found is not None)


@functools.lru_cache(maxsize=64)
def months_between(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """Every month from ``first``'s to ``last``'s (remembered: most habits of a person share
    a start and a checkpoint day, and each open asks once per habit)."""
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return tuple(found)


class CheckpointCache:
    def __init__(self, layout: Layout) -> None:
        self.path = layout.checkpoints_path
        self._layout = layout

    def load(self) -> tuple[Entries, dict[dt.date, MonthId]]:
        """The checkpoints still valid, and the month identities they were checked against."""
        try:
            raw = json.loads(read_regular_file(self.path, CACHE_LIMIT))
            recorded = {dt.date.fromisoformat(f"{k}-01"): tuple((d, tuple(i)) for d, *i in v)
                        for k, v in raw["months"].items()}
            entries = {habit_id: (dt.date.fromisoformat(f"{item['from']}-01"), item["checkpoint"])
                       for habit_id, item in raw["checkpoints"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return {}, {}
        current: dict[dt.date, MonthId] = {}
        unchanged: dict[dt.date, bool] = {}  # each month's files looked at once, for all habits
        devices = self._layout.devices()
        valid: Entries = {}
        for habit_id, (first, checkpoint) in entries.items():
            try:
                last = dt.date.fromisoformat(str(checkpoint["through"]))
            except (KeyError, ValueError):
                continue
            for month in months_between(first, last):
                if month not in unchanged:
                    current[month] = month_id(self._layout, month, devices)
                    unchanged[month] = recorded.get(month) == current[month]
                if not unchanged[month]:
                    break
            else:
                valid[habit_id] = (first, checkpoint)
        return valid, {m: current[m] for m in current if unchanged[m]}

    def save(self, entries: Entries, ids: dict[dt.date, MonthId]) -> None:
        """Write the cache whole (a failure only means the work is done again later)."""
        data = {"months": {f"{m:%Y-%m}": [[d, *i] for d, i in ids_] for m, ids_ in sorted(ids.items())},
                "checkpoints": {habit_id: {"from": f"{first:%Y-%m}", "checkpoint": checkpoint}
                                for habit_id, (first, checkpoint) in entries.items()}}
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps(data, separators=(",", ":")))

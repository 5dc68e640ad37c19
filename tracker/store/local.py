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

import contextlib
import datetime as dt
import functools
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

from .atomic import ensure_private_dir, write_atomically
from .files import FileId, file_id, read_regular_file, stat_id
from .layout import DEVICE_NAME, Layout, month_file_name

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
    import base64  # (only the first change on a device makes its id)

    host = host_name()
    device = base64.b32encode(os.urandom(5)).decode("ascii").lower()
    ensure_private_dir(layout.local_dir)
    write_atomically(layout.device_path, json.dumps({"device": device, "host": host}))
    return device


def month_id(layout: Layout, month: dt.date, devices: list[str],
             named: dict[str, set[str]] | None = None,
             looked: Mapping[str, os.stat_result] | None = None) -> MonthId:
    """Every device's file of a month (by plain strings: a checkpoint asks it of years).
    ``named``: the names in each device's folder, as just listed: a device without a
    file of that name is not asked (a file made since is then not counted, and the
    checkpoints over it are worked out again, as after any change). ``looked``: every
    device's files as just looked at (see ``Reading.looking_at``), not looked at again."""
    folder, name = str(layout.devices_dir), month_file_name(month)
    found = []
    for device in devices:
        if named is None or name in named.get(device, ()):
            if looked is None:
                identity = file_id(f"{folder}/{device}/{name}")
            else:
                stat = looked.get(f"{device}/{name}")
                identity = None if stat is None else stat_id(stat)
            if identity is not None:
                found.append((device, identity))
    return tuple(found)


@functools.lru_cache(maxsize=64)
def months_between(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """Every month from ``first``'s to ``last``'s (remembered: most habits of a person share
    a start and a checkpoint day, and each open asks once per habit)."""
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return tuple(found)


class CachedCheckpoints(Mapping[str, dict[str, Any]]):
    """The cache's checkpoints by habit id, each with its first month (``"from"``), and each
    checked against the files of the months it folded in only when it is first asked
    for: a command about one habit looks at that habit's months alone. Going through
    them all (iterating) checks every one. A month's files are looked at once."""

    def __init__(self, layout: Layout, entries: Entries, recorded: dict[dt.date, MonthId],
                 checked: dict[dt.date, MonthId] | None = None, habit_files: MonthId = ()) -> None:
        self._layout = layout
        self._entries = entries  # as stored, not checked yet
        self._recorded = recorded
        self.checked = checked or {}  # more files read whole and found good (recent months')
        self.habit_files = habit_files  # and each device's habits file
        self._checked: dict[str, dict[str, Any] | None] = {}
        self._current: dict[dt.date, MonthId] = {}
        self._unchanged: dict[dt.date, bool] = {}
        self._devices: list[str] | None = None
        self._named: dict[str, set[str]] = {}  # the names in each device's folder, once listed
        self.looked: Mapping[str, os.stat_result] | None = None  # see ``Reading.looking_at``

    def __getitem__(self, habit_id: str) -> dict[str, Any]:
        if habit_id not in self._checked:
            self._checked[habit_id] = self._check(habit_id)
        found = self._checked[habit_id]
        if found is None:
            raise KeyError(habit_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter([habit_id for habit_id in self._entries if habit_id in self])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _check(self, habit_id: str) -> dict[str, Any] | None:
        if habit_id not in self._entries:
            return None
        first, checkpoint = self._entries[habit_id]
        try:
            last = dt.date.fromisoformat(str(checkpoint["through"]))
        except (KeyError, ValueError, TypeError):
            return None
        if self._devices is None:
            self._devices = self._layout.devices()
            self._named = {device: self._layout.device_names(device) for device in self._devices}
        unchanged, current, recorded = self._unchanged, self._current, self._recorded
        layout, devices, named, looked = self._layout, self._devices, self._named, self.looked
        for month in months_between(first, last):  # (years of months, each looked at once)
            same = unchanged.get(month)
            if same is None:
                found = current[month] = month_id(layout, month, devices, named, looked)
                same = unchanged[month] = recorded.get(month) == found
            if not same:
                return None
        return {**checkpoint, "from": f"{first:%Y-%m}"}

    @functools.cached_property
    def good_files(self) -> frozenset[FileId]:
        """The files the cache names, by identity: each was read whole and found good (by
        this device, when the cache was written). One with a whole-second time is left
        out: a file system that coarse could give a file made within the same second the
        same identity."""
        named = [found for ids in (*self._recorded.values(), *self.checked.values(), self.habit_files)
                 for _, found in ids]
        try:
            return frozenset(found for found in named
                             if len(found) == 4 and type(found[2]) is int and found[2] % 1_000_000_000)
        except TypeError:  # an identity that is not numbers (a hand-edited cache): none known
            return frozenset()

    @property
    def validated(self) -> dict[dt.date, MonthId]:
        """The identities of the months found unchanged so far."""
        return {month: self._current[month] for month, same in self._unchanged.items() if same}

    def forget_month(self, month: dt.date) -> None:
        """A month changed on disk: checkpoints over it not asked for yet are checked
        against its files as they are now."""
        self._unchanged.pop(month, None)
        self._current.pop(month, None)
        self._devices = None  # (its files may be new: each folder is listed again)


def _months(raw: dict[str, list[list[Any]]]) -> dict[dt.date, MonthId]:
    """Each month's files as the cache names them: ``"2026-11": [[device, *identity], ...]``."""
    return {dt.date.fromisoformat(f"{k}-01"): tuple((d, tuple(i)) for d, *i in v) for k, v in raw.items()}


def _listed(ids: dict[dt.date, MonthId]) -> dict[str, list[list[Any]]]:
    return {f"{m:%Y-%m}": [[d, *i] for d, i in ids_] for m, ids_ in sorted(ids.items())}


class CheckpointCache:
    def __init__(self, layout: Layout) -> None:
        self.path = layout.checkpoints_path
        self._layout = layout

    def load(self) -> CachedCheckpoints:
        """The checkpoints of the cache, each checked when first asked for."""
        try:
            raw = json.loads(read_regular_file(self.path, CACHE_LIMIT))
            recorded, checked = _months(raw["months"]), _months(raw.get("checked", {}))
            habit_files = tuple((d, tuple(i)) for d, *i in raw.get("habits", []))
            entries = {habit_id: (dt.date.fromisoformat(f"{item['from']}-01"), item["checkpoint"])
                       for habit_id, item in raw["checkpoints"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return CachedCheckpoints(self._layout, {}, {})
        return CachedCheckpoints(self._layout, entries, recorded, checked, habit_files)

    def save(self, entries: Entries, ids: dict[dt.date, MonthId],
             checked: dict[dt.date, MonthId] | None = None, habit_files: MonthId = ()) -> None:
        """Write the cache whole (a failure only means the work is done again later). Not
        made durable: a cache a crash cuts short or leaves older is checked on reading (a
        file that does not read is no cache; each checkpoint is held to the months it
        names), so it costs time then, never a wrong streak."""
        data = {"months": _listed(ids),
                "checkpoints": {habit_id: {"from": f"{first:%Y-%m}", "checkpoint": checkpoint}
                                for habit_id, (first, checkpoint) in entries.items()},
                "checked": _listed(checked or {}), "habits": [[d, *i] for d, i in habit_files]}
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps(data, separators=(",", ":")), durable=False)

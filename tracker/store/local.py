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
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .atomic import ensure_private_dir, write_atomically
from .files import FileId, file_id, read_regular_file, stat_id
from .layout import Layout, is_device_name, month_key

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
        if found["host"] == host_name() and is_device_name(found["device"]):
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


@functools.lru_cache(maxsize=64)
def months_between(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """Every month from ``first``'s to ``last``'s (remembered: most habits of a person share
    a start and a checkpoint day, and each open asks once per habit)."""
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return tuple(found)


_MONTH_NUMBERS = tuple(f"{number:02d}" for number in range(1, 13))


@functools.lru_cache(maxsize=64)
def month_keys_between(first: dt.date, last: dt.date) -> tuple[str, ...]:
    """Every month from ``first``'s to ``last``'s as ``month_key`` names it (remembered, as
    ``months_between``). Written from one prefix a year, not from ``months_between``'s
    dates: a checkpoint's check asks it of years of months, and making each date and its
    key cost 4 M instructions of a ``check`` at 20 years (``tests/store/
    test_checkpoint_spans.py`` holds the two to the same months)."""
    keys: list[str] = []
    for year in range(first.year, last.year + 1):
        low = first.month if year == first.year else 1
        high = last.month if year == last.year else 12
        prefix = f"{year:04d}-"
        keys += [prefix + number for number in _MONTH_NUMBERS[low - 1:high]]
    return tuple(keys)


class CachedCheckpoints(Mapping[str, dict[str, Any]]):
    """The cache's checkpoints by habit id, each with its first month (``"from"``), and each
    checked against the files of the months it folded in only when it is first asked
    for: a command about one habit decodes and checks that habit's entry alone. Going
    through them all (iterating) checks every one. A month's files are looked at once,
    and habits that share a span of months (most of a person's do) check it once.

    The cache holds its entries and its files' identities as text (see ``CheckpointCache``),
    decoded only when asked about: a one-habit command reads a few of the hundreds."""

    def __init__(self, layout: Layout, entries: Mapping[str, str] | None = None,
                 recorded: Mapping[str, str] | None = None, checked: Mapping[str, str] | None = None,
                 habit_files: str = "") -> None:
        self._layout = layout
        self._entries = entries or {}  # habit id -> its entry as stored (JSON text), unchecked
        self._recorded_text = recorded or {}  # "YYYY-MM" -> its files as stored (``month_text``)
        self._checked_text = checked or {}  # more files read whole and found good (recent months')
        self._habit_files = habit_files  # and each device's habits file
        self._checked: dict[str, dict[str, Any] | None] = {}  # as ``self[habit_id]`` gives them
        self._found: dict[str, tuple[dt.date, dict[str, Any]] | None] = {}  # as ``entry`` does
        self._spans: dict[tuple[dt.date, dt.date], bool] = {}  # (first, last month): all unchanged
        self._unchanged: dict[str, bool] = {}  # "YYYY-MM": its files are as recorded
        self._folders: list[tuple[str, str, set[str]]] | None = None  # device, path, names in it
        self._looked: Mapping[str, os.stat_result] | None = None
        self._looked_texts: dict[str, str] | None = None  # each month's files in ``_looked``

    @property
    def looked(self) -> Mapping[str, os.stat_result] | None:
        """Every device's files as just looked at, by ``DEVICE/NAME`` (see
        ``Reading.looking_at``): the months are checked against them, not looked at again."""
        return self._looked

    @looked.setter
    def looked(self, looked: Mapping[str, os.stat_result] | None) -> None:
        self._looked, self._looked_texts = looked, None

    def __getitem__(self, habit_id: str) -> dict[str, Any]:
        if habit_id not in self._checked:
            entry = self.entry(habit_id)
            self._checked[habit_id] = None if entry is None else {**entry[1], "from": month_key(entry[0])}
        found = self._checked[habit_id]
        if found is None:
            raise KeyError(habit_id)
        return found

    def entry(self, habit_id: str) -> tuple[dt.date, dict[str, Any]] | None:
        """A habit's first month and checkpoint, checked once as ``self[habit_id]`` is,
        without the copy with ``"from"`` a reader only parses back (an open reads all)."""
        if habit_id not in self._found:
            self._found[habit_id] = self._check(habit_id)
        return self._found[habit_id]

    def __iter__(self) -> Iterator[str]:
        return iter([habit_id for habit_id in self._entries if habit_id in self])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _check(self, habit_id: str) -> tuple[dt.date, dict[str, Any]] | None:
        entry = _entry(self._entries.get(habit_id))
        if entry is None:
            return None
        first, last, checkpoint = entry
        same = self._spans.get((first, last))
        if same is None:
            same = self._spans[(first, last)] = self._unchanged_from(first, last)
        return (first, checkpoint) if same else None

    def _unchanged_from(self, first: dt.date, last: dt.date) -> bool:
        """Whether every month from ``first``'s to ``last``'s has the files it had when the
        cache was written (each month's files as text, compared with the text recorded)."""
        unchanged, recorded, looked = self._unchanged, self._recorded_text, self._texts_looked()
        for key in month_keys_between(first, last):  # (years of months, each looked at once)
            same = unchanged.get(key)
            if same is None:
                now = looked.get(key, "") if looked is not None else self._text_now(key)
                same = unchanged[key] = recorded.get(key) == now
            if not same:
                return False
        return True

    def _texts_looked(self) -> dict[str, str] | None:
        """Each month's files in the look given, as ``month_text`` writes them (made in
        one pass over it, for every month); None without a look."""
        if self._looked is not None and self._looked_texts is None:
            self._looked_texts = _texts_by_month(self._looked)
        return None if self._looked is None else self._looked_texts

    def _text_now(self, key: str) -> str:
        """A month's files as they are now, as ``month_text`` writes them, each device's
        file looked at (when no look at them all was given). Only a device whose folder,
        as listed once, holds a file of that name is asked (one made since is then not
        counted, and the checkpoints over it are worked out again, as after any change).
        Written from the key: making each month's date and name again cost as much as
        the looks, over years of months."""
        if self._folders is None:
            folder = str(self._layout.devices_dir)
            self._folders = [(device, f"{folder}/{device}/", self._layout.device_names(device))
                             for device in self._layout.devices()]
        name, words = f"{key}.json", []  # (the key's month's ``month_file_name``)
        for device, folder, names in self._folders:
            if name in names and (identity := file_id(folder + name)) is not None:
                words.append(f"{device}:{_identity_text(identity)}")
        return " ".join(words)

    @functools.cached_property
    def _good_text(self) -> str:
        """Every file the cache names, each as its ``month_text`` word, in one text: each
        was read whole and found good (by this device, when the cache was written)."""
        texts = [*self._recorded_text.values(), *self._checked_text.values(), self._habit_files]
        if not all(isinstance(text, str) for text in texts):
            return ""  # (an identity that is not text, in a hand-edited cache: none known)
        return f" {' '.join(texts)} "

    def names_good(self, file: FileId) -> bool:
        """Whether the cache names ``file`` as read whole and found good. One with a
        whole-second time never is: a file system that coarse could give a file made
        within the same second the same identity. (A word is ``DEVICE:DEV:INODE:
        MTIME_NS:SIZE``, and neither a device name nor a number holds a colon or a space,
        so ``:DEV:INODE:MTIME_NS:SIZE`` followed by a space is one whole word's end.)"""
        return bool(file[2] % 1_000_000_000) and f":{_identity_text(file)} " in self._good_text

    @functools.cached_property
    def checked(self) -> dict[dt.date, str]:
        """The months whose files (some of them) the cache names as found good though no
        checkpoint folds them in."""
        return _by_month(self._checked_text)

    @property
    def validated(self) -> dict[dt.date, MonthId]:
        """The identities of the months found unchanged so far (their files as the cache
        recorded them, which is what they were found to be)."""
        return {_month_of_key(key): _month_id_of(self._recorded_text[key])
                for key, same in self._unchanged.items() if same}

    def forget_month(self, month: dt.date) -> None:
        """A month changed on disk: checkpoints over it not asked for yet are checked
        against its files as they are now."""
        self._unchanged.pop(month_key(month), None)
        self._spans = {(first, last): same for (first, last), same in self._spans.items()
                       if not first <= month <= last}
        self._folders = None  # (its files may be new: each folder is listed again)
        self._looked_texts = None


class KnownGood:
    """The files read whole and found good, by identity: by this process (``add``), or
    named so by the checkpoint cache (``cache``), so a file found good needs no second
    check (see ``Reading._part``)."""

    def __init__(self) -> None:
        self.found: set[FileId] = set()
        self.cache: CachedCheckpoints | None = None

    def __contains__(self, file: object) -> bool:  # (``None``: no file, never known good)
        if file in self.found:
            return True
        return self.cache is not None and isinstance(file, tuple) and self.cache.names_good(file)

    def add(self, file: FileId) -> None:
        self.found.add(file)

    def update(self, files: Iterable[FileId]) -> None:
        self.found.update(files)


def _entry(text: object) -> tuple[dt.date, dt.date, dict[str, Any]] | None:
    """A habit's entry as stored: (its first month, its checkpoint's day, the checkpoint);
    None when it does not read (a hand-edited cache: the checkpoint is worked out again)."""
    try:
        entry = json.loads(text) if isinstance(text, str) else None
        if isinstance(entry, dict) and isinstance(checkpoint := entry.get("checkpoint"), dict):
            first = dt.date.fromisoformat(f"{entry['from']}-01")
            return first, dt.date.fromisoformat(str(checkpoint["through"])), checkpoint
    except (ValueError, TypeError, KeyError, RecursionError):
        pass
    return None


def _identity_text(file: FileId) -> str:
    return f"{file[0]}:{file[1]}:{file[2]}:{file[3]}"


def month_text(files: MonthId) -> str:
    """A month's files (or each device's habits file) as the cache stores them: one word
    per device, ``DEVICE:DEV:INODE:MTIME_NS:SIZE``."""
    return " ".join(f"{device}:{_identity_text(file)}" for device, file in files)


def _month_id_of(text: str) -> MonthId:
    """A month's files from their ``month_text`` (a text this process checked)."""
    found = []
    for word in text.split():
        device, dev, inode, mtime, size = word.split(":")
        found.append((device, (int(dev), int(inode), int(mtime), int(size))))
    return tuple(found)


def _texts_by_month(looked: Mapping[str, os.stat_result]) -> dict[str, str]:
    """Each month's files in a look at every device's folder (``DEVICE/NAME``: its
    stat), by ``"YYYY-MM"``, as ``month_text`` writes them (devices in name order); a
    name that is not a month file's (``YYYY-MM.json``) is left out, as is a folder that
    is not a device's."""
    found: dict[str, list[tuple[str, str]]] = {}
    devices: dict[str, bool] = {}  # each folder's name: a device's?
    for where, stat in looked.items():
        device, _, name = where.partition("/")
        if len(name) != 12 or name[7:] != ".json":
            continue
        ours = devices.get(device)
        if ours is None:
            ours = devices[device] = is_device_name(device)
        if ours:
            word = f"{device}:{_identity_text(stat_id(stat))}"  # (as ``month_text``)
            words = found.get(key := name[:7])
            if words is None:
                found[key] = [(device, word)]
            else:
                words.append((device, word))
    return {key: words[0][1] if len(words) == 1 else " ".join(word for _, word in sorted(words))
            for key, words in found.items()}


def _month_of_key(key: str) -> dt.date:
    """The month ``month_key`` names ``key``."""
    return dt.date.fromisoformat(f"{key}-01")


def _by_month(texts: Mapping[str, str]) -> dict[dt.date, str]:
    found = {}
    for key, text in texts.items():
        with contextlib.suppress(ValueError, TypeError):
            found[_month_of_key(key)] = text
    return found


CACHE_FORMAT = 2  # the form below; a cache of any other form is worked out again
TIGHT = (",", ":")  # JSON without spaces


class CheckpointCache:
    """The file: ``{"format": 2, "months": {"YYYY-MM": month_text, ...}, "checkpoints":
    {habit id: JSON text of {"from": "YYYY-MM", "checkpoint": {...}}, ...}, "checked":
    {...as months}, "habits": month_text}``. Entries and identities are kept as text so
    that a command about one habit parses a string per habit, not every checkpoint and
    every identity of years of months."""

    def __init__(self, layout: Layout) -> None:
        self.path = layout.checkpoints_path
        self._layout = layout

    def load(self) -> CachedCheckpoints:
        """The checkpoints of the cache, each checked when first asked for."""
        try:
            raw = json.loads(read_regular_file(self.path, CACHE_LIMIT))
            if raw["format"] != CACHE_FORMAT:
                raise ValueError("another form")
            months, entries, checked = raw["months"], raw["checkpoints"], raw["checked"]
            habits = raw["habits"]
            if not (isinstance(months, dict) and isinstance(entries, dict) and isinstance(checked, dict)
                    and isinstance(habits, str)):
                raise TypeError("not a cache")
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return CachedCheckpoints(self._layout)
        return CachedCheckpoints(self._layout, entries, months, checked, habits)

    def save(self, entries: Entries, ids: dict[dt.date, MonthId],
             checked: dict[dt.date, MonthId] | None = None, habit_files: MonthId = ()) -> None:
        """Write the cache whole (a failure only means the work is done again later). Not
        made durable: a cache a crash cuts short or leaves older is checked on reading (a
        file that does not read is no cache; each checkpoint is held to the months it
        names), so it costs time then, never a wrong streak."""
        data = {"format": CACHE_FORMAT, "months": _listed(ids),
                "checkpoints": {habit_id: _entry_text(first, checkpoint)
                                for habit_id, (first, checkpoint) in entries.items()},
                "checked": _listed(checked or {}), "habits": month_text(habit_files)}
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps(data, separators=TIGHT), durable=False)


def _entry_text(first: dt.date, checkpoint: dict[str, Any]) -> str:
    return json.dumps({"from": month_key(first), "checkpoint": checkpoint}, separators=TIGHT)


def _listed(ids: dict[dt.date, MonthId]) -> dict[str, str]:
    return {month_key(month): month_text(files) for month, files in sorted(ids.items())}

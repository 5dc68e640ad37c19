"""Which files make up one person's data, all beside the main file.

``tracker.json``                          the data's version (and that it is Trust Tracker's)
``tracker-devices/<device>/habits.json``  the habits as this device last changed them
``tracker-devices/<device>/2026-11.json`` the check-ins this device changed in that month
``tracker-backups/NAME/``                 whole copies of the above (daily, and before risky steps)
``.tracker.json.lock``                    held by whoever is writing, while a change is written

Each device writes only the files in its own folder, and readers merge every device's
files record by record (the later change wins, see :mod:`tracker.store.schema`). A sync
tool carrying the folder to other devices so never sees two devices write one file.
Check-ins are split by month so that a tick rewrites one small file, whatever the length
of the history: at 50 habits a month file holds at most 1,550 days.

Apart from them, this device's own state (see :mod:`tracker.store.local`):
``<state>/tracker-<digest>/device.json``      this device's id (its folder's name above)
``<state>/tracker-<digest>/undo.json``        this device's undo log
``<state>/tracker-<digest>/checkpoints.json`` its cache of streak checkpoints

Before version 4 the habits were in the main file and the check-ins in
``tracker-checkins/2026-11.json``, shared by every device; opening such data moves them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from functools import cached_property, lru_cache

from ..domain.bounds import FIRST_DAY, LAST_DAY
from ..places import (BACKUPS, DEVICES, LEGACY_MONTHS, STATE_ENV, local_dir_name, spelled, stem_of,
                      user_folder)
from ..structs import struct

HABITS_FILE = "habits.json"
DEVICE_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def is_device_name(name: object) -> bool:
    """A device folder's name: 1 to 64 ASCII letters, digits, ``_`` or ``-`` (a name read
    from a file may be anything). Not a pattern: compiling one cost a ``check`` 1.2 M
    instructions, a twentieth of its own work."""
    return isinstance(name, str) and 0 < len(name) <= 64 and DEVICE_NAME_CHARACTERS.issuperset(name)


# What sync tools name the copy they keep when two devices changed one file: Syncthing
# "2026-11.sync-conflict-20261130-201501-ABCDEF7.json", Dropbox "2026-11 (Sam's conflicted
# copy 2026-11-30).json", Nextcloud "2026-11 (conflicted copy 2026-11-30 201501).json".
# (A pattern, compiled by ``re`` when a name that may be one is first looked at.)
CONFLICT_COPY = (r"^(?P<stem>[^/]+?)(?:\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]+"
                 r"| \([^()]*conflicted copy[^()]*\))(?P<ext>\.json)$")


@struct(frozen=True)
class DataFile:
    """What one file in a device folder holds: that device's habits (``month`` None) or
    its check-ins of one month."""

    device: str
    month: dt.date | None = None


# One look at the device folders: each file's device and name, and what it holds (kept as
# strings: a path is made only for a file that needs one).
Scan = list[tuple[str, str, "DataFile | None"]]


@struct(frozen=True)
class Layout:
    """Where each file of one person's data is, from the main file's path. Paths are
    strings (``os.path``), spelled as ``pathlib`` would (``places.spelled``): on Python
    3.11 ``pathlib`` loads ``urllib.parse`` and ``ipaddress`` as it is imported, a
    twentieth of a tick's CPU, and the command line never needs them."""

    main: str

    def __post_init__(self) -> None:
        self.__dict__["main"] = spelled(os.fspath(self.main))  # (a caller may hand a Path)

    @cached_property
    def folder(self) -> str:
        return os.path.dirname(self.main) or "."

    def at(self, rel: str) -> str:
        """A file of the data by its path from the data folder, spelled as every path of
        this layout is (from the main file's path as given: one file, one spelling)."""
        return os.path.join(os.path.dirname(self.main), rel)

    @cached_property
    def devices_dir(self) -> str:
        return self.at(self._stem + DEVICES)

    @cached_property
    def legacy_months_dir(self) -> str:
        """Where versions 2 and 3 kept every device's check-ins together."""
        return self.at(self._stem + LEGACY_MONTHS)

    @cached_property
    def backups_dir(self) -> str:
        return self.at(self._stem + BACKUPS)

    @cached_property
    def lock_path(self) -> str:
        return self.at(f".{self.main_name}.lock")

    @cached_property
    def main_name(self) -> str:
        return os.path.basename(self.main)

    @cached_property
    def _stem(self) -> str:
        return stem_of(self.main_name)

    @cached_property
    def local_dir(self) -> str:
        """This device's folder for this data, under the platform's state folder (or
        ``$TRUST_TRACKER_STATE``); named for where the data is, so a copy is other data."""
        base = os.environ.get(STATE_ENV) or user_folder("state")
        return os.path.join(os.path.expanduser(base), local_dir_name(self.main))

    @property
    def device_path(self) -> str:
        return os.path.join(self.local_dir, "device.json")

    @property
    def undo_path(self) -> str:
        return os.path.join(self.local_dir, "undo.json")

    @property
    def checkpoints_path(self) -> str:
        return os.path.join(self.local_dir, "checkpoints.json")

    @property
    def unfinished_path(self) -> str:
        """A change of many files (an import, a restore) in progress: see backups."""
        return os.path.join(self.local_dir, "unfinished.json")

    def device_dir(self, device: str) -> str:
        return f"{self.devices_dir}/{device}"

    def habits_path(self, device: str) -> str:
        return f"{self.devices_dir}/{device}/{HABITS_FILE}"

    def month_path(self, month: dt.date, device: str) -> str:
        return f"{self.devices_dir}/{device}/{month_file_name(month)}"

    def devices(self) -> list[str]:
        try:
            with os.scandir(self.devices_dir) as entries:
                return sorted(e.name for e in entries if is_device_name(e.name) and _is_dir(e))
        except (FileNotFoundError, NotADirectoryError):
            return []

    def files(self, scanned: Scan | None = None) -> list[DataFile]:
        """Every record file of every device on disk, by what it holds (a stray name is not
        ours to read); from ``scanned`` (see :meth:`scan`) when the folders were just
        looked at."""
        return [file for _, _, file in (scanned or self.scan()) if file is not None]

    def listing(self, scanned: Scan | None = None) -> dict[str, DataFile]:
        """Every record file of every device on disk, by its path."""
        return {self.path_of(file): file for file in self.files(scanned)}

    def path_of(self, file: DataFile) -> str:
        if file.month is None:
            return self.habits_path(file.device)
        return self.month_path(file.month, file.device)

    def conflict_copies(self, scanned: Scan | None = None) -> dict[str, DataFile]:
        """The copies a sync tool left beside a device's files, by what they are a copy of."""
        found: dict[str, DataFile] = {}
        for device, name, file in scanned or self.scan():
            if file is not None or "onflict" not in name:  # (a record's name, or plainly not)
                continue
            match = re.match(CONFLICT_COPY, name)
            if match is not None:
                copy_of = _named(device, match["stem"] + match["ext"])
                if copy_of is not None:
                    found[f"{self.devices_dir}/{device}/{name}"] = copy_of
        return found

    def scan(self) -> Scan:
        """Every file in every device folder, in name order, with what it holds. Sorted
        and classified by name (strings: making a path of each of years of files was most
        of the look): every change looks once.
        A folder whose signature has not moved since it was last listed is not listed
        again (see ``_listed``)."""
        found: Scan = []
        for device in self.devices():
            found += _listed(self.devices_dir, device)
        return found

    def device_names(self, device: str) -> set[str]:
        """The names in a device's folder, as ``scan`` lists them (none, for a folder that
        cannot be listed)."""
        try:
            return {name for _, name, _ in _listed(self.devices_dir, device)}
        except OSError:
            return set()

    def legacy_month_files(self) -> dict[dt.date, str]:
        found: dict[dt.date, str] = {}
        if os.path.isdir(self.legacy_months_dir):
            for name in os.listdir(self.legacy_months_dir):
                if (month := month_named(name)) is not None:
                    found[month] = os.path.join(self.legacy_months_dir, name)
        return dict(sorted(found.items()))

    def data_files(self) -> list[str]:
        """The files a backup copies: the main file and every device's (or older) records."""
        files = [self.main] if os.path.isfile(self.main) else []
        files += [p for p in self.legacy_month_files().values() if os.path.isfile(p)]
        return files + [p for p in self.listing() if os.path.isfile(p)]


Signature = tuple[int, int, int]  # a folder's inode, modification and change times (ns)
_SETTLED_NS = 1_000_000_000  # a signature this much older than its look is trusted


def signature(folder: str) -> Signature | None:
    """A folder's signature (None: it is not there). Every write of ours, and of the sync
    tools, is a rename, so any file made, removed or replaced in it moves the signature."""
    try:
        seen = os.stat(folder)
    except OSError:
        return None
    return seen.st_ino, seen.st_mtime_ns, seen.st_ctime_ns


def trusted(found: Signature | None) -> Signature | None:
    """``found``, if it can tell any later change; else None. It can when taken a second
    or more after the folder's last change, on a file system of finer times than whole
    seconds (a name made within the same tick of the file system's clock would not move
    it)."""
    if found is None:
        return None
    settled = time.time_ns() - _SETTLED_NS
    whole = found[1] % 1_000_000_000 == 0 and found[2] % 1_000_000_000 == 0
    return None if whole or found[1] > settled or found[2] > settled else found


# Each device folder as last listed, by its path: its signature, taken before it was
# listed (kept only when ``trusted``), and what it held.
_LISTED: dict[str, tuple[Signature, tuple[tuple[str, str, DataFile | None], ...]]] = {}
_LISTED_LIMIT = 256  # device folders of a few data folders


def _listed(devices_dir: str, device: str) -> tuple[tuple[str, str, DataFile | None], ...]:
    """A device folder's files, in name order, with what each holds."""
    where = f"{devices_dir}/{device}"
    seen = signature(where)
    known = _LISTED.get(where)
    if known is not None and known[0] == seen:
        return known[1]
    found = tuple((device, name, _named(device, name)) for name in sorted(os.listdir(where)))
    _LISTED.pop(where, None)
    kept = trusted(seen)
    if kept is not None:
        if len(_LISTED) >= _LISTED_LIMIT:
            del _LISTED[next(iter(_LISTED))]
        _LISTED[where] = (kept, found)
    return found


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a folder, or a link to one (as ``Path.is_dir``)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def month_key(month: dt.date) -> str:
    """A month as files and caches name it: ``%Y-%m``, without strftime or a format
    (a checkpoint's check names every month of years)."""
    return month.isoformat()[:7]


def month_file_name(month: dt.date) -> str:
    return f"{month_key(month)}.json"


def data_file(path: str) -> DataFile | None:
    """What a file in a device folder holds, from its name and its folder's (None: not
    one of ours). Also for a file that is gone, to tell what it was."""
    folder, name = os.path.split(path)
    return _named(os.path.basename(folder), name)


def is_record_name(name: str) -> bool:
    """Whether a file of this name in a device folder is one of its records."""
    return _named("", name) is not None


@lru_cache(maxsize=4096)  # (the same few hundred names, at every look at the folders)
def _named(device: str, name: str) -> DataFile | None:
    if name == HABITS_FILE:
        return DataFile(device)
    month = _month_of_name(name)
    return DataFile(device, month) if month is not None else None


def month_named(path: str | os.PathLike[str]) -> dt.date | None:
    """The month a month file holds, from its name (``2026-11.json``); None for any other
    name, a month that does not exist (``2026-13.json``) or one outside the years kept:
    a stray file is not ours to read."""
    return _month_of_name(os.path.basename(path))


def _month_of_name(name: str) -> dt.date | None:
    """``YYYY-MM.json`` (by slices, not a pattern: a look at the folders names years of them)."""
    if len(name) != 12 or name[4] != "-" or name[7:] != ".json" or not name.isascii():
        return None
    year, number = name[:4], name[5:7]
    if not (year.isdecimal() and number.isdecimal() and 1 <= int(number) <= 12):
        return None
    month = (int(year), int(number))
    if not (FIRST_DAY.year, FIRST_DAY.month) <= month <= (LAST_DAY.year, LAST_DAY.month):
        return None  # (a year 0 too: no date of it can be made)
    return dt.date(*month, 1)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)

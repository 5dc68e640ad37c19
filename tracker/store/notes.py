"""What a backup's ``.sources`` notes: the identity (inode, size, modification time) of
each file the backup holds, folder by folder, so a reused backup's folder is compared with
the live one as whole sets (see :mod:`.snapshots`).

A note this process read or wrote is kept (the last few, by device and inode, with their
size and modification time then), so an open app reads no JSON for the backups it made.
"""

from __future__ import annotations

import json
import os
import stat

from .livefiles import Folders, Identity

NOTE_LIMIT = 1 << 20  # a note larger than this is not ours


class Noted:
    """The files a backup holds, as its note says: by folder (``""`` for the backup's own,
    else ``tracker-devices/DEVICE/``), each file's identity by name. Never changed."""

    __slots__ = ("folders",)

    def __init__(self, folders: Folders | None = None) -> None:
        self.folders: Folders = folders or {}

    def __bool__(self) -> bool:
        return any(self.folders.values())

    def get(self, rel: str) -> Identity | None:
        here, _, name = rel.rpartition("/")
        return self.folders.get(f"{here}/" if here else "", {}).get(name)

    def as_json(self) -> str:
        return json.dumps({here + name: list(identity) for here, names in self.folders.items()
                           for name, identity in names.items()})

    @classmethod
    def parsed(cls, found: object) -> Noted:
        """From a note's JSON (an entry that is not an identity is left out: its file, if
        there, is then not taken as right)."""
        folders: Folders = {}
        if isinstance(found, dict):
            for rel, value in found.items():
                if (isinstance(rel, str) and isinstance(value, list) and len(value) == 3
                        and all(type(v) is int for v in value)):
                    here, _, name = rel.rpartition("/")
                    folders.setdefault(f"{here}/" if here else "", {})[name] = (value[0], value[1], value[2])
        return cls(folders)


# The last few notes read or written, by device and inode: their size and modification
# time then, and what they hold (never changed: it is handed out as it is).
_KNOWN: dict[tuple[int, int], tuple[tuple[int, int], Noted]] = {}


def read_note(path: str) -> Noted:
    """The identities of the files a backup holds (none if not noted, or if the note is not
    a regular file of at most a megabyte that reads as one). A note this process read or
    wrote, unchanged since, is not read again (an open app made the newest backup: the
    next day it reads no JSON for it)."""
    try:
        seen = os.lstat(path)
    except OSError:
        return Noted()
    known = _KNOWN.get((seen.st_dev, seen.st_ino))
    if known is not None and known[0] == (seen.st_size, seen.st_mtime_ns) and stat.S_ISREG(seen.st_mode):
        return known[1]  # (as read or written: not opened again)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return Noted()
    try:
        seen = os.fstat(fd)
        if not stat.S_ISREG(seen.st_mode) or seen.st_size > NOTE_LIMIT:
            return Noted()
        known = _KNOWN.get((seen.st_dev, seen.st_ino))
        if known is not None and known[0] == (seen.st_size, seen.st_mtime_ns):
            return known[1]
        found = Noted.parsed(json.loads(os.read(fd, seen.st_size + 1)))
    except (OSError, ValueError, RecursionError):
        return Noted()
    finally:
        os.close(fd)
    _keep(seen, found)
    return found


def remember(path: str, noted: Noted) -> None:
    """``noted``, just written to the note at ``path``, known without reading it."""
    try:
        _keep(os.lstat(path), noted)
    except OSError:
        pass


def _keep(seen: os.stat_result, noted: Noted) -> None:
    if len(_KNOWN) >= 8:
        del _KNOWN[next(iter(_KNOWN))]
    _KNOWN[seen.st_dev, seen.st_ino] = ((seen.st_size, seen.st_mtime_ns), noted)


# Each device's folder of a backup this process made (or refitted, or twinned) since it
# started, by device and inode: its modification and change times once made, and what it
# holds (its note's entry, the very mapping). While both times are as they were, no name
# in it was made, removed or renamed since: it is not listed again when the backup is
# reused. (Made in a private folder of a name of its own, under the lock: nobody else
# could have changed it within the same tick of the file system's clock. On a file system
# of whole seconds, none is kept.)
_MADE: dict[tuple[int, int], tuple[int, int, dict[str, Identity]]] = {}
MADE_LIMIT = 64  # seven backups and their spares of a few data folders, a few devices each


def made(path: str, names: dict[str, Identity]) -> None:
    """The backup's folder at ``path`` now holds exactly ``names`` (and nothing else)."""
    try:
        seen = os.lstat(path)
    except OSError:
        return
    if seen.st_mtime_ns % 1_000_000_000 == 0 and seen.st_ctime_ns % 1_000_000_000 == 0:
        return
    _MADE.pop((seen.st_dev, seen.st_ino), None)
    if len(_MADE) >= MADE_LIMIT:
        del _MADE[next(iter(_MADE))]
    _MADE[seen.st_dev, seen.st_ino] = (seen.st_mtime_ns, seen.st_ctime_ns, names)


def holds(path: str, names: dict[str, Identity]) -> bool:
    """Whether the backup's folder at ``path`` is known to hold exactly ``names``, as it
    was made, with no name in it made, removed or renamed since."""
    try:
        seen = os.lstat(path)
    except OSError:
        return False
    found = _MADE.get((seen.st_dev, seen.st_ino))
    return (found is not None and found[2] is names and stat.S_ISDIR(seen.st_mode)
            and found[0] == seen.st_mtime_ns and found[1] == seen.st_ctime_ns)

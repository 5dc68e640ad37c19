"""Reading a data file safely: only regular files, never one that could block or never end.

Kept free of TinyDB so the settings file can be read before the app's first frame.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotARegularFileError(OSError):
    """A FIFO, a device or a socket where a data file should be: never read (it may
    never end), never written."""


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``, refused before reading when it is not a regular file (a FIFO
    would block for ever, a device would never end)."""
    with open_regular(path) as handle:
        return handle.read()


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, once it is known to be a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    handle = os.fdopen(fd, "rb")
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        handle.close()
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(f"{path} is a folder")
        raise NotARegularFileError(f"{path} is not a regular file")
    return handle



class UnsureWriteError(OSError):
    """A write failed after its file was already renamed into place (the folder's fsync
    reported an error): the change may be on disk, or may not survive a crash."""

    @classmethod
    def after(cls, err: OSError) -> UnsureWriteError:
        return cls(err.errno, err.strerror or str(err), err.filename)


def failure_text(err: OSError) -> str:
    """What a failed save means, saying only what is known: not saved, or maybe saved."""
    reason = err.strerror or str(err) or type(err).__name__
    where = f" ({err.filename})" if err.filename else ""
    if isinstance(err, UnsureWriteError):
        return (f"the disk reported a problem after the change was written ({reason}{where}); "
                "it may have been saved: check with: trust-tracker status")
    return f"nothing was saved: {reason}{where}"


FileId = tuple[int, int, int, int]
"""A file's identity: device, inode, modification time (ns) and size. Every write replaces
a file by rename, so a change by anyone gives a new identity; a stat tells, no read. (The
reader keeps the file it read open, so its inode number cannot be reused by a new file.)"""


def file_id(path: Path) -> FileId | None:
    try:
        return _identity(os.stat(path))
    except FileNotFoundError:
        return None


def handle_id(handle: BinaryIO) -> FileId:
    return _identity(os.fstat(handle.fileno()))


def _identity(found: os.stat_result) -> FileId:
    return found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size

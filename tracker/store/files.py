"""The store's files: safe reading (see :mod:`tracker.regular_files`, which the importers
share), what a failed save means, and a file's identity for telling others' writes."""

from __future__ import annotations

import os
from typing import BinaryIO

from ..atomic_files import UnsureWriteError
from ..regular_files import NotARegularFileError, open_regular, read_regular_file

__all__ = ["NotARegularFileError", "open_regular", "read_regular_file", "UnsureWriteError",
           "failure_text", "FileId", "file_id", "handle_id", "stat_id"]


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


def file_id(path: str | os.PathLike[str]) -> FileId | None:
    try:
        return stat_id(os.stat(path))
    except FileNotFoundError:
        return None


def handle_id(handle: BinaryIO) -> FileId:
    return stat_id(os.fstat(handle.fileno()))


def stat_id(found: os.stat_result) -> FileId:
    return found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size

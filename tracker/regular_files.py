"""Reading a file safely: only regular files, never one that could block or never end, and
never more than the caller's limit.

Stdlib only, so the store (the settings file is read before the app's first frame) and
the importers share it without either depending on the other.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from typing import BinaryIO


class NotARegularFileError(OSError):
    """A FIFO, a device or a socket where a data file should be: never read (it may
    never end), never written."""


class FileTooLargeError(OSError):
    """A file holding more than the caller's limit; only ``limit + 1`` bytes were read."""

    def __init__(self, path: str | os.PathLike[str], limit: int) -> None:
        super().__init__(f"{os.fspath(path)!r} holds more than {limit} bytes")
        self.filename, self.limit = os.fspath(path), limit


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading, refused before a byte is read when it is not a regular
    file. It is opened without blocking (a FIFO with no writer would wait for ever) and
    checked on the open descriptor, so a file swapped in after a check is caught too."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    handle = os.fdopen(fd, "rb")
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        handle.close()
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(f"{os.fspath(path)} is a folder")
        raise NotARegularFileError(f"{os.fspath(path)} is not a regular file")
    return handle


@contextlib.contextmanager
def open_regular_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """``open_regular``, closed when done."""
    with open_regular(path) as handle:
        yield handle


def read_regular_file(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of ``path`` (a regular file only). With a ``limit``, at most ``limit + 1``
    bytes are read, whatever the file's size claims, and more than ``limit`` raises
    ``FileTooLargeError``."""
    with open_regular_file(path) as handle:
        if limit is None:
            return handle.read()
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(path, limit)
    return data

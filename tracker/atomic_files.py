"""Writing a file so that a crash leaves the old one or the new one, whole, and private
from its first byte.

Stdlib only, so the store and the exporters (which may not depend on the store) share it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

FILE_MODE = 0o600
DIR_MODE = 0o700


class UnsureWriteError(OSError):
    """A write failed after its file was already renamed into place (the folder's fsync
    reported an error): the change may be on disk, or may not survive a crash."""

    @classmethod
    def after(cls, err: OSError) -> UnsureWriteError:
        return cls(err.errno, err.strerror or str(err), err.filename)


def ensure_private_dir(folder: Path) -> None:
    """The folder and any missing parents, 0700 whatever the umask (a folder created for
    us, even ``~/.local/share``, is nobody else's to read)."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.is_dir():
            break
        missing.append(parent)
    for parent in reversed(missing):
        with contextlib.suppress(FileExistsError):
            parent.mkdir(mode=DIR_MODE)
            os.chmod(parent, DIR_MODE)  # mkdir's mode is cut by the umask
    if not folder.is_dir():  # a file in the way, or a parent that could not be made
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def write_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file, whole
    (``durable=False``, for a cache: nothing is synced, so a crash may leave the old one)."""
    with atomic_file(path, durable=durable) as handle:
        handle.write(text.encode("utf-8"))


@contextlib.contextmanager
def atomic_file(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """Write ``path`` through a temp file beside it (0600 from the first byte), renamed over
    it only once it is whole and synced, then the folder synced (with ``durable``).

    Anything that stops the writing (an error, a full disk, Ctrl+C) leaves the old file as
    it was and no temp file behind; a crash leaves the old file or the new one, whole."""
    import tempfile  # (only to write: a command that reads never loads it)

    folder = path.parent
    ensure_private_dir(folder)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp creates it 0600
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if not durable:
        return
    try:
        _fsync_folder(folder)
    except OSError as err:
        raise UnsureWriteError.after(err) from err


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""Writing a file so that a crash leaves the old one or the new one, whole, and private
from its first byte.

Stdlib only, so the store and the exporters (which may not depend on the store) share it;
paths as text or ``Path``, worked with through ``os.path`` (see ``store.layout.Layout``).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from typing import BinaryIO

FILE_MODE = 0o600
DIR_MODE = 0o700


class UnsureWriteError(OSError):
    """A write failed after its file was already renamed into place (the folder's fsync
    reported an error): the change may be on disk, or may not survive a crash."""

    @classmethod
    def after(cls, err: OSError) -> UnsureWriteError:
        return cls(err.errno, err.strerror or str(err), err.filename)


def ensure_private_dir(folder: str | os.PathLike[str]) -> None:
    """The folder and any missing parents, 0700 whatever the umask (a folder created for
    us, even ``~/.local/share``, is nobody else's to read)."""
    folder = os.fspath(folder)
    missing = []
    parent = folder
    while parent and not os.path.isdir(parent):
        missing.append(parent)
        above = os.path.dirname(parent)
        parent = above if above != parent else ""
    for parent in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(parent, DIR_MODE)
            os.chmod(parent, DIR_MODE)  # mkdir's mode is cut by the umask
    if not os.path.isdir(folder):  # a file in the way, or a parent that could not be made
        os.makedirs(folder, DIR_MODE, exist_ok=True)


def remove_file(path: str | os.PathLike[str]) -> None:
    """``path`` removed, if it is there (as ``Path.unlink(missing_ok=True)``)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def write_atomically(path: str | os.PathLike[str], text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file, whole
    (``durable=False``, for a cache: nothing is synced, so a crash may leave the old one)."""
    with atomic_file(path, durable=durable) as handle:
        handle.write(text.encode("utf-8"))


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, durable: bool = True) -> Iterator[BinaryIO]:
    """Write ``path`` through a temp file beside it (0600 from the first byte), renamed over
    it only once it is whole and synced, then the folder synced (with ``durable``).

    Anything that stops the writing (an error, a full disk, Ctrl+C) leaves the old file as
    it was and no temp file behind; a crash leaves the old file or the new one, whole."""
    folder, name = os.path.split(os.fspath(path))
    folder = folder or "."
    ensure_private_dir(folder)
    fd, temp_name = _new_temp(folder, name)
    try:
        with os.fdopen(fd, "wb") as handle:
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


TEMP_SUFFIX = ".tmp"  # a temp file: ``.{name}.{random}.tmp`` beside the file it will replace
TEMP_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
              | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def _new_temp(folder: str, name: str) -> tuple[int, str]:
    """A new file beside ``name``, 0600 from the first byte, as ``tempfile.mkstemp`` makes
    one (exclusive create, never through a symlink, a random name), without loading
    ``tempfile`` (with the random, shutil and weakref it brings: 2.5 ms of every change
    from the shell)."""
    for _ in range(100):
        temp_name = os.path.join(folder, f".{name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(temp_name, TEMP_FLAGS, FILE_MODE), temp_name
        except FileExistsError:
            continue  # taken (by a leftover of a crash, say): another name
    raise FileExistsError(errno.EEXIST, "No free name for a temporary file", folder)


def _fsync_folder(folder: str) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

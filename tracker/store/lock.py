"""One writer at a time, across processes: a lock file beside the data, held only while a
change is written (milliseconds), so the app, the command line and a second window all
write the same data in turn.

On POSIX the lock is ``fcntl.flock`` on ``.tracker.json.lock``, waited for by polling,
exactly what ``filelock``'s Unix lock takes (so both exclude each other). It is written
here because importing ``filelock`` (logging, threading, decimal, urllib and more) costs
a ``check`` from the shell 20 ms of its 100; elsewhere ``filelock`` itself is used. Only a
change takes the lock: a command that only reads loads neither.
"""

from __future__ import annotations

import os
import time
from typing import Protocol

from .atomic import ensure_private_dir
from .layout import Layout

LOCK_WAIT = 5.0  # seconds: far longer than any save takes
POLL = 0.01  # seconds between tries while another process holds the lock


class DataInUseError(Exception):
    def __init__(self, layout: Layout, waited: float) -> None:
        super().__init__(
            f"Your data ({layout.main}) has been locked for {waited:g} seconds by another "
            "Trust Tracker, far longer than a save takes: something may be stuck there. "
            "Nothing was changed; try again, or close the other Trust Tracker."
        )


class Lock(Protocol):
    timeout: float

    def acquire(self) -> object: ...

    def release(self) -> None: ...


class FlockLock:
    """An exclusive ``flock`` on a file; taking it again while held only counts up, as
    with ``filelock.FileLock(thread_local=False)``."""

    def __init__(self, path: str, timeout: float) -> None:
        self.path, self.timeout = path, timeout
        self._fd: int | None = None
        self._held = 0

    def acquire(self) -> None:
        import fcntl

        if self._held:
            self._held += 1
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise TimeoutError(self.path) from None
                time.sleep(POLL)
            except BaseException:  # a file system without flock says so (OSError), once
                os.close(fd)
                raise
        self._fd, self._held = fd, 1

    def release(self) -> None:
        if self._held > 1:
            self._held -= 1
            return
        fd, self._fd, self._held = self._fd, None, 0
        if fd is not None:
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)


def new_lock(layout: Layout, timeout: float = LOCK_WAIT) -> Lock:
    """The data's lock, not yet taken (taking it again while held only counts up)."""
    ensure_private_dir(layout.folder)
    try:
        import fcntl  # noqa: F401  (POSIX: the lock above)
    except ImportError:
        from filelock import FileLock

        return FileLock(layout.lock_path, timeout=timeout, mode=0o600, thread_local=False)
    return FlockLock(layout.lock_path, timeout)


def take(lock: Lock, layout: Layout) -> None:
    try:
        lock.acquire()
    except TimeoutError:  # filelock's Timeout is one too
        raise DataInUseError(layout, float(lock.timeout)) from None


def acquire(layout: Layout, timeout: float = LOCK_WAIT) -> Lock:
    """Wait up to ``timeout`` seconds for the lock (for backups and restores)."""
    lock = new_lock(layout, timeout)
    take(lock, layout)
    return lock

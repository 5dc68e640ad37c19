"""One writer at a time, across processes: a lock file beside the data, held only while a
change is written (milliseconds), so the app, the command line and a second window all
write the same data in turn."""

from __future__ import annotations

from filelock import FileLock, Timeout

from .atomic import ensure_private_dir
from .layout import Layout

LOCK_WAIT = 5.0  # seconds: far longer than any save takes


class DataInUseError(Exception):
    def __init__(self, layout: Layout, waited: float) -> None:
        super().__init__(
            f"Your data ({layout.main}) has been locked for {waited:g} seconds by another "
            "Trust Tracker, far longer than a save takes: something may be stuck there. "
            "Nothing was changed; try again, or close the other Trust Tracker."
        )


def new_lock(layout: Layout, timeout: float = LOCK_WAIT) -> FileLock:
    """The data's lock, not yet taken (taking it again while held only counts up)."""
    ensure_private_dir(layout.folder)
    return FileLock(layout.lock_path, timeout=timeout, mode=0o600, thread_local=False)


def take(lock: FileLock, layout: Layout) -> None:
    try:
        lock.acquire()
    except Timeout:
        raise DataInUseError(layout, float(lock.timeout)) from None


def acquire(layout: Layout, timeout: float = LOCK_WAIT) -> FileLock:
    """Wait up to ``timeout`` seconds for the lock (for backups and restores)."""
    lock = new_lock(layout, timeout)
    take(lock, layout)
    return lock

"""One writer at a time, across processes: a lock file beside the data."""

from __future__ import annotations

from filelock import FileLock, Timeout

from .atomic import ensure_private_dir
from .layout import Layout


class DataInUseError(Exception):
    def __init__(self, layout: Layout) -> None:
        super().__init__(
            f"Your data ({layout.main}) is open in another Trust Tracker that is saving "
            "changes; close it there (or wait a moment) and try again. Nothing was changed."
        )


def acquire(layout: Layout, timeout: float) -> FileLock:
    """Wait up to ``timeout`` seconds for the lock; a CLI write is over well within that."""
    ensure_private_dir(layout.folder)
    lock = FileLock(layout.lock_path, timeout=timeout, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise DataInUseError(layout) from None
    return lock

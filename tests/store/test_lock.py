"""The data's lock on POSIX (``fcntl.flock``, tracker.store.lock.FlockLock): one holder at a
time across processes and with filelock, nested takes counted, a private lock file, and
a clear error where a file system has no flock."""

from __future__ import annotations

import errno
import fcntl
import stat
import subprocess
import sys
from pathlib import Path

import filelock
import pytest

from tracker.store.layout import Layout
from tracker.store.lock import DataInUseError, FlockLock, new_lock, take


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    return Layout(tmp_path / "data" / "tracker.json")


def test_a_second_holder_waits_then_is_told_the_data_is_in_use(layout: Layout) -> None:
    first = new_lock(layout)
    take(first, layout)
    second = new_lock(layout, timeout=0.05)
    with pytest.raises(DataInUseError, match="locked for 0.05 seconds"):
        take(second, layout)
    first.release()
    take(second, layout)  # free again
    second.release()
    assert stat.S_IMODE(Path(layout.lock_path).stat().st_mode) == 0o600


def test_nested_takes_hold_until_the_last_release(layout: Layout) -> None:
    lock, other = new_lock(layout), new_lock(layout, timeout=0.02)
    take(lock, layout)
    take(lock, layout)
    lock.release()
    with pytest.raises(DataInUseError):
        take(other, layout)
    lock.release()
    take(other, layout)
    other.release()


def test_it_excludes_filelock_and_another_process(layout: Layout) -> None:
    """An older Trust Tracker (filelock) and ours never write at once."""
    ours = new_lock(layout)
    take(ours, layout)
    with pytest.raises(filelock.Timeout):
        filelock.FileLock(layout.lock_path, timeout=0.02, thread_local=False).acquire()
    code = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR);"
            "\ntry: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError: sys.exit(3)")
    assert subprocess.run([sys.executable, "-c", code, str(layout.lock_path)], timeout=30).returncode == 3
    ours.release()
    assert subprocess.run([sys.executable, "-c", code, str(layout.lock_path)], timeout=30).returncode == 0
    held = filelock.FileLock(layout.lock_path, thread_local=False)
    held.acquire()
    with pytest.raises(DataInUseError):
        take(new_lock(layout, timeout=0.02), layout)
    held.release()


def test_a_file_system_without_flock_is_an_error_that_holds_nothing(layout: Layout,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """(The command line says it in one line: tests/store/test_io_errors.py.)"""
    def refused(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    lock = new_lock(layout)
    assert isinstance(lock, FlockLock)
    monkeypatch.setattr(fcntl, "flock", refused)
    with pytest.raises(OSError, match="No locks available"):
        take(lock, layout)
    monkeypatch.undo()
    take(lock, layout)  # nothing was left held: it works once flock does
    lock.release()

"""Writing a file whole (tracker.atomic_files): durable for data, unsynced for a cache."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tracker import atomic_files
from tracker.atomic_files import write_atomically


def test_a_write_replaces_the_file_whole_private_and_synced(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(atomic_files.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    path = tmp_path / "state" / "x.json"
    write_atomically(path, "old")
    write_atomically(path, "new ✎")
    assert path.read_text(encoding="utf-8") == "new ✎"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(synced) == 4  # the file and its folder, each time
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]


def test_a_cache_write_is_whole_but_never_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(fd: int) -> None:
        raise AssertionError("a cache is not synced")

    monkeypatch.setattr(atomic_files.os, "fsync", refused)
    path = tmp_path / "x.json"
    write_atomically(path, "cached", durable=False)
    assert path.read_text() == "cached"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.json"
    write_atomically(path, "old", durable=False)

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_files.os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        write_atomically(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]

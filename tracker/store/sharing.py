"""A daily backup that shares files with the live data, for the milliseconds of its change.

At a day's first change a backup's files changed since the newest backup are hard links
to the live ones (see :mod:`.snapshots`). Before the backup is in place a note beside the
backups says so (``.shared-NAME``, ``mark``); once the change is made, ``settle`` makes
private each file the change did not replace, then drops the note. A change cut short by
a crash leaves the note, and the next change settles the backup first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .daily import SHARED
from .snapshots import SOURCES, _copy, _linked, _write_private


def mark(backups_dir: Path, name: str, staging: Path) -> None:
    """Note, before the backup is in place, that it holds live files (a link: no new file)."""
    note = f"{backups_dir}/{SHARED}{name}"
    if not _linked(f"{staging}/{SOURCES}", note):  # (one left by a crash is replaced)
        Path(note).unlink(missing_ok=True)
        _write_private(Path(note), b"")


def settle(folder: Path, backup: Path, files: Iterable[str] | None = None,
           previous: Path | None = None) -> None:
    """Make private each file of ``backup`` still linked to the live one (of ``files``, or
    of all of them after a crash), then drop its note: a copy, or a link to the same bytes
    in ``previous``. Each name holds the file's bytes throughout."""
    if files is None:
        files = [str(p.relative_to(backup)) for p in backup.rglob("*.json")]
    for rel in files:
        try:
            held, now = os.lstat(f"{backup}/{rel}"), os.lstat(f"{folder}/{rel}")
        except FileNotFoundError:
            continue
        if (held.st_dev, held.st_ino) != (now.st_dev, now.st_ino):
            continue  # the change replaced the live file: the backup alone holds this one
        target = backup / rel
        private = target.with_name(f".{target.name}.private")  # not a .json: never data
        private.unlink(missing_ok=True)
        try:
            _copy(str(target), str(private), str(previous / rel) if previous else None)
            os.replace(private, target)
        except BaseException:
            private.unlink(missing_ok=True)
            raise
    try:
        os.unlink(f"{backup.parent}/{SHARED}{backup.name}")
    except FileNotFoundError:
        pass

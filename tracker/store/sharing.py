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

from .atomic import remove_file
from .daily import SHARED
from .snapshots import SOURCES, _copy, _linked, _write_private


def mark(backups_dir: str, name: str, staging: str) -> None:
    """Note, before the backup is in place, that it holds live files (a link: no new file)."""
    note = f"{backups_dir}/{SHARED}{name}"
    if not _linked(f"{staging}/{SOURCES}", note):  # (one left by a crash is replaced)
        remove_file(note)
        _write_private(note, b"")


def settle(folder: str, backup: str, files: Iterable[str] | None = None,
           previous: str | None = None) -> None:
    """Make private each file of ``backup`` still linked to the live one (of ``files``, or
    of all of them after a crash), then drop its note: a copy, or a link to the same bytes
    in ``previous``. Each name holds the file's bytes throughout."""
    if files is None:
        files = [os.path.relpath(f"{here}/{name}", backup) for here, _, names in os.walk(backup)
                 for name in names if name.endswith(".json")]
    for rel in files:
        try:
            held, now = os.lstat(f"{backup}/{rel}"), os.lstat(f"{folder}/{rel}")
        except FileNotFoundError:
            continue
        if (held.st_dev, held.st_ino) != (now.st_dev, now.st_ino):
            continue  # the change replaced the live file: the backup alone holds this one
        target = f"{backup}/{rel}"
        where, name = os.path.split(target)
        private = f"{where}/.{name}.private"  # not a .json: never data
        remove_file(private)
        try:
            _copy(target, private, f"{previous}/{rel}" if previous else None)
            os.replace(private, target)
        except BaseException:
            remove_file(private)
            raise
    above, name = os.path.split(backup)
    try:
        os.unlink(f"{above}/{SHARED}{name}")
    except FileNotFoundError:
        pass

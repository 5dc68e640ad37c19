"""Rotating whole-data backups beside the data, and restoring one.

One backup per calendar day of use (taken before that day's first write), the newest
seven kept; one more before every migration, import or restore, the newest seven of
those kept too. A backup is a folder holding copies of the main file and every device's
files, written privately and renamed into place whole; restoring one puts the data back
as it was for every device (a sync tool then carries it to them).

A backup costs what changed since the one before: a file whose bytes are the same as in
the newest backup is a hard link to that copy (backups are never written in place, so a
shared copy cannot change under either), and only the others are written and fsynced.
Each backup notes the identity of every file it copied (``.sources``: inode, size and
modification time; a write replaces a file whole, so a changed file never keeps all
three), so the next one links an unchanged file without reading it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .atomic import FILE_MODE, ensure_private_dir, write_atomically
from .files import read_regular_file
from .layout import HABITS_FILE, Layout, month_named
from .schema import SCHEMA_VERSION, read_habit_records, read_habits, read_month, schema_version

KEEP = 7


@dataclass(frozen=True)
class Backup:
    name: str
    path: Path

    @property
    def is_daily(self) -> bool:
        return "-before-" not in self.name

    def files(self) -> list[Path]:
        return sorted(p for p in self.path.rglob("*.json") if p.is_file())


def list_backups(layout: Layout) -> list[Backup]:
    """Every backup, newest first."""
    if not layout.backups_dir.is_dir():
        return []
    found = [Backup(p.name, p) for p in layout.backups_dir.iterdir()
             if p.is_dir() and not p.name.startswith(".")]
    return sorted(found, key=lambda b: b.name, reverse=True)


def is_good(backup: Backup, main_name: str) -> bool:
    """A backup is good when every file in it passes the same checks as live data."""
    main = backup.path / main_name
    if not main.is_file():
        return False
    try:
        data = json.loads(read_regular_file(main))
        version = schema_version(data)
        if version > SCHEMA_VERSION:
            return False
        if version < 4:
            read_habits(data)
        for path in backup.files():
            month = month_named(path)
            if path != main and path.name == HABITS_FILE:
                read_habit_records(json.loads(read_regular_file(path)))
            elif path != main and month is not None:
                read_month(json.loads(read_regular_file(path)), month, stamped=version >= 4)
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):  # SchemaError is a ValueError
        return False
    return True


def newest_good(layout: Layout) -> Backup | None:
    return next((b for b in list_backups(layout) if is_good(b, layout.main.name)), None)


def take_backup(layout: Layout, reason: str | None = None, *, now: dt.datetime | None = None) -> Backup | None:
    """Copy the data as it is on disk now (damaged or not: bytes are copied, not parsed)."""
    files = layout.data_files()
    if not files:
        return None
    now = now or dt.datetime.now()
    name = f"{now:%Y-%m-%d}" if reason is None else f"{now:%Y-%m-%d-%H%M%S}-before-{reason}"
    final = layout.backups_dir / name
    if final.exists() and reason is None:
        return Backup(name, final)  # today's daily backup is already taken
    copies = 1
    while final.exists():  # two in one second (two imports): each keeps its own "before"
        copies += 1
        final = layout.backups_dir / f"{name}-{copies}"
    name = final.name
    ensure_private_dir(layout.backups_dir)
    previous = next(iter(list_backups(layout)), None)
    known = _sources(previous)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=layout.backups_dir))
    try:
        sources: dict[str, list[int]] = {}
        for source in files:
            relative = source.relative_to(layout.folder)
            before = previous.path / relative if previous else None
            sources[str(relative)] = _keep(source, staging / relative, before,
                                           known.get(str(relative)))
        _write_private(staging / SOURCES, json.dumps(sources).encode(), durable=False)
        os.replace(staging, final)  # the copies' bytes are on disk; the names follow
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    prune(layout)
    return Backup(name, final)


def remove_stale_staging(layout: Layout) -> None:
    """Half-made backups a killed process left (``.incoming-*``). Only with the lock held:
    every backup is staged under it, so none of these is still being made."""
    if layout.backups_dir.is_dir():
        for leftover in layout.backups_dir.glob(".incoming-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def ensure_daily_backup(layout: Layout, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if not (layout.backups_dir / f"{today:%Y-%m-%d}").exists():
        take_backup(layout, now=dt.datetime.combine(today, dt.time()))


SOURCES = ".sources"  # not a .json: never taken for one of the data's files


def _sources(backup: Backup | None) -> dict[str, list[int]]:
    """The identities of the files ``backup`` copied, by path (empty if not noted)."""
    if backup is None:
        return {}
    try:
        found = json.loads(read_regular_file(backup.path / SOURCES, 1 << 20))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _keep(source: Path, target: Path, before: Path | None, was: object) -> list[int]:
    """``source`` into a backup: a link to the previous backup's copy when the file is
    the one that backup copied, or its bytes are the same (nothing to write or fsync),
    else a private copy written through to disk. Returns the identity it copied."""
    ensure_private_dir(target.parent)
    found = source.stat()
    identity = [found.st_ino, found.st_size, found.st_mtime_ns]
    if before is not None and was == identity and _linked(before, target):
        return identity
    data = source.read_bytes()
    if before is not None and _same(before, data) and _linked(before, target):
        return identity
    _write_private(target, data)
    return identity


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _linked(before: Path, target: Path) -> bool:
    try:
        os.link(before, target)
        return True
    except OSError:  # gone, or a file system without hard links: copied instead
        return False


def _write_private(target: Path, data: bytes, *, durable: bool = True) -> None:
    """``data`` in a new private file; fsynced unless it is only a hint (``.sources``:
    without it the next backup compares bytes instead)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())


def prune(layout: Layout) -> None:
    backups = list_backups(layout)
    for group in ([b for b in backups if b.is_daily], [b for b in backups if not b.is_daily]):
        for old in group[KEEP:]:
            shutil.rmtree(old.path, ignore_errors=True)


def restore(layout: Layout, backup: Backup) -> Backup | None:
    """Put ``backup`` in place of the current data, after backing the current data up.

    Many files change, so the restore is written down first (``unfinished``): one cut
    short by a crash is finished by the next Trust Tracker to open the data."""
    safety = take_backup(layout, "restore")
    begin(layout, "restore", backup.name)
    safety = put_in_place(layout, backup, safety)
    end(layout)
    return safety


def put_in_place(layout: Layout, backup: Backup, safety: Backup | None) -> Backup | None:
    """The files of ``backup`` in place of the data's (again, harmlessly, after a crash)."""
    in_the_way = [layout.folder / p.relative_to(backup.path) for p in backup.files()]
    for path in [p for p in in_the_way if p.is_dir()]:
        # A folder where a file belongs is moved into the safety backup, never deleted.
        if safety is None:
            safety = Backup(f"{dt.datetime.now():%Y-%m-%d-%H%M%S}-before-restore", layout.backups_dir)
            safety = Backup(safety.name, safety.path / safety.name)
        target = safety.path / path.relative_to(layout.folder)
        ensure_private_dir(target.parent)
        os.replace(path, target)
    restored = {layout.folder / p.relative_to(backup.path) for p in backup.files()}
    for source in backup.files():
        target = layout.folder / source.relative_to(backup.path)
        if target != layout.main:
            ensure_private_dir(target.parent)
            write_atomically(target, source.read_text(encoding="utf-8"))
    for stray in layout.data_files():
        if stray not in restored and stray != layout.main:
            stray.unlink()
    write_atomically(layout.main, (backup.path / layout.main.name).read_text(encoding="utf-8"))
    layout.undo_path.unlink(missing_ok=True)  # its steps undo changes to data now replaced
    return safety


# -- changes of many files, written down before they start -----------------------------
def begin(layout: Layout, kind: str, backup: str) -> None:
    """Note an import or a merge (undone by ``backup`` if cut short) or a restore (of
    ``backup``)."""
    write_atomically(layout.unfinished_path, json.dumps({"kind": kind, "backup": backup}))


def end(layout: Layout) -> None:
    layout.unfinished_path.unlink(missing_ok=True)


def unfinished(layout: Layout) -> dict[str, str] | None:
    try:
        note = json.loads(read_regular_file(layout.unfinished_path, 4096))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"kind": "unreadable", "backup": ""}
    return note if isinstance(note, dict) else {"kind": "unreadable", "backup": ""}


def finish_unfinished(layout: Layout) -> str | None:
    """With the lock held: complete a restore, or undo an import, that a crash cut short;
    what was done, to say."""
    note = unfinished(layout)
    if note is None:
        return None
    what = {"import": "An import", "merge": "A merge"}.get(str(note.get("kind")))
    if what and not note.get("backup"):  # into empty data
        for path in layout.data_files():
            path.unlink(missing_ok=True)
        end(layout)
        return f"{what} was cut short; your data is as it was before it (empty)."
    found = {b.name: b for b in list_backups(layout)}.get(str(note.get("backup")))
    if found is None or not is_good(found, layout.main.name):
        end(layout)  # nothing to finish it with: the data is left as it is, and checked
        return None
    put_in_place(layout, found, None)
    end(layout)
    if what:
        return f"{what} was cut short; your data is as it was before it."
    return f"A restore of backup {found.name!r} was cut short; it is finished now."

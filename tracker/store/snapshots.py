"""Making a backup's folder: its files as private copies, shared with other backups.

A backup holds its own inodes, not the live files' (a person or a tool may edit a live
file in place, and the backup is what puts it right), but for the milliseconds of the
change it is taken for (see below). A file unchanged since the newest backup is a hard
link to that backup's copy (``.sources`` notes the identity of each file a backup holds:
inode, size and modification time; a write replaces a file whole, so a changed file never
keeps all three), so only a changed file needs a copy. Copies are shared between backups
and never written in place.

What a day's first change would pay, and does not:

- a full set (seven of a kind) does not lose its oldest beside the new one: the oldest is
  made into the new one (``stage``), keeping its copies still right and swapping only the
  others, so the backup costs what changed in a week, not linking all the data anew and
  deleting as much; what it no longer holds is put out of sight (a rename) and deleted
  once the change is made (``discard``);
- a file changed since the newest backup is not copied at once (a write and an fsync):
  with ``shared`` it is a hard link to the live file, whose bytes are already on disk and
  which nothing of ours writes in place, and the change that follows usually replaces it
  (a tick rewrites the month ticked the day before), leaving the backup the only holder of
  the old file. ``settle`` then makes private whatever the change did not replace. Until
  then a note beside the backups says so (``.shared-NAME``): a change cut short by a crash
  is settled at the next change.

A file is copied wherever a link cannot be made (another file system, a link-count limit,
a file system without links) or must not be (a file not private or not ours, a symbolic
link); a copy is written privately and fsynced before the backup is renamed into place.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from .atomic import DIR_MODE, FILE_MODE
from .files import read_regular_file
from .layout import Layout, _named

SOURCES = ".sources"  # not a .json: never taken for one of the data's files
SHARED = ".shared-"  # beside the backups: NAME may still hold live files, to be made private
STAGING = ".incoming-"  # a backup being made; a killed process's is removed under the lock
PRUNED = ".pruned"  # what a reused backup no longer holds, out of sight until deleted
_BY_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
_REGULAR_PRIVATE = stat.S_IFREG | FILE_MODE


class Live(NamedTuple):
    """One of the data's files as it is now: where, its identity, whether it may be linked."""

    path: str
    identity: list[int]  # inode, size, modification time (ns), as ``.sources`` notes them
    linkable: bool  # a regular file, private and ours (not a symbolic link: its target is copied)


def live_files(layout: Layout) -> dict[str, Live]:
    """The files a backup holds (those of ``Layout.data_files``), by their path from the
    data folder. One ``lstat`` each, by name in its open folder: this is most of what the
    day's first change pays for its backup."""
    folder = str(layout.folder)
    owner = os.geteuid() if hasattr(os, "geteuid") else -1
    found: dict[str, Live] = {}
    _add(found, f"{folder}/", "", [layout.main.name], owner, None)
    if layout.legacy_months_dir.is_dir():
        legacy = [str(p.relative_to(layout.folder)) for p in layout.legacy_month_files().values()]
        _add(found, f"{folder}/", "", legacy, owner, None)
    devices = layout.devices_dir.name
    for device in layout.devices():
        where = f"{folder}/{devices}/{device}/"
        fd = os.open(where, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if _BY_FD else None
        try:
            names = [n for n in os.listdir(where if fd is None else fd) if _is_record(n)]
            _add(found, where, f"{devices}/{device}/", names, owner, fd)
        finally:
            if fd is not None:
                os.close(fd)
    return found


def _add(found: dict[str, Live], where: str, here: str, names: list[str], owner: int,
         fd: int | None) -> None:
    seen: list[os.stat_result | None]
    try:  # (the usual case, in one go)
        seen = ([os.lstat(where + n) for n in names] if fd is None
                else [os.lstat(n, dir_fd=fd) for n in names])
    except OSError:  # one gone meanwhile: each on its own
        seen = [_lstat(where + n) for n in names]
    new = tuple.__new__
    for name, file in zip(names, seen):
        if file is None:
            continue
        linkable = file.st_mode & 0o177777 == _REGULAR_PRIVATE and file.st_uid == owner
        if not linkable and stat.S_ISLNK(file.st_mode):
            file = _lstat(where + name, follow=True)
        if file is not None and (linkable or stat.S_ISREG(file.st_mode)):
            found[here + name] = new(Live, (where + name, [file.st_ino, file.st_size,
                                                           file.st_mtime_ns], linkable))


def _lstat(path: str, *, follow: bool = False) -> os.stat_result | None:
    """None for a file gone, or a link to nothing: not a file (as ``Path.is_file``)."""
    try:
        return os.stat(path, follow_symlinks=follow)
    except OSError:
        return None


_RECORD_NAMES: dict[str, bool] = {}  # by file name: whether a device folder's file is data


def _is_record(name: str) -> bool:
    known = _RECORD_NAMES.get(name)
    if known is None:
        if len(_RECORD_NAMES) > 10_000:
            _RECORD_NAMES.clear()
        known = _RECORD_NAMES[name] = _named("", name) is not None
    return known


def stage(backups_dir: Path, spare: Path | None) -> Path:
    """A private folder to make the backup in: new, or ``spare`` (a backup that would be
    pruned once the new one is in place) moved there, to be refitted by ``fill``."""
    if spare is None:
        import tempfile  # (loaded only for the few changes that take a backup)

        return Path(tempfile.mkdtemp(prefix=STAGING, dir=backups_dir))
    while True:  # (a name of our own: every backup is staged under the lock)
        staging = backups_dir / f"{STAGING}{os.urandom(6).hex()}"
        if not os.path.lexists(staging):
            os.rename(spare, staging)
            return staging


class Filled(NamedTuple):
    linked: list[str]  # files that are links to the live ones (with ``shared``)
    stale: list[str]  # what a reused backup no longer holds, to ``discard``


def fill(staging: Path, live: dict[str, Live], newest: Path | None, *, shared: bool) -> Filled:
    """Make ``staging`` hold exactly the ``live`` files: each a link to the newest backup's
    copy when that is the same file, else (with ``shared``) to the live file, else a copy."""
    root = str(staging)
    folders: set[str] = set()  # every folder a file of the data is in
    for rel in live:
        while "/" in rel and (rel := rel.rsplit("/", 1)[0]) not in folders:
            folders.add(rel)
    made: set[str] = set()
    kept: set[str] = set()
    stale: list[str] = []
    _refit(root, "", live, folders, (made, kept, stale), _sources(staging))
    known = _sources(newest)
    linked: list[str] = []
    for rel, file in live.items():
        if rel in kept:
            continue
        target = f"{root}/{rel}"
        if "/" in rel:
            _make_folders(root, rel, made)
        before = f"{newest}/{rel}" if newest is not None else None
        if before is not None and known.get(rel) == file.identity and _linked(before, target):
            continue  # unchanged since the newest backup: its copy
        if shared and file.linkable and _linked(file.path, target):
            linked.append(rel)
            continue
        _copy(file.path, target, before)
    sources = json.dumps({rel: file.identity for rel, file in live.items()}).encode()
    if not (SOURCES in kept and _written_over(f"{root}/{SOURCES}", sources)):  # (its own)
        Path(root, SOURCES).unlink(missing_ok=True)
        _write_private(Path(root, SOURCES), sources)
    return Filled(linked, stale)


def _refit(root: str, here: str, live: dict[str, Live], folders: set[str],
           into: tuple[set[str], set[str], list[str]], known: dict[str, list[int]]) -> None:
    """In a reused backup: keep each copy still right (of the file as it is now, and not
    that file itself) and its ``.sources`` to write over; put the rest out of sight."""
    made, kept, stale = into
    where = f"{root}/{here}" if here else root
    with os.scandir(where) as listing:
        entries = list(listing)
    prefix = f"{here}/" if here else ""
    for entry in entries:
        rel = prefix + entry.name
        file = live.get(rel)
        if file is not None:
            if (known.get(rel) == file.identity and entry.inode() != file.identity[0]
                    and entry.is_file(follow_symlinks=False)):
                kept.add(rel)
                continue
        elif rel in folders and entry.is_dir(follow_symlinks=False):
            made.add(rel)
            _refit(root, rel, live, folders, into, known)
            continue
        elif (rel == SOURCES and entry.is_file(follow_symlinks=False)
              and entry.stat(follow_symlinks=False).st_nlink == 1):
            kept.add(rel)
            continue
        if entry.is_dir(follow_symlinks=False):  # (a device's folder gone from the data)
            import shutil

            shutil.rmtree(entry.path)  # now: a hidden folder would still be searched for data
            continue
        hidden = f"{where}/.{len(stale)}{PRUNED}"  # a rename now, the deleting later
        try:
            os.replace(entry.path, hidden)
            stale.append(hidden)
        except OSError:  # (not to be put out of sight: deleted now)
            os.unlink(entry.path)


def discard(stale: list[str]) -> None:
    """Delete what ``fill`` put out of sight, after the change (so a failure to delete
    costs nothing but space: what is left is deleted when the backup is reused)."""
    for path in stale:
        _remove(path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def mark(backups_dir: Path, name: str, staging: Path) -> None:
    """Note, before the backup is in place, that it holds live files (a link: no new file)."""
    note = f"{backups_dir}/{SHARED}{name}"
    if not _linked(f"{staging}/{SOURCES}", note):  # (one left by a crash is replaced)
        Path(note).unlink(missing_ok=True)
        _write_private(Path(note), b"")


def is_marked(backups_dir: Path, name: str) -> bool:
    return os.path.lexists(backups_dir / f"{SHARED}{name}")


def settle(folder: Path, backup: Path, files: Iterable[str] | None = None,
           previous: Path | None = None) -> None:
    """Make private each file of ``backup`` still linked to the live one (of ``files``, or
    of all of them after a crash), then drop its note: a copy, or a link to the same bytes
    in ``previous``. Each name holds the file's bytes throughout."""
    if files is None:
        files = [str(p.relative_to(backup)) for p in backup.rglob("*.json")]
    for rel in files:
        target = backup / rel
        try:
            held, now = os.lstat(target), os.lstat(folder / rel)
        except FileNotFoundError:
            continue
        if (held.st_dev, held.st_ino) != (now.st_dev, now.st_ino):
            continue  # the change replaced the live file: the backup alone holds this one
        private = target.with_name(f".{target.name}.private")  # not a .json: never data
        private.unlink(missing_ok=True)
        try:
            _copy(str(target), str(private), str(previous / rel) if previous else None)
            os.replace(private, target)
        except BaseException:
            private.unlink(missing_ok=True)
            raise
    (backup.parent / f"{SHARED}{backup.name}").unlink(missing_ok=True)


def _make_folders(root: str, rel: str, made: set[str]) -> None:
    parts = rel.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        if folder not in made:
            os.mkdir(f"{root}/{folder}", DIR_MODE)
            os.chmod(f"{root}/{folder}", DIR_MODE)  # mkdir's mode is cut by the umask
            made.add(folder)


def _copy(source: str, target: str, before: str | None) -> None:
    """``source``'s bytes at ``target``: a link to ``before`` when it holds the same bytes
    (nothing to write), else a private copy written through to disk."""
    data = read_regular_file(Path(source))
    if before is not None and _same(before, data) and _linked(before, target):
        return
    _write_private(Path(target), data, durable=True)


def _sources(backup: Path | None) -> dict[str, list[int]]:
    """The identities of the files ``backup`` holds, by path (empty if not noted, or if
    the note is not a regular file of at most a megabyte that reads as one)."""
    if backup is None:
        return {}
    try:
        fd = os.open(f"{backup}/{SOURCES}", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return {}
    try:
        seen = os.fstat(fd)
        if not stat.S_ISREG(seen.st_mode) or seen.st_size > 1 << 20:
            return {}
        found = json.loads(os.read(fd, seen.st_size + 1))
    except (OSError, ValueError):
        return {}
    finally:
        os.close(fd)
    return found if isinstance(found, dict) else {}


def _same(path: str, data: bytes) -> bool:
    try:
        return os.stat(path).st_size == len(data) and read_regular_file(Path(path)) == data
    except OSError:
        return False


def _linked(source: str, target: str) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:  # another file system, too many links, no links here, gone: copied
        return False


def _written_over(path: str, data: bytes) -> bool:
    """``data`` over a file's old bytes, then cut to length: no blocks freed and taken
    anew. Torn by a crash, the note does not read, and the next backup copies instead."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            done = 0
            while done < len(data):
                done += os.pwrite(fd, data[done:], done)
            os.ftruncate(fd, len(data))
        finally:
            os.close(fd)
    except OSError:
        return False
    return True


def _write_private(target: Path, data: bytes, *, durable: bool = False) -> None:
    """``data`` in a new private file; fsynced when it is a copy of the data (``.sources``
    is only a hint: without it, or torn by a crash, the next backup compares bytes)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())

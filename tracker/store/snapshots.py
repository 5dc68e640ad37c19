"""Making a backup's folder: its files as private copies, shared with other backups.

A backup holds its own inodes, not the live files' (a person or a tool may edit a live
file in place, and the backup is what puts it right), but for the milliseconds of the
change it is taken for (see below). A file unchanged since the newest backup is a hard
link to that backup's copy (``.sources`` notes the identity of each file a backup holds:
inode, size and modification time; a write replaces a file whole, so a changed file never
keeps all three), so only a changed file needs a copy. Copies are shared between backups
and never written in place.

What a day's first change would pay, and does not:

- a new folder of links, one for every file of the data (a link is a write to the file
  system: most of the cost, at a few hundred files): the daily backups are a ring of seven
  folders, and the new one is the oldest of them made into it (``stage``, then ``fill``
  keeps its copies still right and swaps only the others), so the backup costs what
  changed since that folder was last made, not the data. Until seven daily backups exist
  the ring's other folders wait as spares (``.spare-*``, hidden): twins of the first
  backup, made once, after its change (``twin``). What a reused folder no longer holds is
  put out of sight (a rename) and deleted once the change is made (``daily.discard``);
- a file changed since the newest backup is not copied at once (a write and an fsync):
  with ``shared`` it is a hard link to the live file, whose bytes are already on disk and
  which nothing of ours writes in place, and the change that follows usually replaces it
  (a tick rewrites the month ticked the day before), leaving the backup the only holder of
  the old file. It is then made private if the change did not replace it; until then a
  note beside the backups says so (see :mod:`.sharing`);
- an ``lstat`` of every live file, to tell which changed: a process that has looked once
  knows them (see :mod:`.livefiles`);
- encoding ``.sources``: it is joined from each file's entry, noted when it was looked at.

- comparing the reused folder with the data file by file: each device's folder is
  compared as a whole with the live one (see :mod:`.notes`), and is not even listed when
  this process made it and no name in it changed since;
- deleting what the reused folder no longer holds (freeing a file's blocks is the dearest
  file call of all): that waits for the end of the next change (``daily.discard``).

What it still pays, besides what changed: a listing of the reused folder's own names, and
its ``.sources`` written over.

A file is copied wherever a link cannot be made (another file system, a link-count limit,
a file system without links) or must not be (a file not private or not ours, a symbolic
link); a copy is written privately and fsynced before the backup is renamed into place.
"""

from __future__ import annotations

import os

from ..structs import struct
from .atomic import DIR_MODE, FILE_MODE, remove_file
from .daily import STAGING
from .files import read_regular_file
from .livefiles import LiveSet
from .notes import Noted, holds, read_note, remember
from .notes import made as made_as

SOURCES = ".sources"  # not a .json: never taken for one of the data's files
PRUNED = ".pruned"  # what a reused backup no longer holds, out of sight until deleted
SPARE = ".spare-"  # a folder of the daily ring not yet a backup (a twin of one), to refit


def stage(backups_dir: str, spare: str | None) -> str:
    """A private folder to make the backup in: new, or ``spare`` (the ring's folder to be
    made into the new backup) moved there, to be refitted by ``fill``."""
    if spare is None:
        import tempfile  # (loaded only for the few changes that take a backup)

        return tempfile.mkdtemp(prefix=STAGING, dir=backups_dir)
    while True:  # (a name of our own: every backup is staged under the lock)
        staging = f"{backups_dir}/{STAGING}{os.urandom(6).hex()}"
        if not os.path.lexists(staging):
            os.rename(spare, staging)
            return staging


@struct(frozen=True)
class Filled:
    """What ``fill`` left to do once the change is made, by path from the backup's folder."""

    linked: list[str]  # files that are links to the live ones (with ``shared``)
    stale: list[str]  # what a reused backup no longer holds, to ``daily.discard``


def fill(staging: str, live: LiveSet, newest: str | None, *, shared: bool) -> Filled:
    """Make ``staging`` hold exactly the ``live`` files: each the copy it holds already
    when that is still right, else a link to the newest backup's copy when that is the
    same file, else (with ``shared``) to the live file, else a copy."""
    root = staging
    made, kept, stale, todo = _refit(root, live, read_note(f"{root}/{SOURCES}"))
    known = read_note(f"{newest}/{SOURCES}") if newest is not None else Noted()
    linked: list[str] = []
    for rel in todo:
        file = live.file(rel)
        assert file is not None  # (every one is a live file)
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
    sources = f"{{{live.noted}}}".encode()
    if not (SOURCES in kept and _written_over(f"{root}/{SOURCES}", sources)):  # (its own)
        remove_file(f"{root}/{SOURCES}")
        _write_private(f"{root}/{SOURCES}", sources)
    remember(f"{root}/{SOURCES}", Noted(live.folders))
    untidy = {rel.rpartition("/")[0] + "/" for rel in stale}  # (until ``daily.discard``)
    for here, names in live.folders.items():
        if here and here not in untidy:
            made_as(f"{root}/{here}", names)
    return Filled(linked, stale)


def _refit(root: str, live: LiveSet, held: Noted) -> tuple[set[str], set[str], list[str], list[str]]:
    """In a reused folder (``held``: its ``.sources``): the folders it has; the copies
    kept, each still right (of the file as it is now, and not that file itself), and its
    ``.sources`` to write over; what else it held, put out of sight; and the files it
    lacks, to put there. In a new one, every file is lacking.

    A device's folder holds files only, and is read as names (most of what this costs):
    a copy there is never the live file itself, as a folder that shared live files is
    settled before it is reused (see :mod:`.sharing`). When its names are those its note
    holds, it is compared with the live folder as whole sets."""
    folders = {here[:-1] for here in live.folders if here}  # every folder a file is in
    within = {folder.rpartition("/")[0] for folder in folders} - {""}  # and their own
    folders |= within
    made: set[str] = set()
    kept: set[str] = set()
    stale: list[str] = []
    lacking: dict[str, set[str]] = {}  # a device's folder compared whole: the names it lacks
    todo = [""]
    while todo:
        here = todo.pop()
        prefix = f"{here}/" if here else ""
        where = f"{root}/{here}" if here else root
        if here in folders and here not in within:  # (a device's folder)
            mine = live.folders.get(prefix, {})
            noted = held.folders.get(prefix)
            trusted = noted is not None and holds(where, noted)  # (as this process made it)
            names = [] if trusted else os.listdir(where)
            if noted is not None and (trusted or noted.keys() == set(names)):
                lacking[prefix] = set()
                if noted is not mine and noted != mine:  # (most days most folders hold what
                    # they held: nothing to do)
                    for name, identity in noted.items():
                        if mine.get(name) != identity:  # not (or no longer) a live file's
                            _hide(root, prefix + name, stale)
                    lacking[prefix] = {name for name, identity in mine.items()
                                       if noted.get(name) != identity}
                continue
            for name in names:
                if noted is not None and name in mine and noted.get(name) == mine[name]:
                    kept.add(prefix + name)
                else:
                    _hide(root, prefix + name, stale)
            continue
        with os.scandir(where) as listing:
            entries = [(e.name, e.is_file(follow_symlinks=False), e.is_dir(follow_symlinks=False),
                        e.inode(), e.path) for e in listing]
        for name, is_file, is_dir, inode, path in entries:
            rel = prefix + name
            file = live.file(rel)
            if is_file:
                if file is not None and held.get(rel) == file.identity and inode != file.identity[0]:
                    kept.add(rel)
                    continue
                if rel == SOURCES and os.lstat(path).st_nlink == 1:  # (not the note's too)
                    kept.add(rel)
                    continue
            elif is_dir:
                if file is None and rel in folders:
                    made.add(rel)
                    todo.append(rel)
                else:  # (a device's folder gone from the data) now: a hidden folder
                    import shutil  # would still be searched for data

                    shutil.rmtree(path)
                continue
            _hide(root, rel, stale)
    wanted: list[str] = []
    for here, files in live.folders.items():
        gone = lacking.get(here)
        if gone is not None:
            wanted += [here + name for name in gone]
        else:
            wanted += [here + name for name in files if here + name not in kept]
    return made, kept, stale, wanted


def _hide(root: str, rel: str, stale: list[str]) -> None:
    """Put a reused folder's ``rel`` out of sight: a rename now, the deleting later."""
    hidden = f"{rel.rpartition('/')[0]}/.{len(stale)}{PRUNED}".lstrip("/")
    try:
        os.replace(f"{root}/{rel}", f"{root}/{hidden}")
        stale.append(hidden)
    except OSError:  # (not to be put out of sight: deleted now)
        try:
            os.unlink(f"{root}/{rel}")
        except IsADirectoryError:
            import shutil

            shutil.rmtree(f"{root}/{rel}")


def twin(backups_dir: str, backup: str, folders: list[str]) -> None:
    """A spare of the daily ring: a hidden folder of links to every file ``backup`` holds,
    with its own copy of ``.sources`` (reusing it writes that over), and the ``folders``
    of the data it lacks (a device's first, made by the change after it) made empty, for
    ``fill`` to make into a later backup. Made privately and renamed into place whole."""
    staging = stage(backups_dir, None)
    try:
        start = len(backup)
        made: set[str] = set()
        linked: dict[str, set[str]] = {}  # by folder (as in a note), the names linked
        for folder, subfolders, names in os.walk(backup):
            here = folder[start + 1:]
            for sub in subfolders:
                _make_folders(staging, f"{here}/{sub}/" if here else f"{sub}/", made)
            for name in names:
                if not name.startswith("."):  # not its .sources, nor a copy left to discard
                    os.link(f"{folder}/{name}", f"{staging}/{here}/{name}" if here
                            else f"{staging}/{name}")
                    linked.setdefault(f"{here}/" if here else "", set()).add(name)
        for folder in folders:
            _make_folders(staging, f"{folder}/", made)
        known = read_note(f"{backup}/{SOURCES}")
        if known:
            _write_private(f"{staging}/{SOURCES}", known.as_json().encode())
            remember(f"{staging}/{SOURCES}", known)
            for here, held in known.folders.items():
                if here and here[:-1] in made and held.keys() == linked.get(here, set()):
                    made_as(f"{staging}/{here}", held)
        while True:
            spare = f"{backups_dir}/{SPARE}{os.urandom(6).hex()}"
            if not os.path.lexists(spare):
                os.rename(staging, spare)
                return
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise


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
    data = read_regular_file(source)
    if before is not None and _same(before, data) and _linked(before, target):
        return
    _write_private(target, data, durable=True)


def _same(path: str, data: bytes) -> bool:
    try:
        return os.stat(path).st_size == len(data) and read_regular_file(path) == data
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


def _write_private(target: str, data: bytes, *, durable: bool = False) -> None:
    """``data`` in a new private file; fsynced when it is a copy of the data (``.sources``
    is only a hint: without it, or torn by a crash, the next backup compares bytes)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())

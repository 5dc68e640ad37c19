"""The data's files as a backup sees them, and what this process knows of them unlooked.

A backup notes each live file's identity: inode, size and modification time (see
:mod:`.snapshots`). Finding them takes an ``lstat`` of every file (``look``), most of what
a day's first change would pay for its backup at a few hundred files. So a process keeps
what it found (``live_files`` looks only where it must) and keeps it true without looking:

- its own changes: the files each one wrote are looked at once it is made (``wrote``);
- anyone else's: a folder's signature (its inode, modification and change times) moves
  whenever a name in it is made, removed or renamed, by anyone: another Trust Tracker, a
  sync tool bringing another device's change, a restore. Each is checked when a change
  begins (``check``), and a folder whose signature moved is looked at again;
- a file written over in place keeps its folder's signature: the store's own look at the
  files it read, each change, drops all this when it finds one changed (``forget``); one
  it never read, changed so while this process runs, is seen at the next process's look.

A signature taken within a second of its folder's last change, or in whole seconds (a
file system of coarse times), is not trusted: a name made within the same tick of the
file system's clock would not move it (a sync tool bringing files often brings several).
That folder is looked at again next time. After the process's own change its folders'
new signatures are taken as they are: what else happened to them during that change (a
few milliseconds, under the lock) is not seen until the next look.

What is known is kept folder by folder (each file's identity by its name), so a backup
compares a folder with what an older backup holds as whole sets, not file by file, and
the note of what it holds (``.sources``) is joined once for every backup until a file
changes.
"""

from __future__ import annotations

import json
import os
import stat
from typing import NamedTuple

from ..structs import struct
from .atomic import FILE_MODE
from .layout import Layout, Signature, is_record_name, month_named, signature, trusted

_BY_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
_REGULAR_PRIVATE = stat.S_IFREG | FILE_MODE
Identity = tuple[int, int, int]  # a file's inode, size and modification time (ns), as noted
Folders = dict[str, dict[str, Identity]]  # each folder's files (by path from the data folder,
# "" for the data folder's own, else ending in "/"): each file's identity by its name


# One of the data's files as it is now: where; its identity (inode, size, modification time
# in ns, as ``.sources`` notes them); whether it may be linked (a regular file, private and
# ours: not a symbolic link, whose target is copied); its entry in ``.sources``, as JSON (a
# backup joins them: no encoding each day). Declared by call: the class form, its
# annotations being text here, has ``typing`` compile each of them on every command.
Live = NamedTuple("Live", [("path", str), ("identity", Identity), ("linkable", bool), ("noted", str)])


@struct(frozen=True)
class LiveSet:
    """Every file of the data as a backup takes it: by its path from the data folder (the
    main file apart: ``file``); folder by folder (what the new backup holds: each folder's
    files by name, never changed once handed out); and the ``.sources`` entries of them
    all, joined. Valid while the backup is made (under the lock)."""

    files: dict[str, Live]  # but the main file
    main: Live | None
    folders: Folders
    noted: str

    def file(self, rel: str) -> Live | None:
        found = self.files.get(rel)
        if found is None and self.main is not None and rel == os.path.basename(self.main.path):
            return self.main
        return found

    def __bool__(self) -> bool:
        return bool(self.files) or self.main is not None


class _Known:
    """What a process knows of one data's files. Each folder's files are a mapping never
    changed once made (a change makes a new one): an older backup's note holding the same
    one holds the same files, and a folder's note entries, joined, are kept with it."""

    __slots__ = ("files", "by_folder", "folders", "texts")

    def __init__(self) -> None:
        self.files: dict[str, Live] = {}  # every file of the data, by its path from the data folder
        self.by_folder: Folders = {}  # the same, folder by folder
        self.folders: dict[str, Signature | None] = {}  # each folder but the data folder's
        # own, by path, as last seen (None: not trusted, to look at again)
        self.texts: dict[str, str] = {}  # each folder's ``.sources`` entries, joined

    def replace(self, here: str, names: dict[str, Identity]) -> None:
        """``here``'s files are now ``names`` (their ``files`` entries already made)."""
        self.by_folder[here] = names
        self.texts.pop(here, None)

    def text(self, here: str) -> str:
        found = self.texts.get(here)
        if found is None:
            found = self.texts[here] = ", ".join(self.files[here + name].noted
                                                 for name in self.by_folder[here])
        return found


_KNOWN: dict[str, _Known] = {}  # by data folder: a few (a test run opens many)


def live_files(layout: Layout, *, checked: bool = False) -> LiveSet:
    """The files a backup holds (those of ``Layout.data_files``), by their path from the
    data folder: the main file looked at, the rest as known, each folder whose signature
    moved looked at again (every file, the first time). ``checked``: ``check`` has just
    taken every folder's signature, as this change began (none is taken again)."""
    root = str(layout.folder)
    known = _KNOWN.get(root)
    devices = str(layout.devices_dir)
    if known is None or known.folders.get(devices) is None or (
            not checked and signature(devices) != known.folders[devices]):
        known = _look(layout)
    else:
        for folder, seen in list(known.folders.items()):
            if folder != devices and (seen is None or (not checked and signature(folder) != seen)):
                _look_in(layout, known, folder)
    folders = {here: names for here, names in known.by_folder.items() if names and here}
    texts = [known.text(here) for here in folders]
    top: Folders = {"": {}}
    found: dict[str, Live] = {}
    _add(found, top[""], f"{root}/", "", [layout.main_name], None)
    main = found.get(layout.main_name)
    if main is not None:
        folders = {"": top[""], **folders}
        texts.insert(0, main.noted)
    return LiveSet(known.files, main, folders, ", ".join(texts))


def check(layout: Layout) -> None:
    """When a change begins (under the lock): each folder whose signature moved since it
    was seen is looked at again at the next backup."""
    known = _KNOWN.get(str(layout.folder))
    if known is not None:
        for folder, seen in known.folders.items():
            if seen is not None and signature(folder) != seen:
                known.folders[folder] = None


def wrote(layout: Layout, paths: list[str]) -> None:
    """Once a change is made (under the lock): the data's files it wrote, looked at, and
    the new signatures of their folders (their only change since ``check``)."""
    known = _KNOWN.get(str(layout.folder))
    if known is None:
        return
    devices = str(layout.devices_dir)
    try:
        for path in paths:
            folder, _, name = str(path).rpartition("/")
            if folder.rpartition("/")[0] != devices or not is_record_name(name):
                continue  # not a device's file: the main file (looked at by every backup), the undo log
            if folder not in known.folders:  # this device's first file: a new folder
                if known.folders[devices] is None:
                    continue
                known.folders[devices] = signature(devices)
                known.folders[folder] = signature(folder)
            here = _here(layout, folder)[0]
            names = dict(known.by_folder.get(here, {}))
            names.pop(name, None)
            known.files.pop(here + name, None)
            _add(known.files, names, f"{folder}/", here, [name], None)
            known.replace(here, names)
            if known.folders[folder] is not None:
                known.folders[folder] = signature(folder)
    except Exception:  # (never the change's failure, once it is made: all is looked at anew)
        forget(layout)


def forget(layout: Layout) -> None:
    """Drop what is known: the next backup looks at every file (another's change seen)."""
    _KNOWN.pop(str(layout.folder), None)


def _look(layout: Layout) -> _Known:
    """Every file of the data, and each folder's signature, taken before it is listed."""
    root = str(layout.folder)
    known = _Known()
    devices = str(layout.devices_dir)
    known.folders[devices] = trusted(signature(devices))
    if os.path.isdir(layout.legacy_months_dir):  # (versions 2 and 3)
        _look_in(layout, known, str(layout.legacy_months_dir))
    for device in layout.devices():
        _look_in(layout, known, f"{devices}/{device}")
    _KNOWN.pop(root, None)
    if len(_KNOWN) >= 4:
        del _KNOWN[next(iter(_KNOWN))]
    _KNOWN[root] = known
    return known


def _here(layout: Layout, folder: str) -> tuple[str, bool]:
    """A folder of the data's path from the data folder, and whether it is the old months'."""
    if folder == str(layout.legacy_months_dir):
        return f"{os.path.basename(layout.legacy_months_dir)}/", True
    return f"{os.path.basename(layout.devices_dir)}/{os.path.basename(folder)}/", False


def _look_in(layout: Layout, known: _Known, folder: str) -> None:
    """Every file of one folder of the data, anew (of the old months' folder, its months)."""
    here, legacy = _here(layout, folder)
    for name in known.by_folder.get(here, ()):
        known.files.pop(here + name, None)
    found: dict[str, Identity] = {}
    known.replace(here, found)
    known.folders[folder] = trusted(signature(folder))
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if _BY_FD else None
    except FileNotFoundError:
        return
    try:
        names = [n for n in os.listdir(folder if fd is None else fd)
                 if (month_named(n) is not None if legacy else is_record_name(n))]
        _add(known.files, found, f"{folder}/", here, names, fd)
    finally:
        if fd is not None:
            os.close(fd)


def _add(found: dict[str, Live], folder: dict[str, Identity], where: str, here: str,
         names: list[str], fd: int | None) -> None:
    """``names`` in the folder ``where`` (``here`` from the data folder), looked at: into
    ``found`` by path, into ``folder`` by name. In a device's (or the old months') folder
    each is a record's name, noted in ``.sources`` as it is (none of its characters needs
    escaping in JSON)."""
    owner = os.geteuid() if hasattr(os, "geteuid") else -1
    quoted = json.dumps(here)[:-1]
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
            key = f'{quoted}{name}"' if here else json.dumps(name)
            identity = (file.st_ino, file.st_size, file.st_mtime_ns)
            folder[name] = identity
            found[here + name] = new(Live, (where + name, identity, linkable,
                                            f"{key}: [{file.st_ino}, {file.st_size}, "
                                            f"{file.st_mtime_ns}]"))


def _lstat(path: str, *, follow: bool = False) -> os.stat_result | None:
    """None for a file gone, or a link to nothing: not a file (as ``Path.is_file``)."""
    try:
        return os.stat(path, follow_symlinks=follow)
    except OSError:
        return None



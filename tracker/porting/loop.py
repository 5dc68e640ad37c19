"""Loop Habit Tracker: read its exports (CSV ZIP, the folder unpacked from it, a backup .db)
and write our habits back out in its current CSV layout.

This module finds the files (a ZIP's members, checked before anything is read, or a
folder's); :mod:`tracker.porting.loop_csv` reads the CSV layouts and
:mod:`tracker.porting.loop_db` the backup.
"""

from __future__ import annotations

import datetime as dt
import io
import lzma
import os
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from .loop_csv import CSV_SOURCE, EXPECTED, HABITS, read_csv
from .loop_db import read_loop_db
from .loop_export import write_loop_csv
from . import model
from .model import Bundle, FormatError, Progress, quoted
from .reading import SQLITE_MAGIC, ZIP_MAGICS, Budget, read_file, read_head, too_large

__all__ = ["read_loop", "write_loop_csv", "CSV_SOURCE"]

ENTRIES_MAX = 10_000  # files in a ZIP, or folders beside Habits.csv: a few per habit


ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError,
              RuntimeError, ValueError)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str,
                budget: Budget) -> bytes:
    """One ZIP member, decompressed no further than the limit: the sizes in a ZIP's
    header are the file's word, not a promise."""
    if info.flag_bits & 0x1:
        raise FormatError(label, None, "is encrypted (password-protected); export it again "
                          "without a password")
    try:
        with archive.open(info) as handle:
            data = handle.read(model.MAX_FILE_BYTES + 1)
    except ZIP_ERRORS as err:
        raise FormatError(label, None, f"is damaged or compressed in a way that can't be "
                          f"read ({err})") from None
    except OSError as err:  # bz2 and lzma report bad data this way
        raise FormatError(label, None, f"is damaged ({err})") from None
    if len(data) > model.MAX_FILE_BYTES:
        raise too_large(label, model.MAX_FILE_BYTES)
    return budget.take(data)


def read_loop(path: Path, today: dt.date, progress: Progress | None = None) -> Bundle:
    """Read whichever Loop export ``path`` is, judged by its content, not its name."""
    if path.is_dir():
        return _read_folder(path, today, progress)
    if path.name == HABITS and path.is_file():  # someone picked the file inside the folder
        return _read_folder(path.parent, today, progress)
    magic = read_head(path, 16)
    if magic.startswith(SQLITE_MAGIC):
        return read_loop_db(path, today, progress)
    if magic.startswith(ZIP_MAGICS):
        return _read_zip(path, today, progress)
    if path.suffix.lower() == ".db":
        raise FormatError(path.name, None, "is not a SQLite database, so it is not a Loop backup")
    raise FormatError(path.name, None, f"is neither a ZIP nor a SQLite database; {EXPECTED}")


# -- where the files are: a ZIP or a folder -------------------------------------------
class _ZipFiles:
    """Members of Loop's ZIP. Paths that would point outside it are refused up front."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive, self.name = archive, name
        infos = archive.infolist()
        if len(infos) > ENTRIES_MAX:
            raise FormatError(name, None, f"holds {len(infos):,} files; a Loop export holds a "
                              f"few per habit, so it was not read")
        self.members = {info.filename: info for info in infos}
        for member in self.members:
            parts = PurePosixPath(member.replace("\\", "/")).parts
            if member.startswith(("/", "\\")) or ".." in parts or re.match(r"[A-Za-z]:", member):
                raise FormatError(name, None, f"holds {quoted(member)}, a path outside the archive; "
                                  "nothing was read from it")
        self.root = self._root()
        self.budget = Budget(name)

    def _root(self) -> str:
        """Loop puts its files at the top; someone who re-zipped the folder adds one level."""
        if HABITS in self.members:
            return ""
        nested = [m for m in self.members if m.count("/") == 1 and m.endswith("/" + HABITS)]
        return nested[0][: -len(HABITS)] if len(nested) == 1 else ""

    def label(self, rel: str) -> str:
        return f"{self.name}/{self.root}{rel}"

    def has(self, rel: str) -> bool:
        return self.root + rel in self.members

    def open(self, rel: str) -> IO[bytes]:
        info = self.members[self.root + rel]
        return io.BytesIO(read_member(self.archive, info, self.label(rel), self.budget))

    def folders(self) -> list[str]:
        inside = (m[len(self.root):] for m in self.members if m.startswith(self.root))
        return sorted({m.split("/", 1)[0] for m in inside if "/" in m})


class _FolderFiles:
    """The folder a person unpacked Loop's ZIP into."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.budget = Budget(root.name)

    def label(self, rel: str) -> str:
        return f"{self.root.name}/{rel}"

    def has(self, rel: str) -> bool:
        """Whether anything is there: a pipe or a folder where a file should be is refused
        when read, not taken for a habit without days."""
        return os.path.lexists(self.root / rel)

    def open(self, rel: str) -> IO[bytes]:
        return io.BytesIO(self.budget.take(read_file(self.root / rel, self.label(rel))))

    def folders(self) -> list[str]:
        found: list[str] = []
        try:
            with os.scandir(self.root) as entries:
                for entry in entries:
                    if entry.is_dir():
                        found.append(entry.name)
                        if len(found) > ENTRIES_MAX:
                            raise FormatError(self.root.name, None, f"holds more than "
                                              f"{ENTRIES_MAX:,} folders; a Loop export holds "
                                              "one per habit, so it was not read")
        except OSError as err:
            raise FormatError(self.root.name, None, f"can't be read ({err.strerror})") from None
        return sorted(found)


def _read_zip(path: Path, today: dt.date, progress: Progress | None) -> Bundle:
    data = read_file(path, path.name)  # never more than the limit, whatever the size says
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as err:
        raise FormatError(path.name, None, f"is a damaged or unsupported ZIP ({err})") from None
    with archive:  # each member is read (bounded) by read_member, which names it
        return read_csv(_ZipFiles(archive, path.name), path.name, today, progress)


def _read_folder(root: Path, today: dt.date, progress: Progress | None) -> Bundle:
    return read_csv(_FolderFiles(root), root.name, today, progress)

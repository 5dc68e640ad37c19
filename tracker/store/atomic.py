"""A TinyDB ``Storage`` that never tears the file and never shows it to anyone else.

TinyDB's own ``JSONStorage`` rewrites the file in place (seek, write, truncate), so a crash
or a full disk mid-write can leave half a file. Ours writes a private temp file beside the
real one, fsyncs it, renames it over the old one and fsyncs the folder: after a crash at
any instant the file is either the old one or the new one, whole.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Callable, Container
from typing import Any, BinaryIO, cast, overload

from tinydb.storages import Storage

from ..atomic_files import (DIR_MODE, FILE_MODE, TEMP_SUFFIX, atomic_file, ensure_private_dir,
                            remove_file, write_atomically)
from .files import FileId, NotARegularFileError, file_id, handle_id, open_regular

__all__ = ["DIR_MODE", "FILE_MODE", "AtomicJSONStorage", "DamagedFileError", "atomic_file",
           "ensure_private_dir", "remove_file", "remove_stale_temp_files", "write_atomically"]


class DamagedFileError(Exception):
    """The data file exists but cannot be read as ours. It is left untouched."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{os.fspath(path)} cannot be read ({reason}); it has been left untouched.")
        self.path = os.fspath(path)
        self.reason = reason


def remove_stale_temp_files(folder: str, prefix: str, middle: str = "") -> None:
    """Our temp files left by a writer killed mid-write: named ``{prefix}*.tmp``, with
    ``middle`` somewhere after the prefix when given (``.tracker.json.1a2b.tmp``; prefix
    ".", middle ".json.": any month's or habits file's). Only call with the lock held,
    and with a prefix that can only match our own files (the folder may be shared, e.g.
    /tmp). Names are compared as text, as ``glob`` would match them, without compiling a
    pattern for each folder."""
    try:
        names = os.listdir(folder)
    except OSError:
        return  # no folder (yet): nothing left in it
    for name in names:
        end = len(name) - len(TEMP_SUFFIX)
        if name.startswith(prefix) and name.endswith(TEMP_SUFFIX) and end >= len(prefix) \
                and (not middle or name.find(middle, len(prefix), end) != -1):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))


class AtomicJSONStorage(Storage):
    """JSON on disk, written atomically; writes inside ``batch()`` land as one write."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._data: dict[str, Any] | None = None
        self._depth = 0
        self._dirty = False
        self.seen: FileId | None = None  # the identity of the file the data in memory came from
        self._pin: BinaryIO | None = None  # that file, kept open: its inode is never reused
        self.was_read = False  # ``seen`` tells what is in memory (None: the file was absent)
        self._released = False  # the data was let go (see ``release``); ``seen`` still names it
        self.overtaken = False  # read again after that, and found changed: its readers hold older data

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            taken = self.seen
            try:
                self._data = self._load()
            finally:  # read again after a release, another file (read or not) is news
                self.overtaken = self.overtaken or (self._released and self.seen != taken)
            self._released = False
        return self._data

    def read_part(self, pick: Callable[[str], dict[str, Any] | None],
                  known_good: Container[FileId]) -> dict[str, Any] | None:
        """What ``pick`` takes out of the file's text (one habit's records, say), without
        parsing the rest, when the file is one of ``known_good`` (read whole and found
        good before, by its identity as opened). None when the data is read whole
        instead (``read()`` then has it): it is in memory already, writes are held, the
        file is not known good, or ``pick`` found the text in a form it does not know.
        A part is not kept: the storage stands as after a ``release`` (``seen`` names the
        file the part came from), so a stat tells a change, and the next read reads the
        file again."""
        if self._data is not None or self._depth:
            return None
        taken = self.seen
        part = None
        try:
            text = self._text()
            if text is None:
                return None  # (no file: ``read()`` says so)
            if self.seen in known_good:
                part = pick(text)
            if part is None:
                self._data = self._parsed(text)
        finally:  # (as ``read`` tells it)
            self.overtaken = self.overtaken or (self._released and self.seen != taken)
        self._released = part is not None
        return part

    def _load(self) -> dict[str, Any] | None:
        text = self._text()
        return None if text is None else self._parsed(text)

    def _text(self) -> str | None:
        """The file's text, the file kept open (None: there is no file)."""
        try:
            handle = open_regular(self.path)
        except FileNotFoundError:
            self._pin_to(None)
            return None
        except IsADirectoryError:
            raise DamagedFileError(self.path, "it is a folder, not a file") from None
        except PermissionError:
            raise DamagedFileError(self.path, "permission denied") from None
        except NotARegularFileError:
            raise DamagedFileError(self.path, "it is not a regular file") from None
        raw = self._pin_to(handle).read()
        if not raw.strip():  # our writes are never empty: this is a torn or emptied file
            raise DamagedFileError(self.path, "the file is empty")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise DamagedFileError(self.path, f"not valid JSON: {err}") from None

    def _parsed(self, text: str) -> dict[str, Any]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise DamagedFileError(self.path, f"not valid JSON: {err}") from None
        except RecursionError:
            raise DamagedFileError(self.path, "nested too deeply to be ours") from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise DamagedFileError(self.path, "not a Trust Tracker database")
        return data

    def write(self, data: dict[str, Any]) -> None:
        self._data, self._released = data, False
        if self._depth:
            self._dirty = True
            return
        self._flush()

    def _flush(self) -> None:
        assert self._data is not None
        try:
            write_atomically(self.path, json.dumps(self._data, ensure_ascii=False))
            self._pin_to(open_regular(self.path))  # written under the lock: still ours
        except BaseException:
            self._data = None  # memory may be ahead of disk: reread on next use
            raise

    def hold(self) -> None:
        """From now on keep writes in memory until ``commit()`` or ``rollback()``."""
        self._depth += 1

    def commit(self) -> None:
        self._depth -= 1
        if not self._depth and self._dirty:
            self._dirty = False
            self._flush()

    @overload
    def _pin_to(self, handle: BinaryIO) -> BinaryIO: ...
    @overload
    def _pin_to(self, handle: None) -> None: ...

    def _pin_to(self, handle: BinaryIO | None) -> BinaryIO | None:
        """Keep ``handle``'s file open (unbuffered: a buffer of a few kB a file, kept as
        long as the data is open, would be for nothing) and note its identity."""
        if self._pin is not None:
            self._pin.close()
        if isinstance(handle, io.BufferedReader):
            handle = cast(BinaryIO, handle.detach())
        self._pin = handle
        self.was_read = True
        self.seen = handle_id(handle) if handle is not None else None
        return handle

    def release(self) -> bool:
        """Let go of the data in memory once its readers have taken it in (a bulk read's
        months: years of parsed JSON otherwise stay for as long as the data is open). What
        it came from is kept: ``seen`` and the file itself, still open (so its inode is not
        reused), so ``is_stale`` tells a change by a stat as before; the next read reads
        the file again, and if that finds another file, the storage is ``overtaken``
        (stale, until its readers drop it). False, and nothing let go, while writes are
        held or before a read."""
        if self._data is None or self._depth or self._dirty:
            return False
        self._data, self._released = None, True
        return True

    @property
    def holds_data(self) -> bool:
        """Whether the file's parsed contents are in memory."""
        return self._data is not None

    @property
    def is_stale(self) -> bool:
        """Whether the file on disk is no longer the one its readers took in: the one the
        data in memory came from (or, once let go, had come from)."""
        if self.overtaken:
            return True
        return (self._data is not None or self._released) and file_id(self.path) != self.seen

    def rollback(self) -> None:
        """Forget held writes; the next read comes from disk again."""
        self._depth = 0
        self._data, self._dirty = None, False
        self.was_read = self._released = self.overtaken = False

    def close(self) -> None:
        self._data = None
        self._pin_to(None)
        self.was_read = self._released = self.overtaken = False

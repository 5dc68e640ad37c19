"""Reading the files an import is made of, so that no file can make it hang or run out of
memory: regular files only (never a FIFO or a device), never more than a limit however
large a file or a ZIP's header says it is, and text and JSON decoded with every failure a
:class:`FormatError` that names the file.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..regular_files import FileTooLargeError, NotARegularFileError, open_regular_file, read_regular_file
from . import model
from .model import FormatError, quoted

Where = str | os.PathLike[str]
SQLITE_MAGIC = b"SQLite format 3\x00"  # the first bytes of Loop's backups …
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # … and of its CSV exports
DIGITS_MAX = 30  # no count, id or version in a habit history needs a longer number
NOT_REGULAR = ("is not a regular file (it is a device, a pipe or a socket), so it was not "
               "read; name the exported file itself")


def size_text(limit: int) -> str:
    return f"{limit // 1_048_576} MB" if limit >= 1_048_576 else f"{limit:,} bytes"


def too_large(file: Where, limit: int) -> FormatError:
    return FormatError(file, None, f"the file is larger than the {size_text(limit)} limit; "
                       "a habit history is far smaller, so it was not read")


def is_loop_file(head: bytes) -> bool:
    """Whether a file's first bytes are one of Loop's exports (a ZIP or a SQLite backup)."""
    return head.startswith((SQLITE_MAGIC, *ZIP_MAGICS))


def check_regular(path: Path) -> None:
    """Refuse, before any reader opens it, a path that is neither a folder nor a regular file."""
    try:
        with open_regular_file(path):
            return
    except IsADirectoryError:
        return
    except NotARegularFileError:
        raise FormatError(path, None, NOT_REGULAR) from None
    except OSError as err:
        raise FormatError(path, None, f"it can't be read ({err.strerror or err})") from None


def read_file(path: Path, label: Where | None = None, limit: int | None = None) -> bytes:
    """A regular file's bytes, at most ``limit`` (by default the largest file a habit
    history could be): one its size says is larger is refused unread, and only
    ``limit + 1`` bytes are ever read, whatever the size says."""
    label = path if label is None else label
    limit = model.MAX_FILE_BYTES if limit is None else limit
    try:
        found = os.stat(path)
        if stat.S_ISREG(found.st_mode) and found.st_size > limit:
            raise FileTooLargeError(path, limit)
        return read_regular_file(path, limit)
    except FileTooLargeError:
        raise too_large(label, limit) from None
    except NotARegularFileError:
        raise FormatError(label, None, NOT_REGULAR) from None
    except IsADirectoryError:
        raise FormatError(label, None, "is a folder where a file should be") from None
    except OSError as err:
        raise FormatError(label, None, f"it can't be read ({err.strerror or err})") from None


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a regular file (to tell which tracker made it)."""
    try:
        with open_regular_file(path) as handle:
            return handle.read(size)
    except NotARegularFileError:
        raise FormatError(path, None, NOT_REGULAR) from None
    except OSError as err:
        raise FormatError(path, None, f"it can't be read ({err.strerror or err})") from None


class Budget:
    """The bytes all the files of one import may hold together (a ZIP of many small
    members can't add up to more than one large file could)."""

    def __init__(self, name: Where, limit: int | None = None) -> None:
        self.name = name
        self.limit = model.MAX_FILE_BYTES if limit is None else limit
        self.left = self.limit

    def take(self, data: bytes) -> bytes:
        self.left -= len(data)
        if self.left < 0:
            raise FormatError(self.name, None, f"the files in it come to more than "
                              f"{size_text(self.limit)}; a habit history is far smaller, "
                              "so it was not read")
        return data




def utf8_text(data: bytes, file: Where, advice: str) -> str:
    """``data`` as text (a byte-order mark dropped), or refused at the line of a bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise FormatError(file, line, f"this line is not UTF-8 text; {advice}") from None


class _Refused(Exception):
    """Raised from inside the JSON parser's hooks; becomes a :class:`FormatError`."""


def _number(text: str) -> int:
    if len(text) > DIGITS_MAX and len(text.lstrip("-")) > DIGITS_MAX:
        raise _Refused(f"it holds a number {len(text)} digits long ({text[:12]}…), far "
                       "longer than any count")
    return int(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"it holds the number {quoted(text)}, too large to be a count")
    return value


def _constant(name: str) -> float:
    raise _Refused(f"it holds {name}, which is not a number")


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when a key appears twice (``json`` silently keeps the last)."""
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"the key {quoted(key)} appears twice in one object, so it is "
                               "not clear which one is meant")
            seen.add(key)
    return found


def load_json(data: bytes, file: Where, advice: str,
              hook: Callable[[list[tuple[str, Any]]], Any] = unique_keys) -> Any:
    """Parse JSON, refusing what no habit history holds: NaN, numbers past any count,
    nesting thousands deep (Python's parser would fail with a RecursionError)."""
    text = utf8_text(data, file, advice)
    try:
        return json.loads(text, object_pairs_hook=hook, parse_int=_number, parse_float=_finite,
                          parse_constant=_constant)
    except json.JSONDecodeError as err:
        raise FormatError(file, err.lineno, f"this is not valid JSON ({err.msg} at "
                          f"column {err.colno})") from None
    except _Refused as err:
        raise FormatError(file, None, str(err)) from None
    except RecursionError:
        raise FormatError(file, None, "its lists or objects are nested too deeply to be a "
                          "habit history") from None

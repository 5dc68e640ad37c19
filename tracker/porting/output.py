"""Writing an export whole or not at all, readable only by its owner."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

FILE_MODE = 0o600  # an export holds private notes


@contextlib.contextmanager
def private_output(out: Path) -> Iterator[BinaryIO]:
    """A temp file beside ``out``, renamed over it only once it is whole and synced.

    Anything that stops the writing (an error, Ctrl+C) leaves ``out`` as it was and no
    temp file behind."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600 already
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, FILE_MODE)
        os.replace(temp_name, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise

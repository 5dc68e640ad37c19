"""The store's safe reading of its data files: see :mod:`tracker.regular_files`, which the
importers share (it lives outside the store so they need not depend on it)."""

from __future__ import annotations

from ..regular_files import NotARegularFileError, read_regular_file

__all__ = ["NotARegularFileError", "read_regular_file"]

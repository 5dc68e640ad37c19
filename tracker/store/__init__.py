"""The only code that touches the disk: TinyDB files, atomic writes, backups, the lock.

Names load with their module on first use (see :mod:`tracker.lazy`), so reading the
settings file does not pull in TinyDB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .atomic import DamagedFileError
    from .base import Snapshot, Store
    from .errors import STORAGE_ERRORS
    from .layout import Layout
    from .lock import DataInUseError
    from .paths import resolve_db_path
    from .schema import SCHEMA_VERSION
    from .tiny import NewerSchemaError, ReadOnlyError, TinyStore

_HOMES = {
    "DamagedFileError": "atomic", "Snapshot": "base", "Store": "base", "Layout": "layout",
    "DataInUseError": "lock", "resolve_db_path": "paths", "SCHEMA_VERSION": "schema",
    "NewerSchemaError": "tiny", "ReadOnlyError": "tiny", "TinyStore": "tiny",
    "STORAGE_ERRORS": "errors",
}
__all__ = sorted(_HOMES)
__getattr__ = lazy_exports(__name__, _HOMES)

"""The only code that touches the disk: TinyDB files, atomic writes, locations."""

from .atomic import DamagedFileError
from .base import Snapshot, Store
from .paths import resolve_db_path
from .tiny import NewerSchemaError, TinyStore

__all__ = ["DamagedFileError", "NewerSchemaError", "Snapshot", "Store", "TinyStore",
           "resolve_db_path"]

"""The only code that touches the disk: TinyDB files, atomic writes, backups, the lock."""

from .atomic import DamagedFileError
from .base import Snapshot, Store
from .layout import Layout
from .lock import DataInUseError
from .paths import resolve_db_path
from .schema import SCHEMA_VERSION
from .tiny import NewerSchemaError, ReadOnlyError, TinyStore

# Problems with the data a person can act on: each message says what to do.
STORAGE_ERRORS = (DamagedFileError, NewerSchemaError, DataInUseError)

__all__ = ["DamagedFileError", "DataInUseError", "Layout", "NewerSchemaError", "ReadOnlyError",
           "SCHEMA_VERSION", "STORAGE_ERRORS", "Snapshot", "Store", "TinyStore",
           "resolve_db_path"]

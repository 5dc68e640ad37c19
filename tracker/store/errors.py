"""Problems with the data a person can act on: each message says what to do."""

from __future__ import annotations

from .atomic import DamagedFileError
from .lock import DataInUseError
from .tiny import NewerSchemaError

STORAGE_ERRORS = (DamagedFileError, NewerSchemaError, DataInUseError)

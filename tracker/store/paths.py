"""Where the data lives: ``--db``, else ``$TRUST_TRACKER_DB``, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "TRUST_TRACKER_DB"
FILE_NAME = "tracker.json"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    return Path(user_data_dir("trust-tracker", appauthor=False)) / FILE_NAME

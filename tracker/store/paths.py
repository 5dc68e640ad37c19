"""Where the data lives: ``--db``, else ``$TRUST_TRACKER_DB``, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from ..places import DB_ENV, MAIN_FILE, user_folder


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get(DB_ENV):
        return Path(env).expanduser()
    return Path(user_folder("data")) / MAIN_FILE

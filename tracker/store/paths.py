"""Where the data lives: ``--db``, else ``$TRUST_TRACKER_DB``, else the platform's data folder."""

from __future__ import annotations

import os

from ..places import DB_ENV, MAIN_FILE, spelled, user_folder


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> str:
    """The main file's path, as text (see ``Layout``), spelled as ``pathlib`` would."""
    if explicit:
        return spelled(os.path.expanduser(os.fspath(explicit)))
    if env := os.environ.get(DB_ENV):
        return spelled(os.path.expanduser(env))
    return spelled(os.path.join(user_folder("data"), MAIN_FILE))

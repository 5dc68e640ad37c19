"""``backup list``, ``backup now`` and ``backup restore``: they work on the files
directly, so they help even when the data will not open."""

from __future__ import annotations

import argparse

from ..domain.errors import TrackerError
from ..store import backups as backup_files
from ..store.errors import STORAGE_ERRORS
from ..store.layout import Layout
from ..store.paths import resolve_db_path
from .handlers import Interrupted


def backup(args: argparse.Namespace) -> str:
    layout = Layout(resolve_db_path(getattr(args, "db", None)))
    try:
        return _backup(layout, args)
    except KeyboardInterrupt:  # a backup being taken is cleared away; a restore may be half done
        raise Interrupted(args.backup_command == "restore", False) from None


def _backup(layout: Layout, a: argparse.Namespace) -> str:
    from ..store.lock import acquire

    if a.backup_command == "list":
        found = backup_files.list_backups(layout)
        if not found:
            return f"No backups yet in {layout.backups_dir}."
        return "\n".join(f"{item.name}  ({len(item.files())} files, "
                         f"{'good' if backup_files.is_good(item, layout.main_name) else 'damaged'})"
                         for item in found)
    try:
        lock = acquire(layout)
    except STORAGE_ERRORS as err:
        raise TrackerError(str(err)) from err
    try:
        if a.backup_command == "now":
            taken = backup_files.take_backup(layout, "manual")
            return f"Backed up to {taken.path}." if taken else "There is no data to back up yet."
        return _restore_backup(layout, a.name)
    except OSError as err:
        raise TrackerError(f"the backup step failed: {err.strerror or err}") from err
    finally:
        lock.release()


def _restore_backup(layout: Layout, name: str | None) -> str:
    found = {b.name: b for b in backup_files.list_backups(layout)}
    if name is None:
        chosen = backup_files.newest_good(layout)
        if chosen is None:
            raise TrackerError(f"there is no good backup in {layout.backups_dir}.")
    elif name not in found:
        raise TrackerError(f"no backup called {name!r}; see: trust-tracker backup list")
    else:
        chosen = found[name]
        if not backup_files.is_good(chosen, layout.main_name):
            raise TrackerError(f"backup {name!r} is damaged too; choose another from: "
                               "trust-tracker backup list")
    safety = backup_files.restore(layout, chosen)
    kept = f" Your data as it was is kept as backup {safety.name!r}." if safety else ""
    return f"Restored backup {chosen.name!r}.{kept}"

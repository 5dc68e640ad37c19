"""Today's backup, as every change begins (see :mod:`.backups`, which takes it), and what
backups put out of sight, deleted after the next change.

Most changes of a day come after its backup: for them this is a few calls on names (is
today's there, does a note say it still shares live files, is anything left to delete),
and the modules that make backups are not even loaded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os

from .layout import Layout
from .livefiles import check

SHARED = ".shared-"  # beside the backups: NAME may still hold live files, to be made private
STAGING = ".incoming-"  # a backup being made; a killed process's is removed under the lock


def ensure_daily_backup(layout: Layout, today: dt.date | None = None, *,
                        shared: bool = False) -> contextlib.AbstractContextManager[None]:
    """Today's backup, taken now if it is not yet. With ``shared`` it is used around the
    change (with the lock held): the files changed since the newest backup are links to
    the live ones until the change is made, then made private if it did not replace them
    (see :mod:`.snapshots`)."""
    today = today or dt.date.today()
    name = f"{today:%Y-%m-%d}"
    check(layout)  # (as every change begins: see :mod:`.livefiles`)
    if not os.path.exists(f"{layout.backups_dir}/{name}"):
        from .backups import take_daily

        return take_daily(layout, today, shared=shared)
    if is_marked(layout.backups_dir, name):  # a change cut short (a crash) before its
        from .sharing import settle  # backup was settled: as after the change, never

        with contextlib.suppress(OSError):  # this one's failure
            settle(layout.folder, f"{layout.backups_dir}/{name}")
    if discard_later(layout.backups_dir):  # what the day's first change put out of sight
        return Tidying(layout.backups_dir)
    return contextlib.nullcontext()


def is_marked(backups_dir: str, name: str) -> bool:
    """Whether a note says backup ``name`` may still share files with the live data (see
    :mod:`.sharing`)."""
    return os.path.lexists(f"{backups_dir}/{SHARED}{name}")


class Tidying(contextlib.AbstractContextManager[None]):
    """Around a later change: once it is made, what the day's backup put out of sight is
    deleted (see ``discard``)."""

    def __init__(self, backups_dir: str) -> None:
        self.backups_dir = backups_dir

    def __exit__(self, *failed: object) -> None:
        discard_now(self.backups_dir)


def remove_stale_staging(layout: Layout) -> None:
    """Half-made backups a killed process left (``.incoming-*``). Only with the lock held:
    every backup is staged under it, so none of these is still being made."""
    try:
        names = os.listdir(layout.backups_dir)
    except OSError:
        return  # no backups yet: nothing half made
    for name in names:
        if name.startswith(STAGING):
            remove_tree(os.path.join(layout.backups_dir, name))


def remove_tree(folder: str) -> None:
    """A folder and all in it, errors aside (``shutil``, with the compressors it loads, only
    for the few changes that prune a backup or find a half-made one)."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def discard(backup: str, stale: list[str], *, later: bool = False) -> None:
    """Delete what ``snapshots.fill`` put out of sight in ``backup`` (by then renamed into
    place), after the change (so a failure to delete costs nothing but space: what is
    left is deleted when the backup is reused). ``later``: at the end of the next change
    this process makes to the data (``discard_later``), or as it exits: deleting the last
    link to a file is the dearest file call of a day's first change (its blocks are
    freed), and nothing needs it done at once (what is out of sight is never data)."""
    if later and stale:
        if not _LATER:
            import atexit

            atexit.register(_discard_all)
        _LATER.setdefault(os.path.dirname(backup), []).append((backup, stale))
        return
    for rel in stale:
        try:
            os.unlink(f"{backup}/{rel}")
        except OSError:
            pass


# What backups put out of sight, to delete after the next change (by backups folder).
_LATER: dict[str, list[tuple[str, list[str]]]] = {}


def discard_later(backups_dir: str) -> bool:
    """Whether what a backup of this folder put out of sight is still to delete."""
    return backups_dir in _LATER


def discard_now(backups_dir: str) -> None:
    """Delete what backups of this folder put out of sight (with the lock held, after a
    change: an older name of a reused backup that is gone costs nothing)."""
    for backup, stale in _LATER.pop(backups_dir, []):
        discard(backup, stale)


def _discard_all() -> None:
    for folder in list(_LATER):
        discard_now(folder)

"""Rotating whole-data backups beside the data, and restoring one.

One backup per calendar day of use (taken before that day's first write), the newest
seven kept; one more before every migration, import or restore, the newest seven of
those kept too. A backup is a folder holding the main file and every device's files, made
privately and renamed into place whole; restoring one puts the data back as it was for
every device (a sync tool then carries it to them).

A backup costs what changed since the one before, not the data: a file unchanged since is
a hard link to that backup's copy; a changed one, at a day's first change, is first a link
to the live file (already on disk, never written in place by us) and made private after
the change if the change did not replace it; the daily backups are a ring of seven
folders, the oldest of a full set (or, before seven exist, a hidden spare) made into the
new one rather than deleted beside it (see :mod:`.snapshots`); and a process that has
looked at the files once knows which changed without looking at each (:mod:`.livefiles`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os

from ..structs import struct
from .atomic import ensure_private_dir, remove_file, write_atomically
from .daily import SHARED, discard, discard_now, is_marked, remove_tree
from .files import read_regular_file
from .layout import HABITS_FILE, Layout, month_named
from .schema import SCHEMA_VERSION, read_habit_records, read_habits, read_month, schema_version
from .livefiles import forget, live_files
from .sharing import mark, settle
from .snapshots import SPARE, Filled, fill, stage, twin

KEEP = 7


@struct(frozen=True)
class Backup:
    """One backup: a folder of whole copies of the data's files, named for its day (and why)."""

    name: str
    path: str

    @property
    def is_daily(self) -> bool:
        return "-before-" not in self.name

    def files(self) -> list[str]:
        """Every record file in it (its main file, each device's files), in name order."""
        found = []
        for folder, _, names in os.walk(self.path):
            found += [path for name in names
                      if name.endswith(".json") and os.path.isfile(path := f"{folder}/{name}")]
        return sorted(found)


def list_backups(layout: Layout) -> list[Backup]:
    """Every backup, newest first."""
    return _listing(layout)[0]


def _listing(layout: Layout) -> tuple[list[Backup], list[str], list[str]]:
    """Every backup, newest first; the names of those noted as sharing live files; the
    spares of the daily ring (see :mod:`.snapshots`)."""
    try:
        with os.scandir(layout.backups_dir) as entries:
            found = [(e.name, (not e.name.startswith(".") or e.name.startswith(SPARE))
                      and e.is_dir(follow_symlinks=False)) for e in entries]
    except (FileNotFoundError, NotADirectoryError):
        return [], [], []
    names = sorted((n for n, folder in found if folder and not n.startswith(".")), reverse=True)
    marked = [n[len(SHARED):] for n, _ in found if n.startswith(SHARED)]
    spares = sorted(f"{layout.backups_dir}/{n}" for n, folder in found if folder and n.startswith(SPARE))
    return [_backup(layout.backups_dir, name) for name in names], marked, spares


@functools.lru_cache(maxsize=64)
def _backup(folder: str, name: str) -> Backup:
    """The backup of this name (made once: a day's first change lists them all)."""
    return Backup(name, f"{folder}/{name}")


def is_good(backup: Backup, main_name: str) -> bool:
    """A backup is good when every file in it passes the same checks as live data."""
    main = f"{backup.path}/{main_name}"
    if not os.path.isfile(main):
        return False
    try:
        data = json.loads(read_regular_file(main))
        version = schema_version(data)
        if version > SCHEMA_VERSION:
            return False
        if version < 4:
            read_habits(data)
        for path in backup.files():
            month = month_named(path)
            if path != main and os.path.basename(path) == HABITS_FILE:
                read_habit_records(json.loads(read_regular_file(path)))
            elif path != main and month is not None:
                read_month(json.loads(read_regular_file(path)), month, stamped=version >= 4)
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):  # SchemaError is a ValueError
        return False
    return True


def newest_good(layout: Layout) -> Backup | None:
    return next((b for b in list_backups(layout) if is_good(b, layout.main_name)), None)


def take_backup(layout: Layout, reason: str | None = None, *, now: dt.datetime | None = None,
                keep: str | None = None) -> Backup | None:
    """The data as it is on disk now (damaged or not: files are linked or copied, not
    parsed). ``keep`` names a backup that must outlive this one's pruning (the one a
    restore is about to put in place)."""
    taken = _take(layout, reason, now or dt.datetime.now(), keep, shared=False)
    if taken is None:
        return None
    taken.finish(layout)
    return taken.backup


def take_daily(layout: Layout, today: dt.date, *,
               shared: bool = False) -> contextlib.AbstractContextManager[None]:
    """Today's backup, not taken yet (see ``daily.ensure_daily_backup``, the one caller)."""
    taken = _take(layout, None, dt.datetime.combine(today, dt.time()), None, shared=shared,
                  checked=True)
    if taken is None or not shared:
        if taken is not None:
            taken.finish(layout)
        return contextlib.nullcontext()
    return _Settling(layout, taken)


@struct(frozen=True)
class _Taken:
    """A backup just taken, and what it still needs once the change is made."""

    backup: Backup
    previous: str | None  # the newest backup before it
    filled: Filled
    spares: int = 0  # spares the daily ring lacks, to make once it is settled

    def finish(self, layout: Layout, *, later: bool = False) -> None:
        """Delete what the backup dropped (``later``: after the next change, see
        ``discard``); then, after a daily backup made anew and once it shares no live
        file, make the spares the ring lacks: twins of it, a link per file each. They are
        never needed: failing to make them costs the next days' backups a folder of
        links each, as before."""
        discard(self.backup.path, self.filled.stale, later=later)
        if self.spares and not is_marked(layout.backups_dir, self.backup.name):
            folders = [f"{os.path.basename(layout.devices_dir)}/{device}" for device in layout.devices()]
            with contextlib.suppress(OSError):
                for _ in range(self.spares):
                    twin(layout.backups_dir, self.backup.path, folders)


class _Settling(contextlib.AbstractContextManager[None]):
    """Around the day's first change: once it is made (or failed), the backup's links to
    live files it did not replace are made private, and what the backup dropped deleted."""

    def __init__(self, layout: Layout, taken: _Taken) -> None:
        self.layout, self.taken = layout, taken

    def __exit__(self, *failed: object) -> None:
        taken = self.taken
        try:
            if taken.filled.linked:
                settle(self.layout.folder, taken.backup.path, taken.filled.linked, taken.previous)
        except OSError:  # never said as the change's failure: the note stays, and the
            pass  # next change settles it (the backup holds the right bytes meanwhile)
        discard_now(self.layout.backups_dir)  # (an earlier day's, if no change came between)
        taken.finish(self.layout, later=True)


def _take(layout: Layout, reason: str | None, now: dt.datetime, keep: str | None, *,
          shared: bool, checked: bool = False) -> _Taken | None:
    """A backup, made (see ``fill``) with what it no longer holds left to discard. A daily
    one of the files as this process knows them; any other of every file looked at.
    ``checked``: as a change began, the folders were checked (``livefiles.check``) and
    today's daily backup found not taken."""
    if reason is not None:
        forget(layout)
    live = live_files(layout, checked=checked)
    if not live:
        return None
    folder = layout.backups_dir
    name = f"{now:%Y-%m-%d}" if reason is None else f"{now:%Y-%m-%d-%H%M%S}-before-{reason}"
    final = f"{folder}/{name}"
    if not checked:
        if os.path.exists(final) and reason is None:  # today's daily backup is already taken
            return _Taken(Backup(name, final), None, Filled([], []))
        copies, first = 1, name
        while os.path.exists(final):  # two in one second (two imports): each keeps its own "before"
            copies += 1
            name = f"{first}-{copies}"
            final = f"{folder}/{name}"
    found, marked, spares = _listing(layout)
    if not found:
        ensure_private_dir(folder)
    for note in marked:  # backups still sharing files with the data, after a crash
        if any(b.name == note for b in found):
            settle(layout.folder, f"{folder}/{note}")
        else:
            remove_file(f"{folder}/{SHARED}{note}")
    group = [b for b in found if b.is_daily == (reason is None)]
    oldest = _oldest(group, name, keep)
    previous = next((b.path for b in found if b != oldest), None)
    reused = oldest.path if oldest else None
    if reason is None and reused is None and 0 < len(group) < KEEP and spares:
        reused = spares.pop()  # a spare of the daily ring
    staging = stage(folder, reused)
    try:
        filled = fill(staging, live, previous, shared=shared)
        if filled.linked:
            mark(folder, name, staging)
        os.rename(staging, final)  # every file's bytes are on disk; the names follow
    except BaseException:
        remove_tree(staging)
        raise
    made = Backup(name, final)
    if reason is None and not group:  # no daily backup was left: the spares are what was
        for orphan in spares:  # left of backups deleted by hand; the ring starts anew from this
            remove_tree(orphan)
        spares = []
    _prune(sorted([made, *(b for b in found if b != oldest)], key=lambda b: b.name, reverse=True),
           keep, spares if reason is None else [])
    missing = 0
    if reason is None and reused is None:  # made anew: the ring is short of folders
        missing = max(0, KEEP - min(KEEP, len(group) + 1) - len(spares))
    return _Taken(made, previous, filled, missing)


def _oldest(group: list[Backup], name: str, keep: str | None) -> Backup | None:
    """The backup of the new one's kind that pruning would delete once the new one is in
    place, to be made into it; None if none would (or the new one would be pruned itself)."""
    if len(group) < KEEP or name < group[KEEP - 1].name:
        return None
    return next((b for b in reversed(group[KEEP - 1:]) if b.name != keep), None)


def prune(layout: Layout, keep: str | None = None) -> None:
    """Keep the newest seven of each kind (and ``keep``, a backup about to be restored)."""
    found, _, spares = _listing(layout)
    _prune(found, keep, spares)


def _prune(backups: list[Backup], keep: str | None, spares: list[str]) -> None:
    """The newest seven of each kind, and no more spares than the daily ring lacks."""
    daily = [b for b in backups if b.is_daily]
    for group in (daily, [b for b in backups if not b.is_daily]):
        for old in group[KEEP:]:
            if old.name != keep:
                remove_tree(old.path)
    for surplus in spares[max(0, KEEP - len(daily)):]:
        remove_tree(surplus)


def restore(layout: Layout, backup: Backup) -> Backup | None:
    """Put ``backup`` in place of the current data, after backing the current data up.

    Many files change, so the restore is written down first (``unfinished``): one cut
    short by a crash is finished by the next Trust Tracker to open the data."""
    safety = take_backup(layout, "restore", keep=backup.name)  # (even the oldest is kept)
    begin(layout, "restore", backup.name)
    safety = put_in_place(layout, backup, safety)
    end(layout)
    return safety


def put_in_place(layout: Layout, backup: Backup, safety: Backup | None) -> Backup | None:
    """The files of ``backup`` in place of the data's (again, harmlessly, after a crash)."""
    held = [os.path.relpath(p, backup.path) for p in backup.files()]  # (by path in the backup)
    for rel in [rel for rel in held if os.path.isdir(layout.at(rel))]:
        # A folder where a file belongs is moved into the safety backup, never deleted.
        if safety is None:
            name = f"{dt.datetime.now():%Y-%m-%d-%H%M%S}-before-restore"
            safety = Backup(name, f"{layout.backups_dir}/{name}")
        target = os.path.join(safety.path, rel)
        ensure_private_dir(os.path.dirname(target))
        os.replace(layout.at(rel), target)
    restored = {layout.at(rel) for rel in held}  # (as ``data_files`` spells them)
    for rel in held:
        target = layout.at(rel)
        if target != layout.main:
            ensure_private_dir(os.path.dirname(target))
            write_atomically(target, _text(os.path.join(backup.path, rel)))
    for stray in layout.data_files():
        if stray not in restored and stray != layout.main:
            os.unlink(stray)
    write_atomically(layout.main, _text(f"{backup.path}/{layout.main_name}"))
    remove_file(layout.undo_path)  # its steps undo changes to data now replaced
    return safety


def _text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# -- changes of many files, written down before they start -----------------------------
def begin(layout: Layout, kind: str, backup: str) -> None:
    """Note an import or a merge (undone by ``backup`` if cut short) or a restore (of
    ``backup``)."""
    write_atomically(layout.unfinished_path, json.dumps({"kind": kind, "backup": backup}))


def end(layout: Layout) -> None:
    remove_file(layout.unfinished_path)


def unfinished(layout: Layout) -> dict[str, str] | None:
    try:
        note = json.loads(read_regular_file(layout.unfinished_path, 4096))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"kind": "unreadable", "backup": ""}
    return note if isinstance(note, dict) else {"kind": "unreadable", "backup": ""}


def finish_unfinished(layout: Layout) -> str | None:
    """With the lock held: complete a restore, or undo an import, that a crash cut short;
    what was done, to say."""
    note = unfinished(layout)
    if note is None:
        return None
    what = {"import": "An import", "merge": "A merge"}.get(str(note.get("kind")))
    if what and not note.get("backup"):  # into empty data
        for path in layout.data_files():
            remove_file(path)
        end(layout)
        return f"{what} was cut short; your data is as it was before it (empty)."
    found = {b.name: b for b in list_backups(layout)}.get(str(note.get("backup")))
    if found is None or not is_good(found, layout.main_name):
        end(layout)  # nothing to finish it with: the data is left as it is, and checked
        return None
    put_in_place(layout, found, None)
    end(layout)
    if what:
        return f"{what} was cut short; your data is as it was before it."
    return f"A restore of backup {found.name!r} was cut short; it is finished now."



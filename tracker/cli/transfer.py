"""The command line's export and import.

Long exports and imports show a Rich progress bar on a terminal (on stderr, so a pipe
gets only the result). Ctrl+C stops them with the data exactly as it was: an import
writes nothing until its one transaction, which puts everything back if cut short.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from .. import transfer
from ..domain.text import printable
from ..porting.merge import counted
from ..porting.model import Progress
from ..service import Tracker
from ..terminal import ask, write

@contextlib.contextmanager
def progress_bar(what: str) -> Iterator[Progress | None]:
    """A progress bar on a terminal's stderr; nothing at all in a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress as Bar, TaskProgressColumn, TextColumn

    with Bar(TextColumn(what), BarColumn(), TaskProgressColumn(), transient=True,
             console=Console(stderr=True)) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total or None)


def export(t: Tracker, a: argparse.Namespace) -> str:
    out = Path(a.out).expanduser() if a.out else Path(
        transfer.default_export_name(a.format, t.today.isoformat()))
    transfer.check_export_target(out, a.format)
    with progress_bar("Exporting") as progress:
        return transfer.export(t, a.format, out, progress)


def import_(t: Tracker, a: argparse.Namespace) -> str:
    path = Path(a.path).expanduser()
    with progress_bar(f"Reading {printable(path.name)}") as progress:
        bundle = transfer.read_source(path, a.source, t.today, progress)
        planned = transfer.plan(t, bundle)
    lines = [f"From {bundle.source} ({printable(str(path))}):", *planned.describe()]
    if not planned.changes_anything:
        return "\n".join([*lines, "Nothing new to import; your data is unchanged."])
    if a.dry_run:
        return "\n".join([*lines, f"Dry run: {counted(planned.new_habits, 'new habit')} and "
                          f"{counted(planned.day_count, 'day')} would be added. Nothing was changed."])
    joins = [p for p in planned.habits if not p.is_new and p.days]
    if joins and not a.yes and sys.stdin.isatty():
        write("\n".join(lines))
        names = ", ".join(p.habit.name for p in joins)
        if ask(f"Add these days to your existing habits ({names})? [y/N] ").strip().lower() not in ("y", "yes"):
            return "Nothing was imported."
        lines = []
    with progress_bar("Adding the days and working out streaks"):
        backup = transfer.apply(t, planned)
    kept = (f" A backup from just before is kept: trust-tracker backup restore {backup}"
            if backup else "")
    return "\n".join([*lines, f"Imported {counted(planned.new_habits, 'new habit')} and "
                      f"{counted(planned.day_count, 'day')}.{kept}"])


def merge(t: Tracker, a: argparse.Namespace) -> str:
    path = Path(a.path).expanduser()
    taken, backup = transfer.merge(t, path, dry_run=a.dry_run)
    where = printable(str(path))
    if not (taken.habits or taken.days):
        return f"Nothing in {where} is newer than your data; your data is unchanged."
    if a.dry_run:
        return f"Dry run: {taken.describe()} would come in from {where}. Nothing was changed."
    kept = f" A backup from just before is kept: trust-tracker backup restore {backup}" if backup else ""
    return f"Merged {taken.describe()} from {where}.{kept}"

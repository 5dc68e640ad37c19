"""Export and import over the service, shared by the command line and the app.

The formats live in :mod:`tracker.porting` (files in, histories out and back); this module
chooses the format, asks the service for the data and hands it the merged result, so both
front ends say and do the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from .domain import TrackerError
from .porting.merge import ImportPlan, counted, plan_import
from .porting.model import Bundle, FormatError, Progress
from .porting.native import is_our_export, write_csv, write_json
from .porting.reading import check_regular, is_loop_file, read_head
from .domain.text import printable
from .service import Tracker

if TYPE_CHECKING:
    from .store.intake import Incoming, Taken

# Each format's reader: (module in tracker.porting, function), loaded when it reads, so an
# import of our own export loads no reader of Loop's backups (SQLite, ZIP), harsh or dijo.
READERS = {"json": ("native", "read_json"), "loop": ("loop", "read_loop"),
           "harsh": ("harsh", "read_harsh"), "dijo": ("dijo", "read_dijo")}


def reader_of(fmt: str) -> Callable[[Path, dt.date, Progress | None], Bundle]:
    module, name = READERS[fmt]
    found: Callable[[Path, dt.date, Progress | None], Bundle] = getattr(
        import_module(f"{__package__}.porting.{module}"), name)
    return found


def export(tracker: Tracker, fmt: str, out: Path, progress: Progress | None = None) -> str:
    """Write the export; returns the sentence that says what was written where."""
    habits = tracker.all_habits()
    months = tracker.store.months()
    if fmt == "json":
        count = write_json(habits, tracker.stored_months(), out, tracker.today, progress, len(months))
        return f"Exported {counted(len(habits), 'habit')} and {counted(count, 'check-in')} to {out}."
    if fmt == "csv":
        count = write_csv(habits, tracker.stored_months(), out, progress, len(months))
        return (f"Exported {counted(len(habits), 'habit')} to {out / 'habits.csv'} and "
                f"{counted(count, 'check-in')} to {out / 'checkins.csv'}.")
    if fmt == "loop-csv":
        from .porting.loop_export import write_loop_csv

        unshown = write_loop_csv(((h, tracker.full_history(h)) for h in habits), out, progress)
        return "\n".join([f"Exported {counted(len(habits), 'habit')} in Loop Habit Tracker's "
                          f"CSV layout to {out}.", *unshown])
    raise ValueError(fmt)


def check_export_target(out: Path, fmt: str) -> None:
    """Say what is wrong with where an export would go, before any work is done."""
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise TrackerError(f"{out} is a file; a CSV export is a folder of two files, so name a folder.")
        if not out.parent.is_dir():
            raise TrackerError(f"There is no folder {out.parent} to put {out.name} in.")
        return
    if out.is_dir():
        raise TrackerError(f"{out} is a folder; name the file to write, like {out / 'export.json'}")
    if not out.parent.is_dir():
        raise TrackerError(f"There is no folder {out.parent} to write {out.name} in.")


def default_export_name(fmt: str, day: str) -> str:
    return {"json": f"trust-tracker-{day}.json", "csv": f"trust-tracker-{day}-csv",
            "loop-csv": f"Loop Habits CSV {day}.zip"}[fmt]


def read_source(path: Path, fmt: str, today: dt.date, progress: Progress | None = None) -> Bundle:
    """Read a file of another tracker (or ours) into a history; a bad file raises
    ``FormatError`` naming the file, the line and what is wrong."""
    if not path.exists():
        raise FormatError(path, None, "there is no such file or folder")
    check_regular(path)  # a pipe or a device is refused before anything opens it to read
    reader = reader_of(fmt if fmt != "auto" else detect(path))
    try:
        return reader(path, today, progress)
    except OSError as err:
        raise FormatError(getattr(err, "filename", None) or path, None,
                          f"it could not be read ({err.strerror or err})") from None
    except Exception as err:
        import sqlite3  # (only Loop's backups are read with it: loaded by then if one was)

        if isinstance(err, sqlite3.Error):
            raise FormatError(path, None, f"the backup could not be read ({err})") from None
        raise


def detect(path: Path) -> str:
    """Which tracker made this, from its name and first bytes."""
    if path.is_dir():
        for marker, fmt in (("Habits.csv", "loop"), ("habits", "harsh"),
                            ("habit_record.json", "dijo")):
            if (path / marker).is_file():
                return fmt
    else:
        head = read_head(path, 200).removeprefix(b"\xef\xbb\xbf")  # a byte-order mark
        if is_loop_file(head) or path.name == "Habits.csv":
            return "loop"
        if path.name in ("habits", "log"):
            return "harsh"
        if is_our_export(head):
            return "json"
        if head.lstrip().startswith(b"["):
            return "dijo"
    raise FormatError(path, None, "I can't tell which tracker made this; name it with "
                      "--from loop, harsh, dijo or json")


def merge(tracker: Tracker, path: Path, *, dry_run: bool) -> tuple[Taken, str | None]:
    """Take in another data folder or JSON export, record by record (see
    :mod:`tracker.store.intake`): what came in (or would), and the backup taken first."""
    incoming = merge_source(tracker, path)
    with tracker.store.locked():
        tracker.refresh()
        taken, backup = tracker.store.merge(incoming, dry_run=dry_run)
    if not dry_run and (taken.habits or taken.days):
        tracker.reload()
    return taken, backup


def merge_source(tracker: Tracker, path: Path) -> Incoming:
    """What ``path`` holds, as versions: another data folder (any version; its main file
    named, or the folder holding ``tracker.json``) or our JSON export (as of time 0:
    older than any change in the data, so a day recorded differently keeps yours)."""
    from .store.intake import read_folder
    from .store.layout import Layout
    from .store.schema import SchemaError

    if not path.exists():
        raise TrackerError(f"There is no such file or folder: {printable(str(path))}")
    main = _main_file(path) if path.is_dir() else path
    if main is None:
        raise TrackerError(f"{printable(str(path))} holds no Trust Tracker data (no tracker.json).")
    if main.resolve() == Path(tracker.store.layout.main).resolve():
        raise TrackerError(f"{printable(str(path))} is this data itself; name the other copy.")
    check_regular(main)
    if is_our_export(read_head(main, 200).removeprefix(b"\xef\xbb\xbf")):
        return _export_versions(read_source(main, "json", tracker.today))
    try:
        return read_folder(Layout(str(main)))
    except SchemaError as err:
        raise TrackerError(f"{printable(str(main))} cannot be merged: {err}.") from None
    except OSError as err:
        raise TrackerError(f"{printable(str(main))} cannot be merged: it could not be read "
                           f"({err.strerror or err}).") from None


def _main_file(folder: Path) -> Path | None:
    """A data folder's main file: ``tracker.json``, or the one ``NAME.json`` with its
    ``NAME-devices`` (or older ``NAME-checkins``) folder beside it."""
    if (folder / "tracker.json").is_file():
        return folder / "tracker.json"
    found = [p for p in folder.glob("*.json") if p.is_file() and any(
        (folder / f"{p.stem}-{part}").is_dir() for part in ("devices", "checkins"))]
    return found[0] if len(found) == 1 else None


def _export_versions(bundle: Bundle) -> Incoming:
    from .domain.versions import Stamp, Version
    from .store.intake import OLDER, Incoming
    from .store.layout import month_of

    incoming = Incoming()
    older = Stamp(0, OLDER)
    for history in bundle.habits:
        habit = history.original
        if habit is None:
            continue
        incoming.habits[habit.id] = Version(habit, older)
        for day, checkin in history.days.items():
            incoming.months.setdefault(month_of(day), {})[(habit.id, day)] = Version(checkin, older)
    return incoming


def plan(tracker: Tracker, bundle: Bundle) -> ImportPlan:
    return plan_import(bundle, tracker.all_habits(), tracker.full_history, tracker.today, _new_id)


def _new_id() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def apply(tracker: Tracker, planned: ImportPlan) -> str | None:
    """Back up, then store the plan in one transaction. Returns the backup's name."""
    from .store.backups import begin, end, take_backup

    if not planned.changes_anything:
        return None
    with tracker.store.locked():  # the plan holds while it is written: nobody writes between
        if tracker.refresh():
            raise TrackerError("Your data changed while the import was being prepared (in "
                               "another window or from the command line); nothing was "
                               "imported. Import again to see what it would add now.")
        backup = take_backup(tracker.store.layout, "import")
        # cut short by a crash, the next open puts the backup back (or empties new data)
        begin(tracker.store.layout, "import", backup.name if backup else "")
        tracker.import_habits([(p.habit, p.days) for p in planned.habits if p.is_new or p.days])
        end(tracker.store.layout)
    tracker.day_report()  # years of new history: streaks worked out once, here …
    tracker.save_checkpoints()  # … and kept, so the next open starts near today
    return backup.name if backup else None

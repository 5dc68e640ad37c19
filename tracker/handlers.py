"""What each command does, over the service: each handler returns text, JSON-ready data
or None, and raises ``TrackerError`` for a problem the person can fix.

Kept apart from :mod:`tracker.cli` so that opening the app never imports the service,
the domain or TinyDB before its first frame (the CLI imports this module only for a
command).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .domain.bounds import checked_day
from .domain.days import undone
from .domain import CheckIn, DayStatus, Habit, HabitKind, HabitReport, NewHabit, TrackerError, parse_schedule
from .domain.report import progress, to_go
from .render import day_json, day_text, habit_json, habit_line, week_json, week_text
from .service import Tracker
from . import transfer_commands
from .clock import Configured
from .store import STORAGE_ERRORS, Layout, resolve_db_path
from .store import backups as backup_files


def parse_day(text: str, today: dt.date | None = None) -> dt.date:
    """An ISO date, or 'today' / 'yesterday' relative to ``today``."""
    words = text.strip().lower()
    if today is not None and words in ("today", "yesterday"):
        return checked_day(today - dt.timedelta(days=words == "yesterday"))
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise TrackerError(f"{text!r} is not a date; write it like 2026-11-26 "
                           "(or 'today', 'yesterday').") from None
    return checked_day(day)


def run(args: argparse.Namespace, setup: Configured, writable: bool) -> Any:
    """Open the data, run the command, close the data; problems come back as TrackerError.
    ``setup`` holds the settings and the clock the app uses too, so both agree on what
    today is (and on the day a week begins)."""
    if args.command == "backup":
        try:
            return _backup(Layout(resolve_db_path(getattr(args, "db", None))), args)
        except KeyboardInterrupt:  # a backup being taken is cleared away; a restore may be half done
            raise Interrupted(args.backup_command == "restore", False) from None
    try:
        tracker = Tracker.open(getattr(args, "db", None), setup.clock, setup.settings.week_start,
                               writable=writable)
    except STORAGE_ERRORS as err:
        raise TrackerError(str(err)) from err
    except OSError as err:
        raise TrackerError(f"cannot open the data: {err.strerror or err}") from err
    if tracker.store.recovered:
        from .terminal import say_error

        say_error(f"trust-tracker: {tracker.store.recovered}")
    try:
        output = HANDLERS.get(args.command or "status", _status)(tracker, args)
        tracker.save_checkpoints()  # a cache, for the next command: read-only ones too
        return output
    except STORAGE_ERRORS as err:  # damage found midway (an older month, the undo log)
        raise TrackerError(str(err)) from err
    except KeyboardInterrupt:
        raise Interrupted(tracker.store.saving, tracker.store.saved_changes > 0) from None
    finally:
        try:
            tracker.close()
        except KeyboardInterrupt:
            raise Interrupted(tracker.store.saving, tracker.store.saved_changes > 0) from None


class Interrupted(Exception):
    """Ctrl+C in the middle of a command, with what it had written by then."""

    def __init__(self, unsure: bool, saved: bool) -> None:
        super().__init__("interrupted")
        self.unsure, self.saved = unsure, saved

    def message(self, command: str | None) -> str:
        if self.unsure and command == "backup":
            return "Stopped during the restore: it may be half done; check with: trust-tracker backup list"
        if self.unsure:
            return "Stopped while saving: the change may have been saved; check with: trust-tracker status"
        if self.saved:
            return "Stopped after the change was saved."
        return transfer_commands.interrupted(command)


def _add(t: Tracker, a: argparse.Namespace) -> str:
    kind = HabitKind(a.kind) if a.kind else (
        HabitKind.ACTION if a.for_whom.strip() else HabitKind.PROMISE)
    new = NewHabit(a.name, kind, parse_schedule(a.schedule), a.target, a.for_whom, a.why,
                   tuple(a.tag), unit=a.unit, at_most=a.at_most)
    start = parse_day(a.start, t.today) if a.start else None
    habit = t.add(new, start)
    return f"Added {habit_line(habit)}."


def _list(t: Tracker, a: argparse.Namespace) -> Any:
    habits = t.habits(archived=a.archived)
    if a.json:
        return [habit_json(h) for h in habits]
    if not habits:
        return "No archived habits." if a.archived else "No habits yet. Add one with: trust-tracker add NAME"
    return "\n".join(habit_line(h) for h in habits)


def _check(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.find(a.habit)
    day = parse_day(a.date, t.today) if a.date is not None else None
    if a.skip:
        t.skip(habit, day, a.note)
        verb = "excused"
    elif a.undo:
        t.uncheck(habit, day, a.note)
        verb = "cleared"
    else:
        checkin = t.check(habit, day, a.value, a.note)
        verb = amount_verb(habit, checkin)
    report = t.report(habit)
    when = (day or t.today).isoformat()
    left = to_go(report) if report.still_due else ""
    left = f" {left[:1].upper()}{left[1:]}." if left else ""  # a sentence of its own
    return (f"{habit.name}: {when} {verb}. Streak {report.current.describe()},"
            f" {report.stage.label}.{left}")


def amount_verb(habit: Habit, checkin: CheckIn) -> str:
    """What a check did: "kept", "kept (2.5/2.5 km)", "recorded (1/at most 2 cups)"."""
    if checkin.value is None:
        return "cleared"
    if not habit.measured:
        return "kept"
    word = "kept" if habit.keeps(checkin.value) else "recorded"
    return f"{word} ({progress(habit, checkin.value)})"


def _note(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.find(a.habit)
    t.note(habit, parse_day(a.date, t.today) if a.date is not None else None, a.text)
    return f"Note saved for {habit.name}."


def _pause(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.find(a.habit)
    first, last = parse_day(a.first, t.today), parse_day(a.last, t.today)
    t.pause(habit, first, last)
    return f"{habit.name} paused from {first.isoformat()} to {last.isoformat()}; those days are excused."


def _undo(t: Tracker, a: argparse.Namespace) -> str:
    return undone(t.undo(), t.today)


def _status(t: Tracker, a: argparse.Namespace) -> Any:
    if getattr(a, "short", False):
        return _short_status(t)
    report = t.day_report()
    return day_json(report) if getattr(a, "json", False) else day_text(report)


@dataclass(frozen=True)
class Reply:
    """Output with an exit code other than 0 (``due`` says "nothing due" with 1)."""

    text: str
    code: int


DUE_FOUND, NOTHING_DUE = 0, 1  # like grep: 0 when there is something to show


def _still_open(report: HabitReport) -> bool:
    """Something left to do for it today (a kept or excused day is never "due")."""
    return bool(report.still_due) and report.status not in (DayStatus.DONE, DayStatus.SKIPPED)


def _due(t: Tracker, a: argparse.Namespace) -> Reply:
    """What is still due today; the exit code says whether anything is (0) or not (1)."""
    reports = [r for r in t.day_report().habits if _still_open(r)]
    code = DUE_FOUND if reports else NOTHING_DUE
    if a.count:
        return Reply(str(len(reports)), code)
    if a.quiet:
        return Reply("", code)
    if not reports:
        return Reply("Nothing is due today: every promise for today is kept or excused.", code)
    return Reply("\n".join(f"{r.habit.name} · {to_go(r)}" for r in reports), code)


def _short_status(t: Tracker) -> str:
    """One line for a status bar: kept today, still due, and where you stand."""
    day = t.day_report()
    if not day.habits:
        return "no habits yet"
    left = sum(1 for r in day.habits if _still_open(r))
    return f"{day.kept_today}/{day.due_today} kept · {left} due · {day.stage.label}"


def _week(t: Tracker, a: argparse.Namespace) -> Any:
    week = t.week(parse_day(a.date, t.today) if a.date is not None else None)
    return week_json(week) if a.json else week_text(week)


def _archive(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.archive(t.find(a.habit))
    return (f"Archived {habit.name}; its history is kept. Bring it back with: "
            f"trust-tracker restore {shlex.quote(habit.name)}")


def _restore(t: Tracker, a: argparse.Namespace) -> str:
    habit = t.restore(t.find(a.habit, archived=True))
    return f"Restored {habit.name}."


def _backup(layout: Layout, a: argparse.Namespace) -> str:
    """Backups work on the files directly, so they help even when the data will not open."""
    from .store.lock import acquire

    if a.backup_command == "list":
        found = backup_files.list_backups(layout)
        if not found:
            return f"No backups yet in {layout.backups_dir}."
        return "\n".join(f"{item.name}  ({len(item.files())} files, "
                         f"{'good' if backup_files.is_good(item, layout.main.name) else 'damaged'})"
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
        if not backup_files.is_good(chosen, layout.main.name):
            raise TrackerError(f"backup {name!r} is damaged too; choose another from: "
                               "trust-tracker backup list")
    safety = backup_files.restore(layout, chosen)
    kept = f" Your data as it was is kept as backup {safety.name!r}." if safety else ""
    return f"Restored backup {chosen.name!r}.{kept}"


HANDLERS: dict[str, Callable[[Tracker, argparse.Namespace], Any]] = {
    "add": _add, "list": _list, "check": _check, "note": _note, "pause": _pause,
    "undo": _undo, "status": _status, "week": _week, "archive": _archive, "restore": _restore,
    "export": transfer_commands.export, "import": transfer_commands.import_,
    "merge": transfer_commands.merge, "due": _due,
}

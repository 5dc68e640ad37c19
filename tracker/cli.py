"""The command line: parse, call the service, print. No rules live here."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__
from .clock import Clock, FixedClock, SystemClock
from .domain import HabitKind, NewHabit, TrackerError, parse_schedule
from .domain.schedules import SCHEDULE_HELP
from .render import day_json, day_text, habit_json, habit_line, week_json, week_text
from .service import Tracker
from .store import STORAGE_ERRORS, Layout, resolve_db_path
from .store import backups as backup_files

PROG = "trust-tracker"


def parse_day(text: str, today: dt.date | None = None) -> dt.date:
    """An ISO date, or 'today' / 'yesterday' relative to ``today``."""
    words = text.strip().lower()
    if today is not None and words in ("today", "yesterday"):
        return today - dt.timedelta(days=words == "yesterday")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise TrackerError(f"{text!r} is not a date; write it like 2026-11-26 "
                           "(or 'today', 'yesterday').") from None


def _iso(text: str) -> dt.date:
    """argparse type for --today: strict ISO, reported as a usage error."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-26") from None


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="data file (default: $TRUST_TRACKER_DB or your data folder)")
    common.add_argument("--today", metavar="YYYY-MM-DD", type=_iso, default=argparse.SUPPRESS,
                        help="treat this date as today")
    parser = argparse.ArgumentParser(
        prog=PROG, parents=[common],
        description="Track the small promises that rebuild trust. "
                    "Run without a command to see today.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on a throw-away database with a few months of history")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=text, description=text)

    add = command("add", "start a new habit")
    add.add_argument("name")
    kind = add.add_mutually_exclusive_group()
    kind.add_argument("--action", dest="kind", action="store_const", const=HabitKind.ACTION,
                      help="a consistency action, done for someone (default with --for)")
    kind.add_argument("--promise", dest="kind", action="store_const", const=HabitKind.PROMISE,
                      help="a self-trust promise, kept to yourself (the default)")
    add.add_argument("--for", dest="for_whom", default="", metavar="PERSON",
                     help="who the action is for")
    add.add_argument("--schedule", default="daily", help=f"when: {SCHEDULE_HELP}")
    add.add_argument("--target", type=int, default=1, help="times per day for a count habit")
    add.add_argument("--why", default="", help="your reason, shown beside the habit")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    add.add_argument("--start", metavar="DATE", help="first day (default today)")

    lst = command("list", "list your habits")
    lst.add_argument("--archived", action="store_true", help="list archived habits")
    lst.add_argument("--json", action="store_true", help="print JSON")

    check = command("check", "mark a day kept (or skipped, or cleared)")
    check.add_argument("habit")
    check.add_argument("--date", default=None, help="the day (default today)")
    mode = check.add_mutually_exclusive_group()
    mode.add_argument("--skip", action="store_true", help="excuse the day (rest, travel, illness)")
    mode.add_argument("--undo", action="store_true", help="clear the day's mark (keeps the note)")
    mode.add_argument("--value", type=int, help="set a count habit's value for the day")
    check.add_argument("--note", help="a short note for the day")

    note = command("note", "write the day's note without changing its mark")
    note.add_argument("habit")
    note.add_argument("text")
    note.add_argument("--date", default=None, help="the day (default today)")

    pause = command("pause", "set days aside (vacation, illness); they count as excused")
    pause.add_argument("habit")
    pause.add_argument("--from", dest="first", required=True, metavar="DATE")
    pause.add_argument("--to", dest="last", required=True, metavar="DATE")

    command("undo", "undo the last change")
    status = command("status", "today's habits, streaks and stages")
    status.add_argument("--json", action="store_true", help="print JSON")
    week = command("week", "a week at a glance")
    week.add_argument("--date", default=None, help="any day in the week (default today)")
    week.add_argument("--json", action="store_true", help="print JSON")
    for name, text in (("archive", "put a habit away (history is kept)"),
                       ("restore", "bring an archived habit back")):
        command(name, text).add_argument("habit")

    backup = command("backup", "list, take or restore backups of your data")
    backup_sub = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    backup_sub.add_parser("list", parents=[common], help="list backups, newest first")
    backup_sub.add_parser("now", parents=[common], help="take a backup now")
    restore = backup_sub.add_parser("restore", parents=[common],
                                    help="put a backup in place of your data (default: newest good)")
    restore.add_argument("name", nargs="?")
    return parser


READ_ONLY_COMMANDS = frozenset({None, "list", "status", "week"})


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    clock: Clock = FixedClock(args.today) if getattr(args, "today", None) else SystemClock()
    if args.command is None and (args.demo or (sys.stdin.isatty() and sys.stdout.isatty())):
        return _run_app(args)
    if args.command == "backup":
        return _backup(Layout(resolve_db_path(getattr(args, "db", None))), args)
    try:
        tracker = Tracker.open(getattr(args, "db", None), clock,
                               writable=args.command not in READ_ONLY_COMMANDS)
    except STORAGE_ERRORS as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"cannot open the data: {err.strerror or err}")
    try:
        handler = HANDLERS.get(args.command or "status", _status)
        output = handler(tracker, args)
    except TrackerError as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"nothing was saved: {err.strerror or err} ({getattr(err, 'filename', '')})")
    finally:
        tracker.close()
    if output is not None:
        print(output if isinstance(output, str) else json.dumps(output, indent=2, ensure_ascii=False))
    return 0


def _run_app(args: argparse.Namespace) -> int:
    """The full-screen app (Textual is imported only here, so scripts start fast)."""
    from .ui.app import make_app

    try:
        app = make_app(getattr(args, "db", None), getattr(args, "today", None), demo=args.demo)
    except STORAGE_ERRORS as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"cannot open the data: {err.strerror or err}")
    try:
        app.run()
    finally:
        app.session.close()
    return 0


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 1


# -- handlers: each returns text, JSON-ready data, or None ------------------------------
def _add(t: Tracker, a: argparse.Namespace) -> str:
    kind = a.kind or (HabitKind.ACTION if a.for_whom.strip() else HabitKind.PROMISE)
    new = NewHabit(a.name, kind, parse_schedule(a.schedule), a.target, a.for_whom, a.why,
                   tuple(a.tag))
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
        verb = f"kept ({checkin.value}/{habit.target})" if habit.is_count else "kept"
        if checkin.value == 0:
            verb = "cleared"
    report = t.report(habit)
    when = (day or t.today).isoformat()
    left = f" {report.still_due} to go {report.due_over}." if report.still_due else ""
    return (f"{habit.name}: {when} {verb}. Streak {report.current.describe()},"
            f" {report.stage.label}.{left}")


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
    label = t.undo()
    return "Nothing to undo." if label is None else f"Undid: {label}."


def _status(t: Tracker, a: argparse.Namespace) -> Any:
    report = t.day_report()
    return day_json(report) if getattr(a, "json", False) else day_text(report)


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


def _backup(layout: Layout, a: argparse.Namespace) -> int:
    """Backups work on the files directly, so they help even when the data will not open."""
    from .store.lock import acquire

    if a.backup_command == "list":
        found = backup_files.list_backups(layout)
        for item in found:
            state = "good" if backup_files.is_good(item, layout.main.name) else "damaged"
            print(f"{item.name}  ({len(item.files())} files, {state})")
        if not found:
            print(f"No backups yet in {layout.backups_dir}.")
        return 0
    try:
        lock = acquire(layout, 2.0)
    except STORAGE_ERRORS as err:
        return _fail(str(err))
    try:
        if a.backup_command == "now":
            taken = backup_files.take_backup(layout, "manual")
            print(f"Backed up to {taken.path}." if taken else "There is no data to back up yet.")
            return 0
        return _restore_backup(layout, a.name)
    except OSError as err:
        return _fail(f"the backup step failed: {err.strerror or err}")
    finally:
        lock.release()


def _restore_backup(layout: Layout, name: str | None) -> int:
    found = {b.name: b for b in backup_files.list_backups(layout)}
    if name is None:
        chosen = backup_files.newest_good(layout)
        if chosen is None:
            return _fail(f"there is no good backup in {layout.backups_dir}.")
    elif name not in found:
        return _fail(f"no backup called {name!r}; see: trust-tracker backup list")
    else:
        chosen = found[name]
        if not backup_files.is_good(chosen, layout.main.name):
            return _fail(f"backup {name!r} is damaged too; choose another from: trust-tracker backup list")
    safety = backup_files.restore(layout, chosen)
    kept = f" Your data as it was is kept as backup {safety.name!r}." if safety else ""
    print(f"Restored backup {chosen.name!r}.{kept}")
    return 0


HANDLERS: dict[str, Callable[[Tracker, argparse.Namespace], Any]] = {
    "add": _add, "list": _list, "check": _check, "note": _note, "pause": _pause,
    "undo": _undo, "status": _status, "week": _week, "archive": _archive, "restore": _restore,
}

"""The command line's grammar: every command and its options (argparse).

Light on purpose: the bare command opens the app, which paints before it loads the data
(see :mod:`tracker.ui.session`), so nothing here imports the service, the store or the
readers of other trackers' files (their format names come from :mod:`tracker.porting`,
which loads them on use).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .. import __version__
from ..domain.bounds import checked_day
from ..domain.errors import TrackerError
from ..domain.phrases import SCHEDULE_HELP  # words only: no dateutil before the app paints
from .prompt import COMMON  # (standard library only)

if TYPE_CHECKING:
    from typing import Any, NoReturn

PROG = "trust-tracker"


def _iso(text: str) -> dt.date:
    """argparse type for --today: strict ISO, reported as a usage error."""
    try:
        return checked_day(dt.date.fromisoformat(text), "day given as today")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-26") from None
    except TrackerError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _amount(text: str) -> Any:
    """argparse type for an amount: up to three decimals ("2.5"), else a usage error."""
    from ..domain.amounts import parse_amount

    try:
        return parse_amount(text)
    except TrackerError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _columns() -> int:
    """The help's width, found as ``shutil.get_terminal_size`` finds it ($COLUMNS, else the
    terminal's, else 80) without loading shutil, which argparse's own formatter does for
    every option it is given (with zlib, bz2 and lzma: about 3 ms a command)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (ValueError, OSError):  # a closed stdout, or not a terminal
            columns = 0
    return columns or 80


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors made safe: "unrecognized arguments" quotes what
    was typed as it is, which may hold escape sequences or undecodable bytes."""

    def __init__(self, **options: Any) -> None:
        # (the width found once a parser: argparse makes a formatter for every option added)
        options.setdefault("formatter_class", functools.partial(argparse.HelpFormatter,
                                                                width=_columns() - 2))
        super().__init__(**options)

    def error(self, message: str) -> NoReturn:
        from ..domain.text import printable

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


def _common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options every command takes (``--db``, ``--today``), added to ``parser``."""
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="data file (default: $TRUST_TRACKER_DB or your data folder)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", type=_iso, default=argparse.SUPPRESS,
                        help="treat this date as today")
    return parser


def _bare_command(argv: list[str]) -> argparse.Namespace | None:
    """``trust-tracker`` with no command (only --db, --today, --demo): read without building
    every command's parser, so the app starts sooner. Anything else — a command, --help,
    a mistake — goes to the full parser, which also says what is wrong."""
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    quick = _common(Parser(add_help=False, exit_on_error=False))
    quick.add_argument("--demo", action="store_true")
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command = None
    return args


def _add(add: argparse.ArgumentParser) -> None:
    add.add_argument("name")
    kind = add.add_mutually_exclusive_group()
    kind.add_argument("--action", dest="kind", action="store_const", const="action",
                      help="a consistency action, done for someone (default with --for)")
    kind.add_argument("--promise", dest="kind", action="store_const", const="promise",
                      help="a self-trust promise, kept to yourself (the default)")
    add.add_argument("--for", dest="for_whom", default="", metavar="PERSON",
                     help="who the action is for")
    add.add_argument("--schedule", default="daily", help=f"when: {SCHEDULE_HELP}")
    add.add_argument("--target", type=_amount, default=1, metavar="AMOUNT",
                     help="a day's amount for a measured habit (3, 2.5; default 1: yes/no)")
    add.add_argument("--unit", default="", help="what a measured habit counts in (km, glasses)")
    add.add_argument("--at-most", action="store_true",
                     help="the target is a limit kept: at most AMOUNT a day (0: none at all)")
    add.add_argument("--why", default="", help="your reason, shown beside the habit")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    add.add_argument("--start", metavar="DATE", help="first day (default today)")


def _list(lst: argparse.ArgumentParser) -> None:
    lst.add_argument("--archived", action="store_true", help="list archived habits")
    lst.add_argument("--json", action="store_true", help="print JSON")


def _check(check: argparse.ArgumentParser) -> None:
    check.add_argument("habit")
    check.add_argument("--date", default=None, help="the day (default today)")
    mode = check.add_mutually_exclusive_group()
    mode.add_argument("--skip", action="store_true", help="excuse the day (rest, travel, illness)")
    mode.add_argument("--undo", action="store_true", help="clear the day's mark (keeps the note)")
    mode.add_argument("--value", type=_amount, metavar="AMOUNT",
                      help="set a measured habit's amount for the day (2.5; 0 for a limit: none)")
    check.add_argument("--note", help="a short note for the day")


def _note(note: argparse.ArgumentParser) -> None:
    note.add_argument("habit")
    note.add_argument("text")
    note.add_argument("--date", default=None, help="the day (default today)")


def _pause(pause: argparse.ArgumentParser) -> None:
    pause.add_argument("habit")
    pause.add_argument("--from", dest="first", required=True, metavar="DATE")
    pause.add_argument("--to", dest="last", required=True, metavar="DATE")


def _nothing(parser: argparse.ArgumentParser) -> None:
    """A command without options of its own."""


def _status(status: argparse.ArgumentParser) -> None:
    shape = status.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON")
    shape.add_argument("--short", action="store_true",
                       help="one line for a prompt or status bar: '2/5 kept · 3 due · consistency'")


def _due(due: argparse.ArgumentParser) -> None:
    shape = due.add_mutually_exclusive_group()
    shape.add_argument("--count", action="store_true", help="print only how many habits are due")
    shape.add_argument("--quiet", "-q", action="store_true", help="print nothing; use the exit code")


def _week(week: argparse.ArgumentParser) -> None:
    week.add_argument("--date", default=None, help="any day in the week (default today)")
    week.add_argument("--json", action="store_true", help="print JSON")


def _a_habit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("habit")


def _export(export: argparse.ArgumentParser) -> None:
    from ..porting import EXPORT_FORMATS  # (names only: the writers load on use)

    export.add_argument("--format", choices=EXPORT_FORMATS, default="json",
                        help="json: a complete backup that import reads back; csv: a folder with "
                             "habits.csv and checkins.csv; loop-csv: Loop Habit Tracker's ZIP")
    export.add_argument("--out", metavar="PATH",
                        help="where to write (default: trust-tracker-DATE.json, -csv or Loop's ZIP name here)")


def _import(imp: argparse.ArgumentParser) -> None:
    from ..porting import IMPORT_FORMATS  # (names only: the readers load on use)

    imp.add_argument("path", help="the file or folder to read")
    imp.add_argument("--from", dest="source", choices=("auto", *IMPORT_FORMATS),
                     default="auto", help="which tracker made it (default: tell from the file)")
    imp.add_argument("--dry-run", action="store_true", help="say what would be added; change nothing")
    imp.add_argument("--yes", "-y", action="store_true",
                     help="don't ask before adding days to habits you already have")


def _merge(merge: argparse.ArgumentParser) -> None:
    merge.add_argument("path", help="the other data folder, its main file, or a JSON export")
    merge.add_argument("--dry-run", action="store_true", help="say what would come in; change nothing")


def _backup(backup: argparse.ArgumentParser) -> None:
    backup_sub = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    _common(backup_sub.add_parser("list", help="list backups, newest first"))
    _common(backup_sub.add_parser("now", help="take a backup now"))
    restore = _common(backup_sub.add_parser(
        "restore", help="put a backup in place of your data (default: newest good)"))
    restore.add_argument("name", nargs="?")


Options = Callable[[argparse.ArgumentParser], None]
COMMANDS: dict[str, tuple[str, Options]] = {  # each command: what it does, its options
    "add": ("start a new habit", _add),
    "list": ("list your habits", _list),
    "check": ("mark a day kept (or skipped, or cleared)", _check),
    "note": ("write the day's note without changing its mark", _note),
    "pause": ("set days aside (vacation, illness); they count as excused", _pause),
    "undo": ("undo the last change", _nothing),
    "status": ("today's habits, streaks and stages", _status),
    "due": ("what is still due today (exit 0: something is due, 1: nothing, 2: a problem)", _due),
    "week": ("a week at a glance", _week),
    "archive": ("put a habit away (history is kept)", _a_habit),
    "restore": ("bring an archived habit back", _a_habit),
    "export": ("write all your habits, check-ins and notes to a file", _export),
    "import": ("bring in history from Loop Habit Tracker, harsh, dijo or our own export", _import),
    "merge": ("merge another Trust Tracker data folder (another device's, an old one) or JSON "
              "export into this one, record by record", _merge),
    "backup": ("list, take or restore backups of your data", _backup),
}


def build_parser() -> argparse.ArgumentParser:
    """The whole grammar."""
    parser = _common(Parser(
        prog=PROG, description="Track the small promises that rebuild trust. "
                               "Run without a command to see today."))
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on a throw-away database with a few months of history")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (text, options) in COMMANDS.items():
        options(_common(sub.add_parser(name, help=text, description=text)))
    return parser


class _Mistake(Exception):
    """Words one command's grammar alone does not take (the whole grammar says why)."""


class _Alone(Parser):
    def error(self, message: str) -> NoReturn:
        raise _Mistake(message)


def command_parser(name: str) -> argparse.ArgumentParser:
    """One command's grammar alone, as ``build_parser`` makes it under the whole one, for
    the words of that command (see ``parse``): it reads them into what the whole grammar
    reads them into, and raises ``_Mistake`` for words it would not take."""
    text, options = COMMANDS[name]
    # (no -h: help is asked of the whole grammar; every ArgumentParser's words are looked
    # up by gettext, which looks for a translation file of each: a few stats a word)
    parser = _common(_Alone(prog=f"{PROG} {name}", description=text, add_help=False))
    options(parser)
    parser.set_defaults(command=name, demo=False)
    return parser


def _named_command(argv: list[str]) -> int | None:
    """Where in ``argv`` the command is, read past the common options; None when it is
    not plain (help asked for, a word that is no command, an option it does not know)."""
    at = 0
    while at < len(argv):
        arg = argv[at]
        if arg in COMMON:
            at += 2
        elif arg.partition("=")[0] in COMMON:
            at += 1
        else:
            return at if arg in COMMANDS and not {"-h", "--help"} & set(argv) else None
    return None


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments; the bare command's (the app's) without building every parser, and a
    named command's with only its own grammar built (the common options may come before
    the command's name, as the whole grammar takes them: they are read with the rest)."""
    words = list(argv)
    at = _named_command(words)
    if at is None:
        bare = _bare_command(words)
        return bare if bare is not None else build_parser().parse_args(words)
    try:
        return command_parser(words[at]).parse_args(words[:at] + words[at + 1:])
    except _Mistake:  # said as the whole grammar says it (its usage, its words)
        return build_parser().parse_args(words)

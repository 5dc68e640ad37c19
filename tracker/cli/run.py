"""Everything but a prompt's quick answer: parse, run the command (or open the app),
print what it returns, and turn every problem into one line and an exit code."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING, Any

from ..domain.errors import TrackerError
from .parser import PROG, parse

if TYPE_CHECKING:
    from .prompt import Seen

PROBLEM = {"due": 2}  # due's own exit codes: 0 something due, 1 nothing due, 2 a problem
# They leave their answers for the next prompt (see .prompt): due and status as they tell
# them, a change of a habit or a day once it is made.
ANSWERED = frozenset({"due", "status"})
PROMPTED = ANSWERED | {"add", "check", "note", "pause", "undo", "archive", "restore"}


def run(argv: list[str]) -> int:
    try:
        return _run(argv)
    except KeyboardInterrupt:  # before any data was opened (a handler reports its own)
        return _fail("Stopped; nothing was changed.", 130)
    except BrokenPipeError:  # --help or --version into a pipe that closed early
        from ..terminal import silence

        silence(sys.stdout)
        return 0


def _run(argv: list[str]) -> int:
    args = parse(argv)
    if args.command is None and (args.demo or (sys.stdin.isatty() and sys.stdout.isatty())):
        return run_app(args)
    from ..clock import configured
    from ..store.files import failure_text
    from . import handlers

    failed = PROBLEM.get(args.command, 1)
    try:
        seen = _seen(args)
        setup = configured(getattr(args, "today", None))  # the app's settings, the app's today
        if setup.problem:
            from ..terminal import say_error

            say_error(f"{PROG}: {setup.problem}")
        elif seen is not None:
            seen.day_starts_at = setup.settings.day_starts_at
            args.prompt_seen = seen
        output: Any = handlers.run(args, setup)
    except TrackerError as err:
        return _fail(str(err), failed)
    except OSError as err:
        return _fail(failure_text(err), failed)
    except handlers.Interrupted as stop:
        return _fail(stop.message(args.command), 130)
    code = 0
    if isinstance(output, handlers.Reply):
        output, code = output.text or None, output.code
    if output is not None:
        from ..terminal import json_text, write

        try:
            write(output if isinstance(output, str) else json_text(output))
        except KeyboardInterrupt:
            return _fail("Stopped while printing; the command itself had finished.", 130)
    return code


def _seen(args: argparse.Namespace) -> Seen | None:
    """For the commands that leave the next prompt its answers (see :mod:`.prompt`): the
    files as they are before anything reads them."""
    if args.command not in PROMPTED:
        return None
    from ..store.paths import resolve_db_path
    from ..store.settings import settings_path
    from .prompt import Seen

    return Seen(str(resolve_db_path(getattr(args, "db", None))), str(settings_path()),
                data=args.command in ANSWERED)


def run_app(args: argparse.Namespace) -> int:
    """The full-screen app (Textual is imported only here, so scripts start fast). It runs
    with the cyclic collector the command line starts without (see ``tracker.entry``),
    pausing it only while it starts (``ui.session.CollectorPause``)."""
    gc.enable()
    from ..ui.app import make_app

    try:
        app = make_app(getattr(args, "db", None), getattr(args, "today", None), demo=args.demo)
    except TrackerError as err:  # a TRUST_TRACKER_NOW that does not read
        return _fail(str(err))
    try:
        app.run()
    finally:
        app.session.close()
    if (problem := app.exit_problem()) is not None:  # data not opened, or changes not saved
        return _fail(problem)
    return app.return_code or 0


def _fail(message: str, code: int = 1) -> int:
    from ..terminal import say_error

    say_error(f"{PROG}: {message}")
    return code

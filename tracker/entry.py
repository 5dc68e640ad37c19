"""The ``trust-tracker`` command's first step: nothing imported yet but this, so Ctrl+C
while the rest loads (the command line, then a command's handlers) is said in one line,
never a traceback; and output into a pipe closed early (``status --json | head -1``) ends
quietly, as other Unix commands do."""

from __future__ import annotations

import gc
import os
import sys

CLOSED_PIPE = 128 + 13  # what a shell reports for a command stopped by SIGPIPE


def main() -> int:
    # A command is short: the cyclic collector would only walk the modules as they load
    # (about a tenth of a tick's CPU). Commands over a whole history turn it on again
    # (``handlers.BULK``); the app runs its own pause (``ui.session.CollectorPause``).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main()
    finally:
        if collecting:  # (as it was for whoever called: a test, the bench)
            gc.enable()


def _main() -> int:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("trust-tracker: Stopped; nothing was changed.\n")
        return 130
    try:
        code = run()
        sys.stdout.flush()  # a closed pipe shows here, not in Python's own exit
        return code
    except BrokenPipeError:
        # Whatever is still buffered has nowhere to go: point stdout at nothing so the
        # interpreter's last flush does not complain, then end as a stopped pipe does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return CLOSED_PIPE


def script() -> None:
    """The console script: :func:`main`, then the end of the process. A command has closed
    its data and said everything by then, so once what was registered to run at exit has
    run (a day's first backup deletes there what it put out of sight) and both streams
    are flushed, the process ends at once instead of taking every module apart (a tenth
    of a check's CPU). After the app, or with another thread still running, Python's own
    exit runs as usual."""
    code = main()
    threads = sys.modules.get("threading")
    if "textual" in sys.modules or (threads is not None and threads.active_count() > 1):
        sys.exit(code)
    gc.disable()  # (main put it back as it was: ending now, a collection walks for nothing)
    import atexit

    atexit._run_exitfuncs()  # (what ``os._exit`` would skip; its own errors are printed)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # ValueError: a stream main closed
        pass
    os._exit(code)

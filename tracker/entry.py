"""The ``trust-tracker`` command's first step: nothing imported yet but this, so Ctrl+C
while the rest loads (the command line, then a command's handlers) is said in one line,
never a traceback; and output into a pipe closed early (``status --json | head -1``) ends
quietly, as other Unix commands do."""

from __future__ import annotations

import os
import sys

CLOSED_PIPE = 128 + 13  # what a shell reports for a command stopped by SIGPIPE


def main() -> int:
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

"""The ``trust-tracker`` command's first step: nothing imported yet but this, so Ctrl+C
while the rest loads (the command line, then a command's handlers) is said in one line,
never a traceback."""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("trust-tracker: Stopped; nothing was changed.\n")
        return 130
    return run()

"""Output into a pipe that closes early ends quietly, as with any Unix command."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args", [["status", "--json"], ["week", "--json"], ["list", "--json"],
                                  ["status"]])
def test_a_pipe_closed_early_ends_quietly(seeded, args) -> None:
    for i in range(30):  # enough habits that the output outgrows a pipe's buffer
        seeded.ok("add", f"Habit with a rather long name to fill the pipe {i:02d}")
    command = [sys.executable, "-m", "tracker", "--db", str(seeded.db), "--today", "2026-11-26", *args]
    shell = subprocess.run(f"{subprocess.list2cmdline(command)} | head -c 10 >/dev/null; "
                           "echo \"exit ${PIPESTATUS[0]}\"",
                           shell=True, executable="/bin/bash", capture_output=True, text=True,
                           timeout=60, cwd=seeded.db.parent)
    assert "Traceback" not in shell.stderr and "BrokenPipe" not in shell.stderr, shell.stderr
    assert shell.stderr == "", shell.stderr
    assert shell.stdout.strip() in ("exit 0", "exit 141"), shell.stdout

"""How a command's process runs and ends: the cyclic collector off for a short command and
on for a long one and the app, and the console script ending at once once all is said."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tracker import entry
from tracker.domain.errors import TrackerError

from conftest import TODAY, Cli


def _ended(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          check=False)


def test_the_script_ends_with_everything_printed_and_the_exit_code() -> None:
    done = _ended("import sys; from tracker import entry\n"
                  "def main():\n"
                  "    sys.stdout.write('x' * 300_000); sys.stderr.write('said'); return 3\n"
                  "entry.main = main; entry.script()")
    assert (done.returncode, len(done.stdout), done.stderr) == (3, 300_000, "said")


def test_the_script_runs_what_was_registered_to_run_at_exit() -> None:
    """Ending at once skips module teardown, never the exit handlers (a day's first backup
    deletes there what it put out of sight)."""
    done = _ended("import atexit, sys; from tracker import entry\n"
                  "def main(): atexit.register(lambda: print('tidied', flush=True)); return 4\n"
                  "entry.main = main; entry.script()")
    assert (done.returncode, done.stdout) == (4, "tidied\n")


def test_the_script_waits_for_a_thread_still_running() -> None:
    """Another thread may still be writing: then Python's own exit runs, which waits."""
    done = _ended("import sys, threading, time; from tracker import entry\n"
                  "def late(): time.sleep(0.2); print('late', flush=True)\n"
                  "def main(): threading.Thread(target=late).start(); return 0\n"
                  "entry.main = main; entry.script()")
    assert (done.returncode, done.stdout) == (0, "late\n")


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _main(monkeypatch: pytest.MonkeyPatch, seeded: Cli, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["trust-tracker", "--db", str(seeded.db), "--today", TODAY, *args])
    return entry.main()


def test_a_short_command_runs_without_the_collector_and_leaves_it_as_it_was(
        monkeypatch: pytest.MonkeyPatch, seeded: Cli, collecting: None) -> None:
    import tracker.cli.habits as commands

    seen: list[bool] = []
    listing = commands.list_
    monkeypatch.setattr(commands, "list_", lambda t, a: seen.append(gc.isenabled()) or listing(t, a))
    assert _main(monkeypatch, seeded, "list") == 0
    assert seen == [False]
    assert gc.isenabled()


def test_an_export_runs_with_the_collector(monkeypatch: pytest.MonkeyPatch, seeded: Cli,
                                           collecting: None, tmp_path: object) -> None:
    import tracker.cli.transfer as transfer

    seen: list[bool] = []
    exporting = transfer.export
    monkeypatch.setattr(transfer, "export", lambda t, a: seen.append(gc.isenabled()) or exporting(t, a))
    assert _main(monkeypatch, seeded, "export", "--out", str(seeded.db.parent / "out.json")) == 0
    assert seen == [True]


def test_the_app_runs_with_the_collector(monkeypatch: pytest.MonkeyPatch, collecting: None) -> None:
    import tracker.cli.run as run
    import tracker.ui.app as app

    seen: list[bool] = []

    def make_app(*args: object, **kw: object) -> None:
        seen.append(gc.isenabled())
        raise TrackerError("no app in this test")

    monkeypatch.setattr(app, "make_app", make_app)
    gc.disable()  # as the command line starts
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    assert run.run_app(run.parse(["--today", TODAY])) == 1
    assert seen == [True]

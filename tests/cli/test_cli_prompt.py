"""A shell prompt's ``due`` and ``status --short``, answered from the summary the last full
answer left (tracker.cli.prompt) — and never from one that is out of date."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.cli import prompt
from tracker.clock import FixedClock
from tracker.places import FOLDERS, local_dir_name, plain_xdg_dir, user_folder
from tracker.service import Tracker

from conftest import TODAY, Cli

QUESTIONS = (("due", "--count"), ("due",), ("due", "--quiet"), ("due", "-q"), ("status", "--short"))
# Runs the command line in-process and says on stderr whether the service was loaded.
PROBE = ("import sys; from tracker.cli import main; code = main(sys.argv[1:]); "
         "sys.stdout.flush(); print('full' if 'tracker.service' in sys.modules else 'quick', "
         "file=sys.stderr); sys.exit(code)")


def ask(cli: Cli, *args: str, today: str | None = TODAY, now: str | None = None,
        refused: bool = False) -> tuple[str, int, str]:
    """(stdout, exit code, "quick" or "full"): how the command was answered (``refused``:
    a usage error is expected on stderr)."""
    command = [sys.executable, "-c", PROBE, "--db", str(cli.db)]
    command += ["--today", today] if today else []
    env = cli.env if now is None else {**cli.env, "TRUST_TRACKER_NOW": now}
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=60)
    *problems, how = done.stderr.splitlines()
    assert bool(problems) == refused, done.stderr  # refused: argparse exits before the probe says
    return done.stdout, done.returncode, how


def summary_file(cli: Cli) -> Path:
    return Path(os.environ["TRUST_TRACKER_STATE"]) / local_dir_name(str(cli.db)) / prompt.SUMMARY_FILE


@pytest.fixture
def habits(seeded: Cli) -> Cli:
    seeded.ok("check", "Journal")
    seeded.ok("add", "Call Sam", "--for", "Sam", "--start", "2026-11-20")
    return seeded


def test_every_question_is_answered_quickly_with_the_full_answer(habits: Cli) -> None:
    full = {args: ask(habits, *args)[:2] for args in QUESTIONS}  # the first leaves a summary
    assert ask(habits, "due", "--count") == (*full[("due", "--count")], "quick")
    for args in QUESTIONS:
        assert ask(habits, *args) == (*full[args], "quick"), args
    assert full[("due", "--count")] == ("3\n", 0)  # Journey, Steps, Call Sam
    assert full[("due", "--quiet")] == ("", 0)
    assert full[("status", "--short")][0].startswith("1/4 kept · 3 due · ")


def test_a_change_from_the_shell_leaves_the_next_prompt_its_answer(habits: Cli) -> None:
    ask(habits, "due", "--count")
    habits.ok("check", "Journey")
    assert ask(habits, "due", "--count") == ("2\n", 0, "quick")
    habits.ok("check", "Steps", "--value", "3")
    habits.ok("check", "Call Sam")
    assert ask(habits, "due", "--count") == ("0\n", 1, "quick")
    assert ask(habits, "due") == ("Nothing is due today: every promise for today is kept or excused.\n", 1,
                                  "quick")
    habits.ok("undo")
    assert ask(habits, "due", "--count") == ("1\n", 0, "quick")
    assert ask(habits, "status", "--short")[0].startswith("3/4 kept · 1 due · ")


def test_a_tick_elsewhere_makes_the_next_answer_a_full_one(habits: Cli) -> None:
    """The app (or another device) writes without leaving a summary."""
    ask(habits, "due", "--count")
    clock = FixedClock(dt.date.fromisoformat(TODAY))
    app_side = Tracker.open(habits.db, clock)
    app_side.check(app_side.find("Journey"))
    app_side.close()
    assert ask(habits, "due", "--count") == ("2\n", 0, "full")
    assert ask(habits, "due", "--count") == ("2\n", 0, "quick")


def test_a_file_another_device_synced_in_is_read(habits: Cli) -> None:
    """A sync tool drops another device's month file in: the summary no longer matches."""
    ask(habits, "status", "--short")
    devices = habits.db.parent / "x-devices"
    mine = next(folder for folder in devices.iterdir() if (folder / "2026-11.json").exists())
    other = devices / "otherdevice"
    other.mkdir(mode=0o700)
    for name in ("habits.json", "2026-11.json"):
        (other / name).write_bytes((mine / name).read_bytes())
    assert ask(habits, "status", "--short")[2] == "full"
    assert ask(habits, "status", "--short")[2] == "quick"
    # a file changed in place (same inode) is seen as well
    with open(other / "2026-11.json", "ab") as handle:
        handle.write(b" ")
    assert ask(habits, "status", "--short")[2] == "full"


def test_another_day_or_other_settings_are_answered_in_full(habits: Cli) -> None:
    ask(habits, "due", "--count")
    assert ask(habits, "due", "--count", today="2026-11-27") == ("4\n", 0, "full")
    assert ask(habits, "due", "--count")[2] == "full"  # the summary is the 27th's now
    habits.settings("week_start = \"sunday\"\n")
    assert ask(habits, "due", "--count")[2] == "full"
    assert ask(habits, "due", "--count")[2] == "quick"


def test_a_late_evening_counts_for_the_day_the_settings_say(habits: Cli) -> None:
    """With a day that begins at 4 a.m., 02:30 on the 27th is still the 26th, quick or full."""
    habits.settings("day_starts_at = 4\n")
    late = "2026-11-27T02:30"
    assert ask(habits, "due", "--count", today=None, now=late) == ("3\n", 0, "full")
    assert ask(habits, "due", "--count", today=None, now=late) == ("3\n", 0, "quick")
    assert ask(habits, "due", "--count", today=None, now="2026-11-27T04:30") == ("4\n", 0, "full")


def test_a_damaged_or_foreign_summary_is_never_trusted(habits: Cli) -> None:
    ask(habits, "due", "--count")
    path = summary_file(habits)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    for damaged in (b"\x00garbage", b"[]", json.dumps({**saved, "count": "3"}).encode(),
                    json.dumps({**saved, "db": "/elsewhere/x.json"}).encode(),
                    json.dumps({**saved, "version": "0.0.0"}).encode()):
        path.write_bytes(damaged)
        assert ask(habits, "due", "--count") == ("3\n", 0, "full")
    assert json.loads(path.read_text()) == saved  # the full answer left a good one again


def test_names_come_out_the_same_both_ways(run: Cli) -> None:
    run.ok("add", "[b]Tea[/b] · 日本 ✎ 🍵", "--start", "2026-11-20")
    summary_file(run).unlink()  # the add left one: answer in full first
    full = ask(run, "due")
    quick = ask(run, "due")
    assert (full[2], quick[2]) == ("full", "quick")
    assert full[:2] == quick[:2] == ("[b]Tea[/b] · 日本 ✎ 🍵 · 1 to go today\n", 0)


def test_spellings_it_does_not_know_go_the_full_way(habits: Cli) -> None:
    ask(habits, "due", "--count")
    assert ask(habits, "--today", TODAY, "due", "--count")[2] == "quick"  # the last --today counts
    for args in (("due", "--cou"), ("due", "--count", "--count"), ("status",)):
        assert ask(habits, *args)[2] == "full", args
    for args in (("due", "--count", "--db"), ("due", "--count", "--quiet"), ("status", "--short", "x")):
        out, code, said = ask(habits, *args, refused=True)  # argparse's usage error, not an answer
        assert (out, code) == ("", 2) and "error:" in said, args


@pytest.mark.parametrize("home", ["/home/sam", "/home/sam/", "/", "relative/home", None])
@pytest.mark.parametrize("xdg", [None, "", "/xdg/place", "relative/xdg"])
def test_the_folders_are_platformdirs_own(monkeypatch: pytest.MonkeyPatch, home: str | None,
                                          xdg: str | None) -> None:
    """Where the quick answer looks is where platformdirs puts the data, on Linux."""
    platformdirs = pytest.importorskip("platformdirs")
    if not sys.platform.startswith("linux"):
        pytest.skip("worked out for Linux only; elsewhere the full path answers")
    for name, value in (("HOME", home), ("XDG_STATE_HOME", xdg), ("XDG_DATA_HOME", xdg),
                        ("XDG_CONFIG_HOME", xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    for kind, (variable, fallback, function) in FOLDERS.items():
        try:
            real = getattr(platformdirs, function)("trust-tracker", appauthor=False)
        except RuntimeError:  # platformdirs finds no home at all
            real = None
        guess = plain_xdg_dir(variable, fallback)
        if guess is not None:
            assert guess == real, kind
        if real is not None:
            assert user_folder(kind) == real, kind


@pytest.mark.parametrize("name", ["tracker.json", "a.b.json", "name.", ".hidden", "plain"])
def test_the_state_folder_is_named_as_the_store_names_it(tmp_path: Path, name: str) -> None:
    from tracker.store.layout import Layout

    main = tmp_path / name
    assert local_dir_name(str(main)).startswith(main.stem + "-")
    assert Path(Layout(main).local_dir).name == local_dir_name(str(main))


def test_the_quick_answer_loads_only_a_little_of_the_standard_library(habits: Cli) -> None:
    """The point of it: no argparse, no typing, no dataclasses, no pathlib, nothing of ours
    but the names of places and the wall clock."""
    ask(habits, "due", "--count")
    code = (f"import sys; sys.argv = ['trust-tracker', '--db', {str(habits.db)!r}, '--today', {TODAY!r},"
            " 'due', '--count']; import re; before = set(sys.modules);"
            " from tracker.entry import main; main(); sys.stdout.flush();"
            " print(' '.join(sorted(set(sys.modules) - before)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=habits.env,
                          timeout=60, check=True)
    assert done.stdout == "3\n"
    loaded = set(done.stderr.split())
    ours = {name for name in loaded if name.split(".")[0] == "tracker"}
    assert ours == {"tracker", "tracker.entry", "tracker.cli", "tracker.cli.prompt", "tracker.places", "tracker.digest",
                    "tracker.wall"}
    assert {name.split(".")[0] for name in loaded - ours} <= set(sys.stdlib_module_names)
    assert not loaded & {"argparse", "typing", "dataclasses", "pathlib", "tomllib", "inspect", "hashlib"}

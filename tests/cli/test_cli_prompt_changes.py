"""A change from the shell brings the prompt's summary up to date by working out only the
habits it changed, and only when nothing else changed since the summary was made (see
``tracker.cli.summary.after_change``); otherwise every habit is worked out again."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tracker.cli import habits as habit_commands
from tracker.cli import main
from tracker.clock import FixedClock
from tracker.reporting import Reporting
from tracker.service import Tracker

from conftest import TODAY, Cli, copy_data
from spies import calls
from test_cli_prompt import ask, summary_file


@pytest.fixture
def habits(seeded: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    seeded.ok("check", "Journal")
    seeded.ok("add", "Call Sam", "--for", "Sam", "--start", "2026-11-20")
    # the command line run in this process sees what the subprocesses see
    monkeypatch.setenv("TRUST_TRACKER_CONFIG", seeded.env["TRUST_TRACKER_CONFIG"])
    monkeypatch.setenv("TRUST_TRACKER_DB", seeded.env["TRUST_TRACKER_DB"])
    return seeded


def here(cli: Cli, *args: str) -> int:
    """The command line, in this process."""
    return main(["--db", str(cli.db), "--today", TODAY, *args])


def worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the habits whose reports are worked out from now on."""
    return calls(monkeypatch, Reporting, "report", lambda tracker, habit: habit.name)


def test_a_check_works_out_only_the_habit_it_changed(habits: Cli, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    ask(habits, "status", "--short")  # a full answer leaves the summary
    names = worked_out(monkeypatch)
    assert here(habits, "check", "Journey") == 0
    assert set(names) == {"Journey"}
    assert capsys.readouterr().out.startswith("Journey: 2026-11-26 kept.")
    brought_up_to_date = json.loads(summary_file(habits).read_text())
    assert ask(habits, "due", "--count") == ("2\n", 0, "quick")
    ask(habits, "status")  # not a prompt's question: worked out in full, and left again
    assert json.loads(summary_file(habits).read_text()) == brought_up_to_date


def test_every_change_of_one_habit_keeps_the_summary_exact(habits: Cli, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    ask(habits, "due", "--count")
    names = worked_out(monkeypatch)
    for args, changed in ((("check", "Steps", "--value", "2"), "Steps"), (("note", "Steps", "two of three"), "Steps"),
                          (("check", "Call Sam", "--skip"), "Call Sam"), (("check", "Journal", "--undo"), "Journal"),
                          (("undo",), "Journal"), (("pause", "Journey", "--from", "2026-11-26", "--to", "2026-11-28"), "Journey")):
        names.clear()
        assert here(habits, *args) == 0, args
        assert set(names) <= {changed}, args
        assert ask(habits, "status", "--short")[2] == "quick", args
        summary = summary_file(habits).read_text()
        assert ask(habits, "status")[1] == 0  # in full
        assert summary_file(habits).read_text() == summary, args
    capsys.readouterr()


def test_a_tick_by_another_trust_tracker_first_is_counted(habits: Cli,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The app ticked after the summary was made: the summary no longer matches the files,
    so the check works everything out."""
    ask(habits, "due", "--count")  # 3: Journey, Steps, Call Sam
    app_side = Tracker.open(habits.db, FixedClock(dt.date.fromisoformat(TODAY)))
    app_side.check(app_side.find("Journey"))
    app_side.close()
    assert here(habits, "check", "Call Sam") == 0
    assert ask(habits, "due", "--count") == ("1\n", 0, "quick")
    capsys.readouterr()


def steps_kept_elsewhere(habits: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another device's folder (in a copy of the data) whose one change kept Steps today."""
    elsewhere = tmp_path_factory.mktemp("other-device")
    other = Cli(elsewhere / "data" / "x.json", elsewhere / "guard" / "tracker.json")
    copy_data(habits.db, other.db)
    other.env["TRUST_TRACKER_STATE"] = str(elsewhere / "state")  # another device
    other.ok("check", "Steps", "--value", "3")
    mine = {p.name for p in (habits.db.parent / "x-devices").iterdir()}
    (theirs,) = [p for p in (other.db.parent / "x-devices").iterdir() if p.name not in mine]
    return theirs


def test_a_file_synced_in_during_the_change_is_counted(habits: Cli, tmp_path_factory: pytest.TempPathFactory,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Another device's month file arrives while the check is being made: the summary the
    check leaves names the files as the check found them, so it is out of date at once
    (never the old summary with only the check added, passed off as current): the next
    prompt works the answer out again, counting the file, and the one after is quick."""
    theirs = steps_kept_elsewhere(habits, tmp_path_factory)

    ask(habits, "due", "--count")  # 3: Journey, Steps, Call Sam
    check = habit_commands.check

    def check_while_syncing(t: Tracker, a: Any) -> str:
        said = check(t, a)
        shutil.copytree(theirs, habits.db.parent / "x-devices" / theirs.name)
        return said

    monkeypatch.setattr(habit_commands, "check", check_while_syncing)
    assert here(habits, "check", "Journey") == 0
    assert ask(habits, "due", "--count") == ("1\n", 0, "full")  # Call Sam: Steps came, kept
    assert ask(habits, "due", "--count") == ("1\n", 0, "quick")
    capsys.readouterr()


def test_a_file_taken_in_by_the_change_is_counted(habits: Cli, tmp_path_factory: pytest.TempPathFactory,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Another device's month file arrives once the check holds the lock and has looked at
    the files, and the check takes it in as its change begins: every habit is worked
    out again and every file looked at again, so the summary left counts it (Steps
    kept elsewhere) and the next prompt answers from it."""
    theirs = steps_kept_elsewhere(habits, tmp_path_factory)

    ask(habits, "due", "--count")  # 3: Journey, Steps, Call Sam
    names = worked_out(monkeypatch)
    check = habit_commands.check

    def check_as_a_file_arrives(t: Tracker, a: Any) -> str:
        shutil.copytree(theirs, habits.db.parent / "x-devices" / theirs.name)
        return check(t, a)

    monkeypatch.setattr(habit_commands, "check", check_as_a_file_arrives)
    assert here(habits, "check", "Journey") == 0
    assert {"Steps", "Call Sam"} <= set(names)  # not only the habit checked
    assert ask(habits, "due", "--count") == ("1\n", 0, "quick")  # Call Sam: Steps came, kept
    capsys.readouterr()


@pytest.mark.parametrize("odd", [[], {}, None, 2.5, "kept"], ids=repr)
def test_a_summary_part_of_any_other_shape_is_worked_out_again(habits: Cli, odd: object,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A summary is a cache: one whose habit's status reads as anything else (a list: not
    even comparable to the statuses) is simply not used, and the change is made."""
    ask(habits, "due", "--count")
    summary = json.loads(summary_file(habits).read_text())
    summary["habits"][0][1] = odd
    summary_file(habits).write_text(json.dumps(summary))
    assert here(habits, "check", "Steps", "--value", "2") == 0
    assert capsys.readouterr().out.startswith("Steps: 2026-11-26")
    assert json.loads(summary_file(habits).read_text())["habits"][0][1] != odd
    assert ask(habits, "status", "--short")[2] == "quick"

"""add, list, archive/restore, and the bare command, through a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tracker

HABIT_KEYS = {"id", "name", "kind", "for", "why", "tags", "schedule", "target", "measured",
              "unit", "at_most", "start", "archived", "pauses"}


# -- add ------------------------------------------------------------------------------
def test_add_defaults_to_a_daily_promise_starting_today(run):
    assert run.ok("add", "Journal") == "Added Journal  (self-trust promise; every day).\n"
    [habit] = run.json("list")
    assert set(habit) == HABIT_KEYS
    assert habit["kind"] == "promise" and habit["for"] is None
    assert habit["schedule"] == "every day" and habit["target"] == 1
    assert habit["measured"] is False and habit["unit"] is None and habit["at_most"] is False
    assert habit["start"] == "2026-11-26" and habit["archived"] is None
    assert habit["tags"] == [] and habit["why"] is None and habit["pauses"] == []


def test_for_implies_an_action(run):
    out = run.ok("add", "Call Sam", "--for", "Sam")
    assert out == "Added Call Sam (for Sam)  (consistency action; every day).\n"
    [habit] = run.json("list")
    assert (habit["kind"], habit["for"]) == ("action", "Sam")


def test_explicit_kinds(run):
    run.ok("add", "Tidy desk", "--action")
    run.ok("add", "Stretch", "--promise")
    kinds = {h["name"]: h["kind"] for h in run.json("list")}
    assert kinds == {"Tidy desk": "action", "Stretch": "promise"}


def test_action_and_promise_flags_exclude_each_other(run):
    done = run("add", "X", "--action", "--promise")
    assert done.returncode == 2
    assert not run.db.exists()


@pytest.mark.parametrize(("typed", "described"), [
    ("daily", "every day"),
    ("every day", "every day"),
    ("weekdays", "weekdays"),
    ("weekends", "Sat, Sun"),
    ("mon,wed,fri", "Mon, Wed, Fri"),
    ("Tuesday Thursday", "Tue, Thu"),
    ("every other day", "every other day"),
    ("every 3 days", "every 3 days"),
    ("3/week", "3 times a week"),
    ("2 per week", "twice a week"),
    ("1/week", "once a week"),
    ("10/month", "10 times a month"),
    ("3 in 7 days", "3 times in any 7 days"),
    ("3/7", "3 times in any 7 days"),
])
def test_schedule_forms(run, typed, described):
    assert run.ok("add", "Habit", "--schedule", typed) == \
        f"Added Habit  (self-trust promise; {described}).\n"
    assert run.json("list")[0]["schedule"] == described


def test_target_tags_why_and_start(run):
    out = run.ok("add", "Say thank-you", "--target", "3", "--tag", "kind", "--tag", "#home",
                 "--tag", "KIND", "--why", "  to notice  what  I get ", "--start", "2026-11-01")
    assert out == "Added Say thank-you  (self-trust promise; every day; target 3 times; #kind #home).\n"
    [habit] = run.json("list")
    assert habit["target"] == 3
    assert habit["tags"] == ["kind", "home"]  # '#' dropped, duplicates folded by case
    assert habit["why"] == "to notice what I get"  # whitespace tidied
    assert habit["start"] == "2026-11-01"


def test_start_accepts_yesterday(run):
    run.ok("add", "Read", "--start", "yesterday")
    assert run.json("list")[0]["start"] == "2026-11-25"


def test_name_is_trimmed_and_new_habits_list_in_order_added(run):
    run.ok("add", "  Walk   the  dog ")
    run.ok("add", "Read")
    run.ok("add", "Call Mum", "--for", "Mum")
    assert [h["name"] for h in run.json("list")] == ["Walk the dog", "Read", "Call Mum"]
    assert run.ok("list") == (
        "Walk the dog  (self-trust promise; every day)\n"
        "Read  (self-trust promise; every day)\n"
        "Call Mum (for Mum)  (consistency action; every day)\n")


def test_list_when_empty(run):
    assert run.ok("list") == "No habits yet. Add one with: trust-tracker add NAME\n"
    assert run.ok("list", "--archived") == "No archived habits.\n"
    assert run.json("list") == []
    assert not run.db.exists(), "reading must not create the data file"


# -- archive / restore ------------------------------------------------------------------
def test_archive_moves_a_habit_to_the_archived_list_and_restore_brings_it_back(run):
    run.ok("add", "Journal", "--start", "2026-11-20")
    run.ok("add", "Read")
    run.ok("check", "journal", "--date", "2026-11-24")
    out = run.ok("archive", "journal")
    assert out == ("Archived Journal; its history is kept. "
                   "Bring it back with: trust-tracker restore Journal\n")
    assert [h["name"] for h in run.json("list")] == ["Read"]
    [archived] = run.json("list", "--archived")
    assert (archived["name"], archived["archived"]) == ("Journal", "2026-11-26")
    assert "archived 2026-11-26" in run.ok("list", "--archived")
    assert "Journal" not in run.ok("status")
    # an archived habit can't be checked any more
    assert "No habit called 'journal'" in run.error("check", "journal")

    assert run.ok("restore", "jour") == "Restored Journal.\n"
    assert [h["name"] for h in run.json("list")] == ["Journal", "Read"]
    assert run.json("list", "--archived") == []
    week = run.json("week")
    cells = {c["date"]: c["status"] for c in week["habits"][0]["cells"]}
    assert cells["2026-11-24"] == "done", "history survives archive and restore"


def test_restore_is_refused_while_an_active_habit_has_the_same_name(run):
    run.ok("add", "Journal")
    run.ok("archive", "Journal")
    run.ok("add", "JOURNAL")
    message = run.error("restore", "journal")
    assert message == "trust-tracker: You already have a habit called 'JOURNAL'."
    assert [h["name"] for h in run.json("list", "--archived")] == ["Journal"]


def test_archiving_twice_and_restoring_an_active_habit_are_refused(run):
    run.ok("add", "Journal")
    assert "among archived habits" in run.error("restore", "Journal")
    run.ok("archive", "Journal")
    assert "among your habits" in run.error("archive", "Journal")


# -- the bare command, version, help, entry points ----------------------------------------
def test_bare_command_prints_status(run):
    assert run.ok() == 'No habits yet. Start one with: trust-tracker add "Journal" --schedule daily\n'
    run.ok("add", "Read")
    run.ok("check", "read")
    bare = run.ok()
    assert bare == run.ok("status")
    assert bare.startswith("Thursday 26 November 2026: 1 of 1 kept today")


def test_version(run):
    done = run("--version", flags=False)
    assert done.returncode == 0
    assert done.stdout == f"trust-tracker {tracker.__version__}\n"


def test_help_lists_every_command(run):
    done = run("--help", flags=False)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: trust-tracker")
    for name in ("add", "list", "check", "note", "pause", "undo", "status", "week",
                 "archive", "restore", "--db", "--today", "--version"):
        assert name in done.stdout
    sub = run("check", "--help", flags=False)
    assert sub.returncode == 0 and "--skip" in sub.stdout and "--value" in sub.stdout


def test_console_script_and_python_dash_m_agree(run, db: Path):
    script = Path(sys.executable).with_name("trust-tracker")
    if not script.exists():
        pytest.skip("console script not installed beside this interpreter")
    scripted = subprocess.run([str(script), "--db", str(db), "--today", "2026-11-26", "add", "Read"],
                              capture_output=True, text=True, env=run.env, check=False)
    assert scripted.returncode == 0, scripted.stderr
    assert scripted.stdout == "Added Read  (self-trust promise; every day).\n"
    assert [h["name"] for h in run.json("list")] == ["Read"]


def test_global_options_work_after_the_command_too(run, db: Path):
    run.ok("add", "Read", "--db", str(db), "--today", "2026-11-20", flags=False)
    assert run.json("list")[0]["start"] == "2026-11-20"

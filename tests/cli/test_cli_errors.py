"""Refusals and the data file's safety, through a real subprocess.

A refused command exits 1 with exactly one line on stderr and writes nothing (the file's
bytes are compared before and after: ``Cli.error``). Usage mistakes exit 2.
``seeded`` holds Journal and Journey (daily, from 2026-11-20) and Steps (daily, target 3).
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from on_disk import habits_file

LONG_NOTE = "x" * 2001


@pytest.mark.parametrize(("args", "says"), [
    (["check", "nothing"], "No habit called 'nothing' among your habits."),
    (["check", "jour"], "'jour' could mean 'Journal', 'Journey'; type more of the name."),
    (["add", ""], "The habit name can't be empty."),
    (["add", "   "], "The habit name can't be empty."),
    (["add", "a" * 61], "The habit name is 61 characters; keep it to 60."),
    (["add", "a\x07b"], "The habit name contains a control character, which can't be shown safely; use plain text."),
    (["add", "a\x1b[31mb"], "control character"),
    (["add", "line\nbreak"], "A habit name must fit on one line."),
    (["add", "JOURNAL"], "You already have a habit called 'Journal'."),
    (["add", " journey "], "You already have a habit called 'Journey'."),
    (["check", "journal", "--date", "2026-13-01"], "'2026-13-01' is not a date"),
    (["check", "journal", "--date", "26/11/2026"], "is not a date"),
    (["check", "journal", "--date", "tomorrow"], "is not a date"),
    (["check", "journal", "--date", "2026-11-27"], "2026-11-27 hasn't come yet"),
    (["check", "journal", "--date", "2026-11-19"],
     "'Journal' started on 2026-11-20; 2026-11-19 is before that."),
    (["check", "journal", "--skip", "--date", "2026-11-19"], "started on 2026-11-20"),
    (["note", "journal", "early", "--date", "2026-11-19"], "started on 2026-11-20"),
    (["note", "journal", "late", "--date", "2026-12-01"], "hasn't come yet"),
    (["check", "steps", "--note", LONG_NOTE], "The note is 2001 characters; keep it to 2000."),
    (["check", "steps", "--skip", "--note", LONG_NOTE], "keep it to 2000"),
    (["note", "steps", LONG_NOTE], "keep it to 2000"),
    (["add", "X", "--schedule", "0/week"], "A schedule of 0 times never comes due"),
    (["add", "X", "--schedule", "every 0 days"], "A schedule of every 0 days never comes due"),
    (["add", "X", "--schedule", "8/week"], "A week has only 7 days"),
    (["add", "X", "--schedule", "5 in 3 days"], "5 times cannot fit in 3 days"),
    (["add", "X", "--schedule", "sometimes"], "I can't read the schedule 'sometimes'"),
    (["add", "X", "--target", "0"], "A target must be more than 0 and at most 100,000."),
    (["add", "X", "--target", "2", "--unit", "a\nb"], "A unit must fit on one line."),
    (["add", "X", "--unit", "k" * 21], "The unit is 21 characters; keep it to 20."),
    (["add", "X", "--start", "2026-11-27"], "A habit can't start in the future"),
    (["add", "X", "--start", "soon"], "'soon' is not a date"),
    (["add", "X", "--promise", "--for", "Sam"], "only actions name a person"),
    (["add", "X", "--tag", "two words"], "A tag is one word"),
    (["add", "X", "--why", "w" * 201], "The why is 201 characters"),
    (["pause", "journal", "--from", "2026-11-25", "--to", "2026-11-21"],
     "A pause must end on or after the day it begins."),
    (["pause", "journal", "--from", "2026-01-01", "--to", "2027-06-01"], "a year at most"),
    (["pause", "journal", "--from", "someday", "--to", "2026-11-21"], "is not a date"),
    (["archive", "nothing"], "No habit called 'nothing' among your habits."),
    (["restore", "journal"], "No habit called 'journal' among archived habits."),
])
def test_refused_input_exits_1_with_one_line_and_writes_nothing(seeded, args, says):
    message = seeded.error(*args)
    assert says in message


def test_an_unknown_habit_on_an_absent_file_creates_nothing(run):
    run.error("check", "journal")
    run.error("add", "")
    assert not run.db.exists()
    assert not run.db.parent.joinpath("env-guard").exists()


# once: the clear was written before the note was refused (two writes, not one)
def test_clear_with_a_bad_note_writes_nothing(seeded):
    seeded.ok("check", "journal", "--note", "kept")
    seeded.error("check", "journal", "--undo", "--note", LONG_NOTE)


# once: two changes, so one undo put back only the note and left the day cleared
def test_clear_with_a_note_is_one_change_to_undo(seeded):
    seeded.ok("check", "journal", "--note", "kept")
    seeded.ok("check", "journal", "--undo", "--note", "changed my mind")
    seeded.ok("undo")
    [journal] = [h for h in seeded.json("status")["habits"] if h["name"] == "Journal"]
    assert (journal["status"], journal["note"]) == ("done", "kept")


# once: an empty --date was read as 'no date' and silently meant today
@pytest.mark.parametrize("args", [["check", "journal"], ["note", "journal", "text"],
                                  ["week"], ["check", "journal", "--skip"]])
def test_an_empty_date_is_refused(seeded, args):
    assert "is not a date" in seeded.error(*args, "--date", "")


# DESIGN §2: names are printable characters; U+202E flips the text around it
def test_a_name_with_a_bidi_override_is_refused(seeded):
    seeded.error("add", "ab\u202ecd")


# -- a damaged or foreign data file ----------------------------------------------------
@pytest.mark.parametrize("garbage", [
    b"\x00\xff\xfe garbage \x01",
    b'{"habits": {"1": {"name": 3',  # torn JSON
    b"[1, 2, 3]",  # JSON, but not ours
    b"",  # emptied (a truncated write?): not taken for a fresh start
])
@pytest.mark.parametrize("args", [["status"], ["list"], ["add", "Read"], ["check", "read"],
                                  ["undo"], ["week", "--json"]])
def test_a_damaged_file_is_named_and_left_untouched(run, garbage, args):
    run.db.write_bytes(garbage)
    run.db.chmod(0o644)
    message = run.error(*args)
    assert str(run.db) in message
    assert run.db.read_bytes() == garbage
    assert stat.S_IMODE(run.db.stat().st_mode) == 0o644
    assert [p.name for p in run.db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_folder_where_the_file_should_be(run):
    run.db.mkdir()
    message = run.error("add", "Read")
    assert str(run.db) in message
    assert list(run.db.iterdir()) == []


# -- usage errors ----------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["bogus"],
    ["check"],
    ["add"],
    ["check", "journal", "--skip", "--undo"],
    ["check", "journal", "--skip", "--value", "2"],
    ["check", "steps", "--value", "two"],
    ["check", "steps", "--value", "-1"],
    ["check", "steps", "--value", "100001"],
    ["check", "steps", "--value", "2.0001"],
    ["add", "X", "--target", "1e3"],
    ["add", "X", "--target", "many"],
    ["pause", "journal", "--from", "2026-11-20"],
    ["status", "--bogus"],
])
def test_usage_errors_exit_2_and_write_nothing(seeded, args):
    before = seeded.snapshot()
    done = seeded(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "usage: trust-tracker" in done.stderr
    assert seeded.snapshot() == before


@pytest.mark.parametrize("today", ["nope", "2026-02-30", "26-11-2026", ""])
def test_a_bad_today_is_a_usage_error(run, today):
    done = run("add", "Read", today=today)
    assert done.returncode == 2
    assert "--today" in done.stderr
    assert not run.db.exists()


# -- privacy -------------------------------------------------------------------------
def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_folder_is_0700_and_the_file_0600(run, tmp_path):
    db = tmp_path / "new-folder" / "x.json"
    run.ok("add", "Read", "--start", "2026-10-01", db=db)
    assert mode(db.parent) == 0o700
    assert mode(db) == 0o600
    run.ok("check", "read", db=db)
    run.ok("check", "read", "--date", "2026-10-31", db=db)  # another month's data
    assert mode(db) == 0o600
    for path in db.parent.rglob("*"):
        assert not path.name.endswith(".tmp"), "a temp file was left behind"
        if path.is_dir():
            assert mode(path) == 0o700, f"{path.name}/ is open to others"
        else:
            assert mode(path) == 0o600, f"{path.name} is readable by others"


def test_a_loose_file_becomes_0600_on_the_next_write(run):
    run.ok("add", "Read")
    habits = habits_file(run.db)  # since data version 4 a habit change writes this one
    habits.chmod(0o644)  # loosened by hand, or copied in from elsewhere
    run.ok("add", "Walk")
    assert mode(habits) == 0o600
    assert [h["name"] for h in run.json("list")] == ["Read", "Walk"]


def test_reading_commands_create_nothing(run, tmp_path):
    db = tmp_path / "never" / "x.json"
    for args in (["status"], ["list"], ["week"], ["status", "--json"], []):
        run.ok(*args, db=db)
    assert not db.parent.exists()
    assert run.ok("undo", db=db) == "Nothing to undo.\n"
    assert not db.exists()

"""What ``undo`` says, through a real subprocess: days as the app shows them ("Tue 24 Nov"),
where undo stops after an import and the command that goes back to before it; a check
that changes nothing leaves no step; a pause outside a habit's life is refused as a
check is.

``seeded`` holds Journal and Journey (daily, from 2026-11-20) and Steps (daily, target 3),
with an undo log of its own (empty). Today is Thursday 2026-11-26.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest


# -- days in words ----------------------------------------------------------------------
def test_undo_names_the_day_as_the_app_does(seeded) -> None:
    seeded.ok("check", "journal", "--date", "2026-11-24")
    seeded.ok("check", "journal", "--skip", "--date", "yesterday")
    seeded.ok("note", "steps", "a walk")
    assert seeded.ok("undo") == "Undid: note Steps on Thu 26 Nov.\n"
    assert seeded.ok("undo") == "Undid: skip Journal on Wed 25 Nov.\n"
    assert seeded.ok("undo") == "Undid: check Journal on Tue 24 Nov.\n"
    assert seeded.ok("undo") == "Nothing to undo.\n"


def test_undo_of_a_pause_names_its_days(seeded) -> None:
    seeded.ok("pause", "journal", "--from", "2026-11-21", "--to", "2026-11-22")
    assert seeded.ok("undo") == "Undid: pause Journal (Sat 21 Nov to Sun 22 Nov).\n"


def test_a_day_of_another_year_says_its_year(run) -> None:
    run.ok("add", "Walk", "--start", "2025-12-30")
    run.ok("check", "walk", "--date", "2025-12-31")
    assert run.ok("undo") == "Undid: check Walk on Wed 31 Dec 2025.\n"


def test_a_date_in_a_habits_name_stays_as_typed(run) -> None:
    run.ok("add", "Plan on 2026-01-05", "--start", "2026-11-20")
    run.ok("check", "plan", "--date", "2026-11-23")
    assert run.ok("undo") == "Undid: check Plan on 2026-01-05 on Mon 23 Nov.\n"
    assert run.ok("undo") == "Undid: add Plan on 2026-01-05.\n"


# -- a change that changes nothing ------------------------------------------------------
def test_a_check_that_changes_nothing_leaves_no_undo_step(seeded) -> None:
    seeded.ok("check", "journal")
    before = seeded.snapshot()
    assert seeded.ok("check", "journal") == "Journal: 2026-11-26 kept. Streak 1 day, consistency.\n"
    seeded.ok("check", "journey", "--undo")  # an empty day cleared
    seeded.ok("note", "journey", "")  # no note, none written
    assert seeded.snapshot() == before, "a check that changes nothing was written"
    assert seeded.ok("undo") == "Undid: check Journal on Thu 26 Nov.\n"
    assert seeded.ok("undo") == "Nothing to undo.\n"


# -- a pause outside the habit's life -----------------------------------------------------
@pytest.mark.parametrize(("first", "last"), [("2026-11-18", "2026-11-19"),
                                             ("2026-11-19", "2026-11-22")])
def test_a_pause_before_the_start_is_refused_as_a_check_is(seeded, first: str, last: str) -> None:
    said = seeded.error("pause", "journal", "--from", first, "--to", last)
    assert said == seeded.error("check", "journal", "--date", first)
    assert said == f"trust-tracker: 'Journal' started on 2026-11-20; {first} is before that."
    assert seeded.ok("undo") == "Nothing to undo.\n"


# -- after an import ----------------------------------------------------------------------
@pytest.fixture
def export(make_cli, tmp_path: Path) -> Path:
    """Another data folder's export: Swim, kept on the 21st and the 22nd."""
    other = make_cli(tmp_path / "other" / "x.json", tmp_path / "other-guard" / "tracker.json")
    other.ok("add", "Swim", "--start", "2026-11-20")
    other.ok("check", "swim", "--date", "2026-11-21")
    other.ok("check", "swim", "--date", "2026-11-22")
    out = tmp_path / "swim.json"
    other.ok("export", "--out", str(out))
    return out


def imported(run, export: Path) -> str:
    """Import ``export``; the name of the backup the import took."""
    said = run.ok("import", str(export))
    found = re.search(r"trust-tracker backup restore (\S+)$", said.strip())
    assert found, said
    return found.group(1)


def test_undo_stops_at_an_import_and_names_the_backup_to_restore(seeded, export) -> None:
    seeded.ok("check", "journal", "--date", "2026-11-24")
    backup = imported(seeded, export)
    stop = (f"trust-tracker: Undo stops at the import of 1 new habit and 2 days on Thu 26 Nov; "
            f"to go back to before it: trust-tracker backup restore {backup}")
    assert seeded.error("undo") == stop
    assert seeded.error("undo") == stop, "undo stops there every time"
    seeded.ok("check", "swim")
    assert seeded.ok("undo") == "Undid: check Swim on Thu 26 Nov.\n"
    assert seeded.error("undo") == stop


def test_the_named_backup_takes_the_data_back_to_before_the_import(seeded, export) -> None:
    seeded.ok("check", "journal", "--date", "2026-11-24")
    backup = imported(seeded, export)
    restore = seeded.error("undo").rsplit("trust-tracker backup restore ", 1)[1]
    assert restore == backup
    assert seeded.ok("backup", "restore", restore).startswith(f"Restored backup {backup!r}.")
    names = [h["name"] for h in seeded.json("list")]
    assert names == ["Journal", "Journey", "Steps"]
    assert seeded.json("week")["habits"][0]["cells"][1]["status"] == "done"  # the 24th, kept
    assert seeded.ok("undo") == "Nothing to undo.\n"  # the restore cleared the undo log


def test_undo_after_an_import_into_empty_data_says_there_was_nothing_before(run, export) -> None:
    said = run.ok("import", str(export))
    assert "backup restore" not in said
    assert run.error("undo") == ("trust-tracker: Undo stops at the import of 1 new habit and "
                                 "2 days on Thu 26 Nov; there was no data before it to go back to.")

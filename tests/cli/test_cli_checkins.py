"""check, note, pause and undo, through a real subprocess.

``seeded`` holds Journal and Journey (daily, from 2026-11-20) and Steps (daily, target 3).
Today is Thursday 2026-11-26.
"""

from __future__ import annotations

import pytest


def cell(run, name: str, day: str) -> dict:
    """The week view's cell for ``name`` on ``day`` (from ``week --json``)."""
    week = run.json("week", "--date", day)
    [row] = [h for h in week["habits"] if h["name"] == name]
    [found] = [c for c in row["cells"] if c["date"] == day]
    return found


def report(run, name: str) -> dict:
    [habit] = [h for h in run.json("status")["habits"] if h["name"] == name]
    return habit


# -- check ----------------------------------------------------------------------------
def test_check_defaults_to_today(seeded):
    assert seeded.ok("check", "Journal") == \
        "Journal: 2026-11-26 kept. Streak 1 day, consistency.\n"
    assert cell(seeded, "Journal", "2026-11-26") == \
        {"date": "2026-11-26", "status": "done", "value": 1, "note": None}
    assert report(seeded, "Journal")["status"] == "done"


def test_check_a_past_date(seeded):
    out = seeded.ok("check", "journal", "--date", "2026-11-24")
    assert out == "Journal: 2026-11-24 kept. Streak 0 days, consistency. 1 to go today.\n"
    assert cell(seeded, "Journal", "2026-11-24")["status"] == "done"
    assert cell(seeded, "Journal", "2026-11-25")["status"] == "missed"
    assert report(seeded, "Journal")["status"] == "pending"


def test_check_yesterday_and_today_words(seeded):
    seeded.ok("check", "journal", "--date", "yesterday")
    seeded.ok("check", "journal", "--date", "TODAY")
    week = seeded.json("week")
    [row] = [h for h in week["habits"] if h["name"] == "Journal"]
    assert [c["status"] for c in row["cells"]] == \
        ["missed", "missed", "done", "done", "off", "off", "off"]
    assert report(seeded, "Journal")["streak"] == {"current": 2, "best": 2, "unit": "day"}


def test_check_by_unique_prefix_and_by_id(seeded):
    seeded.ok("check", "  JOURNA ")
    steps_id = [h["id"] for h in seeded.json("list") if h["name"] == "Steps"][0]
    assert seeded.ok("check", steps_id).startswith("Steps: 2026-11-26 recorded (1/3).")
    assert report(seeded, "Journal")["status"] == "done"


def test_an_exact_name_wins_over_a_longer_one(seeded):
    seeded.ok("add", "Journal 2")
    assert seeded.ok("check", "journal").startswith("Journal: ")
    assert report(seeded, "Journal 2")["status"] == "pending"


def test_skip_excuses_the_day_and_does_not_break_the_streak(seeded):
    seeded.ok("check", "journal", "--date", "2026-11-24")
    out = seeded.ok("check", "journal", "--skip", "--date", "2026-11-25", "--note", "ill")
    assert out == "Journal: 2026-11-25 excused. Streak 1 day, consistency. 1 to go today.\n"
    assert cell(seeded, "Journal", "2026-11-25") == \
        {"date": "2026-11-25", "status": "skipped", "value": 0, "note": "ill"}
    seeded.ok("check", "journal")
    # 24 done, 25 skipped (neither breaks nor extends), 26 done: a streak of 2 days
    assert report(seeded, "Journal")["streak"]["current"] == 2


def test_undo_flag_clears_the_mark_but_keeps_the_note(seeded):
    seeded.ok("check", "journal", "--note", "slept well")
    out = seeded.ok("check", "journal", "--undo")
    assert out == "Journal: 2026-11-26 cleared. Streak 0 days, consistency. 1 to go today.\n"
    habit = report(seeded, "Journal")
    assert (habit["status"], habit["value"], habit["note"]) == ("pending", 0, "slept well")


def test_undo_flag_clears_a_skip(seeded):
    seeded.ok("check", "journal", "--skip", "--date", "2026-11-25")
    seeded.ok("check", "journal", "--undo", "--date", "2026-11-25")
    assert cell(seeded, "Journal", "2026-11-25")["status"] == "missed"


def test_value_sets_a_count_habit(seeded):
    out = seeded.ok("check", "steps", "--value", "2")
    assert out == "Steps: 2026-11-26 recorded (2/3). Streak 0 days, consistency. 1 to go today.\n"
    habit = report(seeded, "Steps")
    assert (habit["status"], habit["value"], habit["still_due"]) == ("partial", 2, 1)
    assert seeded.ok("check", "steps", "--value", "3").startswith("Steps: 2026-11-26 kept (3/3).")
    habit = report(seeded, "Steps")
    assert (habit["status"], habit["value"], habit["still_due"]) == ("done", 3, 0)
    # --value sets, it does not add
    seeded.ok("check", "steps", "--value", "1")
    assert report(seeded, "Steps")["value"] == 1


def test_plain_check_on_a_count_habit_adds_one(seeded):
    for expected in ("recorded (1/3)", "recorded (2/3)", "kept (3/3)", "kept (4/3)"):
        assert f"2026-11-26 {expected}." in seeded.ok("check", "steps")
    assert report(seeded, "Steps")["value"] == 4
    assert report(seeded, "Steps")["status"] == "done"


def test_partial_past_day_shows_in_the_week(seeded):
    seeded.ok("check", "steps", "--date", "2026-11-25", "--value", "1")
    assert cell(seeded, "Steps", "2026-11-25") == \
        {"date": "2026-11-25", "status": "partial", "value": 1, "note": None}
    assert "◐" in seeded.ok("week")


def test_note_option_on_check_and_a_later_check_keeps_it(seeded):
    seeded.ok("check", "steps", "--note", "morning walk")
    seeded.ok("check", "steps")  # no --note: the note stays
    habit = report(seeded, "Steps")
    assert (habit["value"], habit["note"]) == (2, "morning walk")
    seeded.ok("check", "steps", "--note", "and evening")
    assert report(seeded, "Steps")["note"] == "and evening"


# -- note -----------------------------------------------------------------------------
def test_note_writes_the_note_without_marking_the_day(seeded):
    assert seeded.ok("note", "journal", "hard day") == "Note saved for Journal.\n"
    habit = report(seeded, "Journal")
    assert (habit["status"], habit["note"]) == ("pending", "hard day")
    seeded.ok("note", "journal", "looking back", "--date", "2026-11-22")
    assert cell(seeded, "Journal", "2026-11-22") == \
        {"date": "2026-11-22", "status": "missed", "value": 0, "note": "looking back"}


def test_note_keeps_the_days_mark(seeded):
    seeded.ok("check", "steps", "--value", "2")
    seeded.ok("note", "steps", "two walks")
    habit = report(seeded, "Steps")
    assert (habit["value"], habit["status"], habit["note"]) == (2, "partial", "two walks")


# -- pause ----------------------------------------------------------------------------
def test_pause_excuses_a_range_of_days(seeded):
    seeded.ok("check", "journal", "--date", "2026-11-20")
    out = seeded.ok("pause", "journal", "--from", "2026-11-21", "--to", "yesterday")
    assert out == ("Journal paused from 2026-11-21 to 2026-11-25; those days are excused.\n")
    [journal] = [h for h in seeded.json("list") if h["name"] == "Journal"]
    assert journal["pauses"] == [["2026-11-21", "2026-11-25"]]
    week = seeded.json("week", "--date", "2026-11-20")
    [row] = [h for h in week["habits"] if h["name"] == "Journal"]
    assert [c["status"] for c in row["cells"]] == \
        ["off", "off", "off", "off", "done", "skipped", "skipped"]
    seeded.ok("check", "journal")
    # 20 done, 21-25 paused (excused), 26 done: the streak holds across the pause
    assert report(seeded, "Journal")["streak"]["current"] == 2


def test_pause_may_be_planned_ahead(seeded):
    seeded.ok("pause", "journal", "--from", "2026-12-01", "--to", "2026-12-05")
    [journal] = [h for h in seeded.json("list") if h["name"] == "Journal"]
    assert journal["pauses"] == [["2026-12-01", "2026-12-05"]]


# -- undo -----------------------------------------------------------------------------
def test_nothing_to_undo_on_a_fresh_file(run):
    assert run.ok("undo") == "Nothing to undo.\n"
    assert not run.db.exists()


def test_undo_steps_back_one_change_per_run(seeded):
    before = (seeded.json("status"), seeded.json("week"), seeded.json("list"))
    seeded.ok("check", "journal")
    seeded.ok("check", "steps", "--value", "2", "--note", "n")
    seeded.ok("archive", "journey")
    assert seeded.ok("undo") == "Undid: archive Journey.\n"
    assert "Journey" in [h["name"] for h in seeded.json("list")]
    assert seeded.ok("undo") == "Undid: check Steps on Thu 26 Nov.\n"
    habit = report(seeded, "Steps")
    assert (habit["value"], habit["note"]) == (0, None)
    assert seeded.ok("undo") == "Undid: check Journal on Thu 26 Nov.\n"
    assert report(seeded, "Journal")["status"] == "pending"
    assert (seeded.json("status"), seeded.json("week"), seeded.json("list")) == before
    # the three additions were made to the template, copied here: this copy of the data
    # has an undo log of its own (a copied folder is other data), holding only its changes
    assert seeded.ok("undo") == "Nothing to undo.\n"
    assert [h["name"] for h in seeded.json("list")] == ["Journal", "Journey", "Steps"]


def test_undo_takes_back_the_additions_too(run):
    for name in ("Journal", "Journey"):
        run.ok("add", name)
    for name in ("Journey", "Journal"):
        assert run.ok("undo") == f"Undid: add {name}.\n"
    assert run.ok("undo") == "Nothing to undo.\n"
    assert run.json("list") == []


def test_undo_of_a_note_and_a_pause(seeded):
    seeded.ok("note", "journal", "first")
    seeded.ok("note", "journal", "second")
    seeded.ok("pause", "journal", "--from", "2026-11-21", "--to", "2026-11-22")
    assert seeded.ok("undo").startswith("Undid: pause Journal")
    assert [h["pauses"] for h in seeded.json("list") if h["name"] == "Journal"] == [[]]
    assert seeded.ok("undo").startswith("Undid: note Journal")
    assert report(seeded, "Journal")["note"] == "first"


def test_undo_after_clearing_puts_the_check_back(seeded):
    seeded.ok("check", "journal", "--date", "2026-11-25", "--note", "kept")
    seeded.ok("check", "journal", "--undo", "--date", "2026-11-25")
    seeded.ok("undo")
    assert cell(seeded, "Journal", "2026-11-25") == \
        {"date": "2026-11-25", "status": "done", "value": 1, "note": "kept"}


def test_undo_after_skip_puts_the_check_back(seeded):
    seeded.ok("check", "journal", "--date", "2026-11-25", "--note", "kept")
    seeded.ok("check", "journal", "--skip", "--date", "2026-11-25")
    seeded.ok("undo")
    assert cell(seeded, "Journal", "2026-11-25") == \
        {"date": "2026-11-25", "status": "done", "value": 1, "note": "kept"}


def test_check_after_skip_marks_the_day_kept(seeded):
    seeded.ok("check", "journal", "--skip")
    assert "kept" in seeded.ok("check", "journal")  # it says kept...
    assert report(seeded, "Journal")["status"] == "done"  # ...so it must be kept


def test_an_empty_note_clears_the_note(seeded):
    seeded.ok("check", "journal", "--note", "draft")
    seeded.ok("note", "journal", "")
    assert report(seeded, "Journal")["note"] is None

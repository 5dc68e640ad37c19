"""Reading Loop Habit Tracker's exports: exactly the days a person entered, nothing inferred,
and every refusal names the file and line a person can open and look at."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from loop_fixtures import (
    CURRENT_EXPORT, HABITS_CSV, OLD_EXPORT, TODAY, ZIP_NAME, lay_out, loop_backup, make_db,
    old_backup, zip_up,
)
from tracker.domain import CheckIn, HabitKind, Schedule
from tracker.porting import model
from tracker.porting.loop import read_loop
from tracker.porting.loop_rules import auto_remark
from tracker.porting.model import Bundle, FormatError, HabitHistory

D = dt.date.fromisoformat
NO_MARKS = ("Loop's export has no check marks for it (no Checkmarks.csv of its own, and no "
            "column in the top-level one), so it comes without days")
CHECKMARKS_HEAD = "Date,Value,Notes\n"
HABITS_HEAD = HABITS_CSV.splitlines(keepends=True)[0]


def by_name(bundle: Bundle) -> dict[str, HabitHistory]:
    return {habit.name: habit for habit in bundle.habits}


def folder_with(tmp_path: Path, **files: str | bytes) -> Path:
    """The current export unpacked, with some files replaced (keys: member paths)."""
    return lay_out(tmp_path / "Loop Habits CSV 2024-05-01", {**CURRENT_EXPORT, **files})


def refusal(path: Path, today: dt.date = TODAY) -> str:
    with pytest.raises(FormatError) as caught:
        read_loop(path, today)
    return str(caught.value)


# -- the current CSV layout -------------------------------------------------------------
def assert_current_export(bundle: Bundle) -> None:
    """What a person entered in the hand-written export, and nothing Loop inferred."""
    assert bundle.source == "Loop Habit Tracker CSV"
    assert [h.name for h in bundle.habits] == ["Meditate", "Read, then write", "Run", "Old guitar"]
    habits = by_name(bundle)

    meditate = habits["Meditate"]
    assert (meditate.schedule, meditate.target, meditate.kind) == (Schedule.daily(), 1, HabitKind.PROMISE)
    assert not meditate.measured and meditate.unit == "" and not meditate.at_most
    assert meditate.why == "Did you meditate today?"
    assert meditate.days == {
        D("2024-05-01"): CheckIn(value=1),
        D("2024-04-30"): CheckIn(note="Sick"),  # a NO day keeps its note, without a value
        D("2024-04-29"): CheckIn(skipped=True),
        D("2024-04-28"): CheckIn(value=1, note='Sat by the window, felt "calm"\nthen slept'),
        D("2024-04-26"): CheckIn(note="Forgot to tick it; did it at night"),
    }  # 2024-04-27 was UNKNOWN without a note: no entry at all

    read = habits["Read, then write"]
    assert read.schedule == Schedule.per_week(3)
    assert read.why == 'Ten pages, then one "honest" paragraph'
    assert read.days == {  # the YES_AUTO days (04-30, 04-28) are Loop's inference
        D("2024-04-29"): CheckIn(value=1),
        D("2024-04-27"): CheckIn(value=1, note='Chapter 3, "The Loop"'),
        D("2024-04-26"): CheckIn(value=1),
    }

    run = habits["Run"]  # measurable in Loop: measured here, at least 5 km
    assert (run.schedule, run.measured, run.target, run.unit, run.at_most) == (
        Schedule.daily(), True, 5, "km", False)
    assert run.why == "How far did you run?"  # the unit is the habit's own, not in its why
    assert run.days == {
        D("2024-05-01"): CheckIn(value=5),
        D("2024-04-30"): CheckIn(value=Fraction(5, 2), note="Easy pace\nknee fine"),  # 2.5 kept
        D("2024-04-29"): CheckIn(skipped=True, note="Rain"),
        D("2024-04-28"): CheckIn(note="Rest day"),  # a 0 is no amount for an "at least"
        D("2024-04-27"): CheckIn(value=Fraction(62, 5)),  # 12.4, exactly
    }
    assert run.remarks == []  # nothing rounded, nothing to say

    guitar = habits["Old guitar"]  # no Checkmarks.csv in its folder: the top-level one is read
    assert (guitar.schedule, guitar.archived, guitar.days) == (Schedule.per_month(2), True, {})
    assert guitar.remarks == ["its days come from Loop's top-level Checkmarks.csv (the export "
                              "has none of its own for it), which holds no notes"]
    assert not meditate.archived and not read.archived
    assert bundle.remarks == [auto_remark([("Read, then write", 2)])]
    assert bundle.remarks[0] == (
        "2 days of Loop's automatic ticks (Read, then write 2) were not imported: a YES_AUTO "
        "is Loop's own inference from the frequency (a day it did not ask for), not something "
        "you entered")
    assert bundle.day_count == 13


def test_current_zip_reads_only_what_was_entered(tmp_path: Path) -> None:
    assert_current_export(read_loop(zip_up(tmp_path / ZIP_NAME, CURRENT_EXPORT), TODAY))


def test_unpacked_folder_reads_the_same(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    assert_current_export(read_loop(folder, TODAY))
    assert_current_export(read_loop(folder / "Habits.csv", TODAY))  # picking the file inside


def test_zip_of_the_unpacked_folder_reads_the_same(tmp_path: Path) -> None:
    nested = {f"Loop Habits CSV 2024-05-01/{name}": text for name, text in CURRENT_EXPORT.items()}
    assert_current_export(read_loop(zip_up(tmp_path / "again.zip", nested), TODAY))


def test_habit_folders_are_found_by_position_not_by_name(tmp_path: Path) -> None:
    """Loop strips characters from folder names (and a rename changes none of them)."""
    export = {name.replace("002 Read then write/", "002 Lesen/"): text
              for name, text in CURRENT_EXPORT.items()}
    bundle = read_loop(zip_up(tmp_path / ZIP_NAME, export), TODAY)
    assert by_name(bundle)["Read, then write"].days[D("2024-04-29")] == CheckIn(value=1)


def test_two_folders_with_one_position_are_refused(tmp_path: Path) -> None:
    """Two exports unpacked into one folder: which one is right can't be told."""
    folder = folder_with(tmp_path, **{"002 Read/Checkmarks.csv": CHECKMARKS_HEAD})
    assert refusal(folder) == ("Loop Habits CSV 2024-05-01/002 Read then write: shares position "
                               "002 with '002 Read'; Loop gives every habit its own number")


def test_progress_is_reported_per_habit(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    read_loop(folder_with(tmp_path), TODAY, lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_targets_units_and_limits_come_as_loop_has_them(tmp_path: Path) -> None:
    """Loop's target type, unit and target (a double, written as Kotlin does) are the
    habit's own here: an "at most" is a limit, decimals are kept; what can't be kept as
    it is (a target past ours, finer than a thousandth, an "at least 0", a long unit) is
    said, habit by habit."""
    habits = HABITS_HEAD + (
        "001,Coffee,NUMERICAL,,,1,1,#000000,cups,AT_MOST,2.0,false\n"
        "002,Steps,NUMERICAL,,,1,1,#000000,steps,AT_LEAST,10000.0,false\n"
        "003,Swim,NUMERICAL,,,3,7,#000000,km,AT_LEAST,2.25,false\n"
        "004,Sugar,NUMERICAL,,,1,1,#000000,spoons,AT_MOST,0.0,false\n"
        "005,Pages,NUMERICAL,,,1,1,#000000,,AT_LEAST,1.0,false\n"
        "006,Breaths,NUMERICAL,,,1,1,#000000,,AT_LEAST,1.0E7,false\n"
        "007,Anything,NUMERICAL,,,1,1,#000000,,AT_LEAST,0.0,false\n"
        "008,Third,NUMERICAL,,,1,1,#000000,l,AT_LEAST,0.3334,false\n"
        "009,Stairs,NUMERICAL,,,1,1,#000000,flights of stairs walked up,AT_LEAST,3.0,false\n"
    )
    bundle = read_loop(lay_out(tmp_path / "x", {"Habits.csv": habits}), TODAY)
    assert [(h.name, h.measured, h.target, h.unit, h.at_most, h.why) for h in bundle.habits] == [
        ("Coffee", True, 2, "cups", True, ""),
        ("Steps", True, 10_000, "steps", False, ""),
        ("Swim", True, Fraction(9, 4), "km", False, ""),
        ("Sugar", True, 0, "spoons", True, ""),  # a limit of none at all
        ("Pages", True, 1, "", False, ""),  # target 1, still measured: it counts pages
        ("Breaths", True, 100_000, "", False, ""),
        ("Anything", True, Fraction(1, 1000), "", False, ""),
        ("Third", True, Fraction(333, 1000), "l", False, ""),
        ("Stairs", True, 3, "flights of stairs wa", False, ""),
    ]
    remarks = {h.name: h.remarks[:-1] for h in bundle.habits}  # the last: no check marks
    assert all(h.remarks[-1] == NO_MARKS for h in bundle.habits)
    assert remarks == {
        "Coffee": [], "Steps": [], "Swim": [], "Sugar": [], "Pages": [],
        "Breaths": ["Loop's target of 10,000,000 is above the largest target here (100,000), "
                    "so it was set to 100,000"],
        "Anything": ["Loop's target of at least 0 is met by every day, even one without an "
                     "entry; here a target is more than 0, so it is 0.001: any amount entered "
                     "keeps it"],
        "Third": ["Loop's target of 0.3334 has more than three decimals; it is 0.333 here "
                  "(amounts here keep three)"],
        "Stairs": ["Loop's unit 'flights of stairs walked up' is 27 characters; units here are "
                   "at most 20, so it is 'flights of stairs wa'"],
    }


def test_a_limits_day_of_0_is_kept_and_an_at_least_days_0_is_a_miss(tmp_path: Path) -> None:
    """In Loop 2 a measurable day of 0 is the person's own: for "at most" it is a day
    within the limit (kept, a recorded 0); for "at least" it is nothing done."""
    habits = HABITS_HEAD + ("001,Coffee,NUMERICAL,,,1,1,#000000,cups,AT_MOST,2.0,false\n"
                            "002,Run,NUMERICAL,,,1,1,#000000,km,AT_LEAST,5.0,false\n")
    marks = CHECKMARKS_HEAD + "2024-04-30,NO,\n2024-04-29,NO,none at all\n2024-04-28,2500,\n"
    bundle = read_loop(lay_out(tmp_path / "x", {"Habits.csv": habits,
                                                "001 Coffee/Checkmarks.csv": marks,
                                                "002 Run/Checkmarks.csv": marks}), TODAY)
    coffee, run = bundle.habits
    assert coffee.days == {D("2024-04-30"): CheckIn(0), D("2024-04-29"): CheckIn(0, False, "none at all"),
                           D("2024-04-28"): CheckIn(Fraction(5, 2))}
    assert coffee.remarks == []
    assert run.days == {D("2024-04-29"): CheckIn(None, False, "none at all"),
                        D("2024-04-28"): CheckIn(Fraction(5, 2))}
    assert run.remarks == ["1 day of 0 without a note is a missed day here, as in Loop"]


def test_long_description_keeps_200_characters_with_a_remark(tmp_path: Path) -> None:
    habits = HABITS_HEAD + f"001,Journal,YES_NO,Did you write?,{'x' * 300},1,1,#000000,,,,false\n"
    (journal,) = read_loop(lay_out(tmp_path / "x", {"Habits.csv": habits}), TODAY).habits
    assert journal.why == ("Did you write? — " + "x" * 300)[:200]
    assert journal.remarks == ["Loop's question and description came to 317 characters; only "
                               "the first 200 were kept as the habit's why", NO_MARKS]


def test_other_frequencies_become_quotas_in_days(tmp_path: Path) -> None:
    habits = HABITS_HEAD + (
        "001,Every third day,YES_NO,,,1,3,#000000,,,,false\n"
        "002,Monthly-ish,YES_NO,,,4,31,#000000,,,,false\n"
        "003,Twice a fortnight,YES_NO,,,2,14,#000000,,,,false\n"
        "004,Seven of seven,YES_NO,,,7,7,#000000,,,,false\n"
        "005,Thirty of thirty,YES_NO,,,30,30,#000000,,,,false\n"
    )
    bundle = read_loop(lay_out(tmp_path / "x", {"Habits.csv": habits}), TODAY)
    assert [h.schedule for h in bundle.habits] == [
        Schedule.in_days(1, 3), Schedule.per_month(4), Schedule.in_days(2, 14),
        Schedule.daily(), Schedule.daily()]  # n in n days is every day, as Loop reads it


# -- the older CSV layout ----------------------------------------------------------------
def test_old_layout_reads_codes_without_header(tmp_path: Path) -> None:
    bundle = read_loop(zip_up(tmp_path / "Loop Habits CSV 2019-03-04.zip", OLD_EXPORT), TODAY)
    stretch, call = bundle.habits
    assert (stretch.name, stretch.why, stretch.schedule) == ("Stretch", "Did you stretch? — Back pain",
                                                             Schedule.daily())
    assert stretch.days == {D("2019-03-03"): CheckIn(value=1), D("2019-03-01"): CheckIn(skipped=True)}
    assert (call.name, call.schedule) == ("Call mum, dad", Schedule.per_week(1))
    assert call.days == {D("2019-03-02"): CheckIn(value=1)}
    assert bundle.remarks == [auto_remark([("Stretch", 1)])]
    assert stretch.remarks == call.remarks == []  # an old 0 is Loop's blank, not a 'no'


def test_old_layout_refuses_values_that_are_neither_codes_nor_amounts(tmp_path: Path) -> None:
    folder = lay_out(tmp_path / "old", {**OLD_EXPORT,
                                        "001 Stretch/Checkmarks.csv": "2019-03-03,2\n2019-03-02,-7\n"})
    assert refusal(folder) == ("old/001 Stretch/Checkmarks.csv, line 2: value '-7' is neither "
                               "one of old Loop's codes (-1, 0, 1, 2, 3) nor an amount × 1000 "
                               "such as 2500")
    folder = lay_out(tmp_path / "old2", {**OLD_EXPORT,
                                         "001 Stretch/Checkmarks.csv": "2019-03-03,YES\n"})
    assert refusal(folder).endswith("line 1: value 'YES' is neither one of old Loop's codes "
                                    "(-1, 0, 1, 2, 3) nor an amount × 1000 such as 2500")


# -- the SQLite backup -------------------------------------------------------------------
def test_backup_reads_both_habit_types_skips_and_notes(tmp_path: Path) -> None:
    bundle = read_loop(loop_backup(tmp_path / "Loop Habits Backup 2024-05-01 093015.db"), TODAY)
    assert bundle.source == "Loop Habit Tracker backup"
    floss, water, walk = bundle.habits
    assert (floss.name, floss.why, floss.target) == ("Floss", "Did you floss?", 1)
    assert floss.days == {
        D("2024-04-26"): CheckIn(skipped=True),
        D("2024-04-28"): CheckIn(value=1),
        D("2024-04-29"): CheckIn(skipped=True),
        D("2024-04-30"): CheckIn(note="Sick"),
    }
    assert (water.name, water.why) == ("Water, glasses", "Hydrate")
    assert (water.measured, water.target, water.unit, water.at_most) == (True, 8, "glasses", True)
    assert water.days == {  # target_type 1 is Loop's "at most": a limit here too
        D("2024-04-28"): CheckIn(skipped=True, note="Fasting"),
        D("2024-04-29"): CheckIn(value=Fraction(13, 2)),  # 6500 / 1000, exactly
        D("2024-04-30"): CheckIn(value=8, note='Two "big" ones,\nat lunch'),
    }
    assert water.remarks == []
    assert (walk.schedule, walk.archived, walk.days) == (Schedule.per_month(5), True, {})
    assert floss.remarks == []  # its 'no' day has a note: it is kept, as a day without a tick
    assert bundle.remarks == [auto_remark([("Floss", 1)])]


def test_old_backup_without_later_columns_reads(tmp_path: Path) -> None:
    """Loop 1.x backups have no question, type, target or notes columns."""
    path = old_backup(tmp_path / "Loop Habits Backup 2018-02-01.db")
    assert refusal(path) == "Loop Habits Backup 2018-02-01.db: Habits row id 8: a habit has no name"
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM Habits WHERE id = 8")
    db.close()
    (floss,) = read_loop(path, TODAY).habits
    assert (floss.name, floss.why, floss.target) == ("Floss", "Every evening", 1)
    assert floss.days == {D("2018-01-30"): CheckIn(value=1), D("2018-01-31"): CheckIn(skipped=True)}


def test_backup_value_that_is_no_loop_code_is_refused(tmp_path: Path) -> None:
    path = make_db(tmp_path / "b.db", [{"id": 1, "name": "Floss"}], [(1, "2024-04-28", 7, None)])
    assert refusal(path) == "b.db: habit 'Floss': Repetitions row 1 holds 7, which is not a Loop value"


def test_backup_keeps_the_later_of_two_entries_for_a_day(tmp_path: Path) -> None:
    path = make_db(tmp_path / "b.db", [{"id": 1, "name": "Floss"}],
                   [(1, "2024-04-28", 2, "first"), (1, "2024-04-28", -3, "second")])
    (floss,) = read_loop(path, TODAY).habits
    assert floss.days == {D("2024-04-28"): CheckIn(skipped=True, note="second")}
    assert floss.remarks == ["1 day had two entries in Loop's backup; the later one was kept, "
                             "as Loop does"]


def test_backup_future_day_is_refused_naming_the_habit(tmp_path: Path) -> None:
    path = make_db(tmp_path / "b.db", [{"id": 1, "name": "Floss"}], [(1, "2024-05-02", 2, None)])
    assert refusal(path) == ("b.db: habit 'Floss': Repetitions row 1: 2024-05-02 is in the "
                             "future (today is 2024-05-01)")


def test_backup_without_loop_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (id INTEGER, text TEXT)")
    db.close()
    assert refusal(path) == "notes.db: has no Habits table, so it is not a Loop Habit Tracker backup"


def test_db_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "Loop Habits Backup.db"
    path.write_bytes(b"this is not a database at all\n")
    assert refusal(path) == "Loop Habits Backup.db: is not a SQLite database, so it is not a Loop backup"


# -- refusals ----------------------------------------------------------------------------
def test_future_date_is_refused_with_its_line_after_a_multiline_note(tmp_path: Path) -> None:
    checkmarks = CHECKMARKS_HEAD + '2024-04-28,YES_MANUAL,"one\ntwo"\n2024-05-02,YES_MANUAL,\n'
    folder = folder_with(tmp_path, **{"001 Meditate/Checkmarks.csv": checkmarks})
    assert refusal(folder) == ("Loop Habits CSV 2024-05-01/001 Meditate/Checkmarks.csv, line 4: "
                               "2024-05-02 is in the future (today is 2024-05-01)")


def test_unknown_value_word_is_refused(tmp_path: Path) -> None:
    export = {**CURRENT_EXPORT, "002 Read then write/Checkmarks.csv": CHECKMARKS_HEAD
              + "2024-04-30,YES_MANUAL,\n2024-04-29,MAYBE,\n"}
    assert refusal(zip_up(tmp_path / ZIP_NAME, export)) == (
        "Loop Habits CSV 2024-05-01.zip/002 Read then write/Checkmarks.csv, line 3: value 'MAYBE' "
        "is not a Loop value (expected YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN)")


def test_measurable_value_must_be_a_whole_number(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, **{"003 Run/Checkmarks.csv": CHECKMARKS_HEAD + "2024-04-30,2.5,\n"})
    assert refusal(folder).endswith("003 Run/Checkmarks.csv, line 2: value '2.5' is not a Loop "
                                    "value (expected an amount × 1000 such as 2500, or SKIP or UNKNOWN)")


def test_bad_date_text_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, **{"001 Meditate/Checkmarks.csv": CHECKMARKS_HEAD + "30/04/2024,NO,\n"})
    assert refusal(folder).endswith("line 2: '30/04/2024' is not a date (Loop writes YYYY-MM-DD)")


def test_note_longer_than_ours_is_refused_not_cut(tmp_path: Path) -> None:
    checkmarks = CHECKMARKS_HEAD + f"2024-04-30,YES_MANUAL,{'n' * 2001}\n"
    folder = folder_with(tmp_path, **{"001 Meditate/Checkmarks.csv": checkmarks})
    assert refusal(folder).endswith("001 Meditate/Checkmarks.csv, line 2: The note is 2001 "
                                    "characters; keep it to 2000.")


def test_wrong_habits_header_is_refused(tmp_path: Path) -> None:
    semicolons = HABITS_CSV.replace(",", ";")  # saved again by a spreadsheet in another locale
    message = refusal(folder_with(tmp_path, **{"Habits.csv": semicolons}))
    assert message.startswith("Loop Habits CSV 2024-05-01/Habits.csv, line 1: has the header "
                              "'Position;Name;Type;")
    assert "expected Loop's 'Position,Name,Type,Question,Description," in message


def test_wrong_checkmarks_header_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, **{"003 Run/Checkmarks.csv": "Date,Score\n2024-05-01,0.5\n"})
    assert refusal(folder) == ("Loop Habits CSV 2024-05-01/003 Run/Checkmarks.csv, line 1: has "
                               "the header 'Date,Score'; expected 'Date,Value,Notes'")


def test_duplicate_date_names_both_lines(tmp_path: Path) -> None:
    checkmarks = CHECKMARKS_HEAD + "2024-04-30,YES_MANUAL,\n2024-04-29,NO,\n2024-04-30,SKIP,\n"
    folder = folder_with(tmp_path, **{"001 Meditate/Checkmarks.csv": checkmarks})
    assert refusal(folder).endswith("001 Meditate/Checkmarks.csv, line 4: 2024-04-30 appears "
                                    "twice, on lines 2 and 4")


def test_non_utf8_bytes_are_refused_on_their_line(tmp_path: Path) -> None:
    latin1 = (CHECKMARKS_HEAD + "2024-04-30,YES_MANUAL,\n2024-04-29,NO,Caf\xe9\n").encode("latin-1")
    export = {**CURRENT_EXPORT, "001 Meditate/Checkmarks.csv": latin1}
    assert refusal(zip_up(tmp_path / ZIP_NAME, export)) == (
        "Loop Habits CSV 2024-05-01.zip/001 Meditate/Checkmarks.csv, line 3: is not UTF-8 text "
        "(byte 0xe9); export it again from Loop")


def test_oversized_member_is_refused_before_reading(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    export = {**CURRENT_EXPORT, "003 Run/Checkmarks.csv": CHECKMARKS_HEAD + "x" * 300_000}
    path = zip_up(tmp_path / ZIP_NAME, export)
    assert path.stat().st_size < 100_000  # the ZIP itself is small; the member is not
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 100_000)
    message = refusal(path)
    assert message.startswith("Loop Habits CSV 2024-05-01.zip/003 Run/Checkmarks.csv: the file is "
                              "larger than the 100,000 bytes limit")
    assert message.endswith("so it was not read")


def test_oversized_folder_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 100)
    assert refusal(folder_with(tmp_path)).startswith(
        "Loop Habits CSV 2024-05-01/Habits.csv: the file is larger than the 100 bytes limit; a "
        "habit history is far smaller")


def test_name_problems_are_refused_with_their_line(tmp_path: Path) -> None:
    long_name = "L" * 61
    habits = HABITS_HEAD + "001,Fine,YES_NO,,,1,1,#000000,,,,false\n" + \
        f"002,{long_name},YES_NO,,,1,1,#000000,,,,false\n"
    assert refusal(lay_out(tmp_path / "a", {"Habits.csv": habits})) == (
        f"a/Habits.csv, line 3: the habit name {long_name!r} is 61 characters; names here are at "
        "most 60, so shorten it in Loop and export again")
    blank = HABITS_HEAD + "001,  ,YES_NO,,,1,1,#000000,,,,false\n"
    assert refusal(lay_out(tmp_path / "b", {"Habits.csv": blank})) == "b/Habits.csv, line 2: a habit has no name"


def test_frequency_that_cannot_be_kept_is_refused(tmp_path: Path) -> None:
    habits = HABITS_HEAD + '001,"Gym, lots",YES_NO,"Line one\nline two",,8,7,#000000,,,,false\n' + \
        "002,Later,YES_NO,,,1,1,#000000,,,,false\n"
    assert refusal(lay_out(tmp_path / "a", {"Habits.csv": habits})) == (
        "a/Habits.csv, line 2: habit 'Gym, lots' has Loop frequency 8/7, which can't be tracked "
        "here: A week has only 7 days: choose 1 to 7 times a week.")


def test_zip_member_outside_the_archive_is_refused(tmp_path: Path) -> None:
    path = zip_up(tmp_path / ZIP_NAME, {**CURRENT_EXPORT, "../evil/Habits.csv": HABITS_CSV})
    assert refusal(path) == (f"{ZIP_NAME}: holds '../evil/Habits.csv', a path outside the "
                             "archive; nothing was read from it")


@pytest.mark.parametrize(("name", "content"), [
    ("photo.png", b"\x89PNG\r\n\x1a\n...."),
    ("habits.csv", b"Date,Meditate\n"),  # Loop's top-level matrix, not the export
])
def test_not_a_loop_file_is_refused(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert refusal(path) == (f"{name}: is neither a ZIP nor a SQLite database; expected a Loop "
                             "Habit Tracker export: the 'Loop Habits CSV ….zip', the folder "
                             "unpacked from it, or a backup '.db' file")


def test_zip_or_folder_without_habits_csv_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as archive:
        archive.writestr("IMG_0001.jpg", b"\xff\xd8")
    assert refusal(tmp_path / "photos.zip").startswith("photos.zip: has no Habits.csv; expected a Loop")
    (tmp_path / "empty").mkdir()
    assert refusal(tmp_path / "empty").startswith("empty: has no Habits.csv; expected a Loop")

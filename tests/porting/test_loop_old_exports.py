"""Loop CSV exports as Loop 2.3.0 and before wrote them, and exports without habit folders:
each imported for real, checked by what the store holds and by the report's lines.

The files follow Loop's writers of the time (uhabits-core ``HabitList.writeCSV``,
``CheckmarkList.writeCSV``: ``date,value`` for every day since the habit's first
repetition, newest first, a yes/no habit's state code or a measurable habit's amount ×
1000, 0 for a day without one) and ``HabitsCSVExporter.writeMultipleHabits`` (the top-level
``Checkmarks.csv``: ``Date`` and the habits' names, unquoted, every line ending in a comma).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from imported import import_into, stored
from loop_fixtures import TODAY, lay_out, zip_up
from tracker.domain import CheckIn, Schedule
from tracker.porting.loop import read_loop
from tracker.porting.model import FormatError

D = dt.date.fromisoformat
FROM_TOP = ("its days come from Loop's top-level Checkmarks.csv (the export has none of its "
            "own for it), which holds no notes")
MEASURABLE = ("Loop's export before 2.3.1 doesn't say which habits are measurable; this one's "
              "values (amounts up to {}) say it is, so it is measured here and each day keeps "
              "its amount. That export has no target or unit, so the target here is at least 1 "
              "(edit the habit if your goal is another)")


def autos(each: str, total: int) -> str:
    verb = "was" if total == 1 else "were"
    return (f"{total} day{'s' if total > 1 else ''} of Loop's automatic ticks ({each}) {verb} "
            "not imported: a YES_AUTO is Loop's own inference from the frequency (a day it did "
            "not ask for), not something you entered")


# -- 1. Loop 2.3.0 and before: no Type column, values tell a measurable habit ------------
OLD_HABITS = ("Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
              "001,Stretch,Did you stretch?,,3,7,#FF5722\n"
              "002,Water,How many glasses?,Big ones,1,1,#03A9F4\n")
OLD_STRETCH = ("2024-05-01,2\n2024-04-30,1\n2024-04-29,3\n2024-04-28,0\n2024-04-27,2\n"
               "2024-04-26,2\n")
OLD_WATER = "2024-05-01,8000\n2024-04-30,0\n2024-04-29,3\n2024-04-28,2500\n2024-04-27,6000\n"
OLD_MATRIX = ("Date,Stretch,Water,\n"  # every day since the oldest repetition of any habit
              "2024-05-01,2,8000,\n2024-04-30,1,0,\n2024-04-29,3,3,\n2024-04-28,0,2500,\n"
              "2024-04-27,2,6000,\n2024-04-26,2,0,\n")
OLD_2_3_0: dict[str, str | bytes] = {
    "Habits.csv": OLD_HABITS,
    "001 Stretch/Checkmarks.csv": OLD_STRETCH,
    "001 Stretch/Scores.csv": "2024-05-01,0.2143\n2024-04-30,0.1901\n",
    "002 Water/Checkmarks.csv": OLD_WATER,
    "002 Water/Scores.csv": "2024-05-01,0.1567\n",
    "Checkmarks.csv": OLD_MATRIX,
    "Scores.csv": "Date,Stretch,Water,\n2024-05-01,0.2143,0.1567,\n",
}
STRETCH_DAYS = {D("2024-05-01"): CheckIn(value=1), D("2024-04-29"): CheckIn(skipped=True),
                D("2024-04-27"): CheckIn(value=1), D("2024-04-26"): CheckIn(value=1)}
WATER_DAYS = {D("2024-05-01"): CheckIn(value=8), D("2024-04-29"): CheckIn(skipped=True),
              D("2024-04-28"): CheckIn(value=Fraction(5, 2)), D("2024-04-27"): CheckIn(value=6)}
OLD_REPORT = [
    "  Stretch: new habit, 4 days to add",
    "  Water: new habit, 4 days to add",
    "    note: " + MEASURABLE.format(8),
    "  note: " + autos("Stretch 1", 1)]


def test_an_old_export_with_a_measurable_habit_brings_its_amounts(tmp_path: Path) -> None:
    """Before, one measurable habit refused the whole file ('value 2000 is not one of old
    Loop's codes'); its amounts (2.5 too, not rounded), skips (3) and days are all stored
    now, as a measured habit."""
    db = tmp_path / "data" / "t.json"
    source = zip_up(tmp_path / "Loop Habits CSV 2024-05-01.zip", OLD_2_3_0)
    assert import_into(db, source, TODAY) == OLD_REPORT
    habits, days = stored(db, TODAY)
    assert list(habits) == ["Stretch", "Water"]
    assert days == {"Stretch": STRETCH_DAYS, "Water": WATER_DAYS}
    stretch, water = habits["Stretch"], habits["Water"]
    assert (stretch.schedule, stretch.target, stretch.why) == (Schedule.per_week(3), 1,
                                                                "Did you stretch?")
    assert (water.schedule, water.target, water.why) == (Schedule.daily(), 1,
                                                          "How many glasses? — Big ones")
    assert (stretch.measured, water.measured, water.unit, water.at_most) == (False, True, "", False)
    assert (stretch.start, water.start) == (D("2024-04-26"), D("2024-04-27"))


def test_an_old_export_without_folders_reads_the_top_level_file(tmp_path: Path) -> None:
    files = {"Habits.csv": OLD_HABITS, "Checkmarks.csv": OLD_MATRIX}
    bundle = read_loop(lay_out(tmp_path / "old", files), TODAY)
    stretch, water = bundle.habits
    assert (stretch.days, water.days) == (STRETCH_DAYS, WATER_DAYS)
    assert stretch.remarks == [FROM_TOP]
    assert water.remarks == [FROM_TOP, MEASURABLE.format(8)]
    assert water.measured and not stretch.measured


def test_a_habit_of_codes_alone_stays_yes_no(tmp_path: Path) -> None:
    """Values of 0 to 3 only are old Loop's state codes (a measurable habit of nothing but
    0.001 to 0.003 is no real history)."""
    files = {**OLD_2_3_0, "002 Water/Checkmarks.csv": "2024-05-01,2\n2024-04-30,0\n"}
    _, water = read_loop(lay_out(tmp_path / "old", files), TODAY).habits
    assert (water.days, water.remarks) == ({D("2024-05-01"): CheckIn(value=1)}, [])


# -- 2. only Habits.csv and the top-level Checkmarks.csv --------------------------------
HABITS = ("Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
          "Color,Unit,Target Type,Target Value,Archived?\n"
          "001,Meditate,YES_NO,,,1,1,#E53935,,,,false\n"
          '002,"Read, then write",YES_NO,,,3,7,#FB8C00,,,,false\n'
          "003,Run,NUMERICAL,,,1,1,#43A047,km,AT_LEAST,5.0,false\n"
          "004,Unexported,YES_NO,,,1,1,#43A047,,,,false\n")
MATRIX = ("Date,Meditate,Read, then write,Run,\n"  # Loop writes the names unquoted
          "2024-05-01,YES_MANUAL,UNKNOWN,5000,\n"
          "2024-04-30,NO,YES_AUTO,2500,\n"
          "2024-04-29,SKIP,YES_MANUAL,SKIP,\n"
          "2024-04-28,YES_MANUAL,YES_AUTO,NO,\n"
          "2024-04-27,UNKNOWN,YES_MANUAL,12400,\n")


def test_a_folder_of_habits_and_the_top_level_checkmarks_brings_every_day(tmp_path: Path) -> None:
    db = tmp_path / "data" / "t.json"
    source = lay_out(tmp_path / "Loop Habits CSV 2024-05-01", {
        "Habits.csv": HABITS, "Checkmarks.csv": MATRIX,
        "Scores.csv": "Date,Meditate,Read, then write,Run,\n2024-05-01,0.5,0.4,0.3,\n"})
    assert import_into(db, source, TODAY) == [
        "  Meditate: new habit, 3 days to add",
        f"    note: {FROM_TOP}",
        "    note: 1 'no' day without a note is a missed day here, as in Loop",
        "  Read, then write: new habit, 2 days to add",
        f"    note: {FROM_TOP}",
        "  Run: new habit, 4 days to add",
        f"    note: {FROM_TOP}",
        "    note: 1 day of 0 without a note is a missed day here, as in Loop",
        "  Unexported: new habit, 0 days to add",
        "    note: Loop's export has no check marks for it (no Checkmarks.csv of its own, and no "
        "column in the top-level one), so it comes without days",
        "  note: " + autos("Read, then write 2", 2)]
    habits, days = stored(db, TODAY)
    assert days == {
        "Meditate": {D("2024-05-01"): CheckIn(value=1), D("2024-04-29"): CheckIn(skipped=True),
                     D("2024-04-28"): CheckIn(value=1)},
        "Read, then write": {D("2024-04-29"): CheckIn(value=1), D("2024-04-27"): CheckIn(value=1)},
        "Run": {D("2024-05-01"): CheckIn(value=5), D("2024-04-30"): CheckIn(value=Fraction(5, 2)),
                D("2024-04-29"): CheckIn(skipped=True), D("2024-04-27"): CheckIn(value=Fraction(62, 5))},
        "Unexported": {},
    }
    run = habits["Run"]
    assert (run.measured, run.target, run.unit, run.at_most) == (True, 5, "km", False)
    assert habits["Read, then write"].schedule == Schedule.per_week(3)


def test_the_top_level_file_fills_in_only_the_habits_without_a_folder(tmp_path: Path) -> None:
    """A habit's own Checkmarks.csv has its notes, so it is what is read when it is there."""
    files = {"Habits.csv": HABITS, "Checkmarks.csv": MATRIX,
             "001 Meditate/Checkmarks.csv": "Date,Value,Notes\n2024-05-01,YES_MANUAL,calm\n"}
    meditate, read, run, _ = read_loop(zip_up(tmp_path / "x.zip", files), TODAY).habits
    assert (meditate.days, meditate.remarks) == ({D("2024-05-01"): CheckIn(value=1, note="calm")}, [])
    assert len(read.days) == 2 and len(run.days) == 4


def test_a_top_level_header_that_names_other_habits_is_refused(tmp_path: Path) -> None:
    files = {"Habits.csv": HABITS, "Checkmarks.csv": "Date,Walk,Swim,\n2024-05-01,NO,NO,\n"}
    with pytest.raises(FormatError) as caught:
        read_loop(lay_out(tmp_path / "loop", files), TODAY)
    assert str(caught.value) == ("loop/Checkmarks.csv, line 1: its header does not name the "
                                 "habits of Habits.csv in their order, so its columns can't be "
                                 "told apart; export again from Loop")


def test_a_short_top_level_row_is_refused_with_its_line(tmp_path: Path) -> None:
    files = {"Habits.csv": HABITS, "Checkmarks.csv": MATRIX + "2024-04-26,NO,\n"}
    with pytest.raises(FormatError) as caught:
        read_loop(lay_out(tmp_path / "loop", files), TODAY)
    assert str(caught.value) == ("loop/Checkmarks.csv, line 7: has 2 values; its header names "
                                 "a date and 3 habits")


# -- 5. a skip on a measurable habit ----------------------------------------------------
def test_a_skip_on_a_measurable_habit_is_a_skip(tmp_path: Path) -> None:
    """Loop stores a skip as 3 (``Entry.SKIP``) on any habit and writes it SKIP, by value;
    before, 3 on a measurable habit was read as 0.003 and dropped."""
    files = {"Habits.csv": HABITS.split("004")[0],
             "003 Run/Checkmarks.csv": "Date,Value,Notes\n2024-04-30,SKIP,Rain\n2024-04-29,5000,\n"}
    *_, run = read_loop(lay_out(tmp_path / "loop", files), TODAY).habits
    assert run.days == {D("2024-04-30"): CheckIn(skipped=True, note="Rain"),
                        D("2024-04-29"): CheckIn(value=5)}
    old = {**OLD_2_3_0, "002 Water/Checkmarks.csv": "2024-05-01,3\n2024-04-30,4000\n"}
    _, water = read_loop(lay_out(tmp_path / "old", old), TODAY).habits
    assert water.days == {D("2024-05-01"): CheckIn(skipped=True), D("2024-04-30"): CheckIn(value=4)}


def test_tiny_amounts_keep_their_decimals(tmp_path: Path) -> None:
    """Loop writes a measurable 0.002 as YES_MANUAL and 0.001 as YES_AUTO (its words go by
    value alone): they are those amounts, exactly, not rounded away."""
    files = {"Habits.csv": HABITS.split("004")[0], "003 Run/Checkmarks.csv": (
        "Date,Value,Notes\n2024-04-30,YES_MANUAL,\n2024-04-29,YES_AUTO,jog\n2024-04-28,400,\n")}
    *_, run = read_loop(lay_out(tmp_path / "loop", files), TODAY).habits
    assert run.days == {D("2024-04-30"): CheckIn(Fraction(1, 500)),
                        D("2024-04-29"): CheckIn(Fraction(1, 1000), False, "jog"),
                        D("2024-04-28"): CheckIn(Fraction(2, 5))}
    assert run.remarks == []


def test_a_wide_only_folder_brings_decimals_and_a_limits_zeros(tmp_path: Path) -> None:
    """Habits.csv and the top-level Checkmarks.csv alone, imported for real: every
    entered day, skip and amount (decimals kept) is stored; an "at most" habit's 0 is a
    day within its limit."""
    habits = HABITS.split("004")[0] + "004,Coffee,NUMERICAL,,,1,1,#000000,cups,AT_MOST,2.0,false\n"
    matrix = ("Date,Meditate,Read, then write,Run,Coffee,\n"
              "2024-05-01,YES_MANUAL,UNKNOWN,5250,NO,\n"
              "2024-04-30,NO,YES_AUTO,2,1500,\n"
              "2024-04-29,SKIP,YES_MANUAL,SKIP,SKIP,\n")
    db = tmp_path / "data" / "t.json"
    source = lay_out(tmp_path / "loop", {"Habits.csv": habits, "Checkmarks.csv": matrix})
    assert import_into(db, source, TODAY) == [
        "  Meditate: new habit, 2 days to add", f"    note: {FROM_TOP}",
        "    note: 1 'no' day without a note is a missed day here, as in Loop",
        "  Read, then write: new habit, 1 day to add", f"    note: {FROM_TOP}",
        "  Run: new habit, 3 days to add", f"    note: {FROM_TOP}",
        "  Coffee: new habit, 3 days to add", f"    note: {FROM_TOP}",  # its 0 is no miss
        "  note: " + autos("Read, then write 1", 1)]
    habits_here, days = stored(db, TODAY)
    assert days["Run"] == {D("2024-05-01"): CheckIn(Fraction(21, 4)),
                           D("2024-04-30"): CheckIn(Fraction(1, 500)),
                           D("2024-04-29"): CheckIn(None, True)}
    assert days["Coffee"] == {D("2024-05-01"): CheckIn(0), D("2024-04-30"): CheckIn(Fraction(3, 2)),
                              D("2024-04-29"): CheckIn(None, True)}
    coffee = habits_here["Coffee"]
    assert (coffee.measured, coffee.target, coffee.unit, coffee.at_most) == (True, 2, "cups", True)
    assert coffee.keeps(days["Coffee"][D("2024-05-01")].value)  # none at all keeps a limit


def test_a_habit_folder_of_no_habit_is_named_in_the_report(tmp_path: Path) -> None:
    files = {**OLD_2_3_0, "007 Gone/Checkmarks.csv": "2024-05-01,2\n"}
    bundle = read_loop(zip_up(tmp_path / "x.zip", files), TODAY)
    assert bundle.remarks == ["the folder '007 Gone' is numbered for no habit in Habits.csv, so "
                              "its Checkmarks.csv was not read", autos("Stretch 1", 1)]

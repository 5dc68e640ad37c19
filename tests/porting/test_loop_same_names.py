"""Two habits with one name in one Loop file (Loop allows it): both come in, apart, the
second under a name of its own, and the report says which is which."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from imported import import_into, stored
from loop_fixtures import TODAY, lay_out, make_db, zip_up
from tracker.domain import CheckIn, Schedule
from tracker.domain.habits import NAME_MAX
from tracker.porting.loop import read_loop

D = dt.date.fromisoformat
HEADER = ("Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
          "Color,Unit,Target Type,Target Value,Archived?\n")
EXPORT: dict[str, str | bytes] = {
    "Habits.csv": HEADER + "001,Walk,YES_NO,,Round the park,1,1,#000000,,,,false\n"
                           "002,Walk,NUMERICAL,,,1,1,#000000,km,AT_LEAST,3.0,false\n"
                           "003,WALK,YES_NO,,,2,7,#000000,,,,true\n",
    "001 Walk/Checkmarks.csv": "Date,Value,Notes\n2024-04-30,YES_MANUAL,sunny\n",
    "002 Walk/Checkmarks.csv": "Date,Value,Notes\n2024-04-30,4000,\n2024-04-29,SKIP,rain\n",
    "003 WALK/Checkmarks.csv": "Date,Value,Notes\n2024-04-28,YES_MANUAL,\n",
}


def apart(name: str, new: str) -> str:
    return (f"    note: Loop's export has another habit called {name!r}; this one is {new!r} "
            "here, so the two stay apart")


def test_two_habits_of_one_name_both_come_into_empty_data(tmp_path: Path) -> None:
    """Before, this was refused ("You already have a habit called 'Walk'"), even here."""
    db = tmp_path / "data" / "t.json"
    source = zip_up(tmp_path / "Loop Habits CSV 2024-05-01.zip", EXPORT)
    assert import_into(db, source, TODAY) == [
        "  Walk: new habit, 1 day to add",
        "  Walk (2): new habit, 2 days to add",
        apart("Walk", "Walk (2)"),
        "  WALK (3): new habit, 1 day to add",
        apart("WALK", "WALK (3)")]
    habits, days = stored(db, TODAY)
    assert days == {"Walk": {D("2024-04-30"): CheckIn(value=1, note="sunny")},
                    "Walk (2)": {D("2024-04-30"): CheckIn(value=4),
                                 D("2024-04-29"): CheckIn(skipped=True, note="rain")},
                    "WALK (3)": {D("2024-04-28"): CheckIn(value=1)}}
    assert (habits["Walk"].why, habits["Walk (2)"].target) == ("Round the park", 3)
    assert (habits["Walk"].measured, habits["Walk (2)"].measured, habits["Walk (2)"].unit) == (
        False, True, "km")
    assert (habits["WALK (3)"].schedule, habits["WALK (3)"].archived) == (Schedule.per_week(2), TODAY)


def test_the_first_joins_your_habit_and_the_second_stays_apart(tmp_path: Path) -> None:
    db = tmp_path / "data" / "t.json"
    mine = {"Habits.csv": HEADER + "001,walk,YES_NO,,,1,1,#000000,,,,false\n",
            "001 walk/Checkmarks.csv": "Date,Value,Notes\n"}
    import_into(db, lay_out(tmp_path / "mine", mine), TODAY)  # you have a habit 'walk'
    lines = import_into(db, zip_up(tmp_path / "x.zip", EXPORT), TODAY)
    assert lines[:4] == ["  walk: joins your habit of that name, 1 day to add",
                         "    note: its start moves back to 2024-04-30, the first day in the file",
                         "  Walk (2): new habit, 2 days to add", apart("Walk", "Walk (2)")]
    habits, days = stored(db, TODAY)
    assert sorted(habits) == ["WALK (3)", "Walk (2)", "walk"]
    assert days["walk"] == {D("2024-04-30"): CheckIn(value=1, note="sunny")}


def test_a_name_taken_by_a_later_habit_is_passed_over(tmp_path: Path) -> None:
    habits = HEADER + ("001,Walk,YES_NO,,,1,1,#000000,,,,false\n"
                       "002,Walk,YES_NO,,,1,1,#000000,,,,false\n"
                       "003,Walk (2),YES_NO,,,1,1,#000000,,,,false\n"
                       f"004,{'L' * NAME_MAX},YES_NO,,,1,1,#000000,,,,false\n"
                       f"005,{'L' * NAME_MAX},YES_NO,,,1,1,#000000,,,,false\n")
    bundle = read_loop(lay_out(tmp_path / "loop", {"Habits.csv": habits}), TODAY)
    assert [h.name for h in bundle.habits] == ["Walk", "Walk (3)", "Walk (2)", "L" * NAME_MAX,
                                               "L" * (NAME_MAX - 4) + " (2)"]


def test_two_habits_of_one_name_in_a_backup_stay_apart(tmp_path: Path) -> None:
    path = make_db(tmp_path / "b.db", [{"id": 1, "name": "Floss", "position": 0},
                                       {"id": 2, "name": "Floss", "position": 1}],
                   [(1, "2024-04-28", 2, None), (2, "2024-04-29", 2, "evening")])
    first, second = read_loop(path, TODAY).habits
    assert (first.name, first.days) == ("Floss", {D("2024-04-28"): CheckIn(value=1)})
    assert (second.name, second.days) == ("Floss (2)", {D("2024-04-29"): CheckIn(value=1,
                                                                                  note="evening")})
    assert second.remarks == ["Loop's backup has another habit called 'Floss'; this one is "
                              "'Floss (2)' here, so the two stay apart"]

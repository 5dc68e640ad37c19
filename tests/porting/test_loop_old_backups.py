"""Loop backups from before Loop 2 (database version 15 and older), and what any backup
holds beside a person's entries: read the way Loop reads them, every leftover counted.

The 1.x backup is built with SQLite itself from the schema Loop's own migrations give
(uhabits-core ``migrations/09.sql``: Habits, Checkmarks, Repetitions without ``value``,
Streak and Score; ``11.sql``: ``reminder_days``; ``13.sql``: the indexes), at version 15,
the last before ``16.sql`` added ``Repetitions.value``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from fractions import Fraction
from pathlib import Path

from imported import import_into, stored
from loop_fixtures import TODAY, make_db, stamp
from tracker.domain import CheckIn, Schedule
from tracker.porting.loop import read_loop

D = dt.date.fromisoformat
VERSION_9 = """
CREATE TABLE Habits (id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER, color INTEGER,
    description TEXT, freq_den INTEGER, freq_num INTEGER, highlight INTEGER, name TEXT,
    position INTEGER, reminder_hour INTEGER, reminder_min INTEGER);
CREATE TABLE Checkmarks (id INTEGER PRIMARY KEY AUTOINCREMENT,
    habit INTEGER REFERENCES habits(id), timestamp INTEGER, value INTEGER);
CREATE TABLE Repetitions (id INTEGER PRIMARY KEY AUTOINCREMENT,
    habit INTEGER REFERENCES habits(id), timestamp INTEGER);
CREATE TABLE Streak (id INTEGER PRIMARY KEY AUTOINCREMENT, end INTEGER,
    habit INTEGER REFERENCES habits(id), length INTEGER, start INTEGER);
CREATE TABLE Score (id INTEGER PRIMARY KEY AUTOINCREMENT, habit INTEGER REFERENCES habits(id),
    score INTEGER, timestamp INTEGER);
"""
VERSION_11_13 = """
ALTER TABLE Habits ADD COLUMN reminder_days INTEGER NOT NULL DEFAULT 127;
CREATE INDEX idx_score_habit_timestamp ON Score(habit, timestamp);
CREATE INDEX idx_checkmark_habit_timestamp ON Checkmarks(habit, timestamp);
CREATE INDEX idx_repetitions_habit_timestamp ON Repetitions(habit, timestamp);
CREATE INDEX idx_streak_habit_end ON Streak(habit, end);
"""
UPGRADED = ("this backup is from an older Loop (database version 15); it was read the way "
            "Loop reads it, upgraded first (in a copy in memory; the file is untouched)")


def loop_1_backup(path: Path) -> Path:
    """Floss (daily) with a day entered twice, Run (3 a week, archived), two habits called
    Walk, and a repetition of a habit deleted long ago."""
    with sqlite3.connect(path) as db:
        db.executescript(VERSION_9 + VERSION_11_13)
        db.executemany(
            "INSERT INTO Habits (id, archived, color, description, freq_den, freq_num, "
            "highlight, name, position) VALUES (?, ?, 4, ?, ?, ?, 0, ?, ?)",
            [(1, 0, "Did you floss?", 1, 1, "Floss", 0), (2, 1, "", 7, 3, "Run", 1),
             (3, 0, "Round the park", 1, 1, "Walk", 2), (4, 0, "", 7, 2, "walk", 3)])
        db.executemany("INSERT INTO Repetitions (habit, timestamp) VALUES (?, ?)", [
            (1, stamp("2018-01-28")), (1, stamp("2018-01-29")), (1, stamp("2018-01-29")),
            (1, stamp("2018-01-31")), (2, stamp("2018-01-30")), (3, stamp("2018-01-30")),
            (4, stamp("2018-01-31")), (9, stamp("2018-01-30"))])
        db.execute("INSERT INTO Checkmarks (habit, timestamp, value) VALUES (1, ?, 1)",
                   (stamp("2018-01-30"),))  # Loop's cache of inferred ticks: never history
        db.execute("INSERT INTO Score (habit, score, timestamp) VALUES (1, 1234, ?)",
                   (stamp("2018-01-31"),))
        db.execute("PRAGMA user_version = 15")
    db.close()
    return path


def test_a_loop_1_backup_is_upgraded_in_memory_and_read_whole(tmp_path: Path) -> None:
    phone = tmp_path / "phone"
    phone.mkdir()
    source = loop_1_backup(phone / "Loop Habits Backup 2018-02-01.db")
    before = source.read_bytes()
    db = tmp_path / "data" / "t.json"
    assert import_into(db, source, TODAY) == [
        "  Floss: new habit, 3 days to add",
        "  Run: new habit, 1 day to add",
        "  Walk: new habit, 1 day to add",
        "  walk (2): new habit, 1 day to add",
        "    note: Loop's backup has another habit called 'walk'; this one is 'walk (2)' here, "
        "so the two stay apart",
        f"  note: {UPGRADED}",
        "  note: 1 entry belongs to no habit of the backup (Loop shows it nowhere), so it was "
        "not imported",
        "  note: 1 entry was for a day that already had one; Loop's upgrade keeps the first of "
        "a day, and so did this import"]
    habits, days = stored(db, TODAY)
    assert days == {"Floss": {D("2018-01-28"): CheckIn(value=1), D("2018-01-29"): CheckIn(value=1),
                              D("2018-01-31"): CheckIn(value=1)},
                    "Run": {D("2018-01-30"): CheckIn(value=1)},
                    "Walk": {D("2018-01-30"): CheckIn(value=1)},
                    "walk (2)": {D("2018-01-31"): CheckIn(value=1)}}
    floss, run, walk = habits["Floss"], habits["Run"], habits["Walk"]
    assert (floss.why, floss.schedule, floss.start) == ("Did you floss?", Schedule.daily(),
                                                        D("2018-01-28"))
    assert (run.schedule, run.archived) == (Schedule.per_week(3), TODAY)  # archived in Loop
    assert (walk.why, habits["walk (2)"].schedule) == ("Round the park", Schedule.per_week(2))
    assert source.read_bytes() == before  # the person's file as it was, nothing beside it
    assert sorted(p.name for p in source.parent.iterdir()) == [source.name]


def test_a_backup_without_a_version_but_without_values_is_upgraded_too(tmp_path: Path) -> None:
    path = loop_1_backup(tmp_path / "b.db")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 0")
    db.close()
    bundle = read_loop(path, TODAY)
    assert bundle.remarks[0] == UPGRADED.replace("database version 15", "Loop 1.x, by its tables")
    assert [len(h.days) for h in bundle.habits] == [3, 1, 1, 1]


def test_a_measurable_skip_in_a_backup_is_a_skip(tmp_path: Path) -> None:
    """Loop 2 stores a skip as 3 on measurable habits too: not 0.003 of an amount. The
    amounts beside it keep their decimals, and the habit its decimal target and unit."""
    path = make_db(tmp_path / "b.db", [{"id": 1, "name": "Water", "type": 1, "target_value": 2.5,
                                        "unit": "litres"}],
                   [(1, "2024-04-28", 3, "fasting"), (1, "2024-04-29", 3, None),
                    (1, "2024-04-30", 2750, None), (1, "2024-05-01", 2, None)])
    db = tmp_path / "data" / "t.json"
    assert import_into(db, path, TODAY) == ["  Water: new habit, 4 days to add"]
    habits, days = stored(db, TODAY)
    assert days["Water"] == {D("2024-04-28"): CheckIn(skipped=True, note="fasting"),
                             D("2024-04-29"): CheckIn(skipped=True),
                             D("2024-04-30"): CheckIn(value=Fraction(11, 4)),  # 2.75
                             D("2024-05-01"): CheckIn(value=Fraction(1, 500))}  # 0.002
    water = habits["Water"]
    assert (water.measured, water.target, water.unit, water.at_most) == (
        True, Fraction(5, 2), "litres", False)


def test_entries_of_no_habit_and_bare_no_days_are_counted(tmp_path: Path) -> None:
    path = make_db(tmp_path / "b.db", [{"id": 1, "name": "Floss"}],
                   [(1, "2024-04-20", 0, None), (1, "2024-04-22", 0, ""), (1, "2024-04-25", 2, None),
                    (7, "2024-04-25", 2, None), (8, "2024-04-26", 2, None)])
    bundle = read_loop(path, TODAY)
    (floss,) = bundle.habits
    assert floss.days == {D("2024-04-25"): CheckIn(value=1)}
    assert floss.start == D("2024-04-20")  # its first 'no': a missed day, as in Loop
    assert floss.remarks == ["2 'no' days without a note are missed days here, as in Loop; the "
                             "habit starts on the first of them, 2024-04-20"]
    assert bundle.remarks == ["2 entries belong to no habit of the backup (Loop shows them "
                              "nowhere), so they were not imported"]

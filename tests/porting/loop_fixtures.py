"""Loop Habit Tracker exports written out by hand, the way a real person's export looks.

Texts follow Loop's own writers: ``Habits.csv`` from ``HabitList.writeCSV`` and each
habit's ``Checkmarks.csv`` from ``HabitsCSVExporter`` (opencsv, quoting only where needed,
newest day first, YES_AUTO ticks for days a frequency didn't ask for). Scores files and the
top-level matrices are included because Loop writes them; the reader must ignore them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from pathlib import Path

TODAY = dt.date(2024, 5, 1)
ZIP_NAME = "Loop Habits CSV 2024-05-01.zip"

HABITS_CSV = (
    "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,"
    "Unit,Target Type,Target Value,Archived?\n"
    "001,Meditate,YES_NO,Did you meditate today?,,1,1,#E53935,,,,false\n"
    '002,"Read, then write",YES_NO,,"Ten pages, then one ""honest"" paragraph",3,7,#FB8C00,'
    ",,,false\n"
    "003,Run,NUMERICAL,How far did you run?,,1,1,#43A047,km,AT_LEAST,5.0,false\n"
    "004,Old guitar,YES_NO,,,2,30,#8E24AA,,,,true\n"
)
MEDITATE_CSV = (
    "Date,Value,Notes\n"
    "2024-05-01,YES_MANUAL,\n"
    "2024-04-30,NO,Sick\n"
    "2024-04-29,SKIP,\n"
    '2024-04-28,YES_MANUAL,"Sat by the window, felt ""calm""\n'
    'then slept"\n'
    "2024-04-27,UNKNOWN,\n"
    "2024-04-26,UNKNOWN,Forgot to tick it; did it at night\n"
)
READ_CSV = (
    "Date,Value,Notes\n"
    "2024-04-30,YES_AUTO,\n"
    "2024-04-29,YES_MANUAL,\n"
    "2024-04-28,YES_AUTO,\n"
    '2024-04-27,YES_MANUAL,"Chapter 3, ""The Loop"""\n'
    "2024-04-26,YES_MANUAL,\n"
)
RUN_CSV = (
    "Date,Value,Notes\n"
    "2024-05-01,5000,\n"
    '2024-04-30,2500,"Easy pace\n'
    'knee fine"\n'
    "2024-04-29,SKIP,Rain\n"
    "2024-04-28,NO,Rest day\n"
    "2024-04-27,12400,\n"
)
SCORES_CSV = "Date,Score\n2024-05-01,0.5123\n2024-04-30,0.4988\n"
MATRIX_CSV = (
    'Date,Meditate,"Read, then write",Run,Old guitar,\n'
    "2024-05-01,YES_MANUAL,UNKNOWN,5000,UNKNOWN,\n"
)

CURRENT_EXPORT: dict[str, str | bytes] = {
    "Habits.csv": HABITS_CSV,
    "001 Meditate/Checkmarks.csv": MEDITATE_CSV,
    "001 Meditate/Scores.csv": SCORES_CSV,
    "002 Read then write/Checkmarks.csv": READ_CSV,
    "002 Read then write/Scores.csv": SCORES_CSV,
    "003 Run/Checkmarks.csv": RUN_CSV,
    "003 Run/Scores.csv": SCORES_CSV,
    "004 Old guitar/Scores.csv": SCORES_CSV,  # its Checkmarks.csv is missing: no days
    "Checkmarks.csv": MATRIX_CSV,
    "Scores.csv": MATRIX_CSV.replace("YES_MANUAL", "0.5").replace("UNKNOWN", "0.0"),
}

OLD_HABITS_CSV = (
    "Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
    "001,Stretch,Did you stretch?,Back pain,1,1,#FF5722\n"
    '002,"Call mum, dad",,,1,7,#4CAF50\n'
)
OLD_STRETCH_CSV = (
    "2019-03-03,2\n"
    "2019-03-02,1\n"
    "2019-03-01,3\n"
    "2019-02-28,0\n"
    "2019-02-27,-1\n"
)
OLD_EXPORT: dict[str, str | bytes] = {
    "Habits.csv": OLD_HABITS_CSV,
    "001 Stretch/Checkmarks.csv": OLD_STRETCH_CSV,
    "001 Stretch/Scores.csv": "2019-03-03,0.1234\n",
    "002 Call mum dad/Checkmarks.csv": "2019-03-02,2\n",
}


def lay_out(folder: Path, files: dict[str, str | bytes]) -> Path:
    """The export as a person who unpacked the ZIP has it on disk."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def zip_up(path: Path, files: dict[str, str | bytes]) -> Path:
    """The export as Loop's "Export as CSV" hands it over."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return path


# -- Loop's backup database ---------------------------------------------------------------
HABITS_TABLE = """
CREATE TABLE Habits (
    id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER, color INTEGER, description TEXT,
    freq_den INTEGER, freq_num INTEGER, highlight INTEGER, name TEXT, position INTEGER,
    reminder_hour INTEGER, reminder_min INTEGER, reminder_days INTEGER NOT NULL DEFAULT 127,
    type INTEGER NOT NULL DEFAULT 0, target_type INTEGER NOT NULL DEFAULT 0,
    target_value REAL NOT NULL DEFAULT 0, unit TEXT NOT NULL DEFAULT '', question TEXT,
    uuid TEXT)
"""
REPETITIONS_TABLE = """
CREATE TABLE Repetitions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, habit INTEGER NOT NULL REFERENCES Habits(id),
    timestamp INTEGER NOT NULL, value INTEGER NOT NULL, notes TEXT)
"""


def stamp(day: str) -> int:
    """Loop's timestamp for a day: milliseconds at that day's UTC midnight."""
    return (dt.date.fromisoformat(day) - dt.date(1970, 1, 1)).days * 86_400_000


def make_db(path: Path, habits: list[dict[str, object]],
            repetitions: list[tuple[int, str, int, str | None]]) -> Path:
    """A backup with the given Habits rows and ``(habit id, day, value, notes)`` entries."""
    with sqlite3.connect(path) as db:
        db.execute(HABITS_TABLE)
        db.execute(REPETITIONS_TABLE)
        for habit in habits:
            row = {"archived": 0, "color": 8, "freq_den": 1, "freq_num": 1, "highlight": 0,
                   "reminder_days": 127, "type": 0, "target_type": 0, "target_value": 0.0,
                   "unit": "", "question": "", "description": "", "uuid": "u"} | habit
            db.execute(f"INSERT INTO Habits ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                       tuple(row.values()))
        db.executemany("INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)",
                       [(habit, stamp(day), value, notes) for habit, day, value, notes in repetitions])
    db.close()
    return path


def loop_backup(path: Path) -> Path:
    """A Loop 2.x backup: a yes/no, a measurable and an archived habit."""
    return make_db(
        path,
        habits=[
            {"id": 1, "name": "Floss", "position": 0, "question": "Did you floss?"},
            {"id": 2, "name": "Water, glasses", "position": 1, "type": 1, "target_value": 8.0,
             "target_type": 1, "unit": "glasses", "description": "Hydrate"},
            {"id": 3, "name": "Walk", "position": 2, "freq_num": 5, "freq_den": 30, "archived": 1},
        ],
        repetitions=[
            (1, "2024-04-26", 3, None),  # Loop's SKIP (Entry.SKIP = 3)
            (1, "2024-04-27", 1, None),  # YES_AUTO: not history
            (1, "2024-04-28", 2, None),
            (1, "2024-04-29", -3, ""),  # SKIP as some development builds of Loop 2 stored it
            (1, "2024-04-30", 0, "Sick"),
            (2, "2024-04-28", 3, "Fasting"),  # a skip on a measurable habit too, not 0.003
            (2, "2024-04-29", 6500, None),
            (2, "2024-04-30", 8000, 'Two "big" ones,\nat lunch'),
            (2, "2024-05-01", -1, None),
        ],
    )


def old_backup(path: Path) -> Path:
    """A Loop 1.x backup: no question, type, target or notes columns; one habit lacks a name."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE Habits (id INTEGER PRIMARY KEY, name TEXT, description TEXT, "
                   "freq_num INTEGER, freq_den INTEGER, color INTEGER, position INTEGER, "
                   "archived INTEGER)")
        db.execute("CREATE TABLE Repetitions (id INTEGER PRIMARY KEY, habit INTEGER, "
                   "timestamp INTEGER, value INTEGER)")
        db.execute("INSERT INTO Habits VALUES (7, 'Floss', 'Every evening', 1, 1, 0, 0, 0)")
        db.executemany("INSERT INTO Repetitions (habit, timestamp, value) VALUES (7, ?, ?)",
                       [(stamp("2018-01-30"), 2), (stamp("2018-01-31"), 3)])
        db.execute("INSERT INTO Habits VALUES (8, NULL, '', 1, 1, 0, 1, 0)")
    db.close()
    return path

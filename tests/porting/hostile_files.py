"""Hostile and damaged files to import, each made by hand in a temp folder, with the
refusal a person should read. The command-line corpus test runs every one of them.

Big ones (a 740,000-day CSV, a 400 MB blob, a ZIP bomb) are built only when their case
runs, and cheaply: the blob is a view SQLite would compute, the bomb compresses to a few
kilobytes, the oversized files are sparse.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loop_fixtures import HABITS_TABLE, REPETITIONS_TABLE, lay_out, make_db, stamp, zip_up

TODAY = dt.date(2026, 11, 26)  # the CLI tests' today
LOOP_HEADER = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
               "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n")
MARKS_HEADER = "Date,Value,Notes\n"
RECURSIVE = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
MB = 1_048_576
BOOT = ("import sys, tracker.porting.loop_db as db; db.READ_SECONDS = float(sys.argv.pop(1)); "
        "from tracker.cli import main; sys.exit(main())")  # ``python -c BOOT SECONDS args…``


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], Path]  # builds the file in a temp folder, returns what to import
    says: str  # in the one line of stderr; {tmp} is the temp folder
    flags: tuple[str, ...] = ()
    seconds: float | None = None  # the Loop backup's time budget, for the case about time


def every_byte(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (backups too), lock files aside: they hold no data."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


# -- builders ---------------------------------------------------------------------------
def loop_habit(name: str = "Meditate", num: str = "1", den: str = "1", kind: str = "YES_NO") -> str:
    unit, target_type, target = ("km", "AT_LEAST", "5.0") if kind == "NUMERICAL" else ("", "", "")
    return f"001,{name},{kind},,,{num},{den},#FF8F00,{unit},{target_type},{target},false\n"


def loop_folder(marks: str | bytes = MARKS_HEADER, habit: str | None = None,
                folder: str = "001 Meditate") -> Callable[[Path], Path]:
    return lambda tmp: lay_out(tmp / "loop", {"Habits.csv": LOOP_HEADER + (habit or loop_habit()),
                                              f"{folder}/Checkmarks.csv": marks})


def loop_zip(files: dict[str, str | bytes]) -> Callable[[Path], Path]:
    return lambda tmp: zip_up(tmp / "loop.zip", {"Habits.csv": LOOP_HEADER + loop_habit(), **files})


def many_days(tmp: Path) -> Path:
    """A Loop CSV of 740,000 days, newest first, reaching back to the year 1."""
    last = TODAY.toordinal() - 1
    rows = b"".join(dt.date.fromordinal(o).isoformat().encode() + b",YES_MANUAL,\n"
                    for o in range(last, max(last - 740_000, 0), -1))
    return lay_out(tmp / "loop", {"Habits.csv": LOOP_HEADER + loop_habit(),
                                  "001 Meditate/Checkmarks.csv": MARKS_HEADER.encode() + rows})


def encrypted_zip(tmp: Path) -> Path:
    """A Loop ZIP whose Habits.csv is marked password-protected (Python can't write one)."""
    path = zip_up(tmp / "loop.zip", {"Habits.csv": LOOP_HEADER + loop_habit()})
    data = bytearray(path.read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        data[at + flags] |= 0x01
    path.write_bytes(bytes(data))
    return path


def lying_zip(tmp: Path) -> Path:
    """A member of 30 MB whose headers (local and central) say 10 bytes."""
    path = zip_up(tmp / "loop.zip", {"Habits.csv": LOOP_HEADER + loop_habit(),
                                     "001 Meditate/Checkmarks.csv": b"0" * (30 * MB)})
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo("001 Meditate/Checkmarks.csv").header_offset
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")  # the member's entry: it was written last
    for at in (local + 22, central + 24):
        data[at:at + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def damaged_zip(tmp: Path) -> Path:
    """Habits.csv's compressed bytes overwritten, as a broken download leaves them."""
    path = zip_up(tmp / "loop.zip", {"Habits.csv": LOOP_HEADER + loop_habit() * 40})
    data = bytearray(path.read_bytes())
    start = 30 + len("Habits.csv")
    data[start:start + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    return path


def backup_with(habits: str | None = None, repetitions: str | None = None,
                rows: list[tuple[int, str, int, str | None]] | None = None,
                habit: dict[str, object] | None = None) -> Callable[[Path], Path]:
    """A Loop backup with one habit, where either table may be a view (``SELECT …``)."""
    def make(tmp: Path) -> Path:
        path = tmp / "loop.db"
        if habits is None and repetitions is None:
            return make_db(path, [{"id": 1, "name": "Floss", "position": 0, **(habit or {})}],
                           rows or [])
        with sqlite3.connect(path) as db:
            db.execute(HABITS_TABLE if habits is None else f"CREATE VIEW Habits AS {habits}")
            if habits is None:
                db.execute("INSERT INTO Habits (id, name, freq_num, freq_den, position) "
                           "VALUES (1, 'Floss', 1, 1, 0)")
            db.execute(REPETITIONS_TABLE if repetitions is None
                       else f"CREATE VIEW Repetitions AS {repetitions}")
        db.close()
        return path
    return make


def wal_backup(tmp: Path, rows: list[tuple[int, str, int, str | None]]) -> Path:
    """A WAL-mode backup whose last changes are still in its -wal file (as a copy taken
    while Loop had it open would be)."""
    live = make_db(tmp / "live.db", [{"id": 1, "name": "Floss", "position": 0}], [])
    db = sqlite3.connect(live)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.executemany("INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (1, ?, ?, ?)",
                   [(stamp(day), value, note) for _, day, value, note in rows])
    db.commit()
    folder = tmp / "phone"
    folder.mkdir()
    for suffix in ("", "-wal"):  # copied while open: the WAL is not yet checkpointed
        (folder / f"loop.db{suffix}").write_bytes(Path(f"{live}{suffix}").read_bytes())
    db.close()
    return folder / "loop.db"


def garbled_schema(tmp: Path) -> Path:
    """A backup whose schema is damaged so that even SQLite's message about it holds bytes
    that are not UTF-8 (the table's name in it is garbled)."""
    path = make_db(tmp / "loop.db", [{"id": 1, "name": "Floss"}], [])
    data = bytearray(path.read_bytes())
    at = data.index(b"tableHabitsHabits") + len(b"table")
    data[at:at + 6] = b"Ha\xed\xa0ts"
    at = data.index(b"CREATE TABLE Habits")
    data[at:at + 6] = b"CRE@TE"
    path.write_bytes(bytes(data))
    return path


def native(habit: dict[str, object] | None = None, checkin: dict[str, object] | None = None,
           text: str | None = None) -> Callable[[Path], Path]:
    """Our JSON export with one habit (and a check-in), or the given text."""
    base = {"id": "h1", "name": "Walk", "kind": "promise", "schedule": {"kind": "daily"},
            "start": "2026-11-01", "target": 1, "position": 1}
    data = {"format": "trust-tracker-export", "version": 1, "habits": [{**base, **(habit or {})}],
            "checkins": [{"habit": "h1", "date": "2026-11-20", "value": 1, **checkin}] if checkin else []}
    return lambda tmp: write(tmp / "export.json", text if text is not None else json.dumps(data))


def dijo(stats: str = '{"2026-11-20": 1}', name: str = '"Water"') -> Callable[[Path], Path]:
    return lambda tmp: write(tmp / "habit_record.json",
                             f'[{{"type": "Count", "name": {name}, "stats": {stats}, "goal": 8}}]')


def harsh(log: str = "", habits: str = "Walk: 1\n") -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        (tmp / "harsh").mkdir()
        write(tmp / "harsh" / "habits", habits)
        write(tmp / "harsh" / "log", log)
        return tmp / "harsh"
    return make


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def fifo(make_parent: Callable[[Path], Path], name: str) -> Callable[[Path], Path]:
    """What ``make_parent`` builds, with ``name`` inside it replaced by a named pipe."""
    def make(tmp: Path) -> Path:
        built = make_parent(tmp)
        (built / name).unlink()
        os.mkfifo(built / name)
        return built
    return make


def pipe(tmp: Path) -> Path:
    os.mkfifo(tmp / "export.json")
    return tmp / "export.json"


def sparse(name: str, size: int) -> Callable[[Path], Path]:
    """A file of ``size`` bytes that takes no room on disk (and is all NUL bytes)."""
    def make(tmp: Path) -> Path:
        with (tmp / name).open("wb") as handle:
            handle.truncate(size)
        return tmp / name
    return make


def bad_folder_name(tmp: Path) -> Path:
    """Two habit folders numbered 001, one named with an escape sequence and a byte that
    is not UTF-8 (the way an old file system may hand it over)."""
    root = lay_out(tmp / "loop", {"Habits.csv": LOOP_HEADER + loop_habit(),
                                  "001 b/Checkmarks.csv": MARKS_HEADER})
    os.mkdir(os.fsencode(root) + b"/001 \x1b]0;owned\x07\xff")
    return root


# -- the corpus: every case a refusal, one line naming the file and the reason -----------------
OLD_DAY = "0001-01-01 is outside the years Trust Tracker keeps (1900 to 2200)"
TOO_LONG = "A schedule can span 366 days at most; 1000000000000 days is longer than a year."
TOO_MUCH = "is more than a day can hold here (0 to 100,000)"
NOT_REGULAR = "is not a regular file (it is a device, a pipe or a socket), so it was not read"
BLOB = "SELECT 1 AS id, 'Floss' AS name, 1 AS freq_num, 1 AS freq_den, zeroblob(400000000) AS notes"
CORPUS: dict[str, Case] = {
    # 1. files that never end, and files too large
    "device as json": Case(lambda tmp: Path("/dev/zero"), f"/dev/zero: {NOT_REGULAR}", ("--from", "json")),
    "named pipe": Case(pipe, f"{{tmp}}/export.json: {NOT_REGULAR}"),
    "pipe as harsh log": Case(fifo(harsh(), "log"), f"{{tmp}}/harsh/log: {NOT_REGULAR}"),
    "pipe in loop folder": Case(fifo(loop_folder(), "001 Meditate/Checkmarks.csv"),
                                f"loop/001 Meditate/Checkmarks.csv: {NOT_REGULAR}"),
    "26 MB dijo": Case(sparse("habit_record.json", 26 * MB),
                       "{tmp}/habit_record.json: the file is larger than the 25 MB limit", ("--from", "dijo")),
    # (our own export has a limit of its own, 256 MB: refused unread past it, by its size)
    "json past our export's limit": Case(sparse("export.json", 256 * MB + 1),
                                         "{tmp}/export.json: the file is larger than the 256 MB limit",
                                         ("--from", "json")),
    # 2. Loop backups that would never finish or fill memory
    "400 MB blob in repetitions": Case(backup_with(repetitions=(
        "SELECT 1 AS id, 1 AS habit, 0 AS timestamp, 2 AS value, zeroblob(400000000) AS notes")),
        "loop.db: a field is too large to be part of a Loop backup"),
    "400 MB blob in habits": Case(backup_with(habits=BLOB.replace("notes", "description")),
                                  "loop.db: a field is too large"),
    "endless repetitions": Case(backup_with(repetitions=RECURSIVE + (
        "SELECT x AS id, 2 AS habit, 0 AS timestamp, 2 AS value, NULL AS notes FROM n")),
        "loop.db: its Repetitions table has more than 500,000 rows"),
    "endless habits": Case(backup_with(habits=RECURSIVE + (
        "SELECT x AS id, 'H' || x AS name, 1 AS freq_num, 1 AS freq_den FROM n")),
        "loop.db: its Habits table has more than 10,000 rows"),
    "recursion that never returns": Case(backup_with(repetitions=RECURSIVE + (
        "SELECT x AS id, 1 AS habit, 0 AS timestamp, 2 AS value, NULL AS notes FROM n WHERE x < 0")),
        "loop.db: took too long to read (more than 0.5 seconds)", seconds=0.5),
    "wal backup with a bad day": Case(lambda tmp: wal_backup(tmp, [(1, "0001-01-01", 2, None)]),
                                      f"loop.db: habit 'Floss': Repetitions row 1: {OLD_DAY}"),
    # 4. ZIPs and JSON that break the libraries
    "encrypted zip member": Case(encrypted_zip, "loop.zip/Habits.csv: is encrypted"),
    "zip bomb member": Case(loop_zip({"001 Meditate/Checkmarks.csv": b"0" * (26 * MB)}),
                            "loop.zip/001 Meditate/Checkmarks.csv: the file is larger than the 25 MB limit"),
    "zip sizes that lie": Case(lying_zip, "loop.zip/001 Meditate/Checkmarks.csv: is damaged"),
    "deep json export": Case(native(text="[" * 100_000 + "]" * 100_000),
                             "{tmp}/export.json: its lists or objects are nested too deeply", ("--from", "json")),
    "deep dijo": Case(dijo(stats="[" * 100_000 + "]" * 100_000), "{tmp}/habit_record.json: its lists or "
                      "objects are nested too deeply"),
    # 5. the calendar and the bounds of a day
    "year 1 in dijo": Case(dijo(stats='{"0001-01-01": 1}'), f"{{tmp}}/habit_record.json: habit 1 ('Water'): {OLD_DAY}"),
    "740,000-day loop csv": Case(many_days, "loop/001 Meditate/Checkmarks.csv, line 46352: "
                                               "1899-12-31 is outside the years"),
    "harsh log from 657": Case(harsh("0657-01-01 : Walk : y\n2026-11-20 : Walk : y\n"),
                               "{tmp}/harsh/log, line 1: 0657-01-01 is outside the years"),
    "export starting in year 1": Case(native({"start": "0001-01-01"}), "{tmp}/export.json: habit 1 ('Walk')"),
    "export check-in in year 1": Case(native(checkin={"date": "0001-01-01"}),
                                      f"{{tmp}}/export.json: {OLD_DAY}"),
    "backup day in year 1": Case(backup_with(rows=[(1, "0001-01-01", 2, None)]),
                                 f"loop.db: habit 'Floss': Repetitions row 1: {OLD_DAY}"),
    "export every 10**12 days": Case(native({"schedule": {"kind": "every_n_days", "days": 10**12}}),
                                     f"{{tmp}}/export.json: habit 1 ('Walk') can't be imported: {TOO_LONG}"),
    "loop csv 1 in 10**12 days": Case(loop_folder(habit=loop_habit(den="1000000000000")),
                                      f"loop/Habits.csv, line 2: habit 'Meditate' has Loop frequency "
                                      f"1/1000000000000, which can't be tracked here: {TOO_LONG}"),
    "backup 1 in 10**12 days": Case(backup_with(habit={"freq_den": 10**12}),
                                    f"loop.db: Habits row id 1: habit 'Floss' has Loop frequency "
                                    f"1/1000000000000, which can't be tracked here: {TOO_LONG}"),
    "harsh every 10**12 days": Case(harsh(habits="Walk: 1000000000000\n"),
                                    "{tmp}/harsh/habits, line 1: the habit 'Walk' can't be tracked here"),
    "export value past the largest": Case(native(checkin={"value": 100_001}),
                                          f"(Walk), 2026-11-20: the amount 100,001 {TOO_MUCH}"),
    "dijo count past the largest": Case(dijo(stats='{"2026-11-20": 1000000}'),
                                        f"the value for 2026-11-20: the amount 1,000,000 {TOO_MUCH}"),
    "harsh amount past the largest": Case(harsh("2026-11-20 : Walk : y : far : 1e300\n"),
                                          f"{{tmp}}/harsh/log, line 1: Walk: the amount {TOO_MUCH}"),
    "loop amount past the largest": Case(loop_folder(MARKS_HEADER + "2026-11-20,200000000,\n",
                                                     loop_habit(kind="NUMERICAL")),
                                         f"Checkmarks.csv, line 2: the amount 200,000 {TOO_MUCH}"),
    "backup amount past the largest": Case(backup_with(rows=[(1, "2026-11-20", 10**12, None)],
                                                       habit={"type": 1, "target_value": 5.0}),
                                           f"Repetitions row 1: the amount 1,000,000,000 {TOO_MUCH}"),
    # 6. text that would reach the terminal
    "escape in a zip folder name": Case(loop_zip({"001 \x1b[2Jred/Checkmarks.csv": MARKS_HEADER,
                                                  "001 b/Checkmarks.csv": MARKS_HEADER}),
                                        "shares position 001 with"),
    "escape and bad byte in a folder name": Case(bad_folder_name, "shares position 001"),
    "escape in a loop name": Case(loop_folder(habit=loop_habit(name="Med\x1b[31mitate")),
                                  "loop/Habits.csv, line 2: habit 'Med\\x1b[31mitate': The habit name "
                                  "contains a control character"),
    "escape in a loop unit": Case(loop_folder(habit=loop_habit(kind="NUMERICAL").replace(
        ",km,", ",k\x1b[31mm,")), "loop/Habits.csv, line 2: habit 'Meditate': The unit "
        "contains a control character"),
    "escape in an export's unit": Case(native({"measured": True, "unit": "k\x1b[2Jm"}),
                                       "{tmp}/export.json: habit 1 ('Walk') can't be imported: "
                                       "The unit contains a control character"),
    "escape in a harsh note": Case(harsh("2026-11-20 : Walk : y : \x1b]0;hi\x07 : 1\n"),
                                   "{tmp}/harsh/log, line 1: The comment contains a control character"),
    "lone surrogate in a name": Case(native({"name": "\udcff"}),
                                     "{tmp}/export.json: habit 1 ('\\udcff') is not a habit as we store "
                                     "it ('\\udcff' holds a character that is not text)"),
    "lone surrogate in dijo": Case(dijo(name='"Wa\\udcffter"'), "habit 1 ('Wa\\udcffter'): The habit "
                                   "name contains a control character"),
    # 7. what else a damaged file holds
    "1e400": Case(native(text='{"format": "trust-tracker-export", "version": 1e400}'),
                  "{tmp}/export.json: it holds the number '1e400', too large to be a count"),
    "5000 digits": Case(native(text='{"version": ' + "9" * 5000 + "}"),
                        "{tmp}/export.json: it holds a number 5000 digits long", ("--from", "json")),
    "NaN": Case(dijo(stats='{"2026-11-20": NaN}'), "{tmp}/habit_record.json: it holds NaN"),
    "repeated key": Case(native(text='{"format": "trust-tracker-export", "version": 1, "habits": [], '
                                     '"checkins": [], "habits": []}'),
                         "{tmp}/export.json: the key 'habits' appears twice in one object"),
    "habits not a list": Case(native(text='{"format": "trust-tracker-export", "version": 1, '
                                          '"habits": "Walk", "checkins": []}'),
                              "{tmp}/export.json: 'habits' should be a list"),
    "check-in of a list": Case(native(checkin={"habit": ["h1"]}),
                               "{tmp}/export.json: check-in 1 names no habit of this file"),
    "negative value": Case(native(checkin={"value": -1}), "2026-11-20: the amount -1 is negative"),
    "version as text": Case(native(text='{"format": "trust-tracker-export", "version": "1"}'),
                            "{tmp}/export.json: its version is '1'"),
    "skipped as text": Case(native(checkin={"skipped": "no"}), "'skipped' should be true or false"),
    "weekdays of a number": Case(native({"schedule": {"kind": "weekdays", "weekdays": 5}}),
                                 "{tmp}/export.json: habit 1 ('Walk') is not a habit as we store it"),
    "dijo negative count": Case(dijo(stats='{"2026-11-20": -3}'), "is negative (-3)"),
    "dijo type of a list": Case(lambda tmp: write(tmp / "habit_record.json", '[{"type": ["Bit"], '
                                                  '"name": "Walk", "stats": {}}]'),
                                "habit 1 ('Walk'): the type ['Bit'] is not one of dijo's"),
    "backup name of a blob": Case(backup_with(habit={"name": b"\x1b[2J"}),
                                  "loop.db: habit b'\\x1b[2J' (id 1): name is binary data, not text"),
    "loop value of 5000 digits": Case(loop_folder(MARKS_HEADER + "2026-11-20," + "9" * 5000 + ",\n",
                                                  loop_habit(kind="NUMERICAL")),
                                      "is far more than a day can hold"),
    "harsh negative amount": Case(harsh("2026-11-20 : Walk : y : ran : -5\n"),
                                  "{tmp}/harsh/log, line 1: the amount '-5' is negative"),
    "export not utf-8": Case(lambda tmp: write(tmp / "export.json", b'{"format": "trust-tracker-'
                                               b'export",\n "x": "\xff"}'),
                             "{tmp}/export.json, line 2: this line is not UTF-8 text", ("--from", "json")),
    "damaged zip data": Case(damaged_zip, "loop.zip/Habits.csv: is damaged"),
    "garbled schema": Case(garbled_schema, "loop.db: can't be read as a Loop backup (it is damaged"),
    "not a database": Case(lambda tmp: write(tmp / "loop.db", b"SQLite format 3\x00" + b"\x07" * 4000),
                           "loop.db: can't be read as a Loop backup"),
}

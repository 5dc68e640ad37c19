"""export, import, due and status --short, through a real subprocess.

The files to import are made by hand here, the way Loop Habit Tracker, harsh and dijo
write them; what is stored afterwards is read back through ``export`` (our JSON) or the
read-only commands. ``seeded`` holds Journal and Journey (daily, from 2026-11-20) and
Steps (daily, target 3). Today is Thursday 2026-11-26; every day in a file is before it.
"""

from __future__ import annotations

import csv
import json
import stat
import zipfile
from pathlib import Path

import pytest

LOOP_HEADER = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
               "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n")
LOOP_HABITS = (LOOP_HEADER
               + "001,Meditate,YES_NO,Did you meditate?,,1,1,#FF8F00,,,0.0,false\n"
               + '002,"Read, then write",YES_NO,,,3,7,#039BE5,,,0.0,false\n'
               + "003,Push-ups,NUMERICAL,How many?,,1,1,#039BE5,reps,AT_LEAST,20.0,false\n")
MEDITATE = ('Date,Value,Notes\n2026-11-20,YES_MANUAL,"She said ""well done""\nand meant it"\n'
            "2026-11-19,YES_AUTO,\n2026-11-18,NO,Sick\n2026-11-17,SKIP,Travel\n"
            "2026-11-16,UNKNOWN,Forgot to tick\n2026-11-15,UNKNOWN,\n2026-11-14,YES_MANUAL,\n")
READ = "Date,Value,Notes\n2026-11-21,YES_MANUAL,\n2026-11-20,NO,\n"
PUSH_UPS = ("Date,Value,Notes\n2026-11-22,25000,Felt strong\n2026-11-21,SKIP,\n"
            "2026-11-20,7000,\n2026-11-19,UNKNOWN,\n")
LOOP_PLAN = [  # what importing the ZIP made of the three files above says, line by line
    "  Meditate: new habit, 5 days to add", "  Read, then write: new habit, 1 day to add",
    "    note: 1 'no' day without a note is a missed day here, as in Loop; the habit starts on "
    "the first of them, 2026-11-20", "  Push-ups: new habit, 3 days to add",
    "  note: 1 day of Loop's automatic ticks (Meditate 1) was not imported: a YES_AUTO is "
    "Loop's own inference from the frequency (a day it did not ask for), not something you entered"]

HARSH_HABITS = "# my habits\n! Self care\nWalk: 1\nStretch: 3/7\n\n! Work\nInbox zero: 1\n"
HARSH_LOG = ("2026-11-20 : Walk : y\n2026-11-21 : Walk : n : rained all day\n"
             "2026-11-22 : Walk : s : travel\n2026-11-23 : Walk : y : long one : 5.0\n"
             "2026-11-24 : walk : y : 10:30 at the park\n"
             "2026-11-21 : Stretch : y :  : 0\n"  # how harsh writes an empty comment
             "2026-11-22 : Stretch : n\n2026-11-25 : Inbox zero : n\n2026-11-25 : Inbox zero : y\n")
DIJO = json.dumps([
    {"type": "Bit", "name": "Floss", "stats": {"2026-11-20": True, "2026-11-21": False,
                                                "2026-11-22": True}, "goal": True, "auto": False},
    {"type": "Count", "name": "Water", "stats": {"2026-11-20": 8, "2026-11-21": 3,
                                                  "2026-11-22": 0}, "goal": 8, "auto": False},
])


DIJO_MISS = "    note: 1 day not done (false or 0) is a missed day here, as in dijo"


def loop_zip(path: Path, habits: str | bytes = LOOP_HABITS,
             folders: dict[str, str | bytes] | None = None) -> Path:
    folders = folders if folders is not None else {
        "001 Meditate": MEDITATE, "002 Read then write": READ, "003 Push-ups": PUSH_UPS}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Habits.csv", habits)
        for folder, checkmarks in folders.items():
            archive.writestr(f"{folder}/Checkmarks.csv", checkmarks)
    return path


def harsh_folder(path: Path, log: str = HARSH_LOG, habits: str = HARSH_HABITS) -> Path:
    path.mkdir()
    (path / "habits").write_text(habits, encoding="utf-8")
    (path / "log").write_text(log, encoding="utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def exported(cli, out: Path, **kw) -> dict:
    """Everything stored, as our JSON export holds it."""
    assert cli.ok("export", "--out", str(out), **kw).startswith("Exported ")
    return json.loads(out.read_text(encoding="utf-8"))


def days_by_name(data: dict) -> dict[str, dict[str, dict]]:
    """{habit name: {date: the check-in's stored fields}} from an export."""
    names = {h["id"]: h["name"] for h in data["habits"]}
    days: dict[str, dict[str, dict]] = {name: {} for name in names.values()}
    for c in data["checkins"]:
        days[names[c["habit"]]][c["date"]] = {k: v for k, v in c.items() if k not in ("habit", "date")}
    return days


def habits_by_name(data: dict) -> dict[str, dict]:
    return {h["name"]: h for h in data["habits"]}


# -- 1. every entered day, skip, amount and note comes in ----------------------------
def test_a_loop_zip_brings_every_entered_day_and_no_automatic_tick(run, tmp_path):
    source = loop_zip(tmp_path / "loop.zip")
    assert run.ok("import", str(source)) == "\n".join(
        [f"From Loop Habit Tracker CSV ({source}):", *LOOP_PLAN, "Imported 3 new habits and 9 days.\n"])
    data = exported(run, tmp_path / "out.json")
    assert days_by_name(data) == {
        "Meditate": {  # 11-19 YES_AUTO and 11-15 UNKNOWN without a note are not entries
            "2026-11-14": {"value": 1},
            "2026-11-16": {"value": None, "note": "Forgot to tick"},
            "2026-11-17": {"value": None, "skipped": True, "note": "Travel"},
            "2026-11-18": {"value": None, "note": "Sick"},
            "2026-11-20": {"value": 1, "note": 'She said "well done"\nand meant it'},
        },
        "Read, then write": {"2026-11-21": {"value": 1}},  # a bare NO: a missed day, no entry
        "Push-ups": {"2026-11-20": {"value": 7}, "2026-11-21": {"value": None, "skipped": True},
                     "2026-11-22": {"value": 25, "note": "Felt strong"}},
    }
    habits = habits_by_name(data)
    assert habits["Meditate"]["schedule"]["kind"] == "daily"
    assert habits["Read, then write"]["schedule"] == {"kind": "per_week", "times": 3}
    assert (habits["Push-ups"]["target"], habits["Push-ups"]["why"]) == (20, "How many?")
    assert (habits["Push-ups"]["measured"], habits["Push-ups"]["unit"]) == (True, "reps")
    assert (habits["Meditate"]["start"], habits["Read, then write"]["start"]) == (
        "2026-11-14", "2026-11-20")


def test_a_harsh_folder_brings_answers_comments_amounts_and_headings(run, tmp_path):
    out = run.ok("import", str(harsh_folder(tmp_path / "harsh")))
    assert out.endswith("Imported 3 new habits and 7 days.\n")
    data = exported(run, tmp_path / "out.json")
    assert days_by_name(data) == {
        "Walk": {"2026-11-20": {"value": 1},
                 "2026-11-21": {"value": None, "note": "rained all day"},
                 "2026-11-22": {"value": None, "skipped": True, "note": "travel"},
                 "2026-11-23": {"value": 5, "note": "long one"},
                 "2026-11-24": {"value": 1, "note": "10:30 at the park"}},
        "Stretch": {"2026-11-21": {"value": 1}},  # an 'n' with nothing else is no entry
        "Inbox zero": {"2026-11-25": {"value": 1}},  # the later line for the day wins
    }
    assert [(h["name"], h["tags"], h["schedule"]["kind"], h["schedule"].get("times"))
            for h in data["habits"]] == [("Walk", ["self-care"], "daily", None),
                                         ("Stretch", ["self-care"], "per_week", 3),
                                         ("Inbox zero", ["work"], "daily", None)]


def test_a_dijo_file_brings_bits_and_counts(run, tmp_path):
    source = write(tmp_path / "habit_record.json", DIJO)
    assert run.ok("import", str(source)) == "\n".join([
        f"From dijo ({source}):", "  Floss: new habit, 2 days to add", DIJO_MISS,
        "  Water: new habit, 2 days to add", DIJO_MISS, "Imported 2 new habits and 4 days.\n"])
    data = exported(run, tmp_path / "out.json")
    assert days_by_name(data) == {
        "Floss": {"2026-11-20": {"value": 1}, "2026-11-22": {"value": 1}},
        "Water": {"2026-11-20": {"value": 8}, "2026-11-21": {"value": 3}},
    }
    assert [h["target"] for h in data["habits"]] == [1, 8]


# -- 2, 3. round trips ----------------------------------------------------------------
def rich_data(cli) -> None:
    """Seeded data plus a bit of everything a habit can hold."""
    cli.ok("add", "Call Mum", "--for", "Mum", "--schedule", "mon,wed,fri", "--tag", "family",
           "--why", "She worries", "--start", "2026-11-02")
    cli.ok("add", "Swim", "--schedule", "3/week", "--start", "2026-11-02")
    cli.ok("check", "call mum", "--date", "2026-11-23", "--note", 'rang, "late", sorry')
    cli.ok("check", "journal", "--date", "2026-11-24", "--note", "two\nlines")
    cli.ok("check", "journal", "--skip", "--date", "2026-11-25")
    cli.ok("note", "journey", "only a note", "--date", "2026-11-21")
    cli.ok("check", "steps", "--value", "2", "--date", "2026-11-25")
    cli.ok("check", "steps", "--value", "5")
    cli.ok("check", "swim", "--date", "2026-11-03")
    cli.ok("pause", "swim", "--from", "2026-11-10", "--to", "2026-11-15")
    cli.ok("archive", "journey")


def round_trip(cli, tmp_path) -> tuple[dict, dict]:
    """Rich data exported, imported into an empty db, exported again: (first, second)."""
    rich_data(cli)
    first = exported(cli, tmp_path / "first.json")
    other = tmp_path / "other" / "x.json"
    out = cli.ok("import", str(tmp_path / "first.json"), db=other)
    assert out.endswith("Imported 5 new habits and 7 days.\n")  # no backup: it was empty
    return first, exported(cli, tmp_path / "second.json", db=other)


def test_json_export_then_import_then_export_holds_exactly_the_same(seeded, tmp_path):
    first, second = round_trip(seeded, tmp_path)
    assert second["habits"] == first["habits"]  # ids, schedules, pauses, archive day, order
    key = lambda c: (c["habit"], c["date"])  # noqa: E731
    assert sorted(second["checkins"], key=key) == sorted(first["checkins"], key=key)


def test_json_round_trip_keeps_the_checkins_in_the_same_order(seeded, tmp_path):
    first, second = round_trip(seeded, tmp_path)
    assert second["checkins"] == first["checkins"]


def test_our_loop_zip_reads_back_with_kinds_amounts_and_start_dates(seeded, tmp_path):
    """export --format loop-csv, then import: Loop's frequency shows weekdays as 3 a week,
    and the description's last line brings back what Loop can't hold (kind, person, tags,
    weekdays, pause, start and archive days); a habit counted above 1 keeps its amounts."""
    rich_data(seeded)
    seeded.ok("add", "Pages", "--start", "2026-11-16")
    seeded.ok("check", "pages", "--value", "12", "--date", "2026-11-18")
    zipped = tmp_path / "loop.zip"
    lines = seeded.ok("export", "--format", "loop-csv", "--out", str(zipped)).splitlines()
    assert lines[0] == f"Exported 6 habits in Loop Habit Tracker's CSV layout to {zipped}."
    assert "  Call Mum: a consistency action for Mum (Loop has no kinds or people); tagged " \
           "family (Loop has no tags); its days (Mon, Wed, Fri) show in Loop as 3 times a " \
           "week; it starts on 2026-11-02 (Loop starts a habit at its first entry)" in lines
    other = tmp_path / "other" / "x.json"
    seeded.ok("import", str(zipped), "--from", "loop", db=other)
    before = exported(seeded, tmp_path / "a.json")
    after = exported(seeded, tmp_path / "b.json", db=other)
    assert days_by_name(after) == days_by_name(before)  # values, skips, note-only days, notes
    assert days_by_name(after)["Pages"] == {"2026-11-18": {"value": 12}}

    def kept(data: dict) -> dict:  # all but the id and the place in the list
        return {n: {k: v for k, v in h.items() if k not in ("id", "position")}
                for n, h in habits_by_name(data).items()}

    assert kept(after) == kept(before)  # kinds, people, tags, schedules, targets, starts, pauses
    assert list(kept(after)) == ["Journal", "Journey", "Steps", "Call Mum", "Swim", "Pages"]
    assert (kept(after)["Call Mum"]["kind"], kept(after)["Swim"]["start"]) == ("action", "2026-11-02")


# -- 4. CSV for spreadsheets -----------------------------------------------------------
def test_csv_export_is_quoted_utf8_with_iso_dates(run, tmp_path):
    note = 'Page 3, "the good part"\nthen bed'
    run.ok("add", "Läsa 📖", "--start", "2026-11-20")
    run.ok("add", "Steps", "--target", "3", "--start", "2026-11-20")
    run.ok("check", "läsa", "--date", "2026-11-24", "--note", note)
    run.ok("check", "steps", "--value", "2", "--date", "2026-11-25")
    run.ok("check", "steps", "--skip", "--date", "2026-11-26")
    ids = {h["name"]: h["id"] for h in run.json("list")}
    folder = tmp_path / "sheet"
    assert run.ok("export", "--format", "csv", "--out", str(folder)) == (
        f"Exported 2 habits to {folder / 'habits.csv'} and 3 check-ins to {folder / 'checkins.csv'}.\n")
    habits = list(csv.reader((folder / "habits.csv").read_text(encoding="utf-8").splitlines()))
    assert habits == [
        ["id", "name", "kind", "for", "schedule", "target", "why", "tags", "start", "archived", "position"],
        [ids["Läsa 📖"], "Läsa 📖", "promise", "", "every day", "1", "", "", "2026-11-20", "", "1"],
        [ids["Steps"], "Steps", "promise", "", "every day", "3", "", "", "2026-11-20", "", "2"],
    ]
    with (folder / "checkins.csv").open(encoding="utf-8", newline="") as handle:
        checkins = list(csv.reader(handle))
    assert checkins == [
        ["date", "habit", "status", "value", "note", "habit_id"],
        ["2026-11-24", "Läsa 📖", "done", "1", note, ids["Läsa 📖"]],
        ["2026-11-25", "Steps", "partial", "2", "", ids["Steps"]],
        ["2026-11-26", "Steps", "skipped", "0", "", ids["Steps"]],
    ]


# -- 5, 6, 8. dry run, re-import, joining, backups ---------------------------------------
def test_a_dry_run_prints_the_plan_and_changes_nothing(seeded, tmp_path):
    source = loop_zip(tmp_path / "loop.zip")
    before, backups = seeded.snapshot(), seeded.ok("backup", "list")
    assert seeded.ok("import", str(source), "--dry-run") == "\n".join([
        f"From Loop Habit Tracker CSV ({source}):", *LOOP_PLAN,
        "Dry run: 3 new habits and 9 days would be added. Nothing was changed.\n"])
    assert seeded.snapshot() == before
    assert seeded.ok("backup", "list") == backups


def test_importing_the_same_file_twice_adds_nothing_the_second_time(run, tmp_path):
    source = harsh_folder(tmp_path / "harsh")
    run.ok("import", str(source))
    before = run.snapshot()
    out = run.ok("import", str(source), "--yes")
    assert out.splitlines()[1:] == [
        "  Walk: joins your habit of that name, 0 days to add (5 days already recorded)",
        "    note: harsh's 'y' answers for it carry amounts, so it is measured here, at least 1 a "
        "day (harsh sets no goal for an amount; every 'y' keeps this one: edit the habit to set "
        "yours); 2 'y' answers without an amount hold 1, so each such day is kept, as in harsh",
        "  Stretch: joins your habit of that name, 0 days to add (1 day already recorded)",
        "    note: 1 'n' answer without a comment is a missed day here, as in harsh",
        "  Inbox zero: joins your habit of that name, 0 days to add (1 day already recorded)",
        "    note: 1 day was answered more than once in the log; the last answer for a day was "
        "kept, as harsh keeps it",
        "Nothing new to import; your data is unchanged."]
    assert run.snapshot() == before
    assert [h["name"] for h in run.json("list")] == ["Walk", "Stretch", "Inbox zero"]


def test_a_habit_of_the_same_name_in_another_case_is_joined_and_your_days_kept(seeded, tmp_path):
    seeded.ok("check", "journal", "--date", "2026-11-24", "--note", "mine")
    seeded.ok("check", "journal", "--date", "2026-11-25")
    log = ("2026-11-18 : JOURNAL : y\n2026-11-23 : JOURNAL : y : from harsh\n"
           "2026-11-24 : JOURNAL : s\n2026-11-25 : JOURNAL : y\n")
    source = harsh_folder(tmp_path / "harsh", log=log, habits="JOURNAL: 1\n")
    lines = seeded.ok("import", str(source), "--yes").splitlines()
    assert lines[1:3] == [
        "  Journal: joins your habit of that name, 2 days to add (1 day already recorded; "
        "1 day recorded differently here: yours kept (first 2026-11-24))",
        "    note: its start moves back to 2026-11-18, the first day in the file"]
    assert lines[3].startswith("Imported 0 new habits and 2 days. A backup from just before is "
                               "kept: trust-tracker backup restore ")
    assert [h["name"] for h in seeded.json("list")] == ["Journal", "Journey", "Steps"]
    days = days_by_name(exported(seeded, tmp_path / "out.json"))["Journal"]
    assert days == {"2026-11-18": {"value": 1}, "2026-11-23": {"value": 1, "note": "from harsh"},
                    "2026-11-24": {"value": 1, "note": "mine"}, "2026-11-25": {"value": 1}}


def test_an_import_into_existing_data_keeps_a_backup_from_before(seeded, tmp_path):
    out = seeded.ok("import", str(write(tmp_path / "habit_record.json", DIJO)))
    name = out.splitlines()[-1].rsplit(" ", 1)[1]
    assert "before-import" in name
    assert f"{name}  (" in seeded.ok("backup", "list")


# -- 7. refusals: exit 1, the file (and line) named, nothing written -------------------------
def loop_case(checkmarks: str | bytes = MEDITATE, habits: str = LOOP_HEADER
              + "001,Meditate,YES_NO,,,1,1,#FF8F00,,,0.0,false\n"):
    return lambda tmp: loop_zip(tmp / "loop.zip", habits, {"001 Meditate": checkmarks})


MARKS = "loop.zip/001 Meditate/Checkmarks.csv"
BAD_INPUTS = {
    "loop future date": (loop_case("Date,Value,Notes\n2026-12-01,YES_MANUAL,\n"), (),
                         f"{MARKS}, line 2: 2026-12-01 is in the future (today is 2026-11-26)"),
    "loop unknown word": (loop_case("Date,Value,Notes\n2026-11-20,YES_MANUAL,\n2026-11-19,MAYBE,\n"),
                          (), f"{MARKS}, line 3: value 'MAYBE' is not a Loop value (expected "
                              "YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN)"),
    "loop wrong header": (loop_case(habits="Position,Name\n001,Meditate\n"), (),
                          "loop.zip/Habits.csv, line 1: has the header 'Position,Name'"),
    "loop not utf-8": (loop_case(b"Date,Value,Notes\n2026-11-20,YES_MANUAL,\n2026-11-19,NO,caf\xe9\n"),
                       (), f"{MARKS}, line 3: is not UTF-8 text (byte 0xe9)"),
    "loop same date twice": (loop_case("Date,Value,Notes\n2026-11-20,YES_MANUAL,\n2026-11-20,NO,\n"),
                             (), f"{MARKS}, line 3: 2026-11-20 appears twice, on lines 2 and 3"),
    "harsh bad answer": (lambda tmp: harsh_folder(tmp / "harsh", log="2026-11-20 : Walk : y\n"
                                                  "2026-11-21 : Walk : x\n"), (),
                         "{tmp}/harsh/log, line 2: the answer 'x' is not y, n or s"),
    "dijo bad json": (lambda tmp: write(tmp / "habit_record.json", '[\n  {"type": "Bit",\n]\n'),
                      ("--from", "dijo"), "{tmp}/habit_record.json, line 3: this is not valid JSON"),
    "no such path": (lambda tmp: tmp / "nowhere.zip", (),
                     "{tmp}/nowhere.zip: there is no such file or folder"),
    "not our export": (lambda tmp: write(tmp / "mine.json", '{"habits": []}'), ("--from", "json"),
                       "{tmp}/mine.json: this is not a Trust Tracker export"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_a_bad_file_is_refused_naming_file_and_line(seeded, tmp_path, case):
    make, flags, says = BAD_INPUTS[case]
    line = seeded.error("import", str(make(tmp_path)), *flags)  # exit 1, one line, nothing written
    assert line.startswith("trust-tracker: " + says.format(tmp=tmp_path)), line


@pytest.mark.parametrize("fmt", ["json", "csv", "loop-csv"])
def test_export_into_a_missing_folder_is_refused_plainly(seeded, tmp_path, fmt):
    target = tmp_path / "missing" / "out"
    line = seeded.error("export", "--format", fmt, "--out", str(target))
    assert f"There is no folder {tmp_path / 'missing'} to " in line
    assert "Traceback" not in line and not target.parent.exists()


# -- 9. due and status --short ----------------------------------------------------------
def test_due_lists_what_is_left_and_its_exit_code_says_whether_anything_is(run):
    run.ok("add", "Read")
    run.ok("add", "Walk")
    run.ok("check", "read")
    assert run.ok("due") == "Walk · 1 to go today\n"
    assert run.ok("due", "--count") == "1\n"
    assert run.ok("status", "--short") == "1/2 kept · 1 due · consistency\n"
    run.ok("check", "walk")
    done = run("due")
    assert (done.returncode, done.stdout, done.stderr) == \
        (1, "Nothing is due today: every promise for today is kept or excused.\n", "")
    count = run("due", "--count")
    assert (count.returncode, count.stdout) == (1, "0\n")
    quiet = run("due", "--quiet")
    assert (quiet.returncode, quiet.stdout) == (1, "")
    assert run.ok("status", "--short") == "2/2 kept · 0 due · consistency\n"


def test_due_exits_2_on_damaged_data(run):
    run.ok("add", "Read")
    run.db.write_text("{ not json", encoding="utf-8")
    done = run("due")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("trust-tracker: ") and "Traceback" not in done.stderr


# -- 10. private files, under the default names ------------------------------------------
@pytest.mark.parametrize(("fmt", "name"), [
    ("json", "trust-tracker-2026-11-26.json"),
    ("csv", "trust-tracker-2026-11-26-csv"),
    ("loop-csv", "Loop Habits CSV 2026-11-26.zip"),
])
def test_exports_land_under_their_default_names_readable_only_by_you(seeded, tmp_path, monkeypatch,
                                                                    fmt, name):
    monkeypatch.chdir(tmp_path)  # the child runs here, so the default names land in tmp
    assert name in seeded.ok("export", "--format", fmt)
    out = tmp_path / name
    files = [out / "habits.csv", out / "checkins.csv"] if fmt == "csv" else [out]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    if fmt == "loop-csv":
        with zipfile.ZipFile(out) as archive:
            assert archive.namelist() == ["Habits.csv", "001 Journal/Checkmarks.csv",
                                          "002 Journey/Checkmarks.csv", "003 Steps/Checkmarks.csv"]

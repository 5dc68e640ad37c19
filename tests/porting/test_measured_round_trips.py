"""Measured habits carried whole through our exports and back: amounts with decimals,
units, limits ("at most", 0 included) and targets of 1, kinds, people, tags and start
days, each export written from a real store and imported into empty data for real."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from fractions import Fraction
from pathlib import Path

from imported import Stored, import_into, stored
from tracker import transfer
from tracker.clock import FixedClock
from tracker.domain import CheckIn, Habit, HabitKind, Schedule
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)
D = dt.date.fromisoformat


def habit(number: int, name: str, **fields: object) -> Habit:
    base: dict[str, object] = {"id": f"h{number}", "name": name, "kind": HabitKind.PROMISE,
                               "schedule": Schedule.daily(), "start": D("2026-11-01"),
                               "position": number}
    return Habit(**(base | fields))  # type: ignore[arg-type]  # fields by name


MEDITATE = habit(1, "Meditate", tags=("calm",))
RUN = habit(2, "Run", schedule=Schedule.per_week(3), target=Fraction(5, 2), unit="km",
            measured=True, start=D("2026-10-15"), why="Knees permitting")
SUGAR = habit(3, "Sugar", target=0, at_most=True, measured=True, kind=HabitKind.ACTION,
              for_whom="Ana")
COFFEE = habit(4, "Coffee", target=2, unit="cups", at_most=True, measured=True)
PAGES = habit(5, "Pages", measured=True)  # a count aiming at 1
DATA: list[tuple[Habit, dict[dt.date, CheckIn]]] = [
    (MEDITATE, {D("2026-11-20"): CheckIn(1), D("2026-11-21"): CheckIn(None, True, "away"),
                D("2026-11-22"): CheckIn(None, False, "forgot, did it late")}),
    (RUN, {D("2026-11-18"): CheckIn(Fraction(1, 500)), D("2026-11-19"): CheckIn(Fraction(15, 2), False, "long"),
           D("2026-11-20"): CheckIn(None, True, "rain"), D("2026-11-21"): CheckIn(None, False, "sore")}),
    (SUGAR, {D("2026-11-20"): CheckIn(0), D("2026-11-21"): CheckIn(0, False, "cake refused"),
             D("2026-11-22"): CheckIn(Fraction(1, 2))}),
    (COFFEE, {D("2026-11-19"): CheckIn(Fraction(1, 500)), D("2026-11-20"): CheckIn(Fraction(15, 2)),
              D("2026-11-21"): CheckIn(0), D("2026-11-22"): CheckIn(None, True)}),
    (PAGES, {D("2026-11-20"): CheckIn(1), D("2026-11-21"): CheckIn(12)}),
]


def seeded(db: Path) -> Stored:
    tracker = Tracker.open(db, FixedClock(TODAY))
    with tracker.store.transaction():
        for item, days in DATA:
            tracker.store.put_habit(item)
            tracker.store.put_days(item.id, days)
    tracker.close()
    return stored(db, TODAY)


def exported(db: Path, fmt: str, out: Path) -> str:
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        return transfer.export(tracker, fmt, out)
    finally:
        tracker.close()


def without_ids(habits: dict[str, Habit]) -> dict[str, Habit]:
    return {name: h.with_changes(id="") for name, h in habits.items()}


def test_loop_csv_then_import_gives_the_same_habits_and_days(tmp_path: Path) -> None:
    before_habits, before_days = seeded(tmp_path / "a" / "t.json")
    out = tmp_path / "loop.zip"
    message = exported(tmp_path / "a" / "t.json", "loop-csv", out)
    assert message.splitlines()[0] == f"Exported 5 habits in Loop Habit Tracker's CSV layout to {out}."
    with_rows = {row[1]: row for row in csv.reader(_member(out, "Habits.csv").splitlines(keepends=True))}
    assert [with_rows[n][2] for n in ("Meditate", "Run", "Sugar", "Coffee", "Pages")] == [
        "YES_NO", "NUMERICAL", "NUMERICAL", "NUMERICAL", "NUMERICAL"]
    lines = import_into(tmp_path / "b" / "t.json", out, TODAY)
    assert lines == ["  Meditate: new habit, 3 days to add", "  Run: new habit, 4 days to add",
                     "  Sugar: new habit, 3 days to add", "  Coffee: new habit, 4 days to add",
                     "  Pages: new habit, 2 days to add"]  # nothing rounded, nothing left out
    after_habits, after_days = stored(tmp_path / "b" / "t.json", TODAY)
    assert without_ids(after_habits) == without_ids(before_habits)  # kind, target, unit,
    assert after_days == before_days  # limit, measured, start, tags, person; every day


def test_json_export_keeps_decimals_and_reads_back_exactly(tmp_path: Path) -> None:
    before = seeded(tmp_path / "a" / "t.json")
    out = tmp_path / "e.json"
    exported(tmp_path / "a" / "t.json", "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["version"] == 2
    coffee = next(h for h in data["habits"] if h["name"] == "Coffee")
    assert (coffee["target"], coffee["measured"], coffee["unit"], coffee["at_most"]) == (
        2, True, "cups", True)
    assert next(h for h in data["habits"] if h["name"] == "Run")["target"] == 2.5
    values = [(c["date"], c["value"]) for c in data["checkins"] if c["habit"] == "h4"]
    assert values == [("2026-11-19", 0.002), ("2026-11-20", 7.5), ("2026-11-21", 0),
                      ("2026-11-22", None)]
    assert '"value": 7.5' in out.read_text(encoding="utf-8")
    assert import_into(tmp_path / "b" / "t.json", out, TODAY)[0] == "  Meditate: new habit, 3 days to add"
    assert stored(tmp_path / "b" / "t.json", TODAY) == before  # ids and all


def test_an_export_of_version_1_still_imports(tmp_path: Path) -> None:
    """Before amounts had decimals: no 'measured', 'unit' or 'at_most', a count habit told
    by its target above 1, and every day a whole number (0 for a skip or a note alone)."""
    old = {"format": "trust-tracker-export", "version": 1, "exported_on": "2026-11-26",
           "habits": [{"id": "a1", "name": "Steps", "kind": "promise", "schedule": {"kind": "daily"},
                       "start": "2026-11-01", "target": 3, "position": 1},
                      {"id": "a2", "name": "Floss", "kind": "promise", "schedule": {"kind": "daily"},
                       "start": "2026-11-01", "target": 1, "position": 2}],
           "checkins": [{"habit": "a1", "date": "2026-11-20", "value": 2},
                        {"habit": "a1", "date": "2026-11-21", "value": 0, "skipped": True},
                        {"habit": "a2", "date": "2026-11-20", "value": 1},
                        {"habit": "a2", "date": "2026-11-21", "value": 0, "note": "dentist"}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    import_into(tmp_path / "d" / "t.json", path, TODAY)
    habits, days = stored(tmp_path / "d" / "t.json", TODAY)
    assert (habits["Steps"].measured, habits["Steps"].target) == (True, 3)
    assert (habits["Floss"].measured, habits["Floss"].target) == (False, 1)
    assert days == {"Steps": {D("2026-11-20"): CheckIn(2), D("2026-11-21"): CheckIn(None, True)},
                    "Floss": {D("2026-11-20"): CheckIn(1),
                              D("2026-11-21"): CheckIn(None, False, "dentist")}}


def test_csv_export_writes_decimals_and_what_each_day_is(tmp_path: Path) -> None:
    seeded(tmp_path / "a" / "t.json")
    folder = tmp_path / "sheet"
    exported(tmp_path / "a" / "t.json", "csv", folder)
    habits = {row[1]: row for row in csv.reader(
        (folder / "habits.csv").read_text(encoding="utf-8").splitlines())}
    assert (habits["Run"][5], habits["Sugar"][5], habits["Coffee"][5]) == ("2.5", "0", "2")
    with (folder / "checkins.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(r[0], r[1], r[2], r[3], r[4]) for r in list(csv.reader(handle))[1:]]
    assert [r for r in rows if r[1] in ("Run", "Coffee")] == [
        ("2026-11-18", "Run", "partial", "0.002", ""),
        ("2026-11-19", "Run", "done", "7.5", "long"),
        ("2026-11-20", "Run", "skipped", "0", "rain"),
        ("2026-11-21", "Run", "note", "0", "sore"),
        ("2026-11-19", "Coffee", "done", "0.002", ""),
        ("2026-11-20", "Coffee", "over", "7.5", ""),  # a limit passed
        ("2026-11-21", "Coffee", "done", "0", ""),  # none at all: within the limit
        ("2026-11-22", "Coffee", "skipped", "0", "")]


def test_a_limit_joining_a_habit_of_yours_says_whose_goal_stays(tmp_path: Path) -> None:
    """The file's Coffee is 'at most 2 cups'; yours is yes/no: yours stays, the file's
    amounts come in as they are, and its recorded nones (which mean nothing for a habit
    that is not a limit) are counted, not added."""
    out = tmp_path / "e.json"
    seeded(tmp_path / "a" / "t.json")
    exported(tmp_path / "a" / "t.json", "json", out)
    db = tmp_path / "mine" / "t.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    with tracker.store.transaction():
        tracker.store.put_habit(habit(9, "coffee", id="mine"))
    tracker.close()
    lines = import_into(db, out, TODAY)
    at = lines.index("  coffee: joins your habit of that name, 3 days to add")
    assert lines[at + 1:at + 3] == [
        "    note: in the file it is at most 2 cups, here yes/no; yours stays, and the file's "
        "days come in with their amounts as they are",
        "    note: 1 day of 0 (none, which keeps the file's limit) means nothing for your "
        "habit, which is not a limit, so it was not added"]
    habits, days = stored(db, TODAY)
    assert (habits["coffee"].measured, habits["coffee"].at_most) == (False, False)
    assert days["coffee"] == {D("2026-11-19"): CheckIn(Fraction(1, 500)),
                              D("2026-11-20"): CheckIn(Fraction(15, 2)),
                              D("2026-11-22"): CheckIn(None, True)}


def _member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")

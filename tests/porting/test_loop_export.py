"""Writing our habits in Loop's current CSV layout: the files Loop itself would write, private,
whole or not at all, and read back by our reader to the same habits and days."""

from __future__ import annotations

import datetime as dt
import stat
import zipfile
from pathlib import Path

import pytest

from tracker.domain import CheckIn, Habit, HabitKind, Schedule
from tracker.porting.loop import read_loop, write_loop_csv

D = dt.date.fromisoformat
TODAY = D("2026-11-26")
START = D("2026-01-05")


def habit(name: str, schedule: Schedule, *, target: int = 1, why: str = "",
          archived: dt.date | None = None, position: int = 0) -> Habit:
    return Habit(id=f"h-{position}", name=name, kind=HabitKind.PROMISE, schedule=schedule,
                 start=START, target=target, why=why, archived=archived, position=position)


READ = habit("Read, then write", Schedule.per_week(3), why='Ten pages; then one "honest" line')
PUSH_UPS = habit("Push-ups", Schedule.daily(), target=20, why="Strong shoulders", position=1)
CALL = habit("Call Ana", Schedule.in_days(2, 5), position=2)
GUITAR = habit("Old guitar", Schedule.per_month(10), archived=D("2026-06-30"), position=3)

READ_DAYS = {
    D("2026-11-20"): CheckIn(value=1),
    D("2026-11-21"): CheckIn(value=1, note='Chapter 3, "The Loop"\nthen a walk'),
    D("2026-11-22"): CheckIn(skipped=True, note="Travelling"),
    D("2026-11-23"): CheckIn(note="Sick, \"proper\" flu"),  # a note and nothing else
    D("2026-11-24"): CheckIn(skipped=True),
}
PUSH_UP_DAYS = {
    D("2026-11-24"): CheckIn(value=20),
    D("2026-11-25"): CheckIn(value=7, note="Tired"),
    D("2026-11-26"): CheckIn(skipped=True),
}
CALL_DAYS = {D("2026-11-01"): CheckIn(value=1)}


def export(tmp_path: Path, name: str = "Trust Tracker for Loop.zip") -> Path:
    out = tmp_path / name
    write_loop_csv([(READ, READ_DAYS), (PUSH_UPS, PUSH_UP_DAYS), (CALL, CALL_DAYS), (GUITAR, {})], out)
    return out


def member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def test_round_trip_gives_the_same_habits_and_days(tmp_path: Path) -> None:
    bundle = read_loop(export(tmp_path), TODAY)
    assert bundle.source == "Loop Habit Tracker CSV"
    assert [(h.name, h.schedule, h.target, h.why, h.archived) for h in bundle.habits] == [
        ("Read, then write", Schedule.per_week(3), 1, 'Ten pages; then one "honest" line', False),
        ("Push-ups", Schedule.daily(), 20, "Strong shoulders", False),
        ("Call Ana", Schedule.in_days(2, 5), 1, "", False),
        ("Old guitar", Schedule.per_month(10), 1, "", True),
    ]
    read, push_ups, call, guitar = bundle.habits
    assert read.days == READ_DAYS
    assert push_ups.days == PUSH_UP_DAYS
    assert call.days == CALL_DAYS
    assert guitar.days == {}
    assert all(h.remarks == [] for h in bundle.habits)
    assert bundle.remarks == []


def test_files_are_laid_out_as_loop_writes_them(tmp_path: Path) -> None:
    out = export(tmp_path)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == [
            "Habits.csv", "001 Read then write/Checkmarks.csv", "002 Push-ups/Checkmarks.csv",
            "003 Call Ana/Checkmarks.csv", "004 Old guitar/Checkmarks.csv"]
    assert member(out, "Habits.csv") == (
        "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,"
        "Unit,Target Type,Target Value,Archived?\n"
        '001,"Read, then write",YES_NO,,"Ten pages; then one ""honest"" line",3,7,#039BE5,,,,false\n'
        "002,Push-ups,NUMERICAL,,Strong shoulders,1,1,#039BE5,,AT_LEAST,20.0,false\n"
        "003,Call Ana,YES_NO,,,2,5,#039BE5,,,,false\n"
        "004,Old guitar,YES_NO,,,10,30,#039BE5,,,,true\n"
    )
    assert member(out, "001 Read then write/Checkmarks.csv") == (
        "Date,Value,Notes\n"
        "2026-11-24,SKIP,\n"
        '2026-11-23,UNKNOWN,"Sick, ""proper"" flu"\n'
        "2026-11-22,SKIP,Travelling\n"
        '2026-11-21,YES_MANUAL,"Chapter 3, ""The Loop""\nthen a walk"\n'
        "2026-11-20,YES_MANUAL,\n"
    )
    assert member(out, "002 Push-ups/Checkmarks.csv") == (
        "Date,Value,Notes\n2026-11-26,SKIP,\n2026-11-25,7000,Tired\n2026-11-24,20000,\n")
    assert member(out, "004 Old guitar/Checkmarks.csv") == "Date,Value,Notes\n"


def test_empty_checkins_are_not_written(tmp_path: Path) -> None:
    out = tmp_path / "x.zip"
    write_loop_csv([(CALL, {D("2026-11-01"): CheckIn(), D("2026-11-02"): CheckIn(value=1)})], out)
    assert member(out, "001 Call Ana/Checkmarks.csv") == "Date,Value,Notes\n2026-11-02,YES_MANUAL,\n"


def test_fixed_schedules_become_loops_quotas(tmp_path: Path) -> None:
    """Loop has no weekdays or fixed rhythm: the nearest frequency is written, and comes back
    as that frequency."""
    weekdays = habit("Desk stretch", Schedule.on_weekdays(frozenset({0, 2, 4})))
    every_third = habit("Water plants", Schedule.every_n_days(3), position=1)
    out = tmp_path / "x.zip"
    write_loop_csv([(weekdays, {}), (every_third, {})], out)
    assert [row.split(",")[5:7] for row in member(out, "Habits.csv").splitlines()[1:]] == [
        ["3", "7"], ["1", "3"]]
    assert [h.schedule for h in read_loop(out, TODAY).habits] == [
        Schedule.per_week(3), Schedule.in_days(1, 3)]


def test_export_is_private_and_leaves_no_temp_file(tmp_path: Path) -> None:
    out = export(tmp_path)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_failed_export_keeps_the_old_file(tmp_path: Path) -> None:
    out = export(tmp_path)
    before = out.read_bytes()

    def interrupted(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_loop_csv([(READ, READ_DAYS)], out, interrupted)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_progress_is_reported_per_habit(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_loop_csv([(READ, READ_DAYS), (CALL, CALL_DAYS)], tmp_path / "x.zip",
                   lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]

"""Writing our habits in Loop's current CSV layout: the files Loop itself would write, private,
whole or not at all, and read back by our reader to the same habits and days."""

from __future__ import annotations

import csv
import datetime as dt
import re
import stat
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from tracker.domain import CheckIn, Habit, HabitKind, Pause, Schedule
from tracker.domain.amounts import Amount
from tracker.porting.loop import read_loop, write_loop_csv
from tracker.porting.model import FormatError

D = dt.date.fromisoformat
TODAY = D("2026-11-26")
START = D("2026-01-05")


def habit(name: str, schedule: Schedule, *, target: Amount = 1, why: str = "",
          archived: dt.date | None = None, position: int = 0, measured: bool = False,
          unit: str = "", at_most: bool = False) -> Habit:
    return Habit(id=f"h-{position}", name=name, kind=HabitKind.PROMISE, schedule=schedule,
                 start=START, target=target, why=why, archived=archived, position=position,
                 measured=measured or target != 1 or bool(unit) or at_most, unit=unit,
                 at_most=at_most)


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
UNSHOWN_HEAD = ("Loop can't show these; the 'Trust Tracker:' line that ends each habit's "
                "description keeps them, and importing this file here brings them back:")


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
    assert [(h.kind, h.start) for h in bundle.habits] == [(HabitKind.PROMISE, START)] * 4
    assert [h.archived_on for h in bundle.habits] == [None, None, None, D("2026-06-30")]


def test_files_are_laid_out_as_loop_writes_them(tmp_path: Path) -> None:
    out = export(tmp_path)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == [
            "Habits.csv", "001 Read then write/Checkmarks.csv", "002 Push-ups/Checkmarks.csv",
            "003 Call Ana/Checkmarks.csv", "004 Old guitar/Checkmarks.csv"]
    marker = 'Trust Tracker: {""kind"": ""promise"", ""start"": ""2026-01-05""'
    assert member(out, "Habits.csv") == (
        "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,"
        "Unit,Target Type,Target Value,Archived?\n"
        f'001,"Read, then write",YES_NO,,"Ten pages; then one ""honest"" line\n{marker}}}",3,7,'
        "#039BE5,,,,false\n"
        f'002,Push-ups,NUMERICAL,,"Strong shoulders\n{marker}}}",1,1,#039BE5,,AT_LEAST,20.0,false\n'
        f'003,Call Ana,YES_NO,,"{marker}}}",2,5,#039BE5,,,,false\n'
        f'004,Old guitar,YES_NO,,"{marker}, ""archived"": ""2026-06-30""}}",10,30,#039BE5,,,,true\n'
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


def test_fixed_schedules_become_loops_quotas_and_come_back_whole(tmp_path: Path) -> None:
    """Loop has no weekdays or fixed rhythm: the nearest frequency is written (and is what
    Loop shows); the description's last line keeps the schedule, so it reads back whole,
    and without that line it reads back as Loop's frequency."""
    weekdays = habit("Desk stretch", Schedule.on_weekdays(frozenset({0, 2, 4})))
    every_third = habit("Water plants", Schedule.every_n_days(3), position=1)
    out = tmp_path / "x.zip"
    assert write_loop_csv([(weekdays, {}), (every_third, {})], out) == [
        UNSHOWN_HEAD,
        "  Desk stretch: its days (Mon, Wed, Fri) show in Loop as 3 times a week; it starts on "
        "2026-01-05 (Loop starts a habit at its first entry)",
        "  Water plants: every 3 days shows in Loop as once in any 3 days; it starts on "
        "2026-01-05 (Loop starts a habit at its first entry)"]
    rows = list(csv.reader(member(out, "Habits.csv").splitlines(keepends=True)))[1:]
    assert [row[5:7] for row in rows] == [["3", "7"], ["1", "3"]]
    assert [h.schedule for h in read_loop(out, TODAY).habits] == [weekdays.schedule,
                                                                  every_third.schedule]
    plain = tmp_path / "plain"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(plain)
    habits_csv = plain / "Habits.csv"
    habits_csv.write_text(re.sub(r'"Trust Tracker: [^\n]*?}",', ",", habits_csv.read_text()))
    assert [h.schedule for h in read_loop(plain, TODAY).habits] == [
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


# -- what Loop can't hold, kept in the description -----------------------------------------
CALL_MUM = Habit(id="h-9", name="Call Mum", kind=HabitKind.ACTION, schedule=Schedule.on_weekdays(
    frozenset({0, 2, 4})), start=D("2026-11-02"), for_whom="Mum, \"the\" best", why="She worries",
    tags=("family", "Sunday"), pauses=(Pause(D("2026-11-10"), D("2026-11-15")),
                                       Pause(D("2026-12-24"), D("2026-12-26"))),  # ahead
    archived=D("2026-11-25"), position=9)
MUM_DAYS = {D("2026-11-04"): CheckIn(value=1, note="long call"), D("2026-11-06"): CheckIn(value=1)}
PAGES = habit("Pages", Schedule.daily(), position=4, measured=True)  # target 1, counted in pages
PAGE_DAYS = {D("2026-11-20"): CheckIn(value=12), D("2026-11-21"): CheckIn(value=1),
             D("2026-11-22"): CheckIn(skipped=True, note="ill")}


def test_kinds_people_tags_pauses_start_and_archive_day_come_back(tmp_path: Path) -> None:
    out = tmp_path / "x.zip"
    write_loop_csv([(CALL_MUM, MUM_DAYS)], out)
    description = list(csv.reader(member(out, "Habits.csv").splitlines(keepends=True)))[1][4]
    assert description == (
        'She worries\nTrust Tracker: {"kind": "action", "start": "2026-11-02", "for": "Mum, '
        '\\"the\\" best", "tags": ["family", "Sunday"], "schedule": {"kind": "weekdays", '
        '"weekdays": [0, 2, 4]}, "pauses": [["2026-11-10", "2026-11-15"], ["2026-12-24", '
        '"2026-12-26"]], "archived": "2026-11-25"}')
    (back,) = read_loop(out, TODAY).habits
    assert (back.name, back.kind, back.for_whom, back.tags, back.why) == (
        "Call Mum", HabitKind.ACTION, 'Mum, "the" best', ("family", "Sunday"), "She worries")
    assert (back.schedule, back.start, back.pauses) == (CALL_MUM.schedule, CALL_MUM.start,
                                                        CALL_MUM.pauses)
    assert (back.archived, back.archived_on) == (True, D("2026-11-25"))
    assert back.days == MUM_DAYS
    assert back.remarks == []


def test_a_measured_habit_of_target_1_stays_measurable(tmp_path: Path) -> None:
    """Before, a count habit aiming at 1 could go out as yes/no and lose its amounts."""
    out = tmp_path / "x.zip"
    write_loop_csv([(PAGES, PAGE_DAYS), (CALL, CALL_DAYS)], out)
    rows = list(csv.reader(member(out, "Habits.csv").splitlines(keepends=True)))[1:]
    assert [(row[1], row[2], row[9], row[10]) for row in rows] == [
        ("Pages", "NUMERICAL", "AT_LEAST", "1.0"), ("Call Ana", "YES_NO", "", "")]
    assert member(out, "001 Pages/Checkmarks.csv") == (
        "Date,Value,Notes\n2026-11-22,SKIP,ill\n2026-11-21,1000,\n2026-11-20,12000,\n")
    pages, call = read_loop(out, TODAY).habits
    assert (pages.measured, pages.target, pages.days) == (True, 1, PAGE_DAYS)
    assert (call.measured, call.days) == (False, CALL_DAYS)


def test_a_yes_no_habit_with_amounts_goes_out_measurable_and_comes_back_yes_no(
        tmp_path: Path) -> None:
    """A yes/no habit given 12 on a day keeps the 12: Loop has it measurable (at least 1),
    the description's line says it is yes/no here, and the report says Loop shows it so."""
    diary = habit("Diary", Schedule.daily(), position=5)
    days = {D("2026-11-20"): CheckIn(12), D("2026-11-21"): CheckIn(1),
            D("2026-11-22"): CheckIn(Fraction(1, 2), False, "half a page")}
    out = tmp_path / "x.zip"
    assert write_loop_csv([(diary, days)], out) == [
        UNSHOWN_HEAD,
        "  Diary: yes/no here, but its days hold amounts, so Loop shows it as measurable (at "
        "least 1); it starts on 2026-01-05 (Loop starts a habit at its first entry)"]
    row = list(csv.reader(member(out, "Habits.csv").splitlines(keepends=True)))[1]
    assert (row[2], row[9], row[10]) == ("NUMERICAL", "AT_LEAST", "1.0")
    assert row[4] == 'Trust Tracker: {"kind": "promise", "start": "2026-01-05", "measured": false}'
    (back,) = read_loop(out, TODAY).habits
    assert (back.measured, back.target, back.unit, back.at_most, back.days) == (False, 1, "", False, days)


LIMIT = habit("Coffee", Schedule.daily(), target=2, unit="cups", at_most=True, position=6)
NONE_AT_ALL = habit("Sugar", Schedule.per_week(5), target=0, at_most=True, position=7)
RUN = habit("Run", Schedule.per_week(3), target=Fraction(5, 2), unit="km", position=8)


def test_measured_habits_are_written_as_loops_measurable_ones(tmp_path: Path) -> None:
    """Loop's own columns: unit, target type and target as a double; amounts × 1000,
    exactly (0.002 is 2, 7.5 is 7500, a limit's recorded none 0)."""
    out = tmp_path / "x.zip"
    write_loop_csv([(RUN, {D("2026-11-20"): CheckIn(Fraction(1, 500))}),
                    (LIMIT, {D("2026-11-20"): CheckIn(Fraction(15, 2)), D("2026-11-21"): CheckIn(0)}),
                    (NONE_AT_ALL, {})], out)
    rows = list(csv.reader(member(out, "Habits.csv").splitlines(keepends=True)))[1:]
    assert [row[1:3] + row[5:7] + row[8:11] for row in rows] == [
        ["Run", "NUMERICAL", "3", "7", "km", "AT_LEAST", "2.5"],
        ["Coffee", "NUMERICAL", "1", "1", "cups", "AT_MOST", "2.0"],
        ["Sugar", "NUMERICAL", "5", "7", "", "AT_MOST", "0.0"]]
    assert member(out, "001 Run/Checkmarks.csv") == "Date,Value,Notes\n2026-11-20,2,\n"
    assert member(out, "002 Coffee/Checkmarks.csv") == (
        "Date,Value,Notes\n2026-11-21,0,\n2026-11-20,7500,\n")


def test_a_day_of_0_003_is_said_and_comes_back_whole(tmp_path: Path) -> None:
    """Loop keeps an amount × 1000, and 3 is its code for a skip: Loop would show 0.003 as
    skipped. The file writes 3 as a number (Loop writes its skip as SKIP), so our reader
    brings back 0.003, and the report says what Loop shows."""
    days = {D("2026-11-20"): CheckIn(Fraction(3, 1000)), D("2026-11-21"): CheckIn(None, True)}
    out = tmp_path / "x.zip"
    lines = write_loop_csv([(RUN, days)], out)
    assert lines[1] == ("  Run: 1 day of 0.003 shows in Loop as skipped (Loop keeps 0.003 as 3, "
                        "its code for a skip); it starts on 2026-01-05 (Loop starts a habit at "
                        "its first entry)")
    assert member(out, "001 Run/Checkmarks.csv") == (
        "Date,Value,Notes\n2026-11-21,SKIP,\n2026-11-20,3,\n")
    (back,) = read_loop(out, TODAY).habits
    assert back.days == days


def test_what_loop_cant_show_is_said_habit_by_habit(tmp_path: Path) -> None:
    both = {D("2026-11-21"): CheckIn(value=3, skipped=True)}  # only a file could say both
    lines = write_loop_csv([(CALL_MUM, MUM_DAYS), (PAGES, {**PAGE_DAYS, **both}),
                            (PUSH_UPS, PUSH_UP_DAYS)], tmp_path / "x.zip")
    assert lines == [
        UNSHOWN_HEAD,
        '  Call Mum: a consistency action for Mum, "the" best (Loop has no kinds or people); '
        "tagged family, Sunday (Loop has no tags); its days (Mon, Wed, Fri) show in Loop as 3 "
        "times a week; it starts on 2026-11-02 (Loop starts a habit at its first entry); 2 "
        "pauses (Loop has no pauses); archived on 2026-11-25 (Loop keeps only that it is "
        "archived)",
        "  Pages: it starts on 2026-01-05 (Loop starts a habit at its first entry)",
        "  Push-ups: it starts on 2026-01-05 (Loop starts a habit at its first entry)",
        "Not in the file:",
        "  Pages: 1 skipped day also holds an amount; Loop has a skip or an amount, so the file "
        "has the skip"]


def test_a_description_line_changed_in_loop_gives_way_to_loop(tmp_path: Path) -> None:
    """Loop's own frequency and archive flag are what the person last set there."""
    out = tmp_path / "x.zip"
    write_loop_csv([(CALL_MUM, MUM_DAYS)], out)
    folder = tmp_path / "edited"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder)
    habits_csv = folder / "Habits.csv"
    text = habits_csv.read_text()
    habits_csv.write_text(text.replace(",3,7,#039BE5,,,,true", ",2,7,#039BE5,,,,false"))
    (back,) = read_loop(folder, TODAY).habits
    assert (back.schedule, back.archived, back.archived_on) == (Schedule.per_week(2), False, None)
    assert back.remarks == [
        "its schedule when exported (Mon, Wed, Fri) is not Loop's frequency now (2 in 7 days), "
        "so Loop's was kept",
        "it was archived on 2026-11-25 when exported, but it is active in Loop now, so it is "
        "active"]


@pytest.mark.parametrize(("line", "reason"), [
    ('Trust Tracker: {"kind": "boss"}', "the kind 'boss' is not 'action' or 'promise'"),
    ('Trust Tracker: {"kind": ["action"]}', "the kind ['action'] is not 'action' or 'promise'"),
    ('Trust Tracker: {"for": 7, "kind": "action"}', "the person's name is not text"),
    ('Trust Tracker: [1, 2]', "it is not an object"),
    ('Trust Tracker: {"kind": "promise", "for": "Ana"}', "a self-trust promise names no person"),
    ('Trust Tracker: {"start": "1066-10-14"}', "'start': 1066-10-14 is outside the years"),
    ('Trust Tracker: {"tags": ["two words"]}', "A tag is one word; 'two words' has a space."),
    ('Trust Tracker: {"colour": 3}', "it holds 'colour', which is not one of ours"),
    ('Trust Tracker: {"pauses": [["2026-11-15", "2026-11-10"]]}', "a pause ends (2026-11-10) "
     "before it begins (2026-11-15)"),
    ('Trust Tracker: {"schedule": {"kind": "weekdays", "weekdays": [9]}}',
     "'schedule' is not a schedule (Pick at least one weekday (Mon to Sun).)"),
    ('Trust Tracker: {"kind": "action"', "this is not valid JSON"),
])
def test_a_description_line_that_cant_be_read_is_refused(tmp_path: Path, line: str,
                                                         reason: str) -> None:
    habits = ("Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
              "Color,Unit,Target Type,Target Value,Archived?\n"
              "001,Fine,YES_NO,,,1,1,#039BE5,,,,false\n"
              f'002,Walk,YES_NO,,"Fresh air\n{line.replace(chr(34), chr(34) * 2)}",1,1,#039BE5,,,,false\n')
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "Habits.csv").write_text(habits, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_loop(folder, TODAY)
    message = str(caught.value)
    assert message.startswith("loop/Habits.csv, line 3: habit 'Walk': the 'Trust Tracker:' line "
                              "of its description can't be read (")
    assert reason in message
    assert message.endswith("); remove that line to import it as a plain Loop habit")

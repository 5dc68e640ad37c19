"""Reading harsh's ``habits`` and ``log`` files as a harsh user's folder holds them."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from imported import import_into, stored
from tracker.domain import CheckIn, Schedule
from tracker.porting import model
from tracker.porting.harsh import LOG_ONLY_REMARK, TRACK_ONLY_REMARK, read_harsh
from tracker.porting.model import FormatError, HabitHistory

TODAY = dt.date(2024, 3, 1)
D = dt.date

HABITS = """\
# This is your habits file.
# It tells harsh what to track and how frequently.
# 1 means daily, 7 means weekly, 14 every two weeks.

! Dailies
Meditated: 1
Bed by midnight: 1

! Self care
Gymmed: 3/7
Called Mom: 7
Tracked Finances: 15
Too much coffee: 0
"""


MEASURED = ("harsh's 'y' answers for it carry amounts, so it is measured here, at least {} a "
            "day (harsh sets no goal for an amount; every 'y' keeps this one: edit the habit "
            "to set yours)")
BARE = "; {} without an amount {} {}, so each such day is kept, as in harsh"


def harsh_folder(tmp_path: Path, habits: str, log: str | None = None) -> Path:
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text(habits, encoding="utf-8")
    if log is not None:
        (folder / "log").write_text(log, encoding="utf-8")
    return folder


def by_name(habits: list[HabitHistory]) -> dict[str, HabitHistory]:
    return {h.name: h for h in habits}


def refused(folder: Path, file: str = "log") -> FormatError:
    with pytest.raises(FormatError) as caught:
        read_harsh(folder, TODAY)
    assert caught.value.file == str(folder / file)
    assert str(folder / file) in str(caught.value)
    return caught.value


# -- the habits file ----------------------------------------------------------------
def test_headings_become_tags_and_comments_are_ignored(tmp_path: Path) -> None:
    bundle = read_harsh(harsh_folder(tmp_path, HABITS), TODAY)
    assert bundle.source == "harsh"
    assert [h.name for h in bundle.habits] == [
        "Meditated", "Bed by midnight", "Gymmed", "Called Mom", "Tracked Finances",
        "Too much coffee"]
    tags = {h.name: h.tags for h in bundle.habits}
    assert tags["Meditated"] == ("dailies",)
    assert tags["Bed by midnight"] == ("dailies",)
    assert tags["Gymmed"] == tags["Too much coffee"] == ("self-care",)
    assert bundle.day_count == 0  # no log yet: the habits arrive with no days


def test_habits_before_any_heading_have_no_tags(tmp_path: Path) -> None:
    bundle = read_harsh(harsh_folder(tmp_path, "Read: 1\n! Work  stuff\nInbox zero: 1\n"), TODAY)
    assert [(h.name, h.tags) for h in bundle.habits] == [
        ("Read", ()), ("Inbox zero", ("work-stuff",))]


def test_a_long_heading_is_shortened_to_a_tag(tmp_path: Path) -> None:
    heading = "Things I do for my body and my mind"
    bundle = read_harsh(harsh_folder(tmp_path, f"! {heading}\nStretch: 1\n"), TODAY)
    assert bundle.habits[0].tags == ("things-i-do-for-my-body-and-my",)
    assert any(heading in remark for remark in bundle.remarks)


@pytest.mark.parametrize(("frequency", "schedule"), [
    ("1", Schedule.daily()),
    ("7", Schedule.per_week(1)),
    ("1w", Schedule.per_week(1)),
    ("2w", Schedule.in_days(1, 14)),
    ("14", Schedule.in_days(1, 14)),
    ("90", Schedule.in_days(1, 90)),
    ("3/7", Schedule.per_week(3)),
    ("3 / 7", Schedule.per_week(3)),
    ("2/30", Schedule.per_month(2)),
    ("4/31", Schedule.per_month(4)),
    ("1/1", Schedule.daily()),
    ("5/5", Schedule.daily()),
    ("2/5", Schedule.in_days(2, 5)),
    ("29/30", Schedule.in_days(29, 30)),
])
def test_each_frequency_form(tmp_path: Path, frequency: str, schedule: Schedule) -> None:
    bundle = read_harsh(harsh_folder(tmp_path, f"Walk: {frequency}\n"), TODAY)
    (habit,) = bundle.habits
    assert habit.schedule == schedule
    assert habit.remarks == []
    assert not habit.archived


def test_a_zero_frequency_is_tracked_daily_with_a_remark(tmp_path: Path) -> None:
    bundle = read_harsh(harsh_folder(tmp_path, "Too much coffee: 0\n"), TODAY)
    (habit,) = bundle.habits
    assert habit.schedule == Schedule.daily()
    assert habit.remarks == [TRACK_ONLY_REMARK]


def test_an_end_date_on_or_before_today_archives_the_habit(tmp_path: Path) -> None:
    habits = "Old job commute: 1: 2023-12-31\nToday ends: 3/7 : 2024-03-01\nLater: 1:2024-06-30\n"
    found = by_name(read_harsh(harsh_folder(tmp_path, habits), TODAY).habits)
    assert found["Old job commute"].archived
    assert found["Today ends"].archived
    assert found["Today ends"].schedule == Schedule.per_week(3)
    assert not found["Later"].archived
    assert found["Later"].schedule == Schedule.daily()


def test_the_habits_file_itself_can_be_given(tmp_path: Path) -> None:
    folder = harsh_folder(tmp_path, "Read: 1\n", "2024-02-01 : Read : y\n")
    for given in (folder / "habits", folder / "log", folder):
        bundle = read_harsh(given, TODAY)
        assert bundle.habits[0].days == {D(2024, 2, 1): CheckIn(value=1)}


def test_a_folder_without_a_habits_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no harsh 'habits' file"):
        read_harsh(tmp_path, TODAY)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("Read: 1\n" + "A" * 61 + ": 1\n", 2, "61 characters"),
    ("Read: 1\n\nRun: often\n", 3, "'often'"),
    ("Read: 1\nRun: 5/3\n", 2, "5 times in 3 days"),
    ("Read: 1\nRun: 1/0\n", 2, "0 days"),
    ("Run daily\n", 1, "expected 'Name: frequency'"),
    ("Run:\n", 1, "no frequency"),
    ("Read: 1\nRun: 1: 2024-02-30\n", 2, "'2024-02-30' is not a date"),
    ("Read: 1\n# comment\nread: 7\n", 3, "listed twice (first on line 1)"),
])
def test_bad_habit_lines_name_the_file_and_line(tmp_path: Path, text: str, line: int,
                                                words: str) -> None:
    error = refused(harsh_folder(tmp_path, text), "habits")
    assert error.line == line
    assert f"line {line}" in str(error)
    assert words in str(error)


# -- the log -------------------------------------------------------------------------
LOG = """\
# my harsh log
2024-02-01 : Meditated : y
2024-02-01 : Bed by midnight : n : movie ran late
2024-02-01 : Gymmed : y : leg day : 1.5
2024-02-02 : Meditated : s : travelling :
2024-02-02 : Gymmed : y :  : 0
2024-02-02 : Bed by midnight : n :  :

2024-02-03 : Gymmed : y : ran 5.2 km : 5.2
2024-02-03 : Called Mom : y : at 10:30, she says hi : 0
2024-02-04:Meditated:y:short one
2024-02-04 :Called Mom: s
"""


def test_log_answers_comments_and_amounts(tmp_path: Path) -> None:
    found = by_name(read_harsh(harsh_folder(tmp_path, HABITS, LOG), TODAY).habits)
    assert found["Meditated"].days == {
        D(2024, 2, 1): CheckIn(value=1),
        D(2024, 2, 2): CheckIn(skipped=True, note="travelling"),
        D(2024, 2, 4): CheckIn(value=1, note="short one"),
    }
    # "n" with no comment records nothing; "n" with one keeps the note
    assert found["Bed by midnight"].days == {D(2024, 2, 1): CheckIn(note="movie ran late")}
    assert found["Bed by midnight"].remarks == [
        "1 'n' answer without a comment is a missed day here, as in harsh"]
    # amounts are the day's, exactly (0 is harsh's "no amount"): the habit is measured, at
    # least 1, so every 'y' keeps it, one without an amount holding that target
    assert found["Gymmed"].days == {
        D(2024, 2, 1): CheckIn(value=Fraction(3, 2), note="leg day"),
        D(2024, 2, 2): CheckIn(value=1),
        D(2024, 2, 3): CheckIn(value=Fraction(26, 5), note="ran 5.2 km"),
    }
    assert (found["Gymmed"].measured, found["Gymmed"].target) == (True, 1)
    assert found["Gymmed"].remarks == [MEASURED.format(1) + BARE.format("1 'y' answer", "holds", 1)]
    assert found["Called Mom"].days == {
        D(2024, 2, 3): CheckIn(value=1, note="at 10:30, she says hi"),
        D(2024, 2, 4): CheckIn(skipped=True),
    }
    assert not found["Called Mom"].measured and not found["Meditated"].measured


def test_a_habits_life_starts_at_its_first_line_whatever_the_answer(tmp_path: Path) -> None:
    """harsh's first record of a habit is its first log line, 'n' or not (FirstRecords in
    harsh's internal/storage/log.go): the days answered 'n' are missed days, so the
    habit starts there, and the report says how many there are."""
    log = ("2024-02-01 : Stretch : n\n"
           "2024-02-02 : Stretch : n :  : 0\n"
           "2024-02-03 : Stretch : n : too tired : 2\n"  # an 'n' with an amount
           "2024-02-04 : Stretch : y\n"
           "2024-02-05 : Stretch : n\n"
           "2024-02-05 : Stretch : y\n"  # the later line for the day wins: no miss
           "2024-02-06 : Stretch : s :  : 3\n")
    (habit,) = read_harsh(harsh_folder(tmp_path, "Stretch: 1\n", log), TODAY).habits
    assert habit.start == D(2024, 2, 1)
    assert habit.days == {D(2024, 2, 3): CheckIn(note="too tired"),
                          D(2024, 2, 4): CheckIn(value=1), D(2024, 2, 5): CheckIn(value=1),
                          D(2024, 2, 6): CheckIn(skipped=True)}
    assert habit.remarks == [
        "1 day was answered more than once in the log; the last answer for a day was kept, "
        "as harsh keeps it",
        "2 'n' or 's' answers carry an amount, which a day not done or excused can't hold "
        "here, so they were not imported",
        "2 'n' answers without a comment are missed days here, as in harsh; the habit starts "
        "on the first of them, 2024-02-01"]


def test_the_n_days_are_stored_as_missed_days_of_the_habits_life(tmp_path: Path) -> None:
    """Imported for real: the stored habit starts at its first 'n', so those days count
    as missed; a habit you already have starts back there too."""
    log = ("2024-02-01 : Stretch : n\n2024-02-02 : Stretch : n\n2024-02-03 : Stretch : y\n"
           "2024-02-10 : Floss : n\n2024-02-12 : Floss : y : minty\n")
    db = tmp_path / "data" / "t.json"
    assert import_into(db, harsh_folder(tmp_path, "Stretch: 1\n", log), TODAY) == [
        "  Stretch: new habit, 1 day to add",
        "    note: 2 'n' answers without a comment are missed days here, as in harsh; the "
        "habit starts on the first of them, 2024-02-01",
        "  Floss: new habit, 1 day to add",
        f"    note: {LOG_ONLY_REMARK}",
        "    note: 1 'n' answer without a comment is a missed day here, as in harsh; the habit "
        "starts on the first of them, 2024-02-10"]
    habits, days = stored(db, TODAY)
    assert (habits["Stretch"].start, days["Stretch"]) == (D(2024, 2, 1), {D(2024, 2, 3): CheckIn(value=1)})
    assert (habits["Floss"].start, days["Floss"]) == (D(2024, 2, 10),
                                                      {D(2024, 2, 12): CheckIn(value=1, note="minty")})
    (tmp_path / "harsh" / "log").write_text("2024-01-20 : Stretch : n\n2024-02-04 : Stretch : y\n")
    assert import_into(db, tmp_path / "harsh", TODAY, "harsh")[:3] == [
        "  Stretch: joins your habit of that name, 1 day to add",
        "    note: 1 'n' answer without a comment is a missed day here, as in harsh; the habit "
        "starts on the first of them, 2024-01-20",
        "    note: its start moves back to 2024-01-20, the first day in the file"]
    assert stored(db, TODAY)[0]["Stretch"].start == D(2024, 1, 20)


def test_a_habit_answered_only_n_still_has_its_life(tmp_path: Path) -> None:
    log = "2024-02-03 : Floss : n\n2024-02-04 : Floss : n\n"
    (habit,) = read_harsh(harsh_folder(tmp_path, "Floss: 1\n", log), TODAY).habits
    assert (habit.start, habit.days) == (D(2024, 2, 3), {})


def test_extra_colons_belong_to_the_comment(tmp_path: Path) -> None:
    log = ("2024-02-01 : Read : y : chapter 3 : the end : 12\n"
           "2024-02-02 : Read : y : ratio 1 : 2 : so good\n"
           "2024-02-03 : Read : y : just : 0.4\n")
    (habit,) = read_harsh(harsh_folder(tmp_path, "Read: 1\n", log), TODAY).habits
    assert habit.days == {  # the target is 0.4, the least 'y', so every 'y' day keeps it
        D(2024, 2, 1): CheckIn(value=12, note="chapter 3 : the end"),
        D(2024, 2, 2): CheckIn(value=Fraction(2, 5), note="ratio 1 : 2 : so good"),
        D(2024, 2, 3): CheckIn(value=Fraction(2, 5), note="just"),
    }
    assert (habit.measured, habit.target) == (True, Fraction(2, 5))
    assert habit.remarks == [MEASURED.format("0.4") + BARE.format("1 'y' answer", "holds", "0.4")]


def test_amounts_keep_their_decimals_into_the_store(tmp_path: Path) -> None:
    """Imported for real: harsh's amounts are stored exactly (5.25 km is 5.25, never 5);
    one finer than a thousandth is rounded to it and counted, never to nothing."""
    log = ("2024-02-01 : Run : y : easy : 5.25\n2024-02-02 : Run : y :  : 0.0004\n"
           "2024-02-03 : Run : y : long : 10.0005\n2024-02-04 : Run : s : rain\n"
           "2024-02-05 : Walk : y\n")
    db = tmp_path / "data" / "t.json"
    assert import_into(db, harsh_folder(tmp_path, "Run: 1\nWalk: 1\n", log), TODAY) == [
        "  Run: new habit, 4 days to add",
        "    note: 2 amounts had more than three decimals and were rounded to the nearest "
        "thousandth, as amounts here keep three decimals (never down to nothing: the least "
        "is 0.001)",
        "    note: " + MEASURED.format("0.001"),
        "  Walk: new habit, 1 day to add"]
    habits, days = stored(db, TODAY)
    assert days["Run"] == {D(2024, 2, 1): CheckIn(Fraction(21, 4), False, "easy"),
                           D(2024, 2, 2): CheckIn(Fraction(1, 1000)),
                           D(2024, 2, 3): CheckIn(Fraction(10001, 1000), False, "long"),
                           D(2024, 2, 4): CheckIn(None, True, "rain")}
    assert (habits["Run"].measured, habits["Run"].target) == (True, Fraction(1, 1000))
    assert (habits["Walk"].measured, days["Walk"]) == (False, {D(2024, 2, 5): CheckIn(1)})


def test_the_last_line_for_a_day_wins(tmp_path: Path) -> None:
    log = ("2024-02-01 : Read : y : first try\n"
           "2024-02-02 : Read : y\n"
           "2024-02-01 : Read : s : changed my mind\n"
           "2024-02-02 : Read : n\n"
           "2024-02-03 : Read : n : tired\n"
           "2024-02-03 : Read : y : 3\n")
    (habit,) = read_harsh(harsh_folder(tmp_path, "Read: 1\n", log), TODAY).habits
    assert habit.days == {
        D(2024, 2, 1): CheckIn(skipped=True, note="changed my mind"),
        D(2024, 2, 3): CheckIn(value=1, note="3"),
    }
    assert not habit.measured  # '3' there is a comment, not an amount


def test_a_habit_only_in_the_log_is_kept_archived(tmp_path: Path) -> None:
    log = ("2023-05-01 : Journaled : y : dear diary\n"
           "2023-05-02 : journaled : s\n"
           "2024-02-01 : meditated : y\n")
    bundle = read_harsh(harsh_folder(tmp_path, "Meditated: 1\n", log), TODAY)
    found = by_name(bundle.habits)
    assert list(found) == ["Meditated", "Journaled"]
    assert found["Journaled"].archived
    assert found["Journaled"].remarks == [LOG_ONLY_REMARK]
    assert found["Journaled"].schedule == Schedule.daily()
    assert found["Journaled"].days == {
        D(2023, 5, 1): CheckIn(value=1, note="dear diary"),
        D(2023, 5, 2): CheckIn(skipped=True)}
    assert found["Meditated"].days == {D(2024, 2, 1): CheckIn(value=1)}  # case is forgiven
    assert not found["Meditated"].archived


def test_windows_line_endings_and_a_byte_order_mark(tmp_path: Path) -> None:
    folder = harsh_folder(tmp_path, "")
    (folder / "habits").write_bytes(b"\xef\xbb\xbfRead: 1\r\n")
    (folder / "log").write_bytes(b"\xef\xbb\xbf2024-02-01 : Read : y : ok\r\n")
    (habit,) = read_harsh(folder, TODAY).habits
    assert habit.days == {D(2024, 2, 1): CheckIn(value=1, note="ok")}


@pytest.mark.parametrize(("line", "words"), [
    ("2024-02-31 : Read : y", "'2024-02-31' is not a date"),
    ("02/01/2024 : Read : y", "'02/01/2024' is not a date"),
    ("2024-02-01 : Read : x", "'x' is not y, n or s"),
    ("2024-02-01 : Read : yes please", "'yes please' is not y, n or s"),
    ("2024-02-01 : Read : y : good : lots", "'lots' is not a number"),
    ("2024-02-01 : Read : y : good : nan", "'nan' is not a number"),
    ("2024-02-01 : Read", "expected 'YYYY-MM-DD : habit : y|n|s'"),
    ("2024-03-02 : Read : y", "2024-03-02 is in the future (today is 2024-03-01)"),
    ("2024-02-01 : " + "R" * 61 + " : y", "61 characters"),
])
def test_bad_log_lines_name_the_file_and_line(tmp_path: Path, line: str, words: str) -> None:
    log = f"# log\n2024-01-31 : Read : y\n{line}\n2024-02-02 : Read : y\n"
    error = refused(harsh_folder(tmp_path, "Read: 1\n", log))
    assert error.line == 3
    assert "line 3" in str(error)
    assert words in str(error)


def test_a_line_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    folder = harsh_folder(tmp_path, "Read: 1\n")
    (folder / "log").write_bytes(b"2024-02-01 : Read : y\n# ok\n"
                                 b"2024-02-02 : Read : y : caf\xe9\n")
    error = refused(folder)
    assert error.line == 3
    assert "not UTF-8" in str(error)


def test_a_habits_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    folder = harsh_folder(tmp_path, "")
    (folder / "habits").write_bytes(b"Caf\xe9: 1\n")
    assert refused(folder, "habits").line == 1


@pytest.mark.parametrize("file", ["habits", "log"])
def test_an_oversized_file_is_refused_before_reading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file: str) -> None:
    folder = harsh_folder(tmp_path, "Read: 1\n", "2024-02-01 : Read : y\n")
    (folder / file).write_text((folder / file).read_text() + "#" * 2_000_000 + "\n")
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 1_048_576)
    error = refused(folder, file)
    assert error.line is None
    assert "larger than the 1 MB limit" in str(error)


def test_progress_runs_through_the_log(tmp_path: Path) -> None:
    log = "".join(f"{D(2017, 1, 1) + dt.timedelta(days=n)} : Read : y\n" for n in range(2500))
    seen: list[tuple[int, int]] = []
    bundle = read_harsh(harsh_folder(tmp_path, "Read: 1\n", log), TODAY,
                        lambda done, total: seen.append((done, total)))
    total = len(log.encode())
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert len(seen) == 4  # start, every 1000 lines, end
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert bundle.day_count == 2500

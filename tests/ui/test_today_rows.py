"""Today's rows: laid out by terminal cells in the width there is, never wrapped."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.cells import cell_len

from tracker.domain import CheckIn, Habit, HabitKind, Schedule, Timeline, habit_report
from tracker.ui.rows import RowLayout, habit_row

TODAY = dt.date(2026, 12, 1)


def report(name: str, *, for_whom: str = "", why: str = "", note: str = ""):
    kind = HabitKind.ACTION if for_whom else HabitKind.PROMISE
    habit = Habit(name, name, kind, Schedule.daily(), TODAY - dt.timedelta(days=5),
                  for_whom=for_whom, why=why)
    checkins = {TODAY: CheckIn(note=note)} if note else {}
    return habit_report(Timeline(habit, checkins, TODAY))


REPORTS = [report("Evening check-in with my partner", for_whom="Sam Lee", why="to be there"),
           report("散歩をする毎日の習慣です"), report("🏃 Run 🏃 early"),
           report("Journal", why="to see how far I've come", note="a good day")]


@pytest.mark.parametrize("width", [73, 80, 113, 160])
def test_every_row_is_exactly_as_wide_as_the_room_or_less_and_columns_line_up(width: int) -> None:
    layout = RowLayout.fit(REPORTS, width)
    rows = [habit_row(r, layout).plain for r in REPORTS]
    assert all(cell_len(row) <= width for row in rows), rows
    streak_at = {cell_len(row[: row.index("day")]) for row in rows}  # "0 days" starts each
    assert len(streak_at) == 1, rows  # the same cell column, whatever the script of the name


def test_the_person_stays_readable_when_the_name_is_cut() -> None:
    layout = RowLayout.fit(REPORTS, 73)
    row = habit_row(REPORTS[0], layout).plain
    assert "Sam Lee" in row and "…" in row


def test_the_why_shows_beside_the_habit_where_there_is_room() -> None:
    wide, narrow = RowLayout.fit(REPORTS, 160), RowLayout.fit(REPORTS, 80)
    assert "to see how far I've come" in habit_row(REPORTS[3], wide).plain
    assert "to see how far" not in habit_row(REPORTS[3], narrow).plain


def test_a_row_with_a_note_today_carries_a_mark() -> None:
    layout = RowLayout.fit(REPORTS, 113)
    assert habit_row(REPORTS[3], layout).plain[2] == "✎"
    assert habit_row(REPORTS[3], layout, ascii_only=True).plain[2] == "*"
    assert habit_row(REPORTS[1], layout).plain[2] == " "

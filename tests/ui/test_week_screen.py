"""Week: paging through weeks and backfilling cells, checked against what is stored."""

from __future__ import annotations

import datetime as dt

from ui_support import TODAY, stored

from tracker.domain import CheckIn, HabitKind, NewHabit
from tracker.store.settings import Settings
from tracker.ui.commands import _go_to_week
from tracker.ui.screens.week import WeekScreen
from tracker.ui.widgets.week_grid import WeekGrid

MONDAY = dt.date(2026, 11, 23)  # this week's first day; TODAY is its Thursday
HABITS = ["Evening check-in", "Say thank you", "Call Mum", "Journal", "Lights out by 11"]


def stored_checkin(app, name: str, day: dt.date) -> CheckIn:
    reopened = stored(app)
    try:
        return reopened.checkins(reopened.find(name)).get(day, CheckIn())
    finally:
        reopened.close()


def everything_stored(app) -> dict[str, dict[dt.date, CheckIn]]:
    reopened = stored(app)
    try:
        return {h.name: dict(reopened.checkins(h)) for h in reopened.habits()}
    finally:
        reopened.close()


def title(app) -> str:
    return str(app.screen.query_one("#week-title").render())


async def open_week(pilot, app) -> WeekGrid:
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(app.screen, WeekScreen)
    return app.screen.query_one(WeekGrid)


async def put_cursor(pilot, grid: WeekGrid, name: str, day: dt.date) -> None:
    """Walk the cursor there with the arrow keys, as a person would."""
    row = HABITS.index(name)
    column = (day - grid.screen._week.first).days + 1
    here = grid.cursor_coordinate
    keys = (["down"] * (row - here.row) + ["up"] * (here.row - row)
            + ["right"] * (column - here.column) + ["left"] * (here.column - column))
    await pilot.press(*keys)
    assert grid.cursor_coordinate == (row, column)


async def test_w_shows_this_week_with_the_cursor_on_today(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        assert "This week" in title(app) and "Mon 23" in title(app) and "Sun 29 Nov 2026" in title(app)
        assert " kept" in title(app)
        assert grid.row_count == len(HABITS)  # the totals are drawn under the grid
        totals = str(app.screen.query_one("#week-totals").render())
        week = app.reports.week
        assert totals.split()[:3] == ["Kept", "each", "day"]
        assert totals.split()[3:10] == [str(k) if d else "–"  # a day that asked nothing
                                        for k, d in zip(week.kept_per_day, week.due_per_day)]
        assert totals.split()[-1] == f"{week.kept}/{week.due}"
        assert grid.cursor_coordinate == (0, 4)  # the first habit, Thursday


async def test_space_backfills_a_past_day_and_space_again_clears_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        monday_before = stored_checkin(app, "Journal", MONDAY).value
        await put_cursor(pilot, grid, "Journal", MONDAY)
        await pilot.press("space")
        await app.session.settled()
        first = stored_checkin(app, "Journal", MONDAY)
        assert first.amount == (0 if monday_before else 1)
        await pilot.press("space")
        await app.session.settled()
        assert stored_checkin(app, "Journal", MONDAY).value == monday_before
        assert grid.cursor_coordinate == (3, 1)  # the cursor stays put through refreshes


async def test_a_count_habit_is_set_to_its_target_and_cleared(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        tuesday = MONDAY + dt.timedelta(days=1)
        await put_cursor(pilot, grid, "Say thank you", tuesday)
        assert stored_checkin(app, "Say thank you", tuesday).value == 3
        await pilot.press("enter")
        await app.session.settled()
        assert stored_checkin(app, "Say thank you", tuesday).value is None
        await pilot.press("space")
        await app.session.settled()
        assert stored_checkin(app, "Say thank you", tuesday).value == 3


async def test_brackets_page_weeks_and_backfill_lands_on_that_week(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        await pilot.press("left_square_bracket")
        await app.session.settled()  # another week is asked of the writer
        assert "Last week" in title(app) and "Mon 16" in title(app)
        thursday_before = TODAY - dt.timedelta(days=7)
        was = stored_checkin(app, "Evening check-in", thursday_before).value
        assert grid.cursor_coordinate == (0, 4)  # same habit, same weekday
        await pilot.press("space")
        await app.session.settled()
        assert stored_checkin(app, "Evening check-in", thursday_before).amount == (0 if was else 1)
        assert stored_checkin(app, "Evening check-in", TODAY).value is None
        assert "Last week" in title(app)  # a refresh stays on the week being looked at


async def test_right_bracket_and_t_come_back_but_never_into_the_future(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await app.session.settled()  # another week is asked of the writer
        assert "3 weeks back" in title(app)
        await pilot.press("right_square_bracket")
        await app.session.settled()
        assert "2 weeks back" in title(app)
        await pilot.press("left", "t")
        assert "This week" in title(app)
        assert grid.cursor_coordinate.column == 4  # back on today
        await pilot.press("right_square_bracket")
        assert "This week" in title(app)
        assert any("current week" in n.message for n in app._notifications)


async def test_future_days_and_days_before_a_start_are_refused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        before = everything_stored(app)
        await pilot.press("right", "space", "s")  # Friday: not yet
        await app.session.settled()
        assert everything_stored(app) == before
        assert any("hasn't come yet" in n.message for n in app._notifications)
        app.screen.show_week_offset(-9)  # the week the habits began (on Sunday 27 Sep)
        await app.session.settled()
        assert "Mon 21 – Sun 27 Sep" in title(app)
        await pilot.press("left", "s")  # nothing to excuse before a habit began
        await app.session.settled()
        assert everything_stored(app) == before
        assert any("began on" in n.message for n in app._notifications)
        await pilot.press("space", "n")  # "start it earlier?" — no
        await app.session.settled()
        assert everything_stored(app) == before
        assert isinstance(app.screen, WeekScreen) and grid.is_mounted


async def test_backfilling_before_a_new_habits_start_moves_its_start_back(make_app) -> None:
    """Added today, kept yesterday too: one confirmed keystroke records it (one undo)."""
    app = make_app()
    yesterday = TODAY - dt.timedelta(days=1)
    new = app.session.read(lambda t: t.add(NewHabit("Walk together", HabitKind.ACTION,
                                                    for_whom="Sam")))
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        await pilot.press(*["down"] * len(HABITS), "left")  # the new habit is the last row
        assert grid.cursor_coordinate == (len(HABITS), (yesterday - grid.screen._week.first).days + 1)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("y")
        await app.session.settled()
        reopened = stored(app)
        habit = reopened.find("Walk together")
        assert habit.start == yesterday and reopened.checkins(habit)[yesterday].value == 1
        reopened.close()
        await pilot.press("u")
        await app.session.settled()
        reopened = stored(app)
        habit = reopened.find("Walk together")
        assert habit.start == TODAY and yesterday not in reopened.checkins(habit)
        reopened.close()


async def test_s_excuses_a_day_and_s_again_takes_it_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        await put_cursor(pilot, grid, "Journal", MONDAY)
        await pilot.press("s")
        await app.session.settled()
        assert stored_checkin(app, "Journal", MONDAY).skipped
        await pilot.press("s")
        await app.session.settled()
        assert not stored_checkin(app, "Journal", MONDAY).skipped


async def test_clicking_a_cell_toggles_it_once(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        wednesday = MONDAY + dt.timedelta(days=2)
        was = stored_checkin(app, "Lights out by 11", wednesday).value
        columns = grid.ordered_columns
        x = 1 + sum(c.get_render_width(grid) for c in columns[:3]) + 2  # inside Wednesday
        y = 1 + 2 + HABITS.index("Lights out by 11")  # border, two header lines, the row
        await pilot.click("#week-grid", offset=(x, y))
        await app.session.settled()
        assert stored_checkin(app, "Lights out by 11", wednesday).amount == (0 if was else 1)
        assert grid.cursor_coordinate == (HABITS.index("Lights out by 11"), 3)


async def test_a_sunday_start_shows_sunday_first(make_app) -> None:
    app = make_app(settings=Settings(week_start=6))
    async with app.run_test(size=(100, 30)) as pilot:
        grid = await open_week(pilot, app)
        labels = [str(c.label) for c in grid.ordered_columns]
        assert labels[1].split()[0] == "Sun" and labels[7].split()[0] == "Sat"
        assert "Sun 22 – Sat 28 Nov 2026" in title(app)
        assert grid.cursor_coordinate == (0, 5)  # Thursday is the fifth day
        sunday = dt.date(2026, 11, 22)
        was = stored_checkin(app, "Journal", sunday).value
        await put_cursor(pilot, grid, "Journal", sunday)
        await pilot.press("space")
        await app.session.settled()
        assert stored_checkin(app, "Journal", sunday).amount == (0 if was else 1)


async def test_the_palette_jumps_weeks_back_even_before_the_week_was_shown(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        _go_to_week(app, -4)  # what "Go to the week 4 back" runs, from Today
        await pilot.pause()
        await app.session.settled()
        assert isinstance(app.screen, WeekScreen)
        assert "4 weeks back" in title(app) and "Mon 26 Oct" in title(app)
        _go_to_week(app, -1)
        await app.session.settled()
        assert "Last week" in title(app)


def test_week_looks_right_at_80x24(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), press=["w"], terminal_size=(80, 24))


def test_week_looks_right_wide(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), press=["w"], terminal_size=(160, 48))


async def test_the_totals_stay_in_sight_however_many_habits_there_are(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.change(lambda t: t.add_many([NewHabit(f"Extra {i}") for i in range(20)]))
        await app.session.settled()
        grid = await open_week(pilot, app)
        await pilot.press(*["down"] * 30)  # to the last habit: the grid scrolls
        await pilot.pause()
        totals = app.screen.query_one("#week-totals")
        assert grid.cursor_coordinate.row == len(grid.habit_ids) - 1
        assert totals.region.height == 1 and totals.region.bottom <= 24
        assert str(totals.render()).split()[0] == "Kept"

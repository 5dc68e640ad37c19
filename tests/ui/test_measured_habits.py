"""Measured habits in the app: decimals, units and limits, from the form to what is stored."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from textual.widgets import Input, Label, Select
from ui_support import TODAY, highlight, status_today, stored

from tracker.domain import CheckIn, DayStatus, NewHabit
from tracker.ui.screens.amount import AmountDialog
from tracker.ui.screens.week import WeekScreen

SIZE = (100, 30)


def stored_day(app, name: str, day: dt.date = TODAY) -> CheckIn:
    reopened = stored(app)
    try:
        return reopened.checkins(reopened.find(name)).get(day, CheckIn())
    finally:
        reopened.close()


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.session.settled()
    await pilot.pause()


async def test_the_form_adds_a_limit_with_a_unit(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")  # past the welcome
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#name", Input).value = "Coffee"
        form.query_one("#goal", Select).value = True  # at most
        form.query_one("#target", Input).value = "1.5"
        form.query_one("#unit", Input).value = "cups"
        await pilot.press("ctrl+s")
        await settle(pilot)
        habit = stored(app).find("Coffee")
        assert (habit.at_most, habit.target, habit.unit, habit.measured) == (True, Fraction(3, 2), "cups", True)


async def test_the_form_refuses_a_fourth_decimal_and_keeps_what_was_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#name", Input).value = "Walk"
        form.query_one("#target", Input).value = "2.5005"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "at most 3 decimals" in str(form.query_one("#form-error", Label).render())
        assert app.screen is form and form.query_one("#target", Input).value == "2.5005"


async def test_plus_steps_a_decimal_target_and_v_types_the_exact_amount(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.change(lambda t: t.add(NewHabit("Walk", target=Fraction(5, 2), unit="km")))
        await settle(pilot)
        await highlight(pilot, app, "Walk")
        await pilot.press("plus", "plus", "plus", "minus")
        await settle(pilot)
        assert stored_day(app, "Walk").value == 1  # two steps of 0.5
        assert status_today(app, "Walk") is DayStatus.PARTIAL
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, AmountDialog)
        app.screen.query_one(Input).value = "2.55"
        await pilot.press("enter")
        await settle(pilot)
        assert stored_day(app, "Walk").value == Fraction(51, 20)
        assert status_today(app, "Walk") is DayStatus.DONE


async def test_a_tick_on_a_limit_records_none_and_never_rewrites_an_amount(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.change(lambda t: t.add(NewHabit("Coffee", target=2, unit="cups", at_most=True)))
        await settle(pilot)
        await highlight(pilot, app, "Coffee")
        assert status_today(app, "Coffee") is DayStatus.PENDING
        await pilot.press("space")
        await settle(pilot)
        assert stored_day(app, "Coffee") == CheckIn(0)  # a recorded none keeps the limit
        assert status_today(app, "Coffee") is DayStatus.DONE
        await pilot.press("plus", "plus", "plus")
        await settle(pilot)
        assert status_today(app, "Coffee") is DayStatus.MISSED  # three is past two
        await pilot.press("space")
        await settle(pilot)
        assert stored_day(app, "Coffee") == CheckIn(3)


async def test_the_week_steps_and_types_amounts_on_any_past_cell(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.change(lambda t: t.add(NewHabit("Walk", target=Fraction(5, 2), unit="km"),
                                              TODAY - dt.timedelta(days=7)))
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        week = app.screen
        assert isinstance(week, WeekScreen)
        grid = week.query_one("#week-grid")
        row = grid.habit_ids.index(stored(app).find("Walk").id)
        monday = (TODAY - dt.timedelta(days=TODAY.weekday()))
        grid.move_to(row, 0)
        await pilot.pause()
        await pilot.press("plus")
        await settle(pilot)
        assert stored_day(app, "Walk", monday).value == Fraction(1, 2)
        await pilot.press("v")
        await pilot.pause()
        app.screen.query_one(Input).value = "0"
        await pilot.press("enter")
        await settle(pilot)
        assert stored_day(app, "Walk", monday).value is None  # 0 of an at-least habit is nothing


def test_measured_habits_look_right_at_80x24(snap_compare, make_app) -> None:
    app = make_app()

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.change(lambda t: t.add(NewHabit("Walk", target=Fraction(5, 2), unit="km")))
        app.change(lambda t: t.add(NewHabit("Coffee", target=2, unit="cups", at_most=True)))
        await settle(pilot)
        walk, coffee = (app.session.read(lambda t, n=n: t.find(n)) for n in ("Walk", "Coffee"))
        app.change(lambda t: t.check(walk, value=Fraction(3, 2)))
        app.change(lambda t: t.check(coffee, value=1))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

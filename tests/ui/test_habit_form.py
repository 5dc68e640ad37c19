"""The habit form: adding and editing, the schedule chosen without syntax, mistakes shown in place."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Checkbox, Input, Label, OptionList
from ui_support import TODAY, stored

from tracker.domain import HabitKind, Schedule
from tracker.domain.schedules import ScheduleKind
from tracker.ui.screens.habit_form import HabitForm
from tracker.ui.screens.today import TodayScreen

SIZE = (100, 30)


async def open_form(pilot) -> HabitForm:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HabitForm)
    return pilot.app.screen


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus a box (which selects what is there) and type over it."""
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.pause()
    await pilot.press(*text)


async def choose_schedule(pilot, kind: ScheduleKind) -> None:
    """Pick a schedule kind the way a person would: open the list and move down to it."""
    order = [ScheduleKind.DAILY, ScheduleKind.WEEKDAYS, ScheduleKind.EVERY_N_DAYS,
             ScheduleKind.PER_WEEK, ScheduleKind.PER_MONTH, ScheduleKind.IN_DAYS]
    select = pilot.app.screen.query_one("#schedule-kind")
    steps = order.index(kind) - order.index(select.value)
    select.focus()
    await pilot.pause()
    await pilot.press("enter", *(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()
    assert select.value == kind


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.app.session.settled()
    await pilot.pause()


def stored_habits(app) -> dict:
    reopened = stored(app)
    try:
        return {h.name: h for h in reopened.habits()}
    finally:
        reopened.close()


async def test_adding_a_daily_promise(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press(*"Stretch")
        await save(pilot)
        habit = stored_habits(app)["Stretch"]
        assert habit.kind is HabitKind.PROMISE
        assert habit.schedule == Schedule.daily()
        assert habit.target == 1 and habit.for_whom == ""
        assert isinstance(app.screen, TodayScreen)


async def test_adding_an_action_for_sam_three_times_a_week(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Walk together")
        assert form.query_one("#for-whom", Input).disabled  # a promise names no one
        await pilot.press("tab", "enter")  # the kind: the first choice is an action
        await pilot.pause()
        assert not form.query_one("#for-whom", Input).disabled
        await pilot.press("tab", *"Sam")
        await type_into(pilot, "#tags", "us, outside")
        await choose_schedule(pilot, ScheduleKind.PER_WEEK)
        await type_into(pilot, "#sched-n", "3")
        await pilot.pause()
        assert str(form.query_one("#schedule-preview", Label).render()) == "3 times a week"
        await save(pilot)
        habit = stored_habits(app)["Walk together"]
        assert habit.kind is HabitKind.ACTION and habit.for_whom == "Sam"
        assert habit.schedule == Schedule.per_week(3)
        assert habit.tags == ("us", "outside")


async def test_weekdays_are_chosen_with_checkboxes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Swim")
        await choose_schedule(pilot, ScheduleKind.WEEKDAYS)
        for day in (0, 2, 4):
            form.query_one(f"#day-{day}", Checkbox).focus()
            await pilot.press("space")
        await pilot.pause()
        assert str(form.query_one("#schedule-preview", Label).render()) == "Mon, Wed, Fri"
        await save(pilot)
        assert stored_habits(app)["Swim"].schedule == Schedule.on_weekdays({0, 2, 4})


@pytest.mark.parametrize(("name", "target", "times", "message"), [
    ("", "1", None, "The habit name can't be empty."),
    ("JOURNAL", "1", None, "You already have a habit called 'Journal'."),
    ("x" * 61, "1", None, "The habit name is 61 characters; keep it to 60."),
    ("Read", "0", None, "A target must be more than 0 and at most 100,000."),
    ("Read", "2.0005", None, "The target '2.0005' is not a number with at most 3 decimals, like 2.5."),
    ("Read", "1", "0", "A schedule of 0 times never comes due; use a number of 1 or more."),
])
async def test_mistakes_are_shown_in_place_and_nothing_is_lost(
        make_app, name: str, target: str, times: str | None, message: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await type_into(pilot, "#why", "to rest")
        if name:
            await type_into(pilot, "#name", name)
        await type_into(pilot, "#target", target)
        if times is not None:
            await choose_schedule(pilot, ScheduleKind.PER_WEEK)
            await type_into(pilot, "#sched-n", times)
        await save(pilot)
        assert app.screen is form
        assert str(form.query_one("#form-error", Label).render()) == message
        assert form.query_one("#name", Input).value == name
        assert form.query_one("#why", Input).value == "to rest"
        assert form.query_one("#target", Input).value == target
        assert len(stored_habits(app)) == 5


async def test_editing_keeps_the_history(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        journal = app.session.read(lambda t: t.find("Journal"))
        before = dict(app.session.read(lambda t: t.checkins(journal)))
        options = app.screen.query_one("#today-list", OptionList)
        options.highlighted = options.get_option_index(journal.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, HabitForm)
        assert form.query_one("#name", Input).value == "Journal"
        assert form.query_one("#why", Input).value == "To see how far I've come."
        await type_into(pilot, "#name", "Evening pages")
        await choose_schedule(pilot, ScheduleKind.EVERY_N_DAYS)
        await type_into(pilot, "#sched-n", "2")
        await save(pilot)
        reopened = stored(app)
        habit = reopened.find("Evening pages")
        assert habit.id == journal.id and habit.why == journal.why
        assert habit.schedule == Schedule.every_n_days(2)
        assert len(before) > 30
        assert reopened.checkins(habit) == before
        assert [h.name for h in reopened.habits()].count("Journal") == 0
        reopened.close()
        assert isinstance(app.screen, TodayScreen)


async def test_an_edit_may_keep_its_own_name(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        call = app.session.read(lambda t: t.find("Call Mum"))
        app.push_screen(HabitForm(call))
        await pilot.pause()
        assert app.screen.query_one("#sched-n", Input).value == "2"
        await type_into(pilot, "#target", "2")
        await save(pilot)
        habit = stored_habits(app)["Call Mum"]
        assert habit.target == 2 and habit.for_whom == "Mum"
        assert habit.schedule == Schedule.per_week(2)


async def test_escape_cancels_without_writing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press(*"Never mind")
        await pilot.press("escape")
        await pilot.pause()
        await app.session.settled()
        assert isinstance(app.screen, TodayScreen)
        assert "Never mind" not in stored_habits(app)
        assert len(stored_habits(app)) == 5


def test_the_add_form_fits_at_80x24(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["a"])


# -- the start ------------------------------------------------------------------------------
async def edit_form(pilot, name: str) -> HabitForm:
    habit = pilot.app.session.read(lambda t: t.find(name))
    pilot.app.push_screen(HabitForm(habit))
    await pilot.pause()
    assert isinstance(pilot.app.screen, HabitForm)
    return pilot.app.screen


def preview(form: HabitForm) -> str:
    return str(form.query_one("#start-preview", Label).render())


async def test_a_later_start_is_stored_and_the_days_before_it_stay(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        journal = app.session.read(lambda t: t.find("Journal"))
        days = dict(app.session.read(lambda t: t.stored_days(journal)))
        assert journal.start == TODAY - dt.timedelta(days=60)
        form = await edit_form(pilot, "Journal")
        assert form.query_one("#start", Input).value == journal.start.isoformat()
        assert "a later start keeps the days before it stored" in preview(form)
        await type_into(pilot, "#start", "2026-11-01")
        await pilot.pause()
        assert preview(form) == "Sun 1 Nov · the days before it stay stored, outside the habit's life"
        await save(pilot)
        assert isinstance(app.screen, TodayScreen)
        reopened = stored(app)
        habit = reopened.find("Journal")
        assert habit.start == dt.date(2026, 11, 1) and habit.why == journal.why
        assert reopened.stored_days(habit) == days  # the days before it too
        assert any(day < habit.start for day in days)
        reopened.close()


@pytest.mark.parametrize(("typed", "message"), [
    ("2026-11-27", "A habit can't start in the future; start it today or earlier."),
    ("1899-12-31", "The date 1899-12-31 is outside the years Trust Tracker keeps (1900 to 2200)."),
    ("last monday", "'last monday' is not a date; write it like 2026-11-26 (or 'today', 'yesterday')."),
])
async def test_a_start_that_cannot_be_is_refused_in_place(make_app, typed: str, message: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        before = app.session.read(lambda t: t.find("Call Mum").start)
        form = await edit_form(pilot, "Call Mum")
        await type_into(pilot, "#start", typed)
        await pilot.pause()
        assert preview(form) == message
        await save(pilot)
        assert app.screen is form
        assert str(form.query_one("#form-error", Label).render()) == message
        assert form.query_one("#start", Input).value == typed
        assert stored_habits(app)["Call Mum"].start == before


async def test_a_habit_added_with_an_earlier_start(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert form.query_one("#start", Input).value == "today"
        assert preview(form) == "Thu 26 Nov (today)"
        await pilot.press(*"Stretch")
        await type_into(pilot, "#start", "yesterday")
        await save(pilot)
        assert stored_habits(app)["Stretch"].start == TODAY - dt.timedelta(days=1)


async def test_a_mistakes_message_goes_once_it_is_fixed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await type_into(pilot, "#name", "Read")
        await type_into(pilot, "#target", "0")
        await save(pilot)
        error = form.query_one("#form-error", Label)
        assert "A target must be more than 0" in str(error.render())
        await type_into(pilot, "#target", "2")
        await pilot.pause()
        assert str(error.render()) == ""
        assert app.screen is form  # fixed, not saved: saving is still the person's choice

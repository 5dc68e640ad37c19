"""The habit page's actions: pausing (and taking a pause back) and deleting, from its keys
and from the palette — each checked against what is stored and what is shown."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Button, Input, Label, Static
from ui_support import TODAY, stored

from tracker.domain import DayStatus, Pause
from tracker.ui import habit_actions
from tracker.ui.commands import TrackerCommands
from tracker.ui.screens.habit import HabitScreen
from tracker.ui.screens.pause import PauseDialog
from tracker.ui.screens.today import TodayScreen
from tracker.ui.widgets.confirm import ConfirmDialog
from tracker.ui.widgets.heatmap import Heatmap

SIZE = (100, 30)


def day(n: int) -> dt.date:
    return dt.date(2026, 11, n)


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.session.settled()
    await pilot.pause()


async def open_page(pilot, name: str) -> str:
    habit_id = pilot.app.session.read(lambda t: t.find(name).id)
    pilot.app.open_habit(habit_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, HabitScreen)
    return habit_id


async def type_into(pilot, selector: str, typed: str) -> None:
    """Focus a box (which selects what is there) and type over it."""
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.pause()
    await pilot.press(*typed)


async def pause_from_page(pilot, first: str, last: str) -> PauseDialog:
    await pilot.press("p")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, PauseDialog)
    await type_into(pilot, "#pause-first", first)
    await type_into(pilot, "#pause-last", last)
    await pilot.press("enter")
    await settle(pilot)
    return dialog


def stored_habit(app, name: str):
    reopened = stored(app)
    try:
        return next((h for h in reopened.all_habits() if h.name == name), None)
    finally:
        reopened.close()


# -- pausing ------------------------------------------------------------------------------
async def test_a_pause_added_from_the_page_is_stored_listed_and_excused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_page(pilot, "Journal")
        assert not app.screen.query_one("#habit-paused-row").display  # no pauses yet
        await pause_from_page(pilot, "2026-11-20", "yesterday")
        assert isinstance(app.screen, HabitScreen)
        assert stored_habit(app, "Journal").pauses == (Pause(day(20), day(25)),)
        assert app.screen.query_one("#habit-paused-row").display
        assert text(app, "#habit-paused") == "20–25 Nov"
        heatmap = app.screen.query_one(Heatmap)
        reopened = stored(app)
        try:
            timeline = reopened.statuses_from(reopened.find("Journal"), day(19))
            for n in range(20, 26):
                assert heatmap._statuses[day(n)] is DayStatus.SKIPPED
                assert timeline.status(day(n)) is DayStatus.SKIPPED
            assert timeline.status(day(19)) is not DayStatus.SKIPPED
        finally:
            reopened.close()


@pytest.mark.parametrize(("first", "last", "message"), [
    ("2026-11-24", "2026-11-20", "A pause must end on or after the day it begins."),
    ("next week", "2026-11-30", "'next week' is not a date; write it like 2026-11-26 "
                                "(or 'today', 'yesterday')."),
    ("2026-11-20", "2301-01-01", "The date 2301-01-01 is outside the years Trust Tracker "
                                 "keeps (1900 to 2200)."),
    ("2026-11-20", "2027-12-01", "A pause can last a year at most; archive the habit instead."),
])
async def test_a_bad_range_is_refused_in_place_and_nothing_is_stored(
        make_app, first: str, last: str, message: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_page(pilot, "Journal")
        dialog = await pause_from_page(pilot, first, last)
        assert app.screen is dialog
        check = dialog.query_one("#pause-check", Label)
        assert str(check.render()) == message and check.has_class("error")
        assert dialog.query_one("#pause-first", Input).value == first
        assert dialog.query_one("#pause-last", Input).value == last
        assert stored_habit(app, "Journal").pauses == ()


async def test_the_dialog_reads_the_days_back_as_they_are_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_page(pilot, "Journal")
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert str(dialog.query_one("#pause-check", Label).render()) == "1 day: Thu 26 Nov"
        await type_into(pilot, "#pause-first", "2026-12-20")
        await type_into(pilot, "#pause-last", "2026-12-27")
        await pilot.pause()
        assert str(dialog.query_one("#pause-check", Label).render()) == "8 days: Sun 20 Dec – Sun 27 Dec"
        await type_into(pilot, "#pause-last", "2026-12-1")
        await pilot.pause()
        assert dialog.query_one("#pause-check", Label).has_class("problem")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HabitScreen)
        assert stored_habit(app, "Journal").pauses == ()


async def test_pauses_are_listed_under_way_first_and_the_title_says_so(make_app) -> None:
    app = make_app()
    tracker = app.session.tracker
    journal = tracker.find("Journal")
    for first, last in ((day(2), day(4)), (dt.date(2026, 12, 20), dt.date(2026, 12, 27)),
                        (day(25), day(28))):
        journal = tracker.pause(journal, first, last)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_page(pilot, "Journal")
        assert text(app, "#habit-paused") == "25–28 Nov (now) · 20–27 Dec · 2–4 Nov"
        assert "paused until 28 Nov" in text(app, "#habit-title")


async def test_a_pause_is_taken_back_in_the_dialog_and_undo_brings_it_back(make_app) -> None:
    app = make_app()
    tracker = app.session.tracker
    tracker.pause(tracker.find("Journal"), day(10), day(12))
    async with app.run_test(size=SIZE) as pilot:
        await open_page(pilot, "Journal")
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PauseDialog)
        rows = dialog.query(".pause-span")
        assert [str(row.render()) for row in rows] == ["10–12 Nov"]
        dialog.query_one(".remove", Button).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert stored_habit(app, "Journal").pauses == ()
        assert app.screen is dialog and not dialog.query(".pause-span")
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one("#habit-paused-row").display
        await pilot.press("u")
        await settle(pilot)
        assert stored_habit(app, "Journal").pauses == (Pause(day(10), day(12)),)
        assert text(app, "#habit-paused") == "10–12 Nov"


# -- deleting -----------------------------------------------------------------------------
def counts(app, name: str) -> tuple[int, int]:
    reopened = stored(app)
    try:
        days = reopened.stored_days(reopened.find(name)).values()
        return sum(c.value is not None or c.skipped for c in days), sum(bool(c.note) for c in days)
    finally:
        reopened.close()


async def test_delete_asks_first_and_escape_keeps_the_habit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_page(pilot, "Journal")
        checkins, notes = counts(app, "Journal")
        assert checkins > 30 and notes > 0
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert str(app.screen.question) == (f"Delete Journal and its {checkins} check-ins and "
                                            f"{notes} note{'s' * (notes != 1)}?")
        assert "Undo (u) brings it back." in str(app.screen.detail)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HabitScreen)
        assert stored_habit(app, "Journal") is not None
        assert counts(app, "Journal") == (checkins, notes)


async def test_yes_deletes_the_habit_and_its_days_and_undo_brings_both_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        habit_id = await open_page(pilot, "Journal")
        before = app.session.read(lambda t: dict(t.stored_days(t.find("Journal"))))
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored_habit(app, "Journal") is None
        reopened = stored(app)
        try:
            assert habit_id not in reopened.store.load_checkins(dt.date.min, dt.date.max)
        finally:
            reopened.close()
        assert isinstance(app.screen, TodayScreen)
        assert "Deleted Journal; u brings it back" in [n.message for n in app._notifications]
        shown = [o.id for o in app.screen.query_one("#today-list").options]
        assert habit_id not in shown
        await pilot.press("u")
        await settle(pilot)
        back = stored_habit(app, "Journal")
        assert back is not None and back.id == habit_id
        reopened = stored(app)
        try:
            assert reopened.stored_days(back) == before
        finally:
            reopened.close()
        assert habit_id in [o.id for o in app.screen.query_one("#today-list").options]


def test_the_question_counts_what_goes() -> None:
    assert str(habit_actions.delete_question("Walk", 143, 12)) == \
        "Delete Walk and its 143 check-ins and 12 notes?"
    assert str(habit_actions.delete_question("Walk", 1, 0)) == "Delete Walk and its 1 check-in?"
    assert str(habit_actions.delete_question("[b]x", 0, 0)) == \
        "Delete [b]x? It has no check-ins or notes yet."


# -- the palette --------------------------------------------------------------------------
async def hits(provider, query: str) -> dict[str, object]:
    return {str(hit.match_display): hit.command async for hit in provider.search(query)}


async def test_the_palette_pauses_a_chosen_habit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        found = await hits(TrackerCommands(app.screen), "pause a habit")
        assert "Pause a habit…" in found
        chosen: list[str] = []
        choice = habit_actions.habit_choice(app, "Pause", chosen.append)(app.screen)
        offered = await hits(choice, "journal")
        assert list(offered) == ["Pause Journal"]
        offered["Pause Journal"]()
        assert chosen == [app.session.read(lambda t: t.find("Journal").id)]
        habit_actions.from_palette(app, "pause", chosen[0])
        await pilot.pause()
        assert isinstance(app.screen, PauseDialog) and app.screen.habit.name == "Journal"


async def test_on_a_habit_page_the_palette_deletes_that_habit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_page(pilot, "Call Mum")
        found = await hits(TrackerCommands(app.screen), "delete")
        assert "Delete Call Mum" in found and "Delete a habit…" not in found
        found["Delete Call Mum"]()
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert str(app.screen.question).startswith("Delete Call Mum and its ")
        await pilot.press("y")
        await settle(pilot)
        assert stored_habit(app, "Call Mum") is None
        assert isinstance(app.screen, TodayScreen)

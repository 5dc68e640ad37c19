"""First run: the welcome, starter habits picked in a list, or an empty start."""

from __future__ import annotations

from textual.widgets import Input, Label, SelectionList
from ui_support import stored

from tracker.domain import HabitKind
from tracker.domain.templates import TEMPLATES
from tracker.ui.screens.today import TodayScreen
from tracker.ui.screens.welcome import WelcomeScreen
from tracker.ui.widgets.confirm import ConfirmDialog

SIZE = (100, 30)
ACTION = next(i for i, t in enumerate(TEMPLATES) if t.name == "Evening check-in, phones away")
PROMISE = next(i for i, t in enumerate(TEMPLATES) if t.name == "Journal for ten minutes")


def stored_habits(app) -> list:
    reopened = stored(app)
    try:
        return reopened.habits()
    finally:
        reopened.close()


async def test_an_empty_app_opens_on_the_welcome(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        templates = app.screen.query_one("#welcome-templates", SelectionList)
        assert templates.option_count == len(TEMPLATES)
        assert templates.has_focus


async def test_a_seeded_app_skips_the_welcome(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_picking_an_action_and_a_promise_for_sam(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * ACTION, "space", *["down"] * (PROMISE - ACTION), "space")
        screen = app.screen
        assert sorted(screen.query_one(SelectionList).selected) == [ACTION, PROMISE]
        screen.query_one("#welcome-for", Input).focus()
        await pilot.press(*"Sam")
        await pilot.click("#welcome-add")
        await app.session.settled()
        await pilot.pause()
        habits = {h.name: h for h in stored_habits(app)}
        assert set(habits) == {TEMPLATES[ACTION].name, TEMPLATES[PROMISE].name}
        action, promise = habits[TEMPLATES[ACTION].name], habits[TEMPLATES[PROMISE].name]
        assert action.kind is HabitKind.ACTION and action.for_whom == "Sam"
        assert promise.kind is HabitKind.PROMISE and promise.for_whom == ""
        assert action.why == TEMPLATES[ACTION].why
        assert isinstance(app.screen, TodayScreen)


async def test_adding_nothing_picked_asks_for_a_pick(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#welcome-add")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "Pick at least one" in str(app.screen.query_one("#welcome-error", Label).render())
        assert stored_habits(app) == []


async def test_start_empty_stores_nothing_and_shows_today(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")  # a pick, then changing one's mind
        await pilot.click("#welcome-skip")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # the pick is not dropped unasked
        await pilot.press("y")
        await pilot.pause()
        await app.session.settled()
        assert isinstance(app.screen, TodayScreen)
        assert stored_habits(app) == []


async def test_escape_starts_empty(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert stored_habits(app) == []


def test_the_welcome_looks_right_at_80x24(make_app, snap_compare) -> None:
    assert snap_compare(make_app(empty=True), terminal_size=(80, 24))


def test_the_welcome_looks_right_wide(make_app, snap_compare) -> None:
    assert snap_compare(make_app(empty=True), terminal_size=(160, 48))


async def test_the_welcome_counts_the_picks_and_shows_them_in_marks(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        count = screen.query_one("#welcome-count", Label)
        assert str(count.render()) == "none picked yet"
        await pilot.press("space", "down", "space")
        await pilot.pause()
        assert str(count.render()) == f"2 of {len(TEMPLATES)} picked"
        assert str(screen.query_one("#welcome-add").label) == "Add the 2 I picked"
        lines = [line for line in screen_lines(app) if "action " in line or "promise " in line]
        assert [line.strip()[:3] for line in lines[:3]] == ["▐✓▌", "▐✓▌", "▐ ▌"]  # not colour alone


def screen_lines(app) -> list[str]:
    from test_readable import screen_text

    return screen_text(app)


async def test_q_quits_the_welcome_when_nothing_is_picked(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert stored_habits(app) == []


async def test_escape_and_q_ask_before_dropping_picks(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "down", "space", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep them
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert len(app.screen.query_one(SelectionList).selected) == 2
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Quit without adding the 2 you picked?" in str(
            app.screen.query_one(".dialog-title", Label).render())
        await pilot.press("escape")  # escape answers no
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_the_pick_message_goes_once_a_pick_is_made(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#welcome-add")
        await pilot.pause()
        error = app.screen.query_one("#welcome-error", Label)
        assert "Pick at least one" in str(error.render())
        app.screen.query_one(SelectionList).focus()  # back from the button to the list
        await pilot.press("space")
        await pilot.pause()
        assert str(error.render()) == ""

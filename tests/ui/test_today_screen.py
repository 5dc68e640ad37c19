"""Today: ticking, counting, excusing, notes and undo, checked against what is stored."""

from __future__ import annotations

from ui_support import TODAY, highlight, status_today, stored

from tracker.domain import DayStatus
from textual.widgets import OptionList

from tracker.ui.screens.today import TodayScreen
from tracker.ui.screens.too_small import TooSmallScreen


async def test_space_ticks_the_highlighted_habit_and_stores_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(pilot, app, "Journal")
        await pilot.press("space")
        await app.session.settled()
        assert status_today(app, "Journal") is DayStatus.DONE
        assert "1 of" in str(app.screen.query_one("#today-summary").render())
        await pilot.press("space")
        await app.session.settled()
        assert status_today(app, "Journal") is DayStatus.PENDING


async def test_plus_and_minus_count_repetitions(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(pilot, app, "Say thank you")
        await pilot.press("plus", "plus")
        await app.session.settled()
        reopened = stored(app)
        habit = reopened.find("Say thank you")
        assert reopened.checkins(habit)[TODAY].value == 2
        reopened.close()
        await pilot.press("minus")
        await app.session.settled()
        assert status_today(app, "Say thank you") is DayStatus.PARTIAL


async def test_s_excuses_today_and_u_undoes_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(pilot, app, "Evening check-in")
        await pilot.press("s")
        await app.session.settled()
        assert status_today(app, "Evening check-in") is DayStatus.SKIPPED
        await pilot.press("u")
        await app.session.settled()
        assert status_today(app, "Evening check-in") is DayStatus.PENDING


async def test_n_writes_a_note_for_today(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(pilot, app, "Journal")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"calm evening")
        await pilot.press("ctrl+s")
        await app.session.settled()
        await pilot.pause()
        reopened = stored(app)
        assert reopened.checkins(reopened.find("Journal"))[TODAY].note == "calm evening"
        reopened.close()
        assert app.screen.id != "note"


async def test_a_click_moves_the_cursor_and_a_click_on_the_mark_ticks(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list is laid out (it arrives with the data)
        options = app.screen.query_one("#today-list", OptionList)
        habit = app.session.read(lambda t: t.find("Journal"))
        index = options.get_option_index(habit.id)
        await pilot.click("#today-list", offset=(12, index + 1))  # on the name
        await app.session.settled()
        assert options.highlighted == index
        assert status_today(app, "Journal") is DayStatus.PENDING
        await pilot.click("#today-list", offset=(3, index + 1))  # on the mark
        await app.session.settled()
        assert status_today(app, "Journal") is DayStatus.DONE


async def test_a_small_terminal_asks_for_more_room_then_gives_it_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 80 × 24" in str(app.screen.query_one("#too-small").render())
        await pilot.press("a", "w")  # nothing opens over the note
        assert isinstance(app.screen, TooSmallScreen) and app.current_mode == "today"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.resize_terminal(60, 30)  # shrinking over a dialog, then growing again
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert type(app.screen).__name__ == "HabitForm"


def test_today_looks_right_at_80x24(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_today_looks_right_wide(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(160, 48))


async def test_a_tick_pressed_right_before_quitting_is_still_saved(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(pilot, app, "Journal")
        await pilot.press("space", "q")
    app.session.close()  # what the command line does after the app returns
    assert status_today(app, "Journal") is DayStatus.DONE


async def test_rows_fit_on_one_line_with_a_scrollbar_at_80x24(make_app) -> None:
    from rich.cells import cell_len

    from tracker.domain import NewHabit

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.change(lambda t: t.add_many([NewHabit(f"Extra habit number {i} 🏃", target=3)
                                         for i in range(16)]))
        await app.session.settled()
        await pilot.pause()
        options = app.screen.query_one("#today-list", OptionList)
        assert options.max_scroll_y > 0  # the list scrolls: a scrollbar takes its column
        room = options.scrollable_content_region.width
        for i in range(options.option_count):
            prompt = options.get_option_at_index(i).prompt
            assert cell_len(getattr(prompt, "plain", str(prompt))) <= room, prompt

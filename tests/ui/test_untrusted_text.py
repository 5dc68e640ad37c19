"""Names as people type them (brackets) or as old imports stored them (control characters):
shown literally everywhere, never read as markup, never sent raw to the terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.command import CommandPalette
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from ui_support import TODAY, seed_history, stored

from tracker.clock import FixedClock
from tracker.domain import CheckIn, DayStatus, HabitKind, NewHabit, Schedule
from tracker.service import Tracker
from tracker.store.settings import Settings
from tracker.ui.app import TrustTrackerApp
from tracker.ui.screens.habit import HabitScreen
from tracker.ui.screens.note import NoteDialog
from tracker.ui.screens.week import WeekScreen
from tracker.ui.widgets.confirm import ConfirmDialog
from tracker.ui.widgets.week_grid import WeekGrid

SLASH = "x[/]y"  # read as markup: a closing tag with nothing open, which raises
CLICK = "[@click=app.quit]CLICK[/]"  # read as markup: a link that quits the app
REVERSE = "[reverse]flip"
TITLE = "a\x1b]0;pwned\x07b"  # an OSC sequence: retitles the terminal window
CLEAR = "c\x1b[2Jd"  # clears the screen
RAW = ("\x1b]0;pwned", "\x1b[2J", "\x07")


def build(tmp_path: Path, names: tuple[str, ...], stored_names: tuple[str, ...] = ()) -> TrustTrackerApp:
    """Seeded data plus a daily habit (started today) for each name. ``names`` go through
    the service as typed; ``stored_names`` are written straight into the store, as an old
    import or a hand edit could have left them (no check on the way in)."""
    db = tmp_path / "data" / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    seed_history(tracker)
    for name in names:
        tracker.add(NewHabit(name, HabitKind.ACTION, Schedule.daily(), for_whom=name, why=name,
                             tags=("t[/]",)))
    for i, name in enumerate(stored_names):
        habit = tracker.add(NewHabit(f"odd {i}", HabitKind.ACTION, Schedule.daily()))
        with tracker.store.transaction():
            tracker.store.put_habit(habit.with_changes(name=name, for_whom=name, why=name,
                                                       tags=(name,)))
            tracker.store.put_checkin(habit.id, TODAY, CheckIn(1, note=f"note {name}\nline"))
    tracker.close()
    return TrustTrackerApp(Tracker.open(db, FixedClock(TODAY)), Settings(), save_settings_file=False)


def habit_id(app: TrustTrackerApp, name: str) -> str:
    return next(h.id for h in app.reports.everyone if h.name == name)


async def highlight(pilot, app: TrustTrackerApp, name: str) -> None:
    options = app.screen.query_one("#today-list", OptionList)
    options.highlighted = options.get_option_index(habit_id(app, name))
    await pilot.pause()


def plain_of(label: Label) -> str:
    visual = label.visual
    assert isinstance(visual, Content)
    return visual.plain


def terminal_output(app: TrustTrackerApp) -> str:
    """Everything the app would write to the terminal for the current screen, in full."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    return update.render_segments(app.console)


async def test_markup_names_show_literally_in_the_note_dialog_and_a_note_still_saves(tmp_path) -> None:
    app = build(tmp_path, (SLASH, CLICK))
    async with app.run_test(size=(100, 30)) as pilot:
        for name in (SLASH, CLICK):
            await highlight(pilot, app, name)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, NoteDialog)
            title = plain_of(app.screen.query_one(".dialog-title", Label))
            assert title.startswith(f"{name} · Thursday")  # literally, not "CLICK" as a link
            await pilot.press("o", "k", "ctrl+s")
            await app.session.settled()
            assert not isinstance(app.screen, NoteDialog)
        assert app.is_running  # the would-be link quit nothing
    reopened = stored(app)
    assert all(reopened.checkins(reopened.find(name))[TODAY].note == "ok" for name in (SLASH, CLICK))
    reopened.close()


async def test_markup_names_show_literally_in_the_palette(tmp_path) -> None:
    app = build(tmp_path, (SLASH, CLICK, REVERSE))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)

        def prompts() -> list[str]:
            options = app.screen.query_one("CommandList", OptionList)
            return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

        listed = "\n".join(prompts())  # everything offered before a word is typed
        for name in (SLASH, CLICK, REVERSE):
            assert f"Open habit: {name}" in listed
        await pilot.press(*"click")
        await pilot.pause(0.3)
        assert any(f"Open habit: {CLICK}" in prompt for prompt in prompts())  # a search hit
        await pilot.press("enter")
        await pilot.pause()
        await app.session.settled()
        assert isinstance(app.screen, HabitScreen) and app.is_running
        title = str(app.screen.query_one("#habit-title").render())
        assert title.startswith(f"{CLICK} · for {CLICK}")
        assert f"Why: {CLICK}" in str(app.screen.query_one("#habit-why").render())


async def test_a_markup_name_shows_literally_when_asked_to_start_earlier(tmp_path) -> None:
    app = build(tmp_path, (SLASH,))
    yesterday = TODAY - dt.timedelta(days=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        grid = app.screen.query_one(WeekGrid)
        row = grid.habit_ids.index(habit_id(app, SLASH))
        grid.move_to(row, (yesterday - app.screen._week.first).days)
        await pilot.pause()
        assert SLASH in str(app.screen.query_one("#week-cell").render())
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert plain_of(app.screen.query_one(".dialog-title", Label)) == f"{SLASH} began on Thu 26 Nov."
        await pilot.press("y")
        await app.session.settled()
    reopened = stored(app)
    habit = reopened.find(SLASH)
    assert habit.start == yesterday and reopened.checkins(habit)[yesterday].value == 1
    reopened.close()


async def test_a_refused_markup_name_in_the_habit_form_is_quoted_literally(tmp_path) -> None:
    app = build(tmp_path, (SLASH,))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = SLASH.upper()  # taken, in any case
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = plain_of(app.screen.query_one("#form-error", Label))
        assert "X[/]Y" in error or SLASH in error


async def test_control_characters_in_stored_names_never_reach_the_terminal(tmp_path) -> None:
    app = build(tmp_path, (), (TITLE, CLEAR))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        def clean(where: str) -> None:
            out = terminal_output(app)
            for raw in RAW:
                assert raw not in out, f"{raw!r} reached the terminal on {where}"

        clean("Today")
        assert "pwned" in terminal_output(app)  # the name is shown, made harmless
        await highlight(pilot, app, TITLE)
        await pilot.press("space")  # a tick's notification names the habit too
        await pilot.press("s")
        await app.session.settled()
        await pilot.pause()
        clean("Today, with notifications")
        await pilot.press("n")
        await pilot.pause()
        assert "\x1b" not in app.screen.query_one("#note-text").text
        clean("the note dialog")
        await pilot.press("escape")
        await pilot.press("o")
        await pilot.pause()
        await app.session.settled()
        await pilot.pause()
        assert isinstance(app.screen, HabitScreen)
        clean("the habit page")
        await pilot.press("e")
        await pilot.pause()
        clean("the habit form")
        assert "\x1b" not in app.screen.query_one("#name", Input).value
        await pilot.press("escape", "escape")
        for key, where in (("w", "Week"), ("l", "the loop")):
            await pilot.press(key)
            await pilot.pause()
            clean(where)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        clean("the palette")
        await pilot.press(*"open")  # a search, whose hits quote the names
        await pilot.pause(0.3)
        clean("the palette's hits")
        assert app.is_running
    reopened = stored(app)
    assert reopened.report(reopened.find(habit_id(app, TITLE))).status is DayStatus.SKIPPED
    reopened.close()

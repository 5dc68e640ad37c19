"""Today with many habits: every one is there to scroll to, a tick leaves the view where it
was, and the start-up frame that says so really has them on it (keys come after)."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import OptionList
from textual.widgets._footer import FooterKey
from ui_support import TODAY, seed_history, status_today

from tracker.clock import FixedClock
from tracker.domain import DayStatus, NewHabit
from tracker.service import Tracker
from tracker.store.settings import Settings
from tracker.ui.app import TrustTrackerApp
from tracker.ui.screens.today import TodayScreen

MANY = 120


def many_habits(db: Path) -> None:
    tracker = Tracker.open(db, FixedClock(TODAY))
    tracker.add_many([NewHabit(f"Habit {i:03d} [b]x[/]") for i in range(1, MANY + 1)])
    tracker.close()


def shown_rows(options: OptionList) -> list[str]:
    """The list's lines as the terminal shows them."""
    return [options.render_line(y).text for y in range(options.scrollable_content_region.height)]


def opener(db: Path, gate: threading.Event | None = None):
    def open_data() -> Tracker:
        if gate is not None:
            gate.wait(5)
        return Tracker.open(db, FixedClock(TODAY))
    return open_data


async def test_every_habit_is_there_to_scroll_to_and_reads_as_typed(tmp_path) -> None:
    db = tmp_path / "tracker.json"
    many_habits(db)
    app = TrustTrackerApp(Tracker.open(db, FixedClock(TODAY)), Settings(), save_settings_file=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#today-list", OptionList)
        assert options.option_count == MANY + 1  # and the group's title
        assert any("Habit 001 [b]x[/]" in row for row in shown_rows(options))
        await pilot.press("end")
        await pilot.pause()
        rows = shown_rows(options)
        assert any(f"Habit {MANY:03d} [b]x[/]" in row for row in rows), rows
        assert not any("Habit 001" in row for row in rows)
        assert all(len(row.rstrip()) <= options.scrollable_content_region.width for row in rows)
    app.session.close()


async def test_a_tick_far_down_the_list_leaves_the_view_where_it_was(tmp_path) -> None:
    db = tmp_path / "tracker.json"
    many_habits(db)
    app = TrustTrackerApp(Tracker.open(db, FixedClock(TODAY)), Settings(), save_settings_file=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#today-list", OptionList)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.press(*["up"] * 5)  # the cursor in the middle of the view, not at an edge
        await pilot.pause()
        top, before = options.scroll_y, shown_rows(options)
        name = next(r.habit.name for r in app.reports.day.habits
                    if r.habit.id == options.highlighted_option.id)
        await pilot.press("space")
        await app.session.settled()
        await pilot.pause()
        assert status_today(app, name) is DayStatus.DONE
        assert options.scroll_y == top > 0
        after = shown_rows(options)
        names = slice(4, 21)  # past the marks: "Habit 044 [b]x[/]"
        assert [row[names] for row in after] == [row[names] for row in before]
        assert options.highlighted_option.id == next(
            h.id for h in app.reports.habits if h.name == name)
    app.session.close()


class Watched(TrustTrackerApp):
    """Notes what the screen held when Today said its habits were shown."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seen: list[tuple[int, bool]] = []  # (the list's height, a habit drawn in it)
        self.mounted_when_shown = False

    def on_today_screen_shown(self, _: TodayScreen.Shown) -> None:
        self.mounted_when_shown = self.screen.query_one("#today-list", OptionList).is_mounted

        def painted() -> None:
            options = self.screen.query_one("#today-list", OptionList)
            rows = shown_rows(options) if options.region.height else []
            self.seen.append((options.region.height, any("Habit 001" in row for row in rows)))

        self.call_after_refresh(painted)


async def test_the_frame_after_shown_has_the_habits_on_it_and_then_the_keys(tmp_path) -> None:
    db = tmp_path / "tracker.json"
    many_habits(db)
    app = Watched(opener(db), Settings(), save_settings_file=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(250):
            await pilot.pause(0.02)
            if app.seen and app.screen.query(FooterKey):
                break
        assert app.mounted_when_shown
        height, named = app.seen[0]
        assert height > 0 and named  # the list was laid out, its rows drawn
        assert {"Done", "Week", "Quit"} <= {key.description for key in app.screen.query(FooterKey)}
    app.session.close()


async def test_the_keys_do_not_wait_for_slow_data(tmp_path) -> None:
    db = tmp_path / "tracker.json"
    many_habits(db)
    gate = threading.Event()
    app = TrustTrackerApp(opener(db, gate), Settings(), save_settings_file=False)
    app.KEYS_WAIT = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(250):
            await pilot.pause(0.02)
            if app.screen.query(FooterKey):
                break
        assert not app.session.is_open  # still opening
        assert "Quit" in {key.description for key in app.screen.query(FooterKey)}
        gate.set()
        for _ in range(250):
            await pilot.pause(0.02)
            shown = app.screen.query("#today-list")  # the list comes with the data
            if shown and shown.first(OptionList).option_count:
                break
        assert app.screen.query_one("#today-list", OptionList).option_count == MANY + 1
    app.session.close()


async def test_keys_shown_under_the_too_small_note_are_there_once_it_goes(tmp_path) -> None:
    db = tmp_path / "tracker.json"
    many_habits(db)
    app = TrustTrackerApp(opener(db), Settings(), save_settings_file=False)
    async with app.run_test(size=(70, 20)) as pilot:
        for _ in range(250):
            await pilot.pause(0.02)
            if app.keys_shown and app.session.is_open:
                break
        assert type(app.screen).__name__ == "TooSmallScreen"
        await pilot.resize_terminal(100, 30)
        for _ in range(50):
            await pilot.pause(0.02)
            if app.screen.query(FooterKey):
                break
        assert isinstance(app.screen, TodayScreen)
        assert {"Done", "Week", "Quit"} <= {key.description for key in app.screen.query(FooterKey)}
        assert app.screen.query_one("#today-list", OptionList).option_count == MANY + 1
    app.session.close()


async def test_this_week_follows_the_first_reports_for_the_week_and_the_loop(tmp_path) -> None:
    from textual.widgets import Static

    db = tmp_path / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    seed_history(tracker)
    tracker.close()
    app = TrustTrackerApp(opener(db), Settings(), save_settings_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(250):
            await pilot.pause(0.02)
            if app.reports is not None and app.reports.week is not None:
                break
        week = app.session.read(lambda t: t.week())
        assert app.reports.week.kept == week.kept and app.reports.week.due == week.due
        await pilot.press("l")
        await pilot.pause()
        headline = str(app.screen.query_one("#loop-headline", Static).render())
        assert f"{week.kept} of {week.due}" in headline
        await pilot.press("w")
        await pilot.pause()
        assert "This week" in str(app.screen.query_one("#week-title", Static).render())
    app.session.close()


async def test_a_week_opened_before_this_week_came_fills_in_when_it_does(make_app) -> None:
    from tracker.structs import replace

    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.reports = replace(app.reports, week=None)  # as the first reports at start-up
        app._week_asked = False
        await pilot.press("w")
        await pilot.pause()
        title = app.screen.query_one("#week-title", Static)
        assert "This week" not in str(title.render())
        app.after_habits()  # today's habits painted: the app asks the writer for the week
        await app.session.settled()
        await pilot.pause()
        assert app.reports.week is not None
        assert "This week" in str(title.render())

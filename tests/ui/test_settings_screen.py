"""Settings: the dialog changes the app's settings; escape leaves them alone."""

from __future__ import annotations

import threading

from textual.widgets import Checkbox, RadioButton, Select, Static
from ui_support import TODAY, seed_history

import tracker.ui.app as ui_app
from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.places import CONFIG_ENV as ENV_VAR
from tracker.store.settings import Settings, load_settings, save_settings
from tracker.ui.screens.settings import SettingsScreen
from tracker.ui.screens.today import TodayScreen

SIZE = (100, 30)


async def open_settings(pilot) -> SettingsScreen:
    await pilot.press("comma")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_toggling_ascii_glyphs_and_saving(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert not app.settings.ascii_glyphs
        screen = await open_settings(pilot)
        screen.query_one("#ascii-glyphs", Checkbox).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings.ascii_glyphs
        assert app.ascii_only
        assert isinstance(app.screen, TodayScreen)
        assert app.has_class("-plain")


async def test_week_start_day_start_and_theme_are_saved(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.click("#week-sunday")
        screen.query_one("#day-start", Select).value = 3
        screen.query_one("#theme", Select).value = "nord"
        await pilot.click("#save")
        await pilot.pause()
        assert app.settings.week_start == 6
        assert app.settings.day_starts_at == 3
        assert app.settings.theme == "nord" and app.theme == "nord"
        assert not isinstance(app.screen, SettingsScreen)


async def test_escape_leaves_the_settings_alone(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        before = app.settings
        screen = await open_settings(pilot)
        screen.query_one("#ascii-glyphs", Checkbox).focus()
        await pilot.press("space")
        assert str(screen.query_one("#ascii-glyphs", Checkbox).label) == "on"  # said in words
        await pilot.press("escape")
        await pilot.pause()
        assert app.settings == before
        assert isinstance(app.screen, TodayScreen)


async def test_the_dialog_shows_the_current_settings_and_the_file(make_app, monkeypatch) -> None:
    monkeypatch.setenv(ENV_VAR, "/home/me/.config/trust-tracker/settings.toml")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#week-monday", RadioButton).value
        assert screen.query_one("#day-start", Select).value == 0
        path = str(screen.query_one("#settings-path", Static).render())
        assert path.endswith("/home/me/.config/trust-tracker/settings.toml")


def test_settings_look_right_at_80x24(make_app, snap_compare, monkeypatch) -> None:
    monkeypatch.setenv(ENV_VAR, "/home/me/.config/trust-tracker/settings.toml")
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["comma"])


async def test_saved_settings_reach_the_file_through_the_writer(tmp_path, monkeypatch) -> None:
    """The settings file is written off the event loop, in order with the data's changes."""
    file = tmp_path / "settings.toml"
    threads: list[str] = []

    def save(settings, path=None):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        save_settings(settings, path)

    monkeypatch.setattr(ui_app, "save_settings", save)
    tracker = Tracker.open(tmp_path / "data" / "tracker.json", FixedClock(TODAY))
    seed_history(tracker)
    app = ui_app.TrustTrackerApp(tracker, Settings(), settings_file=file)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_settings(pilot)
            screen.query_one("#ascii-glyphs", Checkbox).focus()
            await pilot.press("space", "ctrl+s")
            await app.session.settled()
    finally:
        app.session.close()
    assert load_settings(file).ascii_glyphs
    assert threads and threading.main_thread().name not in threads

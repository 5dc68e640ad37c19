"""Start-up: the first frame comes before the data; the data opens off the event loop."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from pathlib import Path

from textual.widgets import OptionList
from textual.widgets._footer import FooterKey
from ui_support import TODAY, seed_history

from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.store.settings import Settings
from tracker.ui.app import TrustTrackerApp, make_app


def opener(db: Path, seen: list[str] | None = None, gate: threading.Event | None = None):
    def open_data() -> Tracker:
        if seen is not None:
            seen.append(threading.current_thread().name)
        if gate is not None:
            gate.wait(5)
        return Tracker.open(db, FixedClock(TODAY))
    return open_data


def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    seed_history(tracker)
    tracker.close()
    return db


async def test_the_first_frame_comes_before_the_data_which_opens_on_another_thread(tmp_path) -> None:
    seen: list[str] = []
    gate = threading.Event()
    app = TrustTrackerApp(opener(seeded(tmp_path), seen, gate), Settings(), save_settings_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.is_ready and not app.session.is_open  # painted, still opening
        assert "Gathering your habits" in str(app.screen.query_one("#today-summary").render())
        gate.set()
        await habits_shown(pilot)
        assert seen and seen[0] != threading.main_thread().name
        assert "0 of 4 kept today" in str(app.screen.query_one("#today-summary").render())
    app.session.close()


async def test_an_empty_database_opened_late_still_gets_the_welcome(tmp_path) -> None:
    app = TrustTrackerApp(opener(tmp_path / "tracker.json"), Settings(), save_settings_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if type(app.screen).__name__ == "WelcomeScreen":
                break
        assert type(app.screen).__name__ == "WelcomeScreen"
    app.session.close()


async def test_data_that_will_not_open_ends_the_app_with_the_reason(tmp_path) -> None:
    db = tmp_path / "tracker.json"
    db.write_text("{ this is not json")
    before = db.read_bytes()
    app = make_app(str(db), TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.open_failure:
                break
    app.session.close()
    assert app.return_code == 1
    assert "cannot be read" in (app.open_failure or "") and str(db) in (app.open_failure or "")
    assert db.read_bytes() == before  # a damaged file is never written to
    assert gc.isenabled()  # the collector paused for the start runs again (ui.session)


def footer_keys(app: TrustTrackerApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def habits_shown(pilot) -> None:
    """Wait (up to 5 s) until Today lists its habits and the footer has its keys (both
    come after the first frame: the data opens on the writer thread)."""
    app = pilot.app
    for _ in range(250):
        await pilot.pause(0.02)
        found = app.screen.query("#today-list")
        if found and found.first(OptionList).option_count and footer_keys(app):
            return


async def test_the_footer_offers_other_views_and_counts_only_for_count_habits(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await habits_shown(pilot)
        keys = footer_keys(app)
        assert "Today" not in keys and {"Week", "Loop", "Add", "Done"} <= set(keys)
        options = app.screen.query_one("#today-list", OptionList)
        for name, counts in (("Journal", False), ("Say thank you", True)):
            habit = app.session.read(lambda t, name=name: t.find(name))
            options.highlighted = options.get_option_index(habit.id)
            await pilot.pause(0.1)
            assert ("More" in footer_keys(app)) is counts, name
            assert ("Amount" in footer_keys(app)) is counts, name
        await pilot.press("w")
        await pilot.pause(0.1)
        assert "Week" not in footer_keys(app) and "Today" in footer_keys(app)


def test_make_app_reads_no_data_before_it_runs(tmp_path) -> None:
    """Building the app (as the command line does) leaves the data unopened and unlocked."""
    db = tmp_path / "tracker.json"
    app = make_app(str(db), dt.date(2026, 11, 26))
    assert not app.session.is_open and not db.exists()
    app.session.close()  # closing an app that never ran is harmless


async def test_checkpoints_worked_out_at_open_are_kept_for_the_next_open(tmp_path) -> None:
    db = seeded(tmp_path)
    before = Tracker.open(db, FixedClock(TODAY), writable=False)
    assert not before.store.load().checkpoints
    before.close()
    app = make_app(str(db), TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.session.is_open:
                break
    app.session.close()
    reopened = Tracker.open(db, FixedClock(TODAY), writable=False)
    assert reopened.store.load().checkpoints  # the next open starts near today
    reopened.close()

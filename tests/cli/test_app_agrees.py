"""The app and the command line agree: on what today is (the same settings, the same
clock) and on what undo says. The command line runs in real subprocesses; the app is
built as the bare ``trust-tracker`` builds it (``make_app``), over the same data, settings
and wall clock (``TRUST_TRACKER_NOW``), and run headless."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tracker.domain import DayStatus
from tracker.ui.app import TrustTrackerApp, make_app

LATE = "2026-12-02T02:30"  # Wednesday before 4 a.m.: with "new day at 4 a.m.", Tuesday 1 Dec
TUESDAY = dt.date(2026, 12, 1)
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def late(run, monkeypatch: pytest.MonkeyPatch):
    """Walk, daily since 20 November; "new day at 4 a.m."; the app's wall clock at 02:30."""
    run.ok("add", "Walk", "--start", "2026-11-20")
    run.settings("day_starts_at = 4\n")
    monkeypatch.setenv("TRUST_TRACKER_CONFIG", str(run.settings_file))
    monkeypatch.setenv("TRUST_TRACKER_NOW", LATE)
    return run


async def opened(app: TrustTrackerApp, pilot: Pilot[None]) -> None:
    """Wait (for up to 20 s, polling) until the app has opened its data and shown it."""
    for _ in range(1000):
        if app.reports is not None and app.screen.query_one("#today-list", OptionList).option_count:
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never showed its data")


def walk_today(app: TrustTrackerApp) -> DayStatus:
    assert app.reports is not None
    [walk] = [r for r in app.reports.day.habits if r.habit.name == "Walk"]
    return walk.status


def notifications(app: TrustTrackerApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_late_tick_from_the_shell_is_shown_by_the_app(late) -> None:
    late.ok("check", "walk", today=None, now=LATE)
    app = make_app(str(late.db), None)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await opened(app, pilot)
            assert app.reports is not None and app.reports.today == TUESDAY
            assert walk_today(app) is DayStatus.DONE
    finally:
        app.session.close()


async def test_a_late_tick_in_the_app_is_seen_by_due_and_the_short_status(late) -> None:
    app = make_app(str(late.db), None)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await opened(app, pilot)
            options = app.screen.query_one("#today-list", OptionList)
            assert app.reports is not None
            options.highlighted = options.get_option_index(app.reports.habits[0].id)
            await pilot.press("space")
            await app.session.settled()
            assert walk_today(app) is DayStatus.DONE
    finally:
        app.session.close()
    assert late.ok("status", "--short", today=None, now=LATE) == "1/1 kept · 0 due · consistency\n"
    assert late("due", "--count", today=None, now=LATE).stdout == "0\n"
    [cell] = [c for c in late.json("week", today=None, now=LATE)["habits"][0]["cells"]
              if c["date"] == TUESDAY.isoformat()]
    assert cell["status"] == "done"


async def test_undo_in_the_app_names_the_day_as_the_app_does(run) -> None:
    run.ok("add", "Walk", "--start", "2026-11-20")
    run.ok("check", "walk", "--date", "2026-11-24")
    app = make_app(str(run.db), TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await opened(app, pilot)
            await pilot.press("u")
            await app.session.settled()
            assert "Undid: check Walk on Tue 24 Nov." in notifications(app)
    finally:
        app.session.close()


async def test_undo_in_the_app_stops_at_an_import_with_the_command_line_words(
        run, make_cli, tmp_path: Path) -> None:
    other = make_cli(tmp_path / "other" / "x.json", tmp_path / "other-guard" / "tracker.json")
    other.ok("add", "Swim", "--start", "2026-11-20")
    other.ok("check", "swim", "--date", "2026-11-21")
    other.ok("export", "--out", str(tmp_path / "swim.json"))
    run.ok("add", "Walk", "--start", "2026-11-20")
    run.ok("import", str(tmp_path / "swim.json"))
    said = run("undo")
    assert said.returncode == 1 and said.stderr.startswith("trust-tracker: Undo stops at the import")
    app = make_app(str(run.db), TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await opened(app, pilot)
            await pilot.press("u")
            await app.session.settled()
            assert said.stderr.removeprefix("trust-tracker: ").rstrip("\n") in notifications(app)
    finally:
        app.session.close()

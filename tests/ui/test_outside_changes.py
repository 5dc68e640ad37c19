"""The app and the command line on the same data at once: a tick from another shell lands
at once (the app holds no lock between changes) and the app shows it within a second or
two, without being asked; the app's own next change is made on top of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui_support import TODAY, stored

from tracker.domain import DayStatus
from tracker.ui.app import TrustTrackerApp


def status_of(app: TrustTrackerApp, name: str) -> DayStatus:
    assert app.reports is not None
    return next(r.status for r in app.reports.day.habits if r.habit.name == name)


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tracker", "--db", str(db), "--today",
                           TODAY.isoformat(), *args], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONUTF8": "1"}, check=False)


async def test_a_command_line_tick_lands_at_once_and_the_app_shows_it(make_app, tmp_path) -> None:
    app = make_app()
    db = tmp_path / "data" / "tracker.json"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert status_of(app, "Journal") is DayStatus.PENDING
        done = cli(db, "check", "journal")
        assert done.returncode == 0, done.stderr  # no waiting for the app, no refusal
        for _ in range(200):  # the app looks once a second; allow it ten
            await pilot.pause(0.05)
            if status_of(app, "Journal") is DayStatus.DONE:
                break
        assert status_of(app, "Journal") is DayStatus.DONE
        # the app's own change now goes on top of the command line's, not over it
        app.change(lambda t: t.check(t.find("Evening check-in")))
        await app.session.settled()
        await pilot.pause()
    data = stored(app)
    try:
        kept = {h.name for h in data.habits() if data.checkins(h).get(TODAY)}
    finally:
        data.close()
    assert {"Journal", "Evening check-in"} <= kept


async def test_with_nothing_changed_elsewhere_the_app_reloads_nothing(make_app) -> None:
    app = make_app()
    app.OUTSIDE_CHECK = 3600  # only the look asked for below
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.change(lambda t: t.check(t.find("Journal")))
        await app.session.settled()
        before = app.reports
        tracker = app.session.tracker
        looks: list[bool] = []
        real = tracker.refresh

        def refresh() -> bool:
            looks.append(changed := real())
            return changed

        tracker.refresh = refresh  # type: ignore[method-assign]
        app.check_outside()  # its own write is not someone else's
        await app.session.settled()
        await pilot.pause()
        assert looks == [False]
        assert app.reports is before

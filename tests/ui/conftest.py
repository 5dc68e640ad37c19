"""App fixtures: a fixed today, a seeded history in a temp folder, settings never saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from ui_support import TODAY, seed_history

from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.store.settings import Settings
from tracker.ui.app import TrustTrackerApp


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., TrustTrackerApp]:
    """Build an app over fresh data: ``make_app()`` seeded, ``make_app(empty=True)`` empty."""
    opened: list[TrustTrackerApp] = []

    def build(*, empty: bool = False, settings: Settings | None = None,
              today: dt.date = TODAY) -> TrustTrackerApp:
        tracker = Tracker.open(tmp_path / "data" / "tracker.json", FixedClock(today),
                               (settings or Settings()).week_start)
        if not empty:
            seed_history(tracker)
        app = TrustTrackerApp(tracker, settings or Settings(), save_settings_file=False)
        opened.append(app)
        return app

    yield build
    for app in opened:
        app.session.close()

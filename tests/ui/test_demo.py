"""``--demo``: a throw-away database with months of history, kept apart from your own."""

from __future__ import annotations

import os
from pathlib import Path

from ui_support import TODAY

from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.store.layout import STATE_ENV, Layout
from tracker.ui.demo import demo_database


def test_the_demo_has_history_and_keeps_its_undo_log_and_cache_with_it(monkeypatch) -> None:
    monkeypatch.setenv(STATE_ENV, os.environ[STATE_ENV])  # put back after the test
    path = demo_database(TODAY)
    assert Path(Layout(path).local_dir).is_relative_to(path.parent)  # nothing among your own
    tracker = Tracker.open(path, FixedClock(TODAY))
    try:
        report = tracker.day_report()
        assert len(report.habits) >= 4
        assert any(r.best.length > 7 for r in report.habits)
        assert tracker.undo() is not None  # its own steps, undoable like yours
    finally:
        tracker.close()

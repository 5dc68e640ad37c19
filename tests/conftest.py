"""Shared test set-up: no test touches the real data folder or reads the real clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import os

import pytest
from hypothesis import HealthCheck, settings

from tracker.clock import FixedClock
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)  # a Thursday

# Property tests never race the clock (CI machines are shared and slow); CI also prints
# the blob that reproduces any failure.
settings.register_profile("default", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("default"), print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data at a temp folder so the person's real data is never touched."""
    db = tmp_path / "data" / "tracker.json"
    monkeypatch.setenv("TRUST_TRACKER_DB", str(db))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return db


@pytest.fixture
def db_path(private_data_folder: Path) -> Path:
    return private_data_folder


@pytest.fixture
def tracker(db_path: Path) -> Tracker:
    opened = Tracker.open(db_path, FixedClock(TODAY))
    yield opened
    opened.close()

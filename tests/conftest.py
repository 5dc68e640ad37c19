"""Shared test set-up: no test touches the real data folder or reads the real clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def private_state_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This device's undo logs and caches in a temp folder, for every test and every
    module-wide fixture too (they start before a test's own fixtures)."""
    folder = tmp_path_factory.mktemp("state")
    before = os.environ.get("TRUST_TRACKER_STATE")
    os.environ["TRUST_TRACKER_STATE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("TRUST_TRACKER_STATE", None)
    else:
        os.environ["TRUST_TRACKER_STATE"] = before


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path: Path) -> Iterator[Path]:
    """Point the app's data at a temp folder so the person's real data is never touched.
    (Its own MonkeyPatch: a test that undoes its ``monkeypatch`` keeps these.)"""
    db = tmp_path / "data" / "tracker.json"
    patch = pytest.MonkeyPatch()
    patch.setenv("TRUST_TRACKER_DB", str(db))
    patch.setenv("TRUST_TRACKER_STATE", str(tmp_path / "state"))
    patch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    patch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    yield db
    patch.undo()


@pytest.fixture
def db_path(private_data_folder: Path) -> Path:
    return private_data_folder


@pytest.fixture
def tracker(db_path: Path) -> Tracker:
    opened = Tracker.open(db_path, FixedClock(TODAY))
    yield opened
    opened.close()

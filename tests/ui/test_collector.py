"""The garbage collector is paused for the start (until today's habits are shown) and while
the writer opens the data, and always runs again afterwards, as it was (after data that
will not open too: see test_app_start)."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from test_app_start import habits_shown, opener, seeded

from tracker.store.settings import Settings
from tracker.ui.app import TrustTrackerApp
from tracker.ui.session import CollectorPause, collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


async def test_the_collector_runs_again_once_todays_habits_are_shown(tmp_path: Path) -> None:
    gate = threading.Event()
    app = TrustTrackerApp(opener(seeded(tmp_path), gate=gate), Settings(), save_settings_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        gate.set()
        await habits_shown(pilot)
        assert app.reports is not None and gc.isenabled()
    app.session.close()
    assert gc.isenabled()


async def test_a_collector_switched_off_by_the_host_stays_off(tmp_path: Path) -> None:
    gc.disable()
    app = TrustTrackerApp(opener(seeded(tmp_path)), Settings(), save_settings_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await habits_shown(pilot)
    app.session.close()
    assert not gc.isenabled()


@pytest.mark.parametrize("order", ["nested", "crossed"])
def test_two_pauses_leave_the_collector_on_whichever_ends_first(order: str) -> None:
    app, writer = CollectorPause(), CollectorPause()
    app.start()
    writer.start()
    assert not gc.isenabled()
    if order == "nested":
        writer.stop()
        assert not gc.isenabled()  # the app's pause still holds
        app.stop()
    else:  # the app's pause ends (its keys' timer) while the writer still opens the data
        app.stop()
        assert gc.isenabled()
        writer.stop()
    assert gc.isenabled()
    app.stop()  # again: harmless
    CollectorPause().stop()  # never started: harmless
    assert gc.isenabled()


def test_a_pause_ends_even_after_an_error_and_garbage_is_still_collected() -> None:
    class Node:
        other: object = None

    with pytest.raises(ValueError), collector_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first  # a cycle, then dropped
        del first, second
        raise ValueError("the data did not open")
    assert gc.isenabled()
    assert gc.collect() >= 2  # a full collection still finds it

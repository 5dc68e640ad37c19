"""A checkpoint is held to the files of every month it folded in. Under the lock a change
checks them against one look at every device's folder (``Reading.looking_at``); without
one, each month's files are looked at. Both must give the same answer, and only the
identities found are ever written back to the cache."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from pathlib import Path

import pytest

from tracker.cli.prompt import data_state
from tracker.store.files import file_id
from tracker.store.layout import Layout, month_key
from tracker.store.local import CachedCheckpoints, month_keys_between, month_text, months_between

MONTHS = [dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
ENTRY = json.dumps({"from": "2026-08", "checkpoint": {"through": "2026-10-12", "score": 0.5}})


def _write(layout: Layout, month: dt.date, device: str, text: str = "{}") -> None:
    path = Path(layout.month_path(month, device))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _recorded(layout: Layout, devices: list[str]) -> dict[str, str]:
    """Each month's files as the cache records them when it is written."""
    return {month_key(m): month_text(tuple((d, found) for d in sorted(devices)
                                           if (found := file_id(layout.month_path(m, d))) is not None))
            for m in MONTHS}


def _look(layout: Layout) -> dict[str, os.stat_result]:
    looked: dict[str, os.stat_result] = {}
    assert data_state(str(layout.main), looked) is not None
    return looked


def _asked(layout: Layout, recorded: dict[str, str], *, with_look: bool) -> bool:
    cached = CachedCheckpoints(layout, {"a": ENTRY}, recorded)
    if with_look:
        cached.looked = _look(layout)
    return cached.get("a") is not None


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    """Two devices (one named to sort after the other's name plus a dash), a stray folder
    and a stray file beside the month files."""
    layout = Layout(tmp_path / "t.json")
    Path(layout.main).write_text("{}")
    for month in MONTHS:
        _write(layout, month, "ab")
        _write(layout, month, "ab-c")
    _write(layout, MONTHS[1], "not a device")  # (a folder that is no device's: left out)
    (Path(layout.devices_dir) / "ab" / "2026-09.json.tmp").write_text("partial")
    return layout


@pytest.mark.parametrize("with_look", [True, False])
def test_unchanged_files_keep_the_checkpoint_with_a_look_or_without(layout: Layout, with_look: bool) -> None:
    assert _asked(layout, _recorded(layout, ["ab", "ab-c"]), with_look=with_look)


@pytest.mark.parametrize("with_look", [True, False])
@pytest.mark.parametrize("change", ["rewritten", "removed", "another device's", "one more device"])
def test_any_change_to_a_month_drops_the_checkpoint_with_a_look_or_without(
        layout: Layout, with_look: bool, change: str) -> None:
    recorded = _recorded(layout, ["ab", "ab-c"])
    path = Path(layout.month_path(MONTHS[1], "ab-c"))
    if change == "rewritten":
        path.unlink()
        path.write_text('{"meta": {}}')
    elif change == "removed":
        path.unlink()
    elif change == "another device's":
        Path(layout.month_path(MONTHS[2], "ab")).write_text('{"x": 1}')
    else:
        _write(layout, MONTHS[0], "zz")
    assert not _asked(layout, recorded, with_look=with_look)


def test_a_month_no_device_has_a_file_of_is_unchanged_while_it_stays_so(layout: Layout) -> None:
    for device in ("ab", "ab-c"):
        Path(layout.month_path(MONTHS[1], device)).unlink()
    recorded = _recorded(layout, ["ab", "ab-c"])
    assert recorded[month_key(MONTHS[1])] == ""
    assert _asked(layout, recorded, with_look=True)
    assert _asked(layout, recorded, with_look=False)
    _write(layout, MONTHS[1], "ab")
    assert not _asked(layout, recorded, with_look=True)


def test_the_identities_written_back_are_those_found(layout: Layout) -> None:
    """What ``validated`` hands the cache for the months checked is what the look found:
    the same ``(device, identity)`` pairs the files have, devices in name order."""
    recorded = _recorded(layout, ["ab", "ab-c"])
    cached = CachedCheckpoints(layout, {"a": ENTRY}, recorded)
    cached.looked = _look(layout)
    assert cached.get("a") is not None
    validated = cached.validated
    assert sorted(validated) == MONTHS
    for month, files in validated.items():
        assert [device for device, _ in files] == ["ab", "ab-c"]
        assert all(found == file_id(layout.month_path(month, device)) for device, found in files)
        assert month_text(files) == recorded[month_key(month)]


def test_a_look_given_after_one_taken_back_is_the_one_used(layout: Layout) -> None:
    recorded = _recorded(layout, ["ab", "ab-c"])
    cached = CachedCheckpoints(layout, {"a": ENTRY, "b": ENTRY}, recorded)
    cached.looked = _look(layout)
    assert cached.get("a") is not None
    path = Path(layout.month_path(MONTHS[0], "ab"))
    path.unlink()
    path.write_text('{"y": 2}')
    cached.forget_month(MONTHS[0])
    cached.looked = _look(layout)  # (the news taken in: a new look)
    assert cached.get("b") is None


def test_month_keys_name_every_month_between_as_the_cache_does() -> None:
    days = [dt.date(y, m, d) for y in (1900, 1999, 2025, 2026, 2200) for m in (1, 2, 11, 12) for d in (1, 28)]
    for first, last in itertools.product(days, days):
        assert month_keys_between(first, last) == tuple(map(month_key, months_between(first, last)))


def test_a_file_is_named_good_by_its_whole_identity_only(tmp_path: Path) -> None:
    """The cache's words are looked up in one text: a word that merely ends or begins
    with the same numbers is not the file."""
    named = (11, 4, 1_796_000_000_123_456_789, 100)
    cached = CachedCheckpoints(Layout(tmp_path / "t.json"), {}, {"2026-11": month_text((("a", named),))})
    assert cached.names_good(named)
    assert not cached.names_good((1, 4, 1_796_000_000_123_456_789, 100))  # (device 11 ends in 1)
    assert not cached.names_good((11, 4, 1_796_000_000_123_456_789, 10))  # (size 100 begins with 10)
    assert not cached.names_good((4, 1_796_000_000_123_456_789, 100, 0))

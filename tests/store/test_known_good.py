"""A command about one habit parses only that habit's records of a month file this
device has read whole and found good before (the file known by its identity); any file
new to it, or changed since, is read whole and checked, so damage is told as before."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any
from pathlib import Path

import pytest

from spies import calls
from store_helpers import TODAY, cli, one_error_line
from tracker.clock import FixedClock
from tracker.domain import Habit, NewHabit
from tracker.service import Tracker
from tracker.store.atomic import AtomicJSONStorage
from tracker.store.layout import Layout
from tracker.store.local import CachedCheckpoints, known_device, month_text

START = dt.date(2026, 6, 1)


def other_device(db: Path) -> None:
    """Journal and Walk, kept most days since June by another device (its own state)."""
    tracker = Tracker.open(db, FixedClock(TODAY))
    journal = tracker.add(NewHabit("Journal"), START)
    walk = tracker.add(NewHabit("Walk", target=2), START)
    day = START
    while day < TODAY:
        tracker.check(journal, day, note=f'said "{day}"' if day.day == 5 else None)
        if day.day % 3:
            tracker.check(walk, day, value=2)
        day += dt.timedelta(days=1)
    tracker.close()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "data" / "tracker.json"
    monkeypatch.setenv("TRUST_TRACKER_STATE", str(tmp_path / "phone-state"))
    other_device(db)
    monkeypatch.setenv("TRUST_TRACKER_STATE", str(tmp_path / "laptop-state"))  # this device
    yield db


def their_month(db: Path, month: str) -> Path:
    [found] = [p for p in Path(Layout(db).devices_dir).glob(f"*/{month}.json")]
    return found


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files parsed whole, as they are."""
    return calls(monkeypatch, AtomicJSONStorage, "_parsed", lambda storage, text: Path(storage.path))


def check_walk(db: Path, parsed: list[Path]) -> list[Path]:
    """A check of Walk as the command line makes it (its report and the cache saved);
    the files it parsed whole, and its report held to a whole read's."""
    parsed.clear()
    lazy = Tracker.open(db, FixedClock(TODAY), eager=False)
    try:
        walk = lazy.find("Walk")
        lazy.check(walk, TODAY, 2)
        got = lazy.report(walk)
        lazy.save_checkpoints()
    finally:
        lazy.close()
    during = list(parsed)
    whole = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        assert got == whole.report(whole.find("Walk"))
    finally:
        whole.close()
    return during


def their_months(paths: list[Path], db: Path) -> set[str]:
    """Of ``paths``, the names of the other device's month files."""
    own = known_device(Layout(db))
    return {p.name for p in paths if p.parent.parent == Path(Layout(db).devices_dir)
            and p.parent.name != own and p.name != "habits.json"}


def test_after_a_status_a_check_parses_no_month_of_another_device_whole(db: Path, parsed: list[Path]) -> None:
    assert cli(db, "status").returncode == 0  # this device reads every file whole once
    cache = json.loads(Path(Layout(db).checkpoints_path).read_text())
    assert "2026-11" in cache["checked"]  # (today's month: no checkpoint names it)
    assert their_months(check_walk(db, parsed), db) == set()


def test_a_new_device_reads_each_file_whole_once_then_in_part(db: Path, parsed: list[Path]) -> None:
    first = their_months(check_walk(db, parsed), db)  # nothing known yet: each file checked whole
    assert {"2026-09.json", "2026-10.json", "2026-11.json"} <= first
    assert their_months(check_walk(db, parsed), db) == set()  # then known: in part


def test_a_known_file_changed_since_is_read_whole_and_checked(db: Path, parsed: list[Path]) -> None:
    check_walk(db, parsed)
    path = their_month(db, "2026-10")
    data = json.loads(path.read_text())
    path.write_text(json.dumps(data, ensure_ascii=False) + " ")  # the same, but another file
    assert their_months(check_walk(db, parsed), db) == {"2026-10.json"}


@pytest.mark.parametrize("month", ["2026-11", "2026-10"])  # today's, and one read for the streak
def test_a_known_file_damaged_since_is_refused(db: Path, month: str) -> None:
    assert cli(db, "status").returncode == 0
    journal = _habit_id(db, "Journal")
    path = their_month(db, month)
    data = json.loads(path.read_text())
    [record] = [doc for doc in data["checkins"].values() if doc["habit"] == journal]
    record["days"]["2"] = [-1, 0]  # in Journal's record: a check of Walk never uses it
    path.write_text(json.dumps(data, ensure_ascii=False))
    before = path.read_bytes()
    line = one_error_line(cli(db, "check", "Walk", "--value", "2"))
    assert str(path) in line and "cannot be read" in line
    assert path.read_bytes() == before


def _habit_id(db: Path, name: str) -> str:
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        return tracker.find(name).id
    finally:
        tracker.close()


def test_a_whole_second_identity_is_never_trusted(tmp_path: Path) -> None:
    fine, coarse = (1, 2, 1_796_000_000_123_456_789, 10), (1, 3, 1_796_000_000_000_000_000, 10)
    cached = CachedCheckpoints(Layout(tmp_path / "t.json"), {}, {"2026-11": month_text((("a", fine),))},
                               {"2026-11": month_text((("b", coarse),))})
    assert cached.names_good(fine)
    assert not cached.names_good(coarse)  # (named, but its time is whole seconds)
    assert not cached.names_good((1, 4, 1_796_000_000_123_456_789, 10))  # not named
    hand_edited: dict[str, Any] = {"2026-11": [["a", *fine]]}  # (identities not as text)
    odd = CachedCheckpoints(Layout(tmp_path / "t.json"), {}, hand_edited)
    assert not odd.names_good(fine)  # (no file known good)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the habits made from their stored records, as they are made."""
    return calls(monkeypatch, Habit, "from_dict", lambda cls, data: str(data.get("name")))


def test_after_a_status_a_check_makes_only_the_habit_it_changes(db: Path, parsed: list[Path],
                                                                  made: list[str]) -> None:
    assert cli(db, "status").returncode == 0  # the habits file is read whole, and found good
    lazy = Tracker.open(db, FixedClock(TODAY), eager=False)
    try:
        walk = lazy.find("Walk")
        assert made == ["Walk"]
        lazy.check(walk, TODAY, 2)
        assert lazy.find("Walk").schedule == walk.schedule
    finally:
        lazy.close()
    assert made == ["Walk"]


def test_a_habits_file_changed_since_is_made_whole_and_refused_when_damaged(db: Path, made: list[str]) -> None:
    assert cli(db, "status").returncode == 0
    [path] = [p for p in Path(Layout(db).devices_dir).glob("*/habits.json")]
    data = json.loads(path.read_text())
    [journal] = [doc for doc in data["habits"].values() if doc["name"] == "Journal"]
    journal["why"] = 5  # not text: a check of Walk never shows it
    path.write_text(json.dumps(data, ensure_ascii=False))
    line = one_error_line(cli(db, "check", "Walk", "--value", "2"))
    assert str(path) in line and "cannot be read" in line
    journal["why"] = "to remember"
    path.write_text(json.dumps(data, ensure_ascii=False))
    tracker = Tracker.open(db, FixedClock(TODAY), eager=False)
    try:
        assert sorted(made) == ["Journal", "Walk"]  # another file now: every habit made
        assert tracker.find("Journal").why == "to remember"
    finally:
        tracker.close()


def test_a_habit_both_devices_kept_is_their_later_version(db: Path, made: list[str]) -> None:
    here = Tracker.open(db, FixedClock(TODAY))
    try:
        journal = here.find("Journal")  # the phone's; renamed on this device
        here.edit(journal, NewHabit("Journal daily", why="each evening"))
    finally:
        here.close()
    assert cli(db, "status").returncode == 0  # both habits files found good
    made.clear()
    lazy = Tracker.open(db, FixedClock(TODAY), eager=False)
    try:
        assert sorted(made) == ["Journal", "Journal daily"]  # both versions made, to be merged
        assert lazy.find("journal d").why == "each evening"
        assert [h.name for h in lazy.habits()] == ["Journal daily", "Walk"]
    finally:
        lazy.close()

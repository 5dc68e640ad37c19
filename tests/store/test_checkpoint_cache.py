"""Checkpoints are this device's cache: any command writes it (a read-only one too, and
without the lock), the next command starts from it, and a checkpoint is used only while
every month file it folded in is unchanged — so a write elsewhere, a restore or a damaged
cache can only cost time, never a wrong streak."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from on_disk import own_device
from store_helpers import TODAY, cli, kept_for_years
from tracker.cli.prompt import data_state
from tracker.cli.render import day_json
from tracker.clock import FixedClock
from tracker.domain import NewHabit, Schedule
from tracker.service import Tracker
from tracker.store.files import file_id
from tracker.store.layout import Layout, month_named
from tracker.store.local import CachedCheckpoints, month_text

START = dt.date(2023, 1, 1)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Three habits kept most days for almost four years, never reported on."""
    return kept_for_years(tmp_path / "data" / "tracker.json",
                          [NewHabit("Journal", schedule=Schedule.daily()),
                           NewHabit("Call Sam", schedule=Schedule.per_week(2)),
                           NewHabit("Walk", schedule=Schedule.in_days(3, 7))], START)


def first_month_read(db: Path) -> dt.date:
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        tracker.day_report()
        return tracker.months.loaded_from
    finally:
        tracker.close()


def full_report(db: Path) -> dict:
    """Today's report worked out from every day, with no cache at all."""
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        tracker.months._checkpoints.clear()  # as if there were no cache
        return day_json(tracker.day_report())
    finally:
        tracker.close()


def test_a_read_command_leaves_checkpoints_the_next_one_starts_from(db: Path) -> None:
    assert first_month_read(db) == START  # no cache: the whole history is read
    Path(Layout(db).checkpoints_path).unlink(missing_ok=True)
    done = cli(db, "status", "--json")  # read-only, and it takes no lock
    assert done.returncode == 0, done.stderr
    cached = json.loads(Path(Layout(db).checkpoints_path).read_text())["checkpoints"]
    assert len(cached) == 3
    assert first_month_read(db) >= dt.date(2026, 8, 1)  # only the last few months
    assert json.loads(cli(db, "status", "--json").stdout) == json.loads(done.stdout)
    assert json.loads(done.stdout) == full_report(db)


def test_a_change_to_an_old_month_elsewhere_is_never_hidden_by_the_cache(db: Path) -> None:
    assert cli(db, "status").returncode == 0  # the cache is written
    before = json.loads(cli(db, "status", "--json").stdout)
    for day in ("2024-03-04", "2024-03-09", "2024-03-14"):  # what the history lacked
        assert cli(db, "check", "journal", "--date", day).returncode == 0
    after = json.loads(cli(db, "status", "--json").stdout)
    assert after == full_report(db)
    journal = next(h for h in after["habits"] if h["name"] == "Journal")
    assert journal["streak"]["best"] >= next(
        h for h in before["habits"] if h["name"] == "Journal")["streak"]["best"]


@pytest.mark.parametrize("garbage", [b"", b"not json", b'{"months": 3}', b"[" * 100000,
                                     b'{"months": {}, "checkpoints": {"x": {"from": "2023-01",'
                                     b' "checkpoint": {"through": "2026-10-01", "score": 9}}}}',
                                     b'{"format": 2, "months": {"2023-01": [["a", 1]]}, "checked": {},'
                                     b' "habits": "", "checkpoints": {"x": "{", "y": "[1]", "z": 7}}',
                                     b'{"format": 2, "months": {}, "checked": [], "habits": 5,'
                                     b' "checkpoints": {}}'])
def test_a_damaged_cache_is_simply_worked_out_again(db: Path, garbage: bytes) -> None:
    expected = full_report(db)
    path = Path(Layout(db).checkpoints_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(garbage)
    done = cli(db, "status", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


@pytest.mark.parametrize("entry", ["{", "[1]", "7", '{"from": "2023-01"}', '{"from": 5, "checkpoint": {}}',
                                   '{"from": "2023-01", "checkpoint": {"through": "soon"}}',
                                   '{"from": "2023-01", "checkpoint": []}', None, 7])
def test_a_damaged_entry_is_worked_out_again_and_the_others_still_count(db: Path, entry: Any) -> None:
    """Each habit's entry is kept as text and read only when that habit is asked about: one
    that does not read (by a hand edit, say) is worked out again; the others still serve."""
    assert cli(db, "status").returncode == 0
    path = Path(Layout(db).checkpoints_path)
    cache = json.loads(path.read_text())
    damaged, *kept = sorted(cache["checkpoints"])
    cache["checkpoints"][damaged] = entry
    path.write_text(json.dumps(cache))
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        assert day_json(tracker.day_report()) == full_report(db)
        assert tracker.months._cached_checkpoint(damaged) is None
        assert all(tracker.months._cached_checkpoint(habit_id) is not None for habit_id in kept)
    finally:
        tracker.close()


def looked_at(db: Path) -> dict[str, os.stat_result]:
    """The device folders' files as a change's prompt look finds them."""
    looked: dict[str, os.stat_result] = {}
    assert data_state(str(db), looked) is not None
    return looked


def month_stats(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The month files stat'ed from now on."""
    seen: list[str] = []
    stat = os.stat

    def counted(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if month_named(Path(os.fsdecode(path))) is not None:
            seen.append(os.fsdecode(path))
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counted)
    return seen


@pytest.mark.parametrize("look", ["as found", "an old month changed"])
def test_a_change_checks_checkpoints_against_the_look_it_took(db: Path, look: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Holding the lock, a change from the shell hands the store the files as its look
    found them (``looking_at``): a habit's checkpoint is checked against that look, not by
    a stat of each of years of month files, and one the look shows changed is not used."""
    assert cli(db, "status").returncode == 0  # the cache is written
    looked = looked_at(db)
    if look == "an old month changed":
        old = next(name for name in looked if name.endswith("/2024-03.json"))
        looked[old] = os.stat(db)  # (another file's identity)
    tracker = Tracker.open(db, FixedClock(TODAY), eager=False)
    try:
        journal = tracker.find("Journal")
        stats = month_stats(monkeypatch)
        with tracker.store.looking_at(looked):
            checkpoint = tracker.months.valid_checkpoint(journal)
        assert stats == []
        assert (checkpoint is not None) == (look == "as found")
    finally:
        tracker.close()


def test_news_from_outside_sends_the_checkpoints_back_to_the_disk(db: Path) -> None:
    """A look taken before news came (a file another device wrote, taken in as the change
    begins) is out of date: the checkpoints asked for after it are checked on the disk."""
    assert cli(db, "status").returncode == 0
    looked = looked_at(db)
    old = next(name for name in looked if name.endswith("/2024-03.json"))
    looked[old] = os.stat(db)  # were the look used, Journal's checkpoint would not be
    tracker = Tracker.open(db, FixedClock(TODAY), eager=False)
    try:
        journal = tracker.find("Journal")
        with tracker.store.looking_at(looked):
            other = Path(Layout(db).devices_dir) / "phone"
            other.mkdir(mode=0o700)
            shutil.copyfile(Layout(db).month_path(dt.date(2026, 11, 1), own_device(db)),
                            other / "2026-11.json")  # (a month no checkpoint folds in)
            assert tracker.refresh()
            assert tracker.months.valid_checkpoint(journal) is not None
    finally:
        tracker.close()


def test_a_month_changed_meanwhile_is_checked_again_for_habits_not_asked_yet(tmp_path: Path) -> None:
    """Habits sharing a span of months have it checked once; a month of it that changes
    (news a long-running app takes in) is checked again for every habit asked after."""
    layout = Layout(tmp_path / "t.json")
    months = [dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    for month in months:
        path = Path(layout.month_path(month, "abc"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    recorded = {f"{m:%Y-%m}": month_text((("abc", file_id(layout.month_path(m, "abc"))),)) for m in months}
    entry = json.dumps({"from": "2026-09", "checkpoint": {"through": "2026-10-12", "score": 0.5}})
    cached = CachedCheckpoints(layout, {"a": entry, "b": entry, "c": entry}, recorded)
    assert cached.get("a") is not None
    changed = Path(layout.month_path(months[1], "abc"))
    changed.unlink()
    changed.write_text('{"another": "file"}')
    cached.forget_month(months[1])
    assert cached.get("b") is None  # (checked against the file as it is now)
    assert cached.get("a") is not None  # (asked before: the layer above forgets it)
    assert CachedCheckpoints(layout, {"c": entry}, recorded).get("c") is None

"""Opening older data (the foundation's version-1 file, versions 2 and 3): everything kept,
moved into this device's folder as of time 0 (data version 4), the original backed up,
undo works."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
import types
from pathlib import Path

import pytest

from on_disk import own_device
from store_helpers import TODAY, bad_modes, cli, one_error_line, stored, tree
from tracker.clock import FixedClock
from tracker.domain import CheckIn, Habit, HabitKind, Pause, Schedule
from tracker.service import Tracker
from tracker import atomic_files
from tracker.store import SCHEMA_VERSION, backups
from tracker.store.layout import Layout
from tracker.structs import replace

JOURNAL = Habit(id="a1b2c3d4e5f6", name='Journal "daily"', kind=HabitKind.PROMISE,
                schedule=Schedule.daily(), start=dt.date(2024, 12, 1), why="to think\nclearly",
                tags=("mind",), pauses=(Pause(dt.date(2025, 8, 1), dt.date(2025, 8, 10)),),
                position=1)
STEPS = Habit(id="0f9e8d7c6b5a", name="Steps", kind=HabitKind.ACTION, schedule=Schedule.daily(),
              start=dt.date(2024, 12, 1), target=5, for_whom="Mum", position=2)
CHECKINS = [  # (habit, day, v1 document fields)
    (JOURNAL, "2024-12-31", {"value": 1, "note": 'New Year\'s "eve"\nsecond line'}),
    (JOURNAL, "2025-01-01", {"value": 1}),
    (STEPS, "2025-01-01", {"value": 3, "note": "back\\slash and {braces}"}),
    (STEPS, "2025-06-15", {"value": 5}),
    (JOURNAL, "2026-02-28", {"value": 0, "skipped": True, "note": "sick"}),
    (JOURNAL, "2026-11-20", {"value": 1, "note": "tab\there, emoji 🎉, ünïcödé"}),
    (STEPS, "2026-11-20", {"value": 0, "note": "only a note"}),
    (JOURNAL, "2026-11-25", {"value": 1}),
]
HISTORY = {
    "1": {"label": "add Steps", "habits": {STEPS.id: None}, "checkins": []},
    "2": {"label": "check Journal on 2026-11-25", "habits": {},
          "checkins": [[JOURNAL.id, "2026-11-25", None]]},
}
MONTHS = ["2024-12", "2025-01", "2025-06", "2026-02", "2026-11"]


def v1_data() -> dict:
    return {
        "meta": {"1": {"schema": 1, "app": "trust-tracker"}},
        "habits": {"1": JOURNAL.to_dict(), "2": STEPS.to_dict()},
        "checkins": {str(i): {"habit": habit.id, "date": day, **fields}
                     for i, (habit, day, fields) in enumerate(CHECKINS, start=1)},
        "history": HISTORY,
    }


def assert_migrated_here(db: Path) -> None:
    """Data version 4, all of it in this device's folder, every record at time 0 (older
    than any change made since), and nothing left in the older places."""
    layout = Layout(db)
    assert json.loads(db.read_text(encoding="utf-8")) == {
        "meta": {"1": {"schema": SCHEMA_VERSION, "app": "trust-tracker"}}}
    device = own_device(db)
    assert layout.devices() == [device]
    assert not Path(layout.legacy_months_dir).exists()
    for path, file in layout.listing().items():
        assert file.device == device, path
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if file.month is None:
            assert {doc["stamp"] for doc in data["habits"].values()} == {0}, path
        else:
            assert {day[-1] for doc in data["checkins"].values() for day in doc["days"].values()} == {0}, path


def migrated_months(db: Path) -> list[str]:
    return sorted(f"{f.month:%Y-%m}" for f in Layout(db).listing().values() if f.month is not None)


def expected_checkins() -> dict[str, dict[dt.date, CheckIn]]:
    found: dict[str, dict[dt.date, CheckIn]] = {JOURNAL.id: {}, STEPS.id: {}}
    for habit, day, fields in CHECKINS:
        checkin = CheckIn.from_dict(fields)  # a 0 before version 5 was nothing recorded
        found[habit.id][dt.date.fromisoformat(day)] = replace(checkin, value=checkin.value or None)
    return found


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    """The foundation's file as it left it: one TinyDB JSON file, world-readable."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    db = folder / "tracker.json"
    db.write_text(json.dumps(v1_data()), encoding="utf-8")
    os.chmod(db, 0o644)
    return db


def test_migration_keeps_every_checkin_and_note(v1: Path) -> None:
    original = v1.read_bytes()
    tracker = Tracker.open(v1, FixedClock(TODAY))
    try:
        assert {h.id for h in tracker.habits()} == {JOURNAL.id, STEPS.id}
    finally:
        tracker.close()
    data = stored(v1)
    assert data.habits == {JOURNAL.id: JOURNAL, STEPS.id: STEPS}
    assert data.checkins == expected_checkins()

    assert_migrated_here(v1)  # the main file holds only the version: no habits, check-ins or history
    assert json.loads(Path(Layout(v1).undo_path).read_text())["undo"] == HISTORY  # this device's own
    assert stat.S_IMODE(v1.stat().st_mode) == 0o600

    layout = Layout(v1)
    assert migrated_months(v1) == MONTHS
    [kept] = [b for b in backups.list_backups(layout) if b.name.endswith("-before-migration")]
    assert (Path(kept.path) / "tracker.json").read_bytes() == original
    assert bad_modes(v1.parent) == []


def test_undo_history_survives_the_migration(v1: Path) -> None:
    tracker = Tracker.open(v1, FixedClock(TODAY))
    try:
        assert tracker.undo() == "check Journal on 2026-11-25"
    finally:
        tracker.close()
    assert dt.date(2026, 11, 25) not in stored(v1).checkins[JOURNAL.id]

    tracker = Tracker.open(v1, FixedClock(TODAY))
    try:
        assert tracker.undo() == "add Steps"
        assert tracker.undo() is None
        tracker.check(tracker.find("Journal"), dt.date(2026, 11, 26), note="after migration")
    finally:
        tracker.close()
    data = stored(v1)
    assert set(data.habits) == {JOURNAL.id}
    assert not data.checkins.get(STEPS.id)  # undoing "add Steps" took its days too
    assert data.checkins[JOURNAL.id][dt.date(2026, 11, 26)] == CheckIn(1, False, "after migration")
    assert data.checkins[JOURNAL.id][dt.date(2024, 12, 31)].note == 'New Year\'s "eve"\nsecond line'


def test_a_read_only_command_migrates_too_and_only_once(v1: Path) -> None:
    done = cli(v1, "list")
    assert done.returncode == 0 and 'Journal "daily"' in done.stdout, done.stderr
    migrated = tree(v1.parent)
    Tracker.open(v1, FixedClock(TODAY)).close()
    assert tree(v1.parent) == migrated  # nothing migrates twice
    assert stored(v1).checkins == expected_checkins()
    assert len([b for b in backups.list_backups(Layout(v1))
                if b.name.endswith("-before-migration")]) == 1


def test_a_malformed_v1_file_is_refused_before_anything_is_written(v1: Path) -> None:
    data = v1_data()
    data["checkins"]["3"]["date"] = "2025-02-30"
    v1.write_text(json.dumps(data))
    before = tree(v1.parent)
    line = one_error_line(cli(v1, "list"))
    assert str(v1) in line and "version-1 check-in is malformed" in line
    assert tree(v1.parent) == before


def test_a_migration_cut_short_is_finished_by_the_next_open(v1: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up after this device's files are written but before the main file is."""
    original = v1.read_bytes()
    fake = types.ModuleType("os")
    fake.__dict__.update(os.__dict__)

    def replace(src, dst):
        if Path(dst) == v1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return os.replace(src, dst)

    fake.replace = replace
    monkeypatch.setattr(atomic_files, "os", fake)
    with pytest.raises(OSError):
        Tracker.open(v1, FixedClock(TODAY))
    assert v1.read_bytes() == original  # still the whole version-1 file
    monkeypatch.undo()

    Tracker.open(v1, FixedClock(TODAY)).close()
    assert_migrated_here(v1)
    assert stored(v1).checkins == expected_checkins()
    assert stored(v1).habits == {JOURNAL.id: JOURNAL, STEPS.id: STEPS}
    kept = [b for b in backups.list_backups(Layout(v1)) if b.name.endswith("-before-migration")]
    assert any((Path(b.path) / "tracker.json").read_bytes() == original for b in kept)


def test_version_2_moves_its_undo_log_to_this_device_and_drops_its_checkpoints(tmp_path: Path) -> None:
    """Version 2 kept the undo log and the checkpoints in the shared main file, so every
    tick rewrote the one file a sync tool carries; version 3 keeps them on the device."""
    db = tmp_path / "v2" / "tracker.json"
    db.parent.mkdir(mode=0o700)
    months = tmp_path / "v2" / "tracker-checkins"
    months.mkdir(mode=0o700)
    (months / "2026-11.json").write_text(json.dumps({
        "meta": {"1": {"schema": 2, "month": "2026-11"}},
        "checkins": {"1": {"habit": JOURNAL.id, "days": {"25": 1}}}}))
    v2 = {"meta": {"1": {"schema": 2, "app": "trust-tracker"}},
          "habits": {"1": JOURNAL.to_dict()},
          "history": {"1": HISTORY["2"]},
          "checkpoints": {"1": {"habit": JOURNAL.id, "seed": {"through": "2026-10-01"}}}}
    db.write_text(json.dumps(v2))
    original = db.read_bytes()
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        assert_migrated_here(db)  # no checkpoints (nor anything else) left in the main file
        assert stored(db).checkins == {JOURNAL.id: {dt.date(2026, 11, 25): CheckIn(1)}}
        assert tracker.undo() == "check Journal on 2026-11-25"  # the step came along
    finally:
        tracker.close()
    assert dt.date(2026, 11, 25) not in stored(db).checkins[JOURNAL.id]
    [kept] = [b for b in backups.list_backups(Layout(db)) if b.name.endswith("-before-migration")]
    assert (Path(kept.path) / "tracker.json").read_bytes() == original
    assert bad_modes(db.parent) == [] and bad_modes(Path(Layout(db).local_dir)) == []


V3_MONTHS = {  # days as version 3 stored them: a bare value, or [value, skipped, note]
    "2024-12": {JOURNAL.id: {"31": [1, False, 'New Year\'s "eve"\nsecond line']}},
    "2025-01": {JOURNAL.id: {"1": 1}, STEPS.id: {"1": [3, False, "back\\slash and {braces}"]}},
    "2025-06": {STEPS.id: {"15": 5}},
    "2026-02": {JOURNAL.id: {"28": [0, True, "sick"]}},
    "2026-11": {JOURNAL.id: {"20": [1, False, "tab\there, emoji 🎉, ünïcödé"], "25": 1},
                STEPS.id: {"20": [0, False, "only a note"]}},
}


@pytest.fixture
def v3(tmp_path: Path) -> Path:
    """Version 3 on purpose: the habits in the main file, every device's check-ins in
    ``tracker-checkins/``, this device's undo log already in its own folder."""
    db = tmp_path / "v3" / "tracker.json"
    db.parent.mkdir(mode=0o700)
    months = Path(Layout(db).legacy_months_dir)
    months.mkdir(mode=0o700)
    for month, by_habit in V3_MONTHS.items():
        docs = {str(i): {"habit": habit_id, "days": days}
                for i, (habit_id, days) in enumerate(sorted(by_habit.items()), start=1)}
        (months / f"{month}.json").write_text(json.dumps(
            {"meta": {"1": {"schema": 3, "month": month}}, "checkins": docs}), encoding="utf-8")
    db.write_text(json.dumps({"meta": {"1": {"schema": 3, "app": "trust-tracker"}},
                              "habits": {"1": JOURNAL.to_dict(), "2": STEPS.to_dict()}}),
                  encoding="utf-8")
    undo = Path(Layout(db).undo_path)
    undo.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    undo.write_text(json.dumps({"undo": {"1": HISTORY["2"]}}))
    os.chmod(undo, 0o600)  # as version 3 wrote it
    return db


def test_version_3_moves_into_this_devices_folder_as_of_time_0(v3: Path) -> None:
    layout = Layout(v3)
    originals = {path.relative_to(v3.parent): path.read_bytes() for path in map(Path, layout.data_files())}
    undo_log = Path(layout.undo_path).read_bytes()
    tracker = Tracker.open(v3, FixedClock(TODAY))
    try:
        assert {h.id for h in tracker.habits()} == {JOURNAL.id, STEPS.id}
    finally:
        tracker.close()
    data = stored(v3)
    assert data.habits == {JOURNAL.id: JOURNAL, STEPS.id: STEPS}
    assert data.checkins == expected_checkins()  # every check-in and note
    assert_migrated_here(v3)
    assert migrated_months(v3) == MONTHS
    assert Path(layout.undo_path).read_bytes() == undo_log  # version 3 kept it here already
    [kept] = [b for b in backups.list_backups(layout) if b.name.endswith("-before-migration")]
    assert {p.relative_to(kept.path): p.read_bytes() for p in map(Path, kept.files())} == originals
    assert bad_modes(v3.parent) == [] and bad_modes(Path(layout.local_dir)) == []

    tracker = Tracker.open(v3, FixedClock(TODAY))
    try:  # the migrated days are older than any change: a new one wins, undo puts them back
        assert tracker.undo() == "check Journal on 2026-11-25"
        tracker.check(tracker.find("Journal"), dt.date(2026, 11, 20), note="rewritten")
    finally:
        tracker.close()
    after = stored(v3).checkins[JOURNAL.id]
    assert dt.date(2026, 11, 25) not in after
    assert after[dt.date(2026, 11, 20)] == CheckIn(1, False, "rewritten")
    assert after[dt.date(2024, 12, 31)].note == 'New Year\'s "eve"\nsecond line'


def test_a_version_3_migration_cut_short_is_finished_by_the_next_open(
        v3: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up after this device's files are written, before the main file is:
    the version 3 files are all still there, and the next open migrates them."""
    layout = Layout(v3)
    originals = {path: path.read_bytes() for path in map(Path, layout.data_files())}
    fake = types.ModuleType("os")
    fake.__dict__.update(os.__dict__)

    def replace(src, dst):
        if Path(dst) == v3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return os.replace(src, dst)

    fake.replace = replace
    monkeypatch.setattr(atomic_files, "os", fake)
    with pytest.raises(OSError):
        Tracker.open(v3, FixedClock(TODAY))
    monkeypatch.undo()
    assert {path: path.read_bytes() for path in originals} == originals

    Tracker.open(v3, FixedClock(TODAY)).close()
    assert_migrated_here(v3)
    assert stored(v3).checkins == expected_checkins()
    assert stored(v3).habits == {JOURNAL.id: JOURNAL, STEPS.id: STEPS}

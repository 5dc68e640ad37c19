"""Full disk and I/O errors in the middle of a tick: fail loudly, keep the old files, recover.

Errors are injected into ``tracker.atomic_files`` only (its ``os`` is swapped for a copy
with one failing function), at the moment a chosen file is written, fsynced or renamed.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from on_disk import device_dir
from store_helpers import TODAY, seed, stored, temp_files, tree
from tracker import cli
from tracker.clock import FixedClock
from tracker.domain import CheckIn
from tracker.service import Tracker
from tracker import atomic_files
from tracker.store import atomic
from tracker.store.layout import HABITS_FILE, Layout, month_named

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")

OLD_MONTH_DAY = dt.date(2026, 11, 24)   # its month file exists
NEW_MONTH_DAY = dt.date(2025, 6, 10)    # its month file does not exist yet


def path_of(arg: object) -> str:
    return os.readlink(f"/proc/self/fd/{arg}") if isinstance(arg, int) else os.fspath(arg)


class PartialWrite:
    """A file whose write lands half the text, then fails: the disk filled up mid-write."""

    def __init__(self, real, error: OSError) -> None:
        self.real, self.error = real, error

    def write(self, text: str) -> int:
        self.real.write(text[: len(text) // 2])
        self.real.flush()
        raise self.error

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def __enter__(self) -> PartialWrite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


def inject(monkeypatch: pytest.MonkeyPatch, where: str, code: int,
           hit: Callable[[str], bool]) -> list[str]:
    """Make atomic.py's ``os.<where>`` fail once, on the first call whose path ``hit``s."""
    fake = types.ModuleType("os")
    fake.__dict__.update(os.__dict__)
    real = getattr(os, where)
    failed: list[str] = []

    def failing(*args, **kwargs):
        target = path_of(args[-1] if where == "replace" else args[0])
        if failed or not hit(target):
            return real(*args, **kwargs)
        failed.append(target)
        error = OSError(code, os.strerror(code), target)
        if where == "fdopen":
            return PartialWrite(real(*args, **kwargs), error)
        raise error

    setattr(fake, where, failing)
    monkeypatch.setattr(atomic_files, "os", fake)
    return failed


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "tracker.json"
    seed(db)
    return db


def undo_file(name: str) -> bool:
    """This device's undo log, or its temp file on the way in (a tick writes it first)."""
    base = Path(name).name
    return base == "undo.json" or (base.startswith(".undo.json.") and base.endswith(".tmp"))


def everything(db: Path) -> dict[str, bytes | None]:
    """The data folder and this device's own folder, every byte."""
    return {**tree(db.parent), **{f"local/{k}": v for k, v in tree(Path(Layout(db).local_dir)).items()}}


def folder_named(db: Path, folder: str) -> Callable[[str], bool]:
    """The folder a tick's files are in: this device's own state ("local"), or its folder
    of records beside the data ("device")."""
    wanted = Path(Layout(db).local_dir) if folder == "local" else device_dir(db)
    return lambda path: Path(path) == wanted


def device_file(name: str) -> str | None:
    """The name of the device file ``name`` is (or is the temp file of, on its way in)."""
    path = Path(name)
    if path.parent.parent.name != "tracker-devices":
        return None
    if path.name.startswith(".") and path.name.endswith(".tmp"):
        return path.name[1:].split(".json.")[0] + ".json"
    return path.name


def month_file(name: str) -> bool:
    """A device's month file, or its temp file on the way in."""
    base = device_file(name)
    return base is not None and month_named(Path(base)) is not None


def habits_file(name: str) -> bool:
    """A device's habits file, or its temp file on the way in."""
    return device_file(name) == HABITS_FILE


CASES = [
    pytest.param(where, code, which, day, id=f"{where}-{errno.errorcode[code]}-{which}-{label}")
    for where in ("fdopen", "fsync", "replace")
    for code in (errno.ENOSPC, errno.EIO)
    for which in ("undo", "month")
    for day, label in ((OLD_MONTH_DAY, "old-month"), (NEW_MONTH_DAY, "new-month"))
]


@pytest.mark.parametrize(("where", "code", "which", "day"), CASES)
def test_a_failed_write_keeps_the_old_files_and_the_next_tick_works(
        db: Path, monkeypatch: pytest.MonkeyPatch, where: str, code: int, which: str,
        day: dt.date) -> None:
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        journal = tracker.find("Journal")
        before_files, before_data = everything(db), stored(db)
        before_value = tracker.checkins(journal).get(day)
        failed = inject(monkeypatch, where, code, undo_file if which == "undo" else month_file)

        with pytest.raises(OSError) as caught:
            tracker.check(journal, day, note="lost to a full disk")
        assert caught.value.errno == code
        assert failed, "the error was never injected"

        # whichever file failed, every file is as it was: one already written is put back
        assert everything(db) == before_files
        assert stored(db) == before_data
        assert temp_files(db.parent) == []
        assert tracker.checkins(journal).get(day) == before_value  # memory not ahead of disk

        monkeypatch.undo()  # space returns
        tracker.check(journal, day, note="saved after all")
    finally:
        tracker.close()
    assert stored(db).checkins[journal.id][day] == CheckIn(1, False, "saved after all")
    assert temp_files(db.parent) == []

    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        assert tracker.undo() is not None
    finally:
        tracker.close()
    assert stored(db).checkins[journal.id].get(day) == before_value


@pytest.mark.parametrize("where", ["fdopen", "fsync", "replace"])
@pytest.mark.parametrize("which", ["undo", "habits"])
def test_a_failed_habit_change_keeps_the_old_files_and_the_next_one_works(
        db: Path, monkeypatch: pytest.MonkeyPatch, where: str, which: str) -> None:
    """A habit change writes the device's habits file (and the undo step first)."""
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        steps = tracker.find("Steps")
        before_files, before_data = everything(db), stored(db)
        failed = inject(monkeypatch, where, errno.ENOSPC, undo_file if which == "undo" else habits_file)
        with pytest.raises(OSError):
            tracker.archive(steps)
        assert failed, "the error was never injected"
        assert everything(db) == before_files
        assert stored(db) == before_data
        assert temp_files(db.parent) == []
        assert tracker.find("Steps").archived is None  # memory not ahead of disk
        monkeypatch.undo()
        tracker.archive(tracker.find("Steps"))
    finally:
        tracker.close()
    assert stored(db).habits[steps.id].archived == TODAY


@pytest.mark.parametrize("where", ["fdopen", "fsync", "replace"])
@pytest.mark.parametrize("which", ["undo", "month"])
def test_a_failed_undo_keeps_the_files_and_can_be_taken_again(
        db: Path, monkeypatch: pytest.MonkeyPatch, where: str, which: str) -> None:
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        journal = tracker.find("Journal")
        tracker.check(journal, OLD_MONTH_DAY, note="to be undone")
        before_files, before_data = everything(db), stored(db)
        inject(monkeypatch, where, errno.ENOSPC, undo_file if which == "undo" else month_file)
        with pytest.raises(OSError):
            tracker.undo()
        assert everything(db) == before_files
        assert stored(db) == before_data
        assert tracker.checkins(journal)[OLD_MONTH_DAY].note == "to be undone"
        monkeypatch.undo()
        assert tracker.undo() == f"check Journal on {OLD_MONTH_DAY}"
    finally:
        tracker.close()
    assert OLD_MONTH_DAY not in stored(db).checkins[journal.id]
    assert temp_files(db.parent) == []


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOSPC], ids=["EIO", "ENOSPC"])
@pytest.mark.parametrize("folder", ["local", "device"])
def test_a_failed_folder_fsync_after_the_rename_is_reported_and_the_data_still_opens(
        db: Path, monkeypatch: pytest.MonkeyPatch, code: int, folder: str) -> None:
    """The rename has happened, so the file may be new; the error must still reach the caller."""
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        journal = tracker.find("Journal")
        inject(monkeypatch, "fsync", code, folder_named(db, folder))
        with pytest.raises(OSError) as caught:
            tracker.check(journal, OLD_MONTH_DAY, value=1)
        assert caught.value.errno == code
        assert temp_files(db.parent) == []
        monkeypatch.undo()
        tracker.check(journal, dt.date(2026, 11, 23))
    finally:
        tracker.close()
    data = stored(db)
    assert data.checkins[journal.id][dt.date(2026, 11, 23)] == CheckIn(1)
    Tracker.open(db, FixedClock(TODAY)).close()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_a_failed_daily_backup_stops_the_tick_and_leaves_no_half_backup(
        db: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    from tracker.store import backups, snapshots

    layout = Layout(db)
    for backup in backups.list_backups(layout):
        shutil.rmtree(backup.path)
    before = tree(db.parent)
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        journal = tracker.find("Journal")
        fake = types.ModuleType("os")
        fake.__dict__.update(os.__dict__)

        def full(*args: object, **kwargs: object) -> None:
            raise OSError(code, os.strerror(code))

        fake.fsync = full  # no copy reaches the disk,
        fake.link = full  # and no link is made (the backup's files are links, or copies)
        monkeypatch.setattr(snapshots, "os", fake)
        with pytest.raises(OSError):
            tracker.check(journal, OLD_MONTH_DAY)
        assert tree(db.parent) == before
        monkeypatch.undo()
        tracker.check(journal, OLD_MONTH_DAY)
    finally:
        tracker.close()
    assert stored(db).checkins[journal.id][OLD_MONTH_DAY] == CheckIn(1)
    assert [b.name for b in backups.list_backups(layout)] == [f"{TODAY:%Y-%m-%d}"]


def test_the_command_line_says_nothing_was_saved(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(db.parent)
    inject(monkeypatch, "fsync", errno.ENOSPC, undo_file)
    code = cli.main(["--db", str(db), "--today", TODAY.isoformat(), "check", "Journal",
                     "--date", NEW_MONTH_DAY.isoformat()])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("trust-tracker: nothing was saved: No space left on device")
    assert len(err.splitlines()) == 1
    assert tree(db.parent) == before


def run_cli(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["--db", str(db), "--today", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    assert len(err.splitlines()) == 1, err
    return code, err


@pytest.mark.parametrize("folder", ["local", "device"])
def test_a_failed_fsync_after_the_rename_says_the_change_may_have_been_saved(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        folder: str) -> None:
    """The file is already renamed into place: "nothing was saved" would be untrue."""
    inject(monkeypatch, "fsync", errno.EIO, folder_named(db, folder))
    code, err = run_cli(db, capsys, "check", "Journal", "--date", OLD_MONTH_DAY.isoformat())
    assert code == 1
    assert "it may have been saved: check with: trust-tracker status" in err
    assert "nothing was saved" not in err


def test_a_failure_without_a_file_name_says_no_none() -> None:
    from tracker.store.files import failure_text

    assert failure_text(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))) == \
        "nothing was saved: No space left on device"


def test_ctrl_c_after_the_change_was_written_says_it_was_saved(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(self: Tracker, habit: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Tracker, "report", interrupted)  # check's reply comes after its write
    code, err = run_cli(db, capsys, "check", "Journal", "--date", NEW_MONTH_DAY.isoformat())
    assert (code, err) == (130, "trust-tracker: Stopped after the change was saved.\n")
    journal = next(h for h in stored(db).habits.values() if h.name == "Journal")
    assert stored(db).checkins[journal.id][NEW_MONTH_DAY] == CheckIn(1)


def test_ctrl_c_while_the_files_are_written_puts_them_back_and_says_nothing_changed(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(db.parent)
    real_commit = atomic.AtomicJSONStorage.commit
    commits: list[str] = []

    def second_is_interrupted(self: atomic.AtomicJSONStorage) -> None:
        commits.append(self.path)
        if len(commits) == 2:
            raise KeyboardInterrupt
        real_commit(self)

    monkeypatch.setattr(atomic.AtomicJSONStorage, "commit", second_is_interrupted)
    code, err = run_cli(db, capsys, "check", "Journal", "--date", NEW_MONTH_DAY.isoformat())
    assert (code, err) == (130, "trust-tracker: Stopped; nothing was changed.\n")
    assert len(commits) == 2
    monkeypatch.undo()
    assert {k: v for k, v in tree(db.parent).items() if "backups" not in k} == \
        {k: v for k, v in before.items() if "backups" not in k}

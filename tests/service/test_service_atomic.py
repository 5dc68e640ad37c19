"""A change is one atomic write: when the disk refuses it, nothing of it lands anywhere.

The rename that publishes a new file (``os.replace`` in ``tracker.atomic_files``) is made to
fail with ENOSPC, as a full disk would. The error must reach the caller, the file on disk
must keep its old bytes, the open Tracker and a reopened one must both show the old data,
and once space returns the next change must work as if nothing had happened.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from tracker.clock import FixedClock
from tracker.domain import NewHabit
from tracker.cli.render import day_json
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)
YESTERDAY = dt.date(2026, 11, 25)


def picture(t: Tracker) -> tuple:
    every = t.habits() + t.habits(archived=True)
    return ([h.to_dict() for h in every],
            {h.name: dict(sorted(t.checkins(h).items())) for h in every},
            day_json(t.day_report()))


def reopened_picture(db: Path) -> tuple:
    """What a second, read-only Tracker sees in the files right now."""
    t = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        return picture(t)
    finally:
        t.close()


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.rglob("*.tmp"))


REAL_REPLACE = os.replace


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch):
    """While started, publishing a data file fails as on a full disk (backups are let be).

    ``fail_from`` = n lets the first n−1 data files of a change land and fails the rest,
    for a change that spans files; with ``once`` only the n-th fails (space comes back at
    once, so putting the first file back can work). ``calls`` counts data-file attempts.
    """

    class FullDisk:
        calls = 0
        fail_from = 1
        once = False

        def __call__(self, src, dst, *args, **kwargs):
            if "-backups" not in str(dst):
                self.calls += 1
                if self.calls == self.fail_from or (self.calls > self.fail_from
                                                    and not self.once):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return REAL_REPLACE(src, dst, *args, **kwargs)

        def start(self, fail_from: int = 1, *, once: bool = False) -> None:
            self.calls, self.fail_from, self.once = 0, fail_from, once
            monkeypatch.setattr("tracker.atomic_files.os.replace", self)

        def end(self) -> None:
            monkeypatch.undo()

    return FullDisk()


@pytest.fixture
def read(tracker: Tracker):
    habit = tracker.add(NewHabit("Read", target=2), dt.date(2026, 10, 20))
    tracker.check(habit, YESTERDAY, value=2, note="two chapters")
    return habit


def test_a_failed_check_changes_nothing_and_the_next_one_works(tracker, db_path, read, full_disk):
    old_bytes, old = db_path.read_bytes(), picture(tracker)

    full_disk.start()
    with pytest.raises(OSError) as caught:
        tracker.check(read, note="on a full disk")
    assert caught.value.errno == errno.ENOSPC
    assert full_disk.calls >= 1, "the write never reached the rename"
    full_disk.end()

    assert db_path.read_bytes() == old_bytes
    assert leftovers(db_path) == []
    assert picture(tracker) == old, "memory ran ahead of the disk"
    assert reopened_picture(db_path) == old

    # space returns: the same Tracker goes on working
    tracker.check(read)
    assert tracker.checkins(read)[TODAY].value == 1
    now = picture(tracker)
    assert reopened_picture(db_path) == now
    # the failed check left no undo step: undo takes back the good check, then yesterday's
    assert tracker.undo() == "check Read on 2026-11-26"
    assert picture(tracker) == old
    assert reopened_picture(db_path) == old
    assert tracker.undo() == "check Read on 2026-11-25"


@pytest.mark.parametrize("change", [
    lambda t, h: t.add(NewHabit("Walk")),
    lambda t, h: t.skip(h, TODAY),
    lambda t, h: t.uncheck(h, YESTERDAY),
    lambda t, h: t.note(h, YESTERDAY, "three chapters"),
    lambda t, h: t.pause(h, TODAY, TODAY),
    lambda t, h: t.archive(h),
], ids=["add", "skip", "uncheck", "note", "pause", "archive"])
def test_every_change_kind_is_all_or_nothing(tracker, db_path, read, full_disk, change):
    old_bytes, old = db_path.read_bytes(), picture(tracker)
    full_disk.start()
    with pytest.raises(OSError):
        change(tracker, read)
    full_disk.end()
    assert db_path.read_bytes() == old_bytes
    assert leftovers(db_path) == []
    assert picture(tracker) == old
    assert reopened_picture(db_path) == old
    change(tracker, tracker.find("Read"))  # and it works once the disk has room
    assert reopened_picture(db_path) == picture(tracker) != old


def test_a_failed_undo_keeps_the_change_and_its_undo_step(tracker, db_path, read, full_disk):
    tracker.check(read)
    with_check, data = picture(tracker), db_path.read_bytes()
    full_disk.start()
    with pytest.raises(OSError):
        tracker.undo()
    full_disk.end()
    assert db_path.read_bytes() == data
    assert picture(tracker) == with_check
    assert reopened_picture(db_path) == with_check
    assert tracker.undo() == "check Read on 2026-11-26", "the undo step was lost"
    assert TODAY not in tracker.checkins(read)
    assert reopened_picture(db_path) == picture(tracker) != with_check


def test_the_first_write_failing_leaves_no_file(tracker, db_path, full_disk):
    full_disk.start()
    with pytest.raises(OSError):
        tracker.add(NewHabit("Read"))
    full_disk.end()
    assert not db_path.exists()
    if db_path.parent.exists():
        assert leftovers(db_path) == []
    assert tracker.habits() == []


# once: TinyDB's cached next id put the meta record at doc 2 after the failed write, and
# the store then called its own file damaged ("its version record is missing")
def test_after_a_failed_first_write_the_file_still_opens(tracker, db_path, full_disk):
    full_disk.start()
    with pytest.raises(OSError):
        tracker.add(NewHabit("Read"))
    full_disk.end()
    tracker.add(NewHabit("Read"))
    assert [h["name"] for h in reopened_picture(db_path)[0]] == ["Read"]


def test_a_later_tracker_sees_every_good_change(tracker, db_path, read):
    """Each change is durable as soon as the call returns: no cache to flush, no close."""
    tracker.check(read)
    tracker.note(read, TODAY, "after lunch")
    assert reopened_picture(db_path) == picture(tracker)


# -- a change that spans two files (check-ins and the undo history) --------------------
def data_picture(t: Tracker) -> tuple:
    """Habits and check-ins only: what the person recorded."""
    return picture(t)[:2]


def data_picture_on_disk(db: Path) -> tuple:
    return reopened_picture(db)[:2]


# November already holds Read's 25th (its file is loaded); October has no file yet.
DAYS = [pytest.param(TODAY, id="month already on disk"),
        pytest.param(dt.date(2026, 10, 30), id="new month file")]


@pytest.mark.parametrize("day", DAYS)
def test_when_the_second_file_fails_once_the_first_is_put_back(tracker, db_path, read,
                                                               full_disk, day):
    old = picture(tracker)
    full_disk.start(fail_from=2, once=True)
    with pytest.raises(OSError):
        tracker.check(read, day, note="half way")
    full_disk.end()
    assert full_disk.calls >= 2, "a check should touch two files here"
    assert leftovers(db_path) == []
    assert picture(tracker) == old
    assert reopened_picture(db_path) == old
    assert tracker.undo() == "check Read on 2026-11-25", "no undo step for the failed check"


@pytest.mark.parametrize("day", DAYS)
def test_when_the_disk_stays_full_the_data_is_still_old(tracker, db_path, read, full_disk,
                                                        day):
    """Putting the first file back fails too; the check-ins must still be the old ones
    (an undo step that finds nothing to undo is the documented worst case)."""
    old = picture(tracker)
    full_disk.start(fail_from=2)
    with pytest.raises(OSError):
        tracker.check(read, day)
    full_disk.end()
    assert leftovers(db_path) == []
    assert data_picture(tracker) == old[:2]
    assert data_picture_on_disk(db_path) == old[:2]


def test_a_half_failed_undo_leaves_memory_agreeing_with_disk(tracker, db_path, read, full_disk):
    tracker.check(read)
    with_check = picture(tracker)
    full_disk.start(fail_from=2, once=True)
    with pytest.raises(OSError):
        tracker.undo()
    full_disk.end()
    assert full_disk.calls >= 2
    assert picture(tracker) == with_check
    assert reopened_picture(db_path) == with_check
    assert tracker.undo() == "check Read on 2026-11-26", "the undo step was kept"

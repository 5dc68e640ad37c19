"""Two writers at once: the second waits briefly or is told clearly; no update is ever lost."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store_helpers import TODAY, cli, cli_command, cli_env, one_error_line, seed, stored, tree
from tracker.clock import FixedClock
from tracker.domain import CheckIn
from tracker.service import Tracker
from tracker.store import DataInUseError, ReadOnlyError, TinyStore
from tracker.store.layout import Layout

STUCK = "something may be stuck there"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "tracker.json"
    seed(db)
    return db


def value_of(db: Path, name: str, day: dt.date) -> CheckIn | None:
    data = stored(db)
    habit_id = next(h.id for h in data.habits.values() if h.name == name)
    return data.checkins[habit_id].get(day)


def test_a_write_command_lands_at_once_while_another_tracker_has_the_data_open(db: Path) -> None:
    """The lock is held only while a change is written, not while a tracker is open."""
    holder = Tracker.open(db, FixedClock(TODAY))
    try:
        done = cli(db, "check", "Journal", "--date", "2026-11-24")
        assert done.returncode == 0, done.stderr
        assert value_of(db, "Journal", dt.date(2026, 11, 24)) == CheckIn(1)
        # the open tracker's next change is made on top: the CLI's tick is not written over
        holder.check(holder.find("Steps"), dt.date(2026, 11, 24), value=2)
        assert holder.checkins(holder.find("Journal"))[dt.date(2026, 11, 24)] == CheckIn(1)
    finally:
        holder.close()
    assert value_of(db, "Journal", dt.date(2026, 11, 24)) == CheckIn(1)
    assert value_of(db, "Steps", dt.date(2026, 11, 24)) == CheckIn(2)


def test_two_open_trackers_take_turns_and_each_sees_the_others_changes(db: Path) -> None:
    first, second = (Tracker.open(db, FixedClock(TODAY)) for _ in range(2))
    try:
        steps_first, steps_second = first.find("Steps"), second.find("Steps")
        day = dt.date(2026, 11, 23)
        first.add_to(steps_first, 1, day)
        second.add_to(steps_second, 1, day)  # one more on top of the first's, not a reset to 1
        assert second.checkins(steps_second)[day] == CheckIn(2)
        first.add_to(steps_first, 1, day)
        assert second.refresh() is True  # the first's third repetition, seen by a stat
        assert second.checkins(steps_second)[day] == CheckIn(3)
        assert second.refresh() is False  # nothing new since
    finally:
        first.close()
        second.close()
    assert value_of(db, "Steps", dt.date(2026, 11, 23)) == CheckIn(3)


def test_refresh_takes_in_an_outside_change_once(db: Path) -> None:
    holder = Tracker.open(db, FixedClock(TODAY))
    full_reads: list[object] = []
    real_load = holder.store.load
    holder.store.load = lambda since=None: full_reads.append(since) or real_load(since)  # type: ignore[method-assign]
    try:
        assert holder.refresh() is False
        assert cli(db, "check", "Journal", "--date", "2026-11-23").returncode == 0
        assert holder.refresh() is True
        assert holder.checkins(holder.find("Journal"))[dt.date(2026, 11, 23)] == CheckIn(1)
        assert full_reads == []  # a tick elsewhere: its month is read again, nothing else
        assert holder.refresh() is False
        assert cli(db, "archive", "Steps").returncode == 0  # a habit changed: all is read
        assert holder.refresh() is True
        assert [h.name for h in holder.habits(archived=True)] == ["Steps"]
        assert len(full_reads) == 1
    finally:
        holder.close()


def test_a_write_command_waits_for_a_change_being_written(db: Path) -> None:
    holder = TinyStore(db)
    with holder.locked():  # a writer in the middle of a (slow) change
        proc = subprocess.Popen(cli_command(db, "check", "Journal", "--date", "2026-11-24"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=cli_env(db))
        time.sleep(0.6)
        assert proc.poll() is None, proc.communicate()
    holder.close()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert value_of(db, "Journal", dt.date(2026, 11, 24)) == CheckIn(1)


def test_a_lock_held_far_longer_than_a_save_is_reported_as_stuck(db: Path) -> None:
    holder = TinyStore(db)
    try:
        with holder.locked():
            before = tree(db.parent)
            waiting = TinyStore(db, lock_timeout=0.2)
            try:
                with pytest.raises(DataInUseError, match=STUCK):
                    with waiting.transaction():
                        pass
            finally:
                waiting.close()
            assert tree(db.parent) == before
    finally:
        holder.close()


def test_a_reader_cannot_write(db: Path) -> None:
    reader = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        with pytest.raises(ReadOnlyError):
            reader.check(reader.find("Journal"), dt.date(2026, 11, 24))
    finally:
        reader.close()
    assert dt.date(2026, 11, 24) not in next(iter(stored(db).checkins.values()))


def test_a_month_this_device_writes_while_another_command_opens_is_news_not_damage(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An open looks at the folders, then reads this device's habits file, which names
    every month the device wrote. A command that writes a new month in between (its
    file, then the habits file naming it) must not make the open call that month
    missing and send the person to a backup (seen with a dozen commands at once)."""
    look = Layout(db).files()  # the open's look at the folders, taken first ...
    writer = Tracker.open(db, FixedClock(TODAY))
    try:  # ... then another command writes a month no file held yet
        writer.check(writer.find("Steps"), dt.date(2025, 6, 15), value=5)
    finally:
        writer.close()
    monkeypatch.setattr(Layout, "files", lambda self: list(look))
    reader = Tracker.open(db, FixedClock(TODAY))  # (before: "2025-06.json ... is missing")
    reader.close()
    monkeypatch.undo()
    assert value_of(db, "Steps", dt.date(2025, 6, 15)) == CheckIn(5)


def write_args(command: str, name: str, day: dt.date, value: int) -> list[str]:
    if command == "note":
        return ["note", name, f"note {value} for {day}", "--date", day.isoformat()]
    return ["check", name, "--date", day.isoformat()] + (
        ["--value", str(value)] if name == "Steps" else [])


def expected(command: str, name: str, day: dt.date, value: int) -> CheckIn:
    if command == "note":
        return CheckIn(None, False, f"note {value} for {day}")
    return CheckIn(value if name == "Steps" else 1)


@pytest.mark.parametrize("command", ["check", "note"])
def test_concurrent_write_commands_never_lose_an_update(db: Path, command: str) -> None:
    """Many writes at once on different days and habits: each that said yes is saved."""
    days = [dt.date(2026, 11, 1) + dt.timedelta(days=i) for i in range(0, 18, 2)]
    jobs = [("Journal" if i % 2 else "Steps", day, i % 4 + 1) for i, day in enumerate(days)]
    jobs += [("Steps", dt.date(2025, 6 + i, 15), 5) for i in range(3)]  # other months too
    procs = [subprocess.Popen(cli_command(db, *write_args(command, *job)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=cli_env(db)) for job in jobs]
    results = [proc.communicate(timeout=60) + (proc.returncode,) for proc in procs]
    data = stored(db)
    ids = {h.name: h.id for h in data.habits.values()}
    for job, (out, err, code) in zip(jobs, results):
        name, day, _ = job
        assert code == 0, err  # each waits its turn for the few milliseconds a save takes
        assert data.checkins[ids[name]].get(day) == expected(command, *job), (job, out)
    succeeded = len(jobs)
    # every success left its own undo record: undoing them all clears exactly those days
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        labels = [tracker.undo() for _ in range(succeeded)]
    finally:
        tracker.close()
    assert all(label and label.startswith(f"{command} ") for label in labels), labels
    after = stored(db)
    for name, day, _ in jobs:
        assert day not in after.checkins[ids[name]]


def test_writers_in_threads_of_one_process_are_serialised_by_the_lock(db: Path) -> None:
    """Two Trackers in one process (the TUI and a worker, say): each change lands whole."""
    results: list[object] = []

    def writer(day: dt.date) -> None:
        tracker = Tracker.open(db, FixedClock(TODAY))
        try:
            for offset in range(5):
                tracker.add_to(tracker.find("Steps"), 1, day)
                tracker.check(tracker.find("Journal"), day - dt.timedelta(days=offset))
            results.append(day)
        finally:
            tracker.close()

    days = (dt.date(2026, 11, 23), dt.date(2026, 11, 23), dt.date(2026, 11, 24))
    threads = [threading.Thread(target=writer, args=(day,)) for day in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 3
    assert value_of(db, "Steps", dt.date(2026, 11, 23)) == CheckIn(10)  # no +1 lost
    assert value_of(db, "Steps", dt.date(2026, 11, 24)) == CheckIn(5)


def test_an_import_planned_before_an_outside_change_is_refused_whole(db: Path, tmp_path: Path) -> None:
    """The plan decided which days keep whose version; if the data moved meanwhile, it
    is not written over it: nothing is imported, and the person is told to look again."""
    from tracker import transfer
    from tracker.domain import NewHabit, TrackerError

    other = tmp_path / "other" / "tracker.json"
    source = Tracker.open(other, FixedClock(TODAY))
    try:
        walk = source.add(NewHabit("Walk"), dt.date(2026, 11, 1))
        source.check(walk, dt.date(2026, 11, 2))
    finally:
        source.close()
    export = tmp_path / "export.json"
    assert cli(other, "export", "--out", str(export)).returncode == 0
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        planned = transfer.plan(tracker, transfer.read_source(export, "auto", TODAY, None))
        assert planned.changes_anything
        assert cli(db, "check", "Journal", "--date", "2026-11-02").returncode == 0
        before = tree(db.parent)
        with pytest.raises(TrackerError, match="changed while the import was being prepared"):
            transfer.apply(tracker, planned)
        assert tree(db.parent) == before
        assert "Walk" not in {h.name for h in stored(db).habits.values()}
    finally:
        tracker.close()


INTERLEAVED = """
import datetime as dt, sys
from tracker.clock import FixedClock
from tracker.service import Tracker
tracker = Tracker.open(sys.argv[1], FixedClock(dt.date(2026, 11, 26)))
steps = tracker.find("Steps")
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()  # both start together
for _ in range(int(sys.argv[2])):
    tracker.add_to(steps, 1, dt.date(2026, 11, 22))
tracker.close()
"""


def test_two_writer_processes_interleaving_a_thousand_writes_lose_none(db: Path) -> None:
    """Each +1 is made on top of the other process's latest, never on a stale copy."""
    procs = [subprocess.Popen([sys.executable, "-c", INTERLEAVED, str(db), "500"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=cli_env(db))
             for _ in range(2)]
    try:
        for proc in procs:
            assert proc.stdout.readline() == "ready\n", proc.stderr.read()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert value_of(db, "Steps", dt.date(2026, 11, 22)) == CheckIn(1000)

"""Two writers at once: the second waits briefly or is told clearly; no update is ever lost."""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
import time
from pathlib import Path

import pytest

from store_helpers import TODAY, cli, cli_command, cli_env, one_error_line, seed, stored, tree
from tracker.clock import FixedClock
from tracker.domain import CheckIn
from tracker.service import Tracker
from tracker.store import DataInUseError, ReadOnlyError, TinyStore

IN_USE = "is open in another Trust Tracker"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "tracker.json"
    seed(db)
    return db


def test_a_write_command_is_refused_while_another_tracker_holds_the_data(db: Path) -> None:
    holder = Tracker.open(db, FixedClock(TODAY))
    try:
        before = tree(db.parent)
        line = one_error_line(cli(db, "check", "Journal", "--date", "2026-11-24"))
        assert IN_USE in line and str(db) in line and "Nothing was changed" in line
        assert tree(db.parent) == before
        reading = cli(db, "list")  # reading needs no lock
        assert reading.returncode == 0 and "Journal" in reading.stdout, reading.stderr
        line = one_error_line(cli(db, "backup", "restore"))
        assert IN_USE in line
        assert tree(db.parent) == before
    finally:
        holder.close()


def test_a_write_command_waits_for_a_writer_that_finishes_soon(db: Path) -> None:
    holder = Tracker.open(db, FixedClock(TODAY))
    proc = subprocess.Popen(cli_command(db, "check", "Journal", "--date", "2026-11-24"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=cli_env(db))
    try:
        holder.check(holder.find("Steps"), dt.date(2026, 11, 24), value=2)
        time.sleep(0.6)
    finally:
        holder.close()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    days = stored(db)
    journal, steps = (next(h.id for h in days.habits.values() if h.name == n)
                      for n in ("Journal", "Steps"))
    assert days.checkins[journal][dt.date(2026, 11, 24)] == CheckIn(1)
    assert days.checkins[steps][dt.date(2026, 11, 24)] == CheckIn(2)


def test_a_second_writer_in_process_is_refused_and_a_reader_cannot_write(db: Path) -> None:
    holder = TinyStore(db, writable=True)
    try:
        with pytest.raises(DataInUseError, match=IN_USE):
            TinyStore(db, writable=True, lock_timeout=0.1)
        reader = Tracker.open(db, FixedClock(TODAY), writable=False)
        try:
            with pytest.raises(ReadOnlyError):
                reader.check(reader.find("Journal"), dt.date(2026, 11, 24))
        finally:
            reader.close()
    finally:
        holder.close()
    assert dt.date(2026, 11, 24) not in next(iter(stored(db).checkins.values()))


def write_args(command: str, name: str, day: dt.date, value: int) -> list[str]:
    if command == "note":
        return ["note", name, f"note {value} for {day}", "--date", day.isoformat()]
    return ["check", name, "--date", day.isoformat()] + (
        ["--value", str(value)] if name == "Steps" else [])


def expected(command: str, name: str, day: dt.date, value: int) -> CheckIn:
    if command == "note":
        return CheckIn(0, False, f"note {value} for {day}")
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
    succeeded = 0
    for job, (out, err, code) in zip(jobs, results):
        name, day, _ = job
        if code == 0:
            succeeded += 1
            assert data.checkins[ids[name]].get(day) == expected(command, *job), (job, out)
        else:
            assert code == 1 and IN_USE in err, err
            assert day not in data.checkins[ids[name]]
    assert succeeded >= len(jobs) // 2, f"only {succeeded} of {len(jobs)} got through"
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
    """Two Trackers in one process (the TUI and a worker, say): the lock still holds."""
    results: list[object] = []

    def writer(day: dt.date) -> None:
        try:
            tracker = Tracker.open(db, FixedClock(TODAY))
        except DataInUseError as err:
            results.append(err)
            return
        try:
            tracker.check(tracker.find("Journal"), day)
            time.sleep(0.2)
            results.append(day)
        finally:
            tracker.close()

    threads = [threading.Thread(target=writer, args=(dt.date(2026, 11, d),)) for d in (2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    saved = next(c for h, c in stored(db).checkins.items()
                 if stored(db).habits[h].name == "Journal")
    for result in results:
        if isinstance(result, dt.date):
            assert result in saved
    assert sum(isinstance(r, dt.date) for r in results) >= 1

"""Figures taken inside this process, on the ``Tracker`` façade the app and the command line
both call: open, durable ticks, reports after a tick, sizes, export and import; the first
change of a day (which takes the day's backup) against a normal tick; and the disk the
daily backups take against the live data.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import PYTHON, ROOT, TODAY, median, median_ms, ratio, run
from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.store.layout import Layout


def measure(db: Path, repeat: int, env: dict[str, str]) -> dict[str, float]:
    clock = FixedClock(TODAY)

    def open_only() -> None:
        Tracker.open(db, clock, writable=False).close()

    def first_status() -> None:
        opened = Tracker.open(db, clock, writable=False)
        opened.day_report()
        opened.close()

    # Before any change the data has no checkpoints: this is the one-off cost of the
    # first run over imported or migrated history.
    figures = {"first_status_ms": median_ms(first_status, 1)}
    tracker = Tracker.open(db, clock)
    habit = tracker.habits()[0]
    tracker.day_report()
    tracker.save_checkpoints()  # as every command does after its report
    tracker.check(habit)  # takes the day's backup: not a tick
    tracker.close()
    figures["open_ms"] = median_ms(open_only, max(3, repeat // 4))
    figures["open_status_ms"] = median_ms(first_status, max(3, repeat // 4))
    tracker = Tracker.open(db, clock)
    flips = iter(range(10**9))

    def tick() -> None:
        if next(flips) % 2:
            tracker.check(habit)
        else:
            tracker.uncheck(habit)

    figures["tick_ms"] = median_ms(tick, repeat)

    def after_tick(question: Callable[[], object]) -> float:
        """What a screen recomputes after a tick: the ticked habit afresh, the rest cached."""
        def measured() -> float:
            tick()
            begin = time.perf_counter()
            question()
            return (time.perf_counter() - begin) * 1000
        return median(measured() for _ in range(max(3, repeat // 4)))

    figures["status_after_tick_ms"] = after_tick(tracker.day_report)
    figures["week_after_tick_ms"] = after_tick(tracker.week)
    tracker.close()
    sizes = [os.stat(p).st_size for p in Layout(db).data_files()]
    figures["data_kb"] = sum(sizes) / 1024
    figures["largest_file_kb"] = max(sizes) / 1024
    figures["files"] = len(sizes)
    figures["peak_rss_mb"] = peak_memory_mb(db, env)
    return figures


def paired_ticks(floor: Path, db: Path, repeat: int) -> dict[str, float]:
    """The tick at this size against the tick at 1 habit × 1 week, taken in turns (small,
    this size, small, ...) so a busy moment of the shared machine hits both. Both data
    sets have had today's first change (``measure``): these are normal ticks."""
    clock = FixedClock(TODAY)
    trackers = [Tracker.open(floor, clock), Tracker.open(db, clock)]
    habits = [t.habits()[0] for t in trackers]
    times: list[list[float]] = [[], []]
    for i in range(repeat):
        for which, tracker in enumerate(trackers):
            begin = time.perf_counter()
            if i % 2:
                tracker.check(habits[which])
            else:
                tracker.uncheck(habits[which])
            times[which].append((time.perf_counter() - begin) * 1000)
    for tracker in trackers:
        tracker.close()
    small, big = (median(t) for t in times)
    return {"floor_tick_ms": small, "tick_ms": big, "tick_ratio": ratio(big, small),
            "tick_paired_ratio": median(ratio(b, a) for a, b in zip(*times)), "tick_runs": repeat}


def moving(db: Path) -> dict[str, float]:
    """Export everything to JSON, import it into empty data, then open and show today
    (in this process, through the same calls the commands make)."""
    from tracker import transfer

    clock = FixedClock(TODAY)
    out, copy = db.parent / "export.json", db.parent / "copy" / "tracker.json"
    tracker = Tracker.open(db, clock, writable=False)
    begin = time.perf_counter()
    transfer.export(tracker, "json", out)
    figures = {"export_ms": (time.perf_counter() - begin) * 1000,
               "export_kb": out.stat().st_size / 1024}
    tracker.close()
    target = Tracker.open(copy, clock)
    begin = time.perf_counter()
    try:
        transfer.apply(target, transfer.plan(target, transfer.read_source(out, "json", TODAY)))
    except Exception as err:
        raise RuntimeError(f"{type(err).__name__}: {err} [the export: {figures['export_kb'] / 1024:.1f} MB, "
                        f"written in {figures['export_ms']:.0f} ms]") from None
    finally:
        target.close()
    figures["import_ms"] = (time.perf_counter() - begin) * 1000
    begin = time.perf_counter()
    reopened = Tracker.open(copy, clock, writable=False)
    reopened.day_report()
    reopened.close()
    figures["status_after_import_ms"] = (time.perf_counter() - begin) * 1000
    return figures


def peak_memory_mb(db: Path, env: dict[str, str]) -> float:
    """Peak resident memory of a fresh process that opens the data and computes today.

    The child reports its own peak (see ``bench.startup.peak_kb``): rusage would count this
    parent's memory at the fork, and the parent has just walked years of history."""
    code = ("import datetime as dt; from bench.startup import peak_kb; "
            "from tracker.service import Tracker; from tracker.clock import FixedClock; "
            f"t = Tracker.open({str(db)!r}, FixedClock(dt.date.fromisoformat({TODAY.isoformat()!r})),"
            " writable=False); t.day_report(); t.week(); t.close(); print(peak_kb())")
    return float(run([PYTHON, "-c", code], env, cwd=ROOT).out.split()[-1]) / 1024


@dataclass
class MovingClock:
    """A fixed day that the bench moves on, as midnight moves an open app on (a
    ``FixedClock`` is frozen, and the store keeps the clock it was opened with)."""

    day: dt.date

    def today(self) -> dt.date:
        return self.day


def first_change_of_day(db: Path, days: int, ticks: int) -> dict[str, float]:
    """The first change of a day, which takes the day's backup, against normal ticks.

    The data already has today's backup (``measure`` ticked today). Each round moves the
    clock one day on (TODAY + k): the screen's report for the new day is made (not timed),
    then one check (the day's first change: yesterday's backup exists, today's is taken),
    then ``ticks`` normal ticks on the same day (uncheck, check, ...), each after the
    screen's report of the day again (not timed), as in the app, which redraws today after
    every tick: so both are timed after the same work, and the ratio is what the backup
    adds (a tick right after a report of every habit is slower than one right after
    another tick, its caches cold). Every change is a durable ``Tracker.check``/
    ``uncheck`` of the same habit. Rounds are paired: each first change against the
    median of its own day's ticks."""
    clock = MovingClock(TODAY)
    tracker = Tracker.open(db, clock)
    habit = tracker.habits()[0]
    firsts: list[float] = []
    normals: list[float] = []
    paired: list[float] = []
    for k in range(1, days + 1):
        clock.day = TODAY + dt.timedelta(days=k)
        tracker.day_report()
        begin = time.perf_counter()
        tracker.check(habit)
        firsts.append((time.perf_counter() - begin) * 1000)
        todays = []
        for i in range(ticks):
            tracker.day_report()
            begin = time.perf_counter()
            if i % 2:
                tracker.check(habit)
            else:
                tracker.uncheck(habit)
            todays.append((time.perf_counter() - begin) * 1000)
        if ticks % 2:  # end the day kept: each daily backup then holds a change
            tracker.check(habit)
        normals += todays
        paired.append(ratio(firsts[-1], statistics.median(todays)))
    tracker.close()
    return {"first_change_ms": median(firsts), "normal_tick_ms": median(normals),
            "first_change_ratio": ratio(median(firsts), median(normals)),
            "first_change_paired_ratio": median(paired), "first_change_days": days}


def backup_disk(db: Path) -> dict[str, float]:
    """Disk the backups folder takes, each inode counted once (a backup hard-links every
    file unchanged since the one before), leaving out inodes of the live data, against
    the live data. Disk used is ``st_blocks × 512`` (what ``du`` counts); the bytes the
    files hold (``st_size``) are given beside it. Files only: folders are not counted."""
    layout = Layout(db)
    live = [os.lstat(p) for p in layout.data_files()]
    seen = {(s.st_dev, s.st_ino) for s in live}
    disk = size = files = 0
    for folder, _, names in os.walk(layout.backups_dir):
        for name in names:
            found = os.lstat(os.path.join(folder, name))
            key = (found.st_dev, found.st_ino)
            files += 1
            if key in seen:
                continue
            seen.add(key)
            disk += found.st_blocks * 512
            size += found.st_size
    data_disk = sum(s.st_blocks * 512 for s in live)
    data_size = sum(s.st_size for s in live)
    backups_dir = Path(layout.backups_dir)
    daily = [p for p in backups_dir.iterdir() if p.is_dir() and "-before-" not in p.name
             and not p.name.startswith(".")] if backups_dir.is_dir() else []
    return {"backups_daily": len(daily), "backup_files": files,
            "backup_disk_kb": disk / 1024, "backup_bytes_kb": size / 1024,
            "data_disk_kb": data_disk / 1024, "data_bytes_kb": data_size / 1024,
            "backup_disk_ratio": ratio(disk, data_disk), "backup_bytes_ratio": ratio(size, data_size)}

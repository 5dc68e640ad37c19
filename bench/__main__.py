"""The benchmark: ``python -m bench`` (add ``--quick`` for a fast smoke run).

Builds seeded data at 1 habit × 1 week and at 50 habits × 10 years (notes on 5 % of
days), then measures side by side: open time, durable tick time, status and week
computation, file sizes and peak memory. Prints a table and the budget checks
(DESIGN §4), and writes the figures as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.data import build
from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.store.layout import Layout

TODAY = dt.date(2026, 11, 26)
SETS = {"1 habit × 1 week": (1, 7), "50 habits × 10 years": (50, 3652)}
TICK_BUDGET = 2.0
FRAME_BUDGET = 1.3
MEMORY_BUDGET = 1.5
# The app's children read no personal settings file: the defaults, like a first start.
CHILD_ENV = {**os.environ, "TRUST_TRACKER_CONFIG": os.devnull + ".absent"}


def median_ms(action, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        action()
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times)


def measure(db: Path, repeat: int) -> dict[str, float]:
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

    def after_tick(question):  # type: ignore[no-untyped-def]
        """What a screen recomputes after a tick: the ticked habit afresh, the rest cached."""
        def measured() -> float:
            tick()
            begin = time.perf_counter()
            question()
            return (time.perf_counter() - begin) * 1000
        return statistics.median(measured() for _ in range(max(3, repeat // 4)))

    figures["status_after_tick_ms"] = after_tick(tracker.day_report)
    figures["week_after_tick_ms"] = after_tick(tracker.week)
    tracker.close()
    layout = Layout(db)
    sizes = [p.stat().st_size for p in layout.data_files()]
    figures["data_kb"] = sum(sizes) / 1024
    figures["largest_file_kb"] = max(sizes) / 1024
    figures["files"] = len(sizes)
    figures["peak_rss_mb"] = peak_memory_mb(db)
    figures.update(moving(db))
    return figures


def moving(db: Path) -> dict[str, float]:
    """Export everything to JSON, import it into empty data, then open and show today."""
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
    transfer.apply(target, transfer.plan(target, transfer.read_source(out, "json", TODAY)))
    figures["import_ms"] = (time.perf_counter() - begin) * 1000
    target.close()
    begin = time.perf_counter()
    reopened = Tracker.open(copy, clock, writable=False)
    reopened.day_report()
    reopened.close()
    figures["status_after_import_ms"] = (time.perf_counter() - begin) * 1000
    return figures


def peak_memory_mb(db: Path) -> float:
    """Peak resident memory of a fresh process that opens the data and computes today.

    The child reports its own peak (see ``bench.startup.peak_kb``): rusage would count this
    parent's memory at the fork, and the parent has just walked ten years of history."""
    code = ("import datetime as dt; from bench.startup import peak_kb; "
            "from tracker.service import Tracker; from tracker.clock import FixedClock; "
            f"t = Tracker.open({str(db)!r}, FixedClock(dt.date.fromisoformat({TODAY.isoformat()!r})),"
            " writable=False); t.day_report(); t.week(); t.close(); print(peak_kb())")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.split()[-1]) / 1024


def run_child(args: list[str]) -> tuple[float, float]:
    """(ms from launch to the child's frame, the child's peak memory in MB): both printed
    by the child itself."""
    out = subprocess.run([sys.executable, "-m", "bench.startup", repr(time.time()), *args],
                         check=True, capture_output=True, text=True, env=CHILD_ENV)
    frame_ms, peak_kb = out.stdout.split()[-2:]
    return float(frame_ms), float(peak_kb) / 1024


def startup(db: Path, repeat: int) -> dict[str, float]:
    """Time to the first painted frame and peak memory: the app beside a bare Textual app.

    Runs alternate (bare, app, app with its habits) so drift on a shared machine hits all
    alike. The app's peak memory is taken once today's habits are on screen: the data opens
    after the first frame, so a child that quit at the first frame would not have it yet.
    """
    bare, app, data = [], [], []
    for _ in range(repeat):
        bare.append(run_child(["bare"]))
        app.append(run_child(["tracker", str(db), TODAY.isoformat()]))
        data.append(run_child(["tracker", str(db), TODAY.isoformat(), "data"]))
    return {"bare_first_frame_ms": statistics.median(ms for ms, _ in bare),
            "app_first_frame_ms": statistics.median(ms for ms, _ in app),
            "app_habits_shown_ms": statistics.median(ms for ms, _ in data),
            "bare_peak_rss_mb": statistics.median(mb for _, mb in bare),
            "app_peak_rss_mb": statistics.median(mb for _, mb in data)}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    args = parser.parse_args()
    repeat = 8 if args.quick else 40
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="tt-bench-", dir=os.environ.get("BENCH_DIR")) as tmp:
        for label, (habits, days) in SETS.items():
            folder = Path(tmp) / label.split()[0]
            folder.mkdir()
            db = build(folder, habits, days, TODAY)
            results[label] = measure(db, repeat)
        start_figures = startup(db, max(3, repeat // 4))  # db: the 50 × 10 years data
    small, big = (results[label] for label in SETS)
    tick_ratio = big["tick_ms"] / small["tick_ms"]
    print_table(results)
    frame_ratio = start_figures["app_first_frame_ms"] / start_figures["bare_first_frame_ms"]
    memory_ratio = start_figures["app_peak_rss_mb"] / start_figures["bare_peak_rss_mb"]
    print("\nstart-up at 50 × 10 years, beside a bare Textual app (Header, Static, Footer):")
    for key, value in start_figures.items():
        print(f"  {key:<22}{value:>10.1f}")
    print()
    checks = (("tick ratio (50×10y / 1×1w)", tick_ratio, TICK_BUDGET),
              ("first frame (app / bare)", frame_ratio, FRAME_BUDGET),
              ("peak memory (app / bare)", memory_ratio, MEMORY_BUDGET))
    for name, ratio, budget in checks:
        verdict = "holds" if ratio <= budget else "OVER BUDGET"
        print(f"{name:<28} {ratio:5.2f}  (budget ≤ {budget}): {verdict}")
    record = {"when": dt.datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
              "machine": platform.machine(), "results": results, "startup": start_figures,
              "ratios": {name: {"ratio": ratio, "budget": budget} for name, ratio, budget in checks}}
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    target = out / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    target.write_text(json.dumps(record, indent=2))
    print(f"figures written to {target}")
    return 0


def print_table(results: dict[str, dict[str, float]]) -> None:
    labels = list(results)
    keys = list(results[labels[0]])
    print(f"{'measure':<18}" + "".join(f"{label:>24}" for label in labels))
    for key in keys:
        print(f"{key:<18}" + "".join(f"{results[label][key]:>24.2f}" for label in labels))


if __name__ == "__main__":
    raise SystemExit(main())

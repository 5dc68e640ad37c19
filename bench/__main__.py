"""The benchmark: ``python -m bench`` (``--quick``: a fast smoke run; ``--big`` with it keeps
200 habits × 20 years; ``--peers``: gumshoe-cli and habito on the same history).

Builds seeded data at 1 habit × 1 week, 50 habits × 10 years and 200 habits × 20 years
(notes on 5 % of days) and measures, in this process and as whole processes run beside a
baseline: ticks, the first change of a day, backups on disk, the first status without
checkpoints, the quick commands against ``python -c pass``, an import, the app's start
and memory. Prints a table per size and one line per target, and writes the figures as
JSON to ``bench/results/``. See bench/README.md for what each figure is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import inprocess, processes
from bench.common import ABSENT_CONFIG, TODAY, Folders, child_env, compile_app, load
from bench.datasets import copy_of
from bench.figures import (BIG, MEDIUM, SIZES, TINY, Figures, Sections, plain, print_size,
                           print_targets, targets)


@dataclass(frozen=True)
class Plan:
    """How many times each thing is done; the slow ones fewer times at 200 × 20."""

    ticks: int  # in-process ticks (and a quarter of it for open, reports)
    days: int  # rounds of "first change of a day" (7+ so a week of daily backups exists;
    #            20 in a full run: each first change holds fsyncs, so its median needs many)
    day_ticks: int  # normal ticks a round
    first_status: tuple[int, int]  # runs at 50 × 10, at 200 × 20
    cli: int  # rounds of pass / due / pass / status --short / pass / check
    imports: tuple[int, int]
    startup: int  # rounds of the start-up children
    empty_startup: tuple[int, int]  # of them, with an empty state folder too
    peers: int


QUICK = Plan(ticks=8, days=8, day_ticks=4, first_status=(2, 1), cli=6, imports=(2, 1),
             startup=3, empty_startup=(2, 1), peers=4)
FULL = Plan(ticks=40, days=20, day_ticks=8, first_status=(5, 3), cli=30, imports=(3, 2),
            startup=8, empty_startup=(5, 3), peers=15)


def attempt(sections: Sections, name: str, action: Callable[[], Figures]) -> None:
    """One part's figures, or why it could not be measured. Others change the app while
    this runs, so a part that fails is tried once more a few seconds later (and says
    so: ``retried``); one that fails again is reported, and the rest still measured."""
    print(f"  {name} ...", flush=True)
    for tries in range(2):
        try:
            figures = action()
            if tries:
                figures["retried"] = 1
            sections[name] = figures
            return
        except Exception as err:  # noqa: BLE001 - reported, not hidden
            sections[name] = {"error": f"{type(err).__name__}: {err}"[:800]}
            print(f"    failed{' again' if tries else ''}: {sections[name]['error']}", flush=True)
            if os.environ.get("BENCH_TRACEBACK"):
                traceback.print_exc()
            if not tries:
                time.sleep(5)


def measure_size(size: str, plan: Plan, folders: Folders, parent_state: Path,
                 peers_python: Path | None, floor: Path | None) -> tuple[Sections, Path]:
    """Every part at one size; ``floor``: the 1 habit × 1 week data, for the tick ratio."""
    habits, days = SIZES[size]
    sections: Sections = {}
    print(f"\n{size}:", flush=True)
    db = copy_of(habits, days, TODAY, folders.new("in-process"))
    attempt(sections, "in_process", lambda: inprocess.measure(db, plan.ticks, child_env(parent_state)))
    if floor is not None:
        attempt(sections, "ticks", lambda: inprocess.paired_ticks(floor, db, plan.ticks))
    attempt(sections, "moving", lambda: inprocess.moving(db))
    if size == TINY:
        return sections, db
    attempt(sections, "first_change",
            lambda: inprocess.first_change_of_day(db, plan.days, plan.day_ticks))
    attempt(sections, "backups", lambda: inprocess.backup_disk(db))
    big = size == BIG
    fresh = copy_of(habits, days, TODAY, folders.new("processes"))  # untouched by the above
    env = child_env(folders.new("state"), folders.root / "xdg")
    history = None
    if peers_python is not None:
        from bench import peers
        history = peers.history(fresh)  # before any process changes the data
    attempt(sections, "first_status",
            lambda: processes.first_status(fresh, folders, plan.first_status[big]))
    attempt(sections, "steady_state", lambda: processes.steady_state(fresh, env))
    attempt(sections, "cli", lambda: processes.against_python(fresh, env, plan.cli))
    attempt(sections, "startup", lambda: processes.startup(fresh, env, folders, plan.startup,
                                                          plan.empty_startup[big]))
    if peers_python is not None and history is not None:
        from bench import peers

        made: list[peers.Peer] = []

        def with_peers() -> Figures:
            made[:] = peers.prepare(peers_python, history, folders)
            return {**peers.rows(history), **peers.paired(fresh, env, made, plan.peers)}

        attempt(sections, "peers", with_peers)
        if made and peers.can_count():  # (its own part: a count that fails loses no timing)
            attempt(sections, "instructions", lambda: peers.instructions(fresh, env, made))
    attempt(sections, "import", lambda: processes.importing(fresh, env, folders, plan.imports[big]))
    if not sections["steady_state"]:
        del sections["steady_state"]
    return sections, db


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run); "
                        "200 habits × 20 years only with --big")
    parser.add_argument("--big", action="store_true", help="with --quick: 200 habits × 20 years too")
    parser.add_argument("--peers", action="store_true",
                        help="also gumshoe-cli and habito on the same history (installs them once)")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    sizes = [TINY, MEDIUM] + ([BIG] if args.big or not args.quick else [])
    load_start = load()
    print(f"load average at start: {load_start}")
    compile_app()
    peers_python = None
    if args.peers:
        from bench import peers
        peers_python = peers.ensure_venv()
    results: dict[str, Sections] = {}
    with tempfile.TemporaryDirectory(prefix="tt-bench-", dir=os.environ.get("BENCH_DIR")) as tmp:
        folders = Folders(Path(tmp))
        parent_state = folders.new("state-parent")
        # This process opens the data too: its own state folder, no personal settings.
        os.environ["TRUST_TRACKER_STATE"] = str(parent_state)
        os.environ["TRUST_TRACKER_CONFIG"] = ABSENT_CONFIG
        floor = None
        for size in sizes:
            results[size], db = measure_size(size, plan, folders, parent_state, peers_python, floor)
            floor = floor or db
    load_end = load()
    for size, sections in results.items():
        print_size(size, sections)
    found = targets(results, args.peers)
    print_targets(found, results, args.peers)
    print(f"\nload average: at start {load_start}, at end {load_end} (2 cores, shared)")
    record = {"when": dt.datetime.now().isoformat(timespec="seconds"),
              "python": platform.python_version(), "machine": platform.machine(),
              "cpus": os.cpu_count(), "args": vars(args), "plan": plan.__dict__,
              "load_start": load_start, "load_end": load_end, "results": results,
              "targets": [t.record() for t in found]}
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    target = out / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    target.write_text(json.dumps(plain(record), indent=2, ensure_ascii=False, allow_nan=False))
    print(f"figures written to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

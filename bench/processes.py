"""Figures of whole processes, as a person meets them: the ``trust-tracker`` console script
(or the app, headless) started afresh each time, against a baseline started just before
it (``python -c pass``, or a bare Textual app), so drift on a shared machine hits both.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import APP, PYTHON, TODAY, ChildFailed, Folders, Run, child_env, median, ratio, run
from tracker.store.layout import Layout

DAY = TODAY.isoformat()
PASS = [PYTHON, "-c", "pass"]
# The console script's work with the child's peak memory written to stderr at its end:
# ``trust-tracker`` is this same call (``tracker.entry.main``) behind a shebang line.
WITH_PEAK = ("import sys; sys.argv = {argv!r}\n"
             "from tracker.entry import main\n"
             "try:\n    code = main()\nfinally:\n"
             "    from bench.startup import peak_kb; sys.stderr.write(f'\\npeak_kb {{peak_kb():.0f}}\\n')\n"
             "sys.exit(code)\n")


def app(db: Path, *args: str) -> list[str]:
    return [APP, "--db", str(db), "--today", DAY, *args]


def steady_state(db: Path, env: dict[str, str]) -> dict[str, float]:
    """Run each command once, so the state folder holds what a daily user's does (the
    checkpoint cache, the quick commands' cache, the device id, an undo log) and today's
    backup is taken."""
    run(app(db, "status"), env)
    run(app(db, "check", "Habit 1"), env)
    run(app(db, "check", "--undo", "Habit 1"), env)
    run(app(db, "due", "--count"), env, ok=(0, 1))
    run(app(db, "status", "--short"), env)
    return {}


def first_status(db: Path, folders: Folders, repeat: int) -> dict[str, float]:
    """``trust-tracker status`` with an empty state folder each run (no checkpoint cache:
    the first status after an import, a migration or on a new device)."""
    runs = [run(app(db, "status"), child_env(folders.new("state-empty"), folders.root / "xdg"))
            for _ in range(repeat)]
    return {"first_status_s": median(r.wall_ms for r in runs) / 1000,
            "first_status_cpu_s": median(r.cpu_ms for r in runs) / 1000,
            "first_status_runs": len(runs)}


def against_python(db: Path, env: dict[str, str], repeat: int) -> dict[str, float]:
    """``due --count``, ``status --short`` and ``check`` each against ``python -c pass``
    run just before it. ``check`` alternates with ``check --undo`` so every run changes
    something (and writes it durably). A change leaves the quick commands' cache stale,
    so right after each check one ``due --count`` is timed apart ("after a change") and
    the next round's quick commands are in steady state again."""
    runs: dict[str, list[Run]] = {"pass": [], "due": [], "short": [], "check": [], "after": []}
    for i in range(repeat):
        runs["pass"].append(run(PASS, env))
        runs["due"].append(run(app(db, "due", "--count"), env, ok=(0, 1)))
        runs["pass"].append(run(PASS, env))
        runs["short"].append(run(app(db, "status", "--short"), env))
        runs["pass"].append(run(PASS, env))
        undo = ["--undo"] if i % 2 else []
        runs["check"].append(run(app(db, "check", *undo, "Habit 1"), env))
        runs["after"].append(run(app(db, "due", "--count"), env, ok=(0, 1)))
    if repeat % 2:
        run(app(db, "check", "--undo", "Habit 1"), env)  # leave today as it was
        run(app(db, "due", "--count"), env, ok=(0, 1))
    wall = {name: median(r.wall_ms for r in found) for name, found in runs.items()}
    cpu = {name: median(r.cpu_ms for r in found) for name, found in runs.items()}
    figures = {"python_pass_ms": wall["pass"], "python_pass_cpu_ms": cpu["pass"]}
    for name, label in (("due", "due_count"), ("short", "status_short"), ("check", "check"),
                        ("after", "due_count_after_change")):
        figures[f"{label}_ms"] = wall[name]
        figures[f"{label}_cpu_ms"] = cpu[name]
        figures[f"{label}_ratio"] = ratio(wall[name], wall["pass"])
    figures["check_cpu_ratio_to_pass"] = ratio(cpu["check"], cpu["pass"])
    figures["process_runs"] = repeat
    return figures


def importing(db: Path, env: dict[str, str], folders: Folders, repeat: int) -> dict[str, float]:
    """Our own JSON export of the data, imported into empty data by a whole process
    (``trust-tracker --db NEW import EXPORT.json --yes``), each run into new empty data
    with an empty state folder: its wall time, its CPU and its peak memory (``VmHWM``,
    reported by the child itself at its end)."""
    export = folders.new("export") / "export.json"
    made = run(app(db, "export", "--out", str(export)), env)
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        new = folders.new("imported") / "tracker.json"
        argv = ["trust-tracker", *app(new, "import", str(export), "--yes")[1:]]
        try:
            done = run([PYTHON, "-c", WITH_PEAK.format(argv=argv)],
                       child_env(folders.new("state-import"), folders.root / "xdg"))
        except ChildFailed as err:
            raise ChildFailed(f"{err} [the export: {export.stat().st_size / 2**20:.1f} MB]") from None
        walls.append(done.wall_ms)
        cpus.append(done.cpu_ms)
        peaks.append(float(done.err.split("peak_kb")[-1].split()[0]) / 1024)
    files = len(Layout(new).data_files())  # the last import's: as many files as the data's
    if files < len(Layout(db).data_files()) // 2:
        raise RuntimeError(f"the import made only {files} files: {done.out[-300:]}")
    return {"import_files": files, "export_process_s": made.wall_ms / 1000, "export_json_kb": export.stat().st_size / 1024,
            "import_s": median(walls) / 1000, "import_cpu_s": median(cpus) / 1000,
            "import_peak_mb": median(peaks), "import_runs": repeat}


def startup_child(env: dict[str, str], *args: str) -> tuple[float, float]:
    """(ms from launch to the child's frame, the child's peak memory in MB): both printed
    by the child itself (see ``bench.startup``)."""
    out = run([PYTHON, "-m", "bench.startup", repr(time.time()), *args], env).out
    frame_ms, peak_kb = out.split()[-2:]
    return float(frame_ms), float(peak_kb) / 1024


def startup(db: Path, env: dict[str, str], folders: Folders, repeat: int,
            empty_repeat: int) -> dict[str, float]:
    """Time to the first painted frame and peak memory: the app beside a bare Textual app.

    Runs alternate (bare, app, app with its habits, and for the first ``empty_repeat``
    rounds the app with its habits on an empty state folder) so drift hits all alike.
    ``env``'s state folder holds the checkpoints a ``status`` run saved. The app's peak
    memory is taken once today's habits are on screen: the data opens after the first
    frame, so a child that quit at the first frame would not have it yet."""
    bare, frame, data, empty = [], [], [], []
    for i in range(max(repeat, empty_repeat)):
        bare.append(startup_child(env, "bare"))
        if i < repeat:
            frame.append(startup_child(env, "tracker", str(db), DAY))
            data.append(startup_child(env, "tracker", str(db), DAY, "data"))
        if i < empty_repeat:
            fresh = child_env(folders.new("state-empty-app"), folders.root / "xdg")
            empty.append(startup_child(fresh, "tracker", str(db), DAY, "data"))
    figures = {"bare_first_frame_ms": median(ms for ms, _ in bare),
               "app_first_frame_ms": median(ms for ms, _ in frame),
               "app_habits_shown_ms": median(ms for ms, _ in data),
               "app_habits_shown_empty_state_ms": median(ms for ms, _ in empty),
               "bare_peak_rss_mb": median(mb for _, mb in bare),
               "app_peak_rss_mb": median(mb for _, mb in data),
               "app_peak_rss_empty_state_mb": median(mb for _, mb in empty)}
    figures["first_frame_ratio"] = ratio(figures["app_first_frame_ms"], figures["bare_first_frame_ms"])
    figures["habits_shown_ratio"] = ratio(figures["app_habits_shown_ms"], figures["bare_first_frame_ms"])
    figures["memory_ratio"] = ratio(figures["app_peak_rss_mb"], figures["bare_peak_rss_mb"])
    figures["memory_empty_state_ratio"] = ratio(figures["app_peak_rss_empty_state_mb"],
                                                figures["bare_peak_rss_mb"])
    figures["startup_runs"] = repeat
    return figures

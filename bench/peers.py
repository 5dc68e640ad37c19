"""Two other terminal habit trackers on the same history: gumshoe-cli and habito.

They are installed into a virtual environment in the bench's cache folder (reused once
it is there). Each gets the same habits and the same kept days as our data, written
straight into its SQLite database after the program itself made the empty database:

* gumshoe keeps ``gumshoe.db`` (and ``app.log``) in its own package folder, with no
  setting to move it; so each run uses a private copy of the package, put first on
  ``PYTHONPATH``, and the installed one is never run. A kept day is one ``activity`` row
  per unit of its amount (gumshoe counts completions against a quota).
* habito keeps ``habito.db`` in ``click.get_app_dir("habito")``, i.e. under
  ``$XDG_CONFIG_HOME``; HOME and the XDG folders point at a temporary folder. A kept day
  is one ``activity`` row with the day's amount.

Neither has excused days (those are left out) nor a fixed "today": they use the real date.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.common import CACHE, TODAY, Folders, Run, base_env, median, ratio, run
from bench.processes import app
from tracker.clock import FixedClock
from tracker.domain.schedules import ScheduleKind
from tracker.service import Tracker

VENV = CACHE / "peers"
PACKAGES = ("gumshoe-cli", "habito", "peewee<4", "python-dateutil")
HABIT = "Habit 1"


def ensure_venv() -> Path:
    """The peers' interpreter, installing them first when the cached environment lacks them."""
    python = VENV / "bin" / "python"
    probe = [str(python), "-c", "import gumshoe, habito.commands, peewee, dateutil"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"installing {', '.join(PACKAGES)} into {VENV} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-cache-dir",
                    *PACKAGES], check=True)
    subprocess.run(probe, check=True)
    return python


@dataclass(frozen=True)
class PeerHabit:
    name: str
    period: str  # gumshoe's: daily, weekly or monthly
    quota: int  # gumshoe's completions a period
    target: float  # habito's amount a day
    kept: list[tuple[str, float]]  # (YYYY-MM-DD, amount)


def history(db: Path) -> list[PeerHabit]:
    """Our data's habits and kept days (an excused day or a day without an amount is
    not a kept day), read through the façade."""
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    found = []
    for habit in tracker.habits():
        kind = habit.schedule.kind
        period = {ScheduleKind.PER_WEEK: "weekly", ScheduleKind.PER_MONTH: "monthly"}.get(kind, "daily")
        quota = habit.schedule.times if period != "daily" else max(1, round(habit.target))
        kept = [(day.isoformat(), float(c.value)) for day, c in sorted(tracker.stored_days(habit).items())
                if c.value is not None and not c.skipped and c.value > 0]
        found.append(PeerHabit(habit.name, period, quota, float(habit.target), kept))
    tracker.close()
    return found


@dataclass(frozen=True)
class Peer:
    name: str
    env: dict[str, str]
    check: list[str]
    status: list[str]
    said: tuple[str, str]  # what its check and its status print when they worked


def prepare(python: Path, habits: list[PeerHabit], folders: Folders) -> list[Peer]:
    bin_dir = python.parent
    home = folders.new("peer-home")
    env = base_env()
    for name in ("TRUST_TRACKER_STATE", "TRUST_TRACKER_CONFIG", "PYTHONPATH", "VIRTUAL_ENV"):
        env.pop(name, None)
    env["HOME"] = str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
        (home / name.lower()).mkdir()
    # gumshoe: a private copy of its package, so its database and log are ours.
    installed = subprocess.run([str(python), "-c", "import gumshoe, os; print(os.path.dirname(gumshoe.__file__))"],
                               capture_output=True, text=True, check=True).stdout.strip()
    packages = folders.new("gumshoe-package")
    shutil.copytree(installed, packages / "gumshoe",
                    ignore=shutil.ignore_patterns("*.db", "*.log", "__pycache__"))
    subprocess.run([str(python), "-m", "compileall", "-q", str(packages)], check=True, env=env)
    gumshoe_env = {**env, "PYTHONPATH": str(packages)}
    run([str(bin_dir / "gumshoe"), "show", "-p", "all"], gumshoe_env)  # it makes its tables
    fill_gumshoe(packages / "gumshoe" / "database" / "gumshoe.db", habits)
    run([str(bin_dir / "habito"), "list"], env)  # it makes its database and tables
    fill_habito(home / "xdg_config_home" / "habito" / "habito.db", habits)
    return [Peer("gumshoe", gumshoe_env, [str(bin_dir / "gumshoe"), "complete", HABIT],
                 [str(bin_dir / "gumshoe"), "show", "-n", HABIT], ("completed 1 times", "Longest Streak")),
            Peer("habito", env, [str(bin_dir / "habito"), "checkin", f"^{HABIT}$", "-q", "1"],
                 [str(bin_dir / "habito"), "list"], ("Added 1.0 units", f"{len(habits)}: Habit {len(habits)}"))]


def checked(done: Run, peer: Peer, said: str) -> Run:
    """A peer's run, once it is clear it did its work (they end with 0 on errors too)."""
    if said not in done.out:
        raise RuntimeError(f"{peer.name} did not say {said!r}: {(done.out + done.err)[-400:]}")
    return done


def fill_gumshoe(path: Path, habits: list[PeerHabit]) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        for i, habit in enumerate(habits, 1):
            start = habit.kept[0][0] if habit.kept else TODAY.isoformat()
            db.execute("INSERT INTO habits (id, name, quota, period, created_at) VALUES (?, ?, ?, ?, ?)",
                       (i, habit.name, habit.quota, habit.period, f"{start} 12:00"))
            db.executemany("INSERT INTO activity (habit_id, created_at) VALUES (?, ?)",
                           ((i, f"{day} 12:00") for day, amount in habit.kept
                            for _ in range(max(1, round(amount)))))


def fill_habito(path: Path, habits: list[PeerHabit]) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        for i, habit in enumerate(habits, 1):
            start = habit.kept[0][0] if habit.kept else TODAY.isoformat()
            db.execute("INSERT INTO habit (id, name, created_date, frequency, quantum, units, magica,"
                       " active) VALUES (?, ?, ?, 1, ?, 'units', '', 1)", (i, habit.name, start, habit.target))
            db.execute("INSERT INTO summary (for_habit_id, target, target_date, streak)"
                       " VALUES (?, 0, ?, 0)", (i, start))
            db.executemany("INSERT INTO activity (for_habit_id, quantum, update_date) VALUES (?, ?, ?)",
                           ((i, amount, f"{day} 00:00:00") for day, amount in habit.kept))


def paired(db: Path, ours_env: dict[str, str], peers: list[Peer], repeat: int) -> dict[str, float]:
    """Round by round: our ``check`` (alternating with ``check --undo``), then each peer's
    check-in of the same habit; then our ``status`` (steady state), then each peer's view
    with streaks (gumshoe: ``show -n`` of that habit, the only one it has; habito: ``list``
    of every habit). CPU and wall time of each child."""
    runs: dict[str, list[Run]] = {"ours_check": [], "ours_status": []}
    for peer in peers:
        runs[f"{peer.name}_check"], runs[f"{peer.name}_status"] = [], []
    for i in range(repeat):
        undo = ["--undo"] if i % 2 else []
        runs["ours_check"].append(run(app(db, "check", *undo, HABIT), ours_env))
        for peer in peers:
            runs[f"{peer.name}_check"].append(checked(run(peer.check, peer.env), peer, peer.said[0]))
        runs["ours_status"].append(run(app(db, "status"), ours_env))
        for peer in peers:
            runs[f"{peer.name}_status"].append(checked(run(peer.status, peer.env), peer, peer.said[1]))
    if repeat % 2:
        run(app(db, "check", "--undo", HABIT), ours_env)
    figures: dict[str, float] = {}
    for name, found in runs.items():
        figures[f"{name}_ms"] = median(r.wall_ms for r in found)
        figures[f"{name}_cpu_ms"] = median(r.cpu_ms for r in found)
    for peer in peers:
        for what in ("check", "status"):
            figures[f"{what}_cpu_vs_{peer.name}"] = ratio(figures[f"ours_{what}_cpu_ms"],
                                                          figures[f"{peer.name}_{what}_cpu_ms"])
            figures[f"{what}_wall_vs_{peer.name}"] = ratio(figures[f"ours_{what}_ms"],
                                                           figures[f"{peer.name}_{what}_ms"])
    figures["peer_runs"] = repeat
    return figures


def can_count() -> bool:
    """Whether instructions can be counted here (valgrind is installed)."""
    return shutil.which("valgrind") is not None


def instructions(db: Path, ours_env: dict[str, str], peers: list[Peer]) -> dict[str, float]:
    """Instructions of one check each, as valgrind's callgrind counts them: ours (the mean
    of a ``check`` and the ``check --undo`` after it) and gumshoe's ``complete``. A count
    is the same on every run whatever else the machine is doing, so beside the CPU ratio
    (which drifts with the shared machine) it tells the code's part from the machine's."""
    ours = [counted(app(db, "check", *undo, HABIT), ours_env) for undo in ([], ["--undo"])]
    figures = {"ours_check_minstr": sum(ours) / len(ours)}
    for peer in peers:
        if peer.name == "gumshoe":
            figures["gumshoe_check_minstr"] = counted(peer.check, peer.env, peer, peer.said[0])
            figures["check_instructions_vs_gumshoe"] = ratio(figures["ours_check_minstr"],
                                                             figures["gumshoe_check_minstr"])
    return figures


def counted(argv: list[str], env: dict[str, str], peer: Peer | None = None, said: str = "") -> float:
    """Millions of instructions one run of ``argv`` takes, all of its own (callgrind);
    a peer's run once it is clear it did its work."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        done = run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv], env)
        if peer is not None:
            checked(done, peer, said)
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1]) / 1e6
    raise RuntimeError(f"callgrind gave no count for {argv[0]}")


def rows(habits: list[PeerHabit]) -> dict[str, float]:
    """How much history the peers were given."""
    return {"peer_habits": len(habits), "peer_kept_days": sum(len(h.kept) for h in habits)}

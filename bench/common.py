"""What every part of the bench shares: the day, the children's environment, and running
a child while taking its wall time and its CPU time (from the kernel, via ``os.wait4``)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

TODAY = dt.date(2026, 11, 26)
ROOT = Path(__file__).resolve().parent.parent  # the project: children run from here
PYTHON = sys.executable  # the virtual environment's interpreter (``.venv/bin/python``)
APP = str(Path(PYTHON).parent / "trust-tracker")  # the console script people run
CACHE = Path(os.environ.get("BENCH_CACHE") or Path.home() / ".cache" / "trust-tracker-bench")
ABSENT_CONFIG = os.devnull + ".absent"  # a settings file that is not there: the defaults
# Variables a person's shell does not have: with PYTHONDONTWRITEBYTECODE every child
# compiles the app from source again, which no installed app does.
NOT_INHERITED = ("PYTHONDONTWRITEBYTECODE",)


def base_env() -> dict[str, str]:
    """This process's environment without what would make a child unlike a person's."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env["COLUMNS"], env["LINES"] = "100", "30"  # one terminal size for every program
    return env


def child_env(state: Path, home: Path | None = None) -> dict[str, str]:
    """For one of our children: no personal settings (a first start), its own state folder
    (device id, undo log, checkpoint cache), and temporary XDG folders, so nothing it does
    lands in the real home."""
    env = base_env()
    env["TRUST_TRACKER_CONFIG"] = ABSENT_CONFIG
    env["TRUST_TRACKER_STATE"] = str(state)
    env.pop("TRUST_TRACKER_DB", None)
    env.pop("TRUST_TRACKER_NOW", None)
    if home is not None:
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(home / name.lower())
    state.mkdir(parents=True, exist_ok=True)
    return env


def compile_app() -> None:
    """Bytecode for the app (and the bench's own child script), as an installed app has."""
    env = base_env()
    for package in ("tracker", "bench"):
        subprocess.run([PYTHON, "-m", "compileall", "-q", package], cwd=ROOT, env=env, check=True)


@dataclass(frozen=True)
class Run:
    """One child: wall time from launch to its end, and its own CPU (user + system)."""

    wall_ms: float
    cpu_ms: float
    code: int
    out: str
    err: str


class ChildFailed(RuntimeError):
    pass


def run(argv: list[str], env: Mapping[str, str], *, ok: Collection[int] = (0,),
        cwd: Path = ROOT) -> Run:
    """Run a child to its end. Its output goes to files (no pipe for it to wait on); its
    CPU comes from the kernel's account of that child alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        begin = time.perf_counter()
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                 env=dict(env), cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - begin
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Run(wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000, code,
                     out.read().decode(errors="replace"), err.read().decode(errors="replace"))
    if code not in ok:
        shown = " ".join(argv[:2] + ["…"] if "-c" in argv[1:2] else argv)
        said = [line.strip() for line in (result.err or result.out).splitlines() if line.strip()]
        raise ChildFailed(f"{shown!r} ended with {code}: {' / '.join(said[-2:])[-500:]}")
    return result


def median(values: Iterable[float]) -> float:
    found = list(values)
    return statistics.median(found) if found else float("nan")


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        action()
        times.append((time.perf_counter() - begin) * 1000)
    return median(times)


def ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom else float("nan")


def load() -> list[float]:
    """The load average (1, 5, 15 minutes): how busy the shared machine was."""
    return [round(x, 2) for x in os.getloadavg()]


class Folders:
    """Fresh, numbered folders under the run's temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made = 0

    def new(self, name: str) -> Path:
        self.made += 1
        path = self.root / f"{name}-{self.made}"
        path.mkdir(parents=True)
        return path

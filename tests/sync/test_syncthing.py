"""Two devices, one data folder, kept in step by two real Syncthing instances on 127.0.0.1.

Each side runs the real command line on its own copy of the folder, with its device-local
state (undo log, checkpoint cache, device id) in a folder of its own outside the synced
one. The sides change data while apart, including the same record on both, then meet
again. Afterwards both must show the same data, hold every change from either side, have
the later of the two same-record changes win, read their data without complaint, and, once
Trust Tracker has opened the data again, leave no Syncthing conflict copies behind.

``maxConflicts=absent`` leaves the element out of the folder's config, which Syncthing
reads as 0: a conflict then keeps the winning file and silently drops the other.

The first test checks the harness itself on plain files, against what Syncthing is known
to do, so that a failure of the second one is the data layout's, not the harness's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from syncthing import Cluster, Instance, find_syncthing, running_cluster

TODAY = "2026-12-01"  # a Tuesday
WEEKS = ("2026-11-23", "2026-11-30")  # the two weeks every change falls in
# the advice for the README, word for word: what each device keeps to itself
STIGNORE = (".tracker.json.lock", "tracker-backups", ".*.tmp")
CLI_TIMEOUT = 60.0
ORDER_GAP = 0.05  # seconds: B's change to the shared record is later on the wall clock
CONFLICT_COPY = "*sync-conflict*"

Mark = tuple[str, str | None]  # (status, note)
T = TypeVar("T")


@dataclass
class Side:
    """One device: its synced folder (holding tracker.json) and its own state folder."""

    name: str
    instance: Instance

    @property
    def folder(self) -> Path:
        return self.instance.folder

    @property
    def db(self) -> Path:
        return self.folder / "tracker.json"

    @property
    def private(self) -> Path:
        """Beside the synced folder, never inside it."""
        return self.folder.parent / "device"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "TRUST_TRACKER_STATE": str(self.private / "state"),
               "TRUST_TRACKER_DB": str(self.db),
               "TRUST_TRACKER_CONFIG": str(self.private / "settings.toml"),
               "PYTHONUTF8": "1"}
        command = [sys.executable, "-m", "tracker", "--db", str(self.db), "--today", TODAY,
                   *args]
        return subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=CLI_TIMEOUT, check=False)

    def ok(self, *args: str) -> str:
        """Run; insist on exit 0 and a quiet stderr; the output."""
        done = self.run(*args)
        assert done.returncode == 0 and done.stderr == "", (
            f"{self.name}: {' '.join(args)} exited {done.returncode}\n"
            f"stdout: {done.stdout}\nstderr: {done.stderr}")
        return done.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args))

    def export(self) -> Any:
        out = self.private / "export.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        self.ok("export", "--format", "json", "--out", str(out))
        return json.loads(out.read_text("utf-8"))

    def view(self) -> dict[str, Any]:
        """What this side's command line shows: the habits and the two weeks."""
        return {"list": self.json("list", "--json"),
                "weeks": {week: self.json("week", "--date", week, "--json") for week in WEEKS}}

    def conflict_copies(self) -> list[str]:
        return sorted(p.relative_to(self.folder).as_posix()
                      for p in self.folder.rglob(CONFLICT_COPY))


def marks(view: dict[str, Any]) -> dict[tuple[str, str], Mark]:
    """Every day with something on it (kept, excused or a note), by (habit name, day)."""
    found: dict[tuple[str, str], Mark] = {}
    for week in view["weeks"].values():
        for habit in week["habits"]:
            for cell in habit["cells"]:
                if cell["status"] in ("done", "skipped") or cell["note"]:
                    found[(habit["name"], cell["date"])] = (cell["status"], cell["note"])
    return found


@dataclass
class Findings:
    """Checks that do not stop the test, so that one run reports every one that fails."""

    problems: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    def expect(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)

    def attempt(self, what: str, step: Callable[[], T]) -> T | None:
        """The step's result; None, and a problem noted, if it failed."""
        try:
            return step()
        except (AssertionError, ValueError) as err:
            self.problems.append(f"{what} failed: {err}")
            return None

    def report(self) -> str:
        return "\n".join([f"{len(self.problems)} check(s) failed:",
                          *(f"  - {p}" for p in self.problems), "seen:",
                          *(f"  * {n}" for n in self.seen)])


@pytest.fixture(params=[10, None], ids=["maxConflicts=10", "maxConflicts=absent"])
def cluster(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cluster]:
    """Two started instances, A and B, sharing one folder; stopped however the test ends."""
    if find_syncthing() is None:
        pytest.skip("syncthing is not on PATH: this end-to-end test runs two real Syncthing "
                    "instances (apt-get install syncthing)")
    with running_cluster(tmp_path, ["A", "B"], max_conflicts=request.param,
                         ignore=STIGNORE) as started:
        yield started


def test_the_harness_on_plain_files(cluster: Cluster) -> None:
    """The harness alone, on plain files, against what Syncthing is known to do: changes go
    both ways, the ignore patterns keep each device's own files back, and one file changed
    on both sides while apart ends as the later change, the other kept as a conflict copy
    (maxConflicts 10) or silently gone (maxConflicts absent, read as 0)."""
    a, b = cluster.instances
    for instance in (a, b):  # the config says what we meant
        expected = cluster.max_conflicts if cluster.max_conflicts is not None else 0
        assert instance.folder_config()["maxConflicts"] == expected
        assert (instance.folder / ".stignore").read_text("utf-8") == "".join(
            f"{line}\n" for line in STIGNORE)
    (a.folder / "one.txt").write_text("A1", "utf-8")
    (a.folder / "both.txt").write_text("first", "utf-8")
    (a.folder / ".tracker.json.lock").write_text("", "utf-8")
    (a.folder / ".tracker.json.x1y2.tmp").write_text("half a file", "utf-8")
    (a.folder / "tracker-backups" / "2026-12-01").mkdir(parents=True)
    (a.folder / "tracker-backups" / "2026-12-01" / "tracker.json").write_text("{}", "utf-8")
    tree = cluster.settle()
    assert sorted(tree) == ["both.txt", "one.txt"]
    assert sorted(p.name for p in b.folder.iterdir()) == [".stfolder", ".stignore",
                                                          "both.txt", "one.txt"]

    cluster.apart()
    (a.folder / "one.txt").write_text("A2", "utf-8")
    (b.folder / "two.txt").write_text("B1", "utf-8")
    (a.folder / "both.txt").write_text("A's", "utf-8")
    time.sleep(ORDER_GAP)
    (b.folder / "both.txt").write_text("B's, later", "utf-8")
    cluster.scan_all()
    cluster.together()
    cluster.settle()
    copies_wanted = ["A's"] if cluster.max_conflicts else []
    for instance in (a, b):
        assert (instance.folder / "one.txt").read_text("utf-8") == "A2"
        assert (instance.folder / "two.txt").read_text("utf-8") == "B1"
        assert (instance.folder / "both.txt").read_text("utf-8") == "B's, later"
        copies = sorted(instance.folder.glob(CONFLICT_COPY))
        assert [c.read_text("utf-8") for c in copies] == copies_wanted, copies


def test_two_devices_apart_then_together(cluster: Cluster) -> None:
    a, b = (Side(i.name, i) for i in cluster.instances)

    # --- together: A starts the data, B receives it -----------------------------------
    a.ok("add", "Call mum", "--start", "2026-11-01")
    a.ok("add", "Walk", "--start", "2026-11-01")
    a.ok("check", "Call mum", "--date", "2026-11-24")
    a.ok("check", "Walk", "--date", "2026-11-25", "--note", "first walk")
    cluster.settle()
    assert [h["name"] for h in b.json("list", "--json")] == ["Call mum", "Walk"]
    assert marks(b.view()) == marks(a.view()) == {
        ("Call mum", "2026-11-24"): ("done", None),
        ("Walk", "2026-11-25"): ("done", "first walk")}

    # --- apart: each side changes its own records, and both change one record ---------
    cluster.apart()
    a.ok("check", "Call mum", "--date", "2026-11-28")
    a.ok("check", "Walk", "--date", "2026-11-29", "--skip", "--note", "A: rain")
    b.ok("check", "Walk", "--date", "2026-11-27", "--note", "B: long walk")
    b.ok("add", "Read", "--start", "2026-11-01")
    a.ok("check", "Call mum", "--date", "2026-11-30")
    time.sleep(ORDER_GAP)
    b.ok("check", "Call mum", "--date", "2026-11-30", "--skip", "--note", "B was later")
    cluster.scan_all()  # each side's index holds its own changes before they meet

    # --- together again: one view of all of it -----------------------------------------
    cluster.together()
    cluster.settle()
    found = Findings()
    want: dict[tuple[str, str], Mark] = {
        ("Call mum", "2026-11-24"): ("done", None),  # together, from A
        ("Walk", "2026-11-25"): ("done", "first walk"),  # together, from A
        ("Call mum", "2026-11-28"): ("done", None),  # apart, A
        ("Walk", "2026-11-29"): ("skipped", "A: rain"),  # apart, A
        ("Walk", "2026-11-27"): ("done", "B: long walk"),  # apart, B
        ("Call mum", "2026-11-30"): ("skipped", "B was later"),  # both: B's is the later
    }
    shared = ("Call mum", "2026-11-30")
    for side in (a, b):
        found.seen.append(f"{side.name}: conflict copies after meeting: {side.conflict_copies()}")
    views = {s.name: found.attempt(f"{s.name}: reading list/week", s.view) for s in (a, b)}
    exports = {s.name: found.attempt(f"{s.name}: export", s.export) for s in (a, b)}
    found.expect(exports["A"] == exports["B"], "the two sides' exports differ")
    found.expect(views["A"] == views["B"], "the two sides' list/week views differ")
    for side in (a, b):
        if (view := views[side.name]) is not None:
            names = sorted(h["name"] for h in view["list"])
            found.expect(names == ["Call mum", "Read", "Walk"],
                         f"{side.name}: the habits are {names}, not Call mum, Read and Walk")
            got = marks(view)
            found.seen.append(f"{side.name}: marks after meeting: {sorted(got.items())}")
            for key, mark in want.items():
                found.expect(key == shared or got.get(key) == mark,
                             f"{side.name}: {key[0]} on {key[1]} is {got.get(key)}, not "
                             f"{mark}: a change made apart was lost")
            found.expect(got.get(shared) == want[shared],
                         f"{side.name}: {shared[0]} on {shared[1]} is {got.get(shared)}, not "
                         f"B's later {want[shared]}")
            extra = {k: v for k, v in got.items() if k not in want}
            found.expect(not extra, f"{side.name}: marks nobody made: {extra}")
        status = side.run("status")
        found.expect(status.returncode == 0 and status.stderr == "",
                     f"{side.name}: status exited {status.returncode}, stderr {status.stderr!r}")

    # --- Trust Tracker opens the data again on each side, in turn; a last sync ---------
    found.attempt("A: a last note", lambda: a.ok("note", "Walk", "A: once more", "--date", TODAY))
    cluster.settle()
    found.attempt("B: a last note", lambda: b.ok("note", "Read", "B: once more", "--date", TODAY))
    cluster.settle()
    for side in (a, b):
        copies = side.conflict_copies()
        found.expect(not copies, f"{side.name}: Syncthing conflict copies remain: {copies}")
    final = {s.name: found.attempt(f"{s.name}: the last export", s.export) for s in (a, b)}
    found.expect(final["A"] == final["B"], "the two sides' exports differ at the end")
    for side in (a, b):
        if (view := found.attempt(f"{side.name}: the last read", side.view)) is not None:
            got = marks(view)
            for key in (("Walk", TODAY), ("Read", TODAY)):
                found.expect(key in got, f"{side.name}: the last note on {key[0]} is missing")

    found.seen.append("settle() took (seconds, looks): "
                      + ", ".join(f"({t:.2f}, {n})" for t, n in cluster.settles))
    assert not found.problems, found.report()

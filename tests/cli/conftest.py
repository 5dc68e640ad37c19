"""The command line, run for real: ``python -m tracker`` in a subprocess, on a temp file.

Every call passes ``--db <tmp>/x.json`` and ``--today 2026-11-26`` (a Thursday), so no
test reads the real clock or touches the person's data. The child also gets
``TRUST_TRACKER_DB`` pointing into the temp folder, as a second guard, and
``TRUST_TRACKER_CONFIG`` a settings file there (none until ``settings()`` writes one), so
the person's own settings never reach a test. ``run(..., today=None, now="2026-12-02T02:30")``
runs a command at that wall-clock time instead (``TRUST_TRACKER_NOW``).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TODAY = "2026-11-26"  # a Thursday


class Cli:
    """``run(*args)`` runs the command and returns the ``CompletedProcess``."""

    def __init__(self, db: Path, env_db: Path) -> None:
        self.db = db
        self.settings_file = env_db.parent / "settings.toml"
        self.env = {**os.environ, "TRUST_TRACKER_DB": str(env_db), "PYTHONUTF8": "1",
                    "COLUMNS": "100", "TRUST_TRACKER_CONFIG": str(self.settings_file)}
        self.env.pop("TRUST_TRACKER_NOW", None)

    def settings(self, text: str) -> None:
        """Write the settings file every later command reads (as the app does)."""
        self.settings_file.parent.mkdir(parents=True, exist_ok=True)
        self.settings_file.write_text(text, encoding="utf-8")

    def __call__(self, *args: str, today: str | None = TODAY, db: Path | None = None,
                 flags: bool = True, now: str | None = None) -> subprocess.CompletedProcess[str]:
        """``now``: the wall clock's time for this command (pass ``today=None`` too)."""
        command = [sys.executable, "-m", "tracker"]
        if flags:
            command += ["--db", str(db or self.db)]
            if today is not None:
                command += ["--today", today]
        command += list(args)
        env = self.env if now is None else {**self.env, "TRUST_TRACKER_NOW": now}
        return subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=60, check=False)

    def ok(self, *args: str, **kw: Any) -> str:
        """Run, insist on exit 0 and a quiet stderr, return stdout."""
        done = self(*args, **kw)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        return done.stdout

    def json(self, *args: str, **kw: Any) -> Any:
        return json.loads(self.ok(*args, "--json", **kw))

    def snapshot(self) -> dict[str, bytes] | None:
        """Every data file beside the db (lock files and backups aside), or None if none."""
        folder = self.db.parent
        files = {
            str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.endswith(".lock")
            and not path.relative_to(folder).parts[0].endswith("-backups")
        }
        return files or None

    def error(self, *args: str, **kw: Any) -> str:
        """Run a command that must be refused: exit 1, one line on stderr, nothing written."""
        before = self.snapshot()
        done = self(*args, **kw)
        assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("trust-tracker: ")
        assert done.stdout == ""
        assert self.snapshot() == before, "a refused command changed the data"
        return lines[0]


@pytest.fixture(scope="session")
def make_cli() -> type[Cli]:
    """The ``Cli`` class, for module-scoped fixtures that build data once."""
    return Cli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "x.json"


@pytest.fixture
def run(db: Path, tmp_path: Path) -> Cli:
    return Cli(db, tmp_path / "env-guard" / "tracker.json")


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per module: Journal and Journey (daily, from 2026-11-20), Steps (3 a day)."""
    folder = tmp_path_factory.mktemp("seed")
    cli = Cli(folder / "x.json", tmp_path_factory.mktemp("guard") / "tracker.json")
    cli.ok("add", "Journal", "--start", "2026-11-20")
    cli.ok("add", "Journey", "--start", "2026-11-20")
    cli.ok("add", "Steps", "--target", "3", "--start", "2026-11-20")
    return cli.db


@pytest.fixture
def seeded(run: Cli, seeded_template: Path) -> Cli:
    """A fresh copy of the seeded data for this test."""
    copy_data(seeded_template, run.db)
    return run


def copy_data(template_db: Path, db: Path) -> None:
    """Copy a template's data files (not its lock) beside ``db``, keeping them private."""
    source = template_db.parent
    for path in source.rglob("*"):
        if path.is_file() and not path.name.endswith(".lock"):
            target = db.parent / path.relative_to(source)
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)


@pytest.fixture(scope="session")
def copy_template():
    return copy_data

"""The package as a person installs it: a wheel that carries its styles, and a README whose
commands are the ones CI runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("trust_tracker-*.whl")
    return built


def test_wheel_ships_every_stylesheet(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = sorted(p.name for p in (ROOT / "styles").glob("*.tcss"))
    assert sources, "styles/ holds no .tcss files"
    for name in sources:
        assert f"tracker/styles/{name}" in names


def test_installed_wheel_finds_its_styles_and_runs(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                    "--target", str(target), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = ("import tracker, tracker.ui.styles as s; "
             "print(tracker.__file__); print(s.stylesheet('app.tcss'))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=True)
    module_file, css = result.stdout.split()
    assert Path(module_file).is_relative_to(target)
    assert Path(css).is_relative_to(target) and Path(css).read_text().strip()
    version = subprocess.run([sys.executable, "-m", "tracker", "--version"], cwd=tmp_path,
                             env=env, capture_output=True, text=True, check=True)
    assert version.stdout.startswith("trust-tracker ")


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash)\n(.+?)\n```", quick, re.S)


def test_readme_has_two_commands_and_ci_runs_the_test_one() -> None:
    commands = _readme_commands()
    assert len(commands) == 2, "the quick start has one command to run, one to test"
    start, test = commands
    assert "trust-tracker" in start and "pip install" in start
    assert "[test]" in test and "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text()
    assert test.strip() in ci


APP_PROBE = """
import datetime as dt, sys
from tracker.clock import FixedClock
from tracker.service import Tracker
from tracker.store.settings import Settings
from tracker.ui.app import TrustTrackerApp

class Probe(TrustTrackerApp):
    def on_ready(self):
        self.css_files = sorted(str(path) for path, _ in self.stylesheet.source)
        self.exit()

app = Probe(Tracker.open(sys.argv[1], FixedClock(dt.date(2026, 11, 26))), Settings(),
            save_settings_file=False)
app.run(headless=True, size=(80, 24))
app.session.close()
print("\\n".join(app.css_files))
"""


def test_installed_wheel_starts_the_app_with_its_styles(wheel: Path, tmp_path: Path) -> None:
    """The wheel, installed without the source tree, paints the app using its own .tcss files."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                    "--target", str(target), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", APP_PROBE, str(tmp_path / "db" / "x.json")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = [Path(line) for line in result.stdout.split() if line.endswith(".tcss")]
    assert {p.name for p in loaded} >= {"app.tcss", "today.tcss"}
    assert all(p.is_relative_to(target) for p in loaded)

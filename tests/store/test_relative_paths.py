"""Data named by a path relative to where the command runs (``--db tracker.json``): every
path of it is spelled from the main file's path as given, so the files a restore puts
back are the files it keeps, and nothing is taken for a stray."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path, PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from store_helpers import cli_env
from tracker.places import spelled
from tracker.store.layout import Layout


def run(folder: Path, *args: str, today: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tracker", "--db", "tracker.json", "--today", today, *args],
                          cwd=folder, capture_output=True, text=True, env=cli_env(folder / "tracker.json"),
                          timeout=60, check=False)


def files_in(folder: Path) -> dict[str, bytes]:
    """The data's files (not its backups) by their path from the data folder."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.json"))
            if "tracker-backups" not in path.parts}


def test_a_restore_of_data_named_relatively_puts_back_every_file_and_keeps_them(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    assert run(folder, "add", "Walk", today="2026-11-20").returncode == 0
    assert run(folder, "check", "Walk", today="2026-11-20").returncode == 0
    before_21st = files_in(folder)  # what the 21st's first change backs up
    assert run(folder, "check", "Walk", today="2026-11-21").returncode == 0
    assert files_in(folder) != before_21st

    done = run(folder, "backup", "restore", "2026-11-21", today="2026-11-21")

    assert done.returncode == 0, done.stderr
    assert files_in(folder) == before_21st  # every file back, none deleted as a stray
    status = run(folder, "status", "--json", today="2026-11-21")
    assert status.returncode == 0, status.stderr
    [walk] = json.loads(status.stdout)["habits"]
    assert walk["status"] != "done" and walk["streak"]["best"] == 1  # the 20th's tick alone


def test_every_path_of_relatively_named_data_is_spelled_from_the_main_file(tmp_path: Path,
                                                                           monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    layout = Layout("tracker.json")
    assert layout.folder == "."  # (for looking in it)
    assert layout.devices_dir == "tracker-devices" == layout.at("tracker-devices")
    assert layout.habits_path("ab") == layout.at("tracker-devices/ab/habits.json")
    assert layout.at("tracker.json") == layout.main
    assert Layout(tmp_path / "tracker.json").devices_dir == str(tmp_path / "tracker-devices")


@given(st.lists(st.sampled_from(["", ".", "..", "a", "b.json", " c", "~"]), max_size=6),
       st.sampled_from(["", "/", "//", "///"]))
def test_a_path_is_spelled_as_pathlib_spells_it(parts: list[str], rooted: str) -> None:
    """The store's paths are strings: each is spelled as ``pathlib`` spelled it before
    (so the folders beside the data, and this device's state folder, are named as they were)."""
    path = rooted + "/".join(parts)
    assert spelled(path) == str(PurePosixPath(path))


def test_data_named_with_a_trailing_slash_is_the_file_before_it(tmp_path: Path) -> None:
    """``--db folder/tracker.json/`` names ``folder/tracker.json``, as it always did."""
    folder = tmp_path / "data"
    folder.mkdir()
    done = subprocess.run([sys.executable, "-m", "tracker", "--db", f"{folder}/tracker.json/", "--today",
                           "2026-11-20", "add", "Walk"], capture_output=True, text=True,
                          env=cli_env(folder / "tracker.json"), timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert (folder / "tracker.json").is_file() and (folder / "tracker-devices").is_dir()
    assert Layout(f"{folder}//tracker.json/").main == str(folder / "tracker.json")

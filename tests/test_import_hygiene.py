"""Layers stay in their rooms: the domain is pure and the command line starts without Textual."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

TRACKER = Path(__file__).resolve().parent.parent / "tracker"


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_domain_imports_no_storage_ui_or_clock() -> None:
    every_name = "import tracker.domain as d; [getattr(d, n) for n in d.__all__]"
    loaded = _loaded_after(every_name)
    assert not loaded & {"tinydb", "textual", "rich", "filelock", "platformdirs"}
    assert "tracker.clock" not in _full_names(every_name)


def _full_names(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_command_line_starts_without_textual() -> None:
    assert "textual" not in _loaded_after("import tracker.cli")


def test_the_app_paints_before_it_loads_the_data_layers() -> None:
    """The command line, the app and Today import no service, TinyDB or filelock: those
    load on the writer thread after the first frame (tracker.ui.session)."""
    loaded = _full_names("import tracker.cli, tracker.ui.app, tracker.ui.screens.today")
    heavy = {"tracker.service", "tracker.store.tiny", "tracker.domain.timeline", "tinydb", "filelock"}
    assert not loaded & heavy


def test_domain_never_reads_the_clock() -> None:
    """No ``today()``/``now()`` inside the domain: today always comes in as an argument."""
    for path in (TRACKER / "domain").glob("*.py"):
        tree = ast.parse(path.read_text())
        calls = {node.func.attr for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}
        assert not calls & {"today", "now", "utcnow"}, path.name


def test_arrows_point_toward_the_domain() -> None:
    """The domain imports nothing of ours from outside it; the store never imports the UI."""
    for path in (TRACKER / "domain").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                # only the stdlib-only helpers: the package's lazy names, the digests, structs
                assert (node.level, node.module) in {(2, "lazy"), (2, "digest"), (2, "structs")}, \
                    f"{path.name} reaches outside the domain"
    for path in (TRACKER / "store").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert not module.startswith(("textual", "ui", "service", "cli")), path.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("textual") for a in node.names), path.name


def test_porting_reads_and_writes_files_without_the_store_or_the_ui() -> None:
    """Other trackers' files in, our exports out: shared helpers are stdlib-only modules
    (``tracker.regular_files``, ``tracker.atomic_files``), never the store's."""
    for path in (TRACKER / "porting").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level >= 2:
                module = node.module or ""
                assert not module.startswith(("store", "ui", "service", "cli")), path.name



def test_commands_load_only_what_they_use(tmp_path: Path) -> None:
    """A read-only command takes no lock, and no command from the shell loads filelock
    (POSIX has flock), platformdirs (the folders are worked out as it would), the TOML
    reader without a settings file, or the readers of other trackers' files unless it
    moves data in or out; nor ``fractions`` until an amount has decimals, nor
    ``dataclasses``, nor ``pathlib`` (on Python 3.11 it loads ``urllib.parse`` and
    ``ipaddress``: the store's paths are strings)."""
    db = str(tmp_path / "x.json")
    env = {**os.environ, "TRUST_TRACKER_CONFIG": str(tmp_path / "settings.toml"),
           "TRUST_TRACKER_STATE": str(tmp_path / "state")}

    def loaded(*args: str) -> set[str]:
        code = ("import sys; from tracker.cli import main; main(sys.argv[1:]);"
                " print(' '.join(sys.modules), file=sys.stderr)")
        done = subprocess.run([sys.executable, "-c", code, "--db", db, "--today", "2026-11-26", *args],
                              capture_output=True, text=True, env=env, timeout=60, check=True)
        return set(done.stderr.split()[-1000:])

    for args in (("add", "Walk"), ("check", "Walk"), ("status", "--short"), ("list",), ("week",)):
        used = loaded(*args)
        assert not used & {"filelock", "platformdirs", "tracker.porting.loop", "tracker.transfer",
                           "textual", "rich", "tomllib", "pathlib"}, args
    assert "fcntl" not in loaded("status")  # reading takes no lock at all
    # whole amounts need no fractions (nor the decimal module they bring); decimals do
    assert not loaded("check", "Walk") & {"fractions", "decimal", "dataclasses", "inspect"}
    loaded("add", "Run", "--target", "2.5", "--unit", "km")
    assert "fractions" in loaded("check", "Run", "--value", "1.5")

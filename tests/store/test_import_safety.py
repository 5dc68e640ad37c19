"""An import lands whole or not at all: Ctrl+C or a failing disk leaves the data as it was."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from on_disk import habits_file
from store_helpers import TODAY_TEXT, seed, tree
from tracker import cli
from tracker import atomic_files
from tracker.store.layout import month_named
from tracker.store.tiny import TinyStore


def data_files(folder: Path) -> dict[str, bytes | None]:
    """The data as a person has it (backups aside: an import takes one first)."""
    return {name: body for name, body in tree(folder).items() if "-backups" not in name}


def dijo_file(tmp_path: Path) -> Path:
    """Three habits over two months, so the import writes several files."""
    path = tmp_path / "habit_record.json"
    stats = {f"2026-{m:02d}-{d:02d}": True for m in (9, 10) for d in (1, 2, 3)}
    path.write_text(json.dumps([{"type": "Bit", "name": name, "stats": stats, "goal": 1,
                                 "auto": False} for name in ("Walk", "Read", "Journal")]))
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "tracker.json"
    seed(path)
    return path


def run_import(db: Path, source: Path) -> int:
    return cli.main(["--db", str(db), "--today", TODAY_TEXT, "import", str(source), "--yes"])


def test_ctrl_c_while_the_import_is_written_changes_nothing(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = data_files(db.parent)
    real = TinyStore.put_days
    calls = []

    def interrupted(self: TinyStore, habit_id: str, days: object) -> None:
        calls.append(habit_id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(self, habit_id, days)  # type: ignore[arg-type]

    monkeypatch.setattr(TinyStore, "put_days", interrupted)
    assert run_import(db, dijo_file(tmp_path)) == 130
    assert "nothing was imported; your data is as it was" in capsys.readouterr().err
    assert data_files(db.parent) == before


def test_ctrl_c_between_two_files_puts_the_first_back(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interrupt lands after the habits file was replaced, before a month file is."""
    before = data_files(db.parent)
    habits = habits_file(db)
    replaced: list[Path] = []
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if habits in replaced and Path(dst).parent == habits.parent and month_named(Path(dst)):
            raise KeyboardInterrupt
        real_replace(src, dst)
        replaced.append(Path(dst))

    monkeypatch.setattr(atomic_files.os, "replace", replace)
    assert run_import(db, dijo_file(tmp_path)) == 130
    monkeypatch.undo()
    assert habits in replaced and data_files(db.parent) == before


def test_after_an_import_undo_stops_and_the_history_stays(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_import(db, dijo_file(tmp_path)) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(db), "--today", TODAY_TEXT, "undo"]) == 1
    said = capsys.readouterr()
    assert "Undo stops at the import" in said.out + said.err
    assert "backup restore" in said.out + said.err
    assert cli.main(["--db", str(db), "--today", TODAY_TEXT, "list"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in ("Walk", "Read", "Journal", "Steps"))

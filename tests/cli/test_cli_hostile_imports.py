"""Hostile and damaged files to import, through a real subprocess: each is refused in one
plain line with exit 1, and not a byte of the data changes (the cases are built by hand in
``tests/porting/hostile_files.py``, which the reader tests share)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "porting"))  # the shared corpus
from hostile_files import BOOT, CORPUS, every_byte  # noqa: E402


@pytest.mark.parametrize("case", CORPUS, ids=list(CORPUS))
def test_a_hostile_file_is_refused_in_one_line_and_changes_nothing(seeded, tmp_path_factory, case):
    spec, src = CORPUS[case], tmp_path_factory.mktemp("src")
    source = spec.make(src)
    private_tmp = tmp_path_factory.mktemp("tmp")  # where the Loop backup's private copy goes
    data_before, source_before = every_byte(seeded.db.parent), set(src.rglob("*"))
    assert data_before, "the seeded data is there to compare"
    command = ["-c", BOOT, str(spec.seconds)] if spec.seconds else ["-m", "tracker"]
    done = subprocess.run(
        [sys.executable, *command, "--db", str(seeded.db), "--today", "2026-11-26", "import",
         str(source), *spec.flags, "--yes"], capture_output=True, text=True, timeout=60,
        env={**seeded.env, "TMPDIR": str(private_tmp)}, check=False)
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    [line] = done.stderr.splitlines()  # one line, so no traceback
    assert line.startswith("trust-tracker: ") and line.isprintable(), line
    assert spec.says.format(tmp=src) in line, line
    assert every_byte(seeded.db.parent) == data_before, "a refused import changed the data"
    assert set(src.rglob("*")) == source_before, "a file appeared beside the imported one"
    assert list(private_tmp.iterdir()) == [], "the private copy was left behind"

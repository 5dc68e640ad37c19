"""What keeps a hostile or damaged import bounded, checked where it happens: the Loop
backup's private copy and time budget, the caps on what a ZIP or folder adds up to, and
reads that stop at the limit whatever a file says its size is. (Every refusal, end to
end through the command line, is in the corpus: tests/cli/test_cli_transfer.py.)"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest

from hostile_files import (
    CORPUS, LOOP_HEADER, MARKS_HEADER, RECURSIVE, TODAY, backup_with, loop_habit, wal_backup,
)
from loop_fixtures import lay_out, zip_up
from tracker import transfer
from tracker.domain import CheckIn
from tracker.porting import loop_db, model, native, reading
from tracker.porting.model import FormatError
from tracker.regular_files import FileTooLargeError, read_regular_file

D = dt.date.fromisoformat
WAL_ROWS = [(1, "2026-11-20", 2, "kept in the WAL"), (1, "2026-11-21", 2, None)]


def refusal(path: Path, fmt: str = "auto") -> str:
    with pytest.raises(FormatError) as caught:
        transfer.read_source(path, fmt, TODAY)
    return str(caught.value)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder where tempfile makes the backup's private copy, to look into."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


# -- the Loop backup: a private copy, so nothing appears beside the person's file ----------
def test_a_wal_backup_brings_its_last_changes_and_nothing_appears_beside_it(
        tmp_path: Path, private_tmp: Path) -> None:
    path = wal_backup(tmp_path, WAL_ROWS)
    beside = sorted(path.parent.iterdir())
    (floss,) = transfer.read_source(path, "auto", TODAY).habits
    assert floss.days == {D("2026-11-20"): CheckIn(value=1, note="kept in the WAL"),
                          D("2026-11-21"): CheckIn(value=1)}  # both only in loop.db-wal
    assert sorted(path.parent.iterdir()) == beside  # no -shm, no new -wal, the -wal untouched
    assert list(private_tmp.iterdir()) == []


def test_the_private_copy_is_yours_alone_and_gone_after_a_refusal(
        tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = backup_with(rows=[(1, "1899-12-31", 2, None)])(tmp_path)
    seen: list[tuple[int, int]] = []
    connect = sqlite3.connect

    def spy(database: str, uri: bool = False) -> sqlite3.Connection:
        copy = Path(database.removeprefix("file://").split("?")[0])
        seen.append((stat.S_IMODE(copy.parent.stat().st_mode), stat.S_IMODE(copy.stat().st_mode)))
        return connect(database, uri=uri)

    monkeypatch.setattr(loop_db.sqlite3, "connect", spy)
    assert "1899-12-31 is outside the years" in refusal(path)
    assert seen == [(0o700, 0o600)]
    assert list(private_tmp.iterdir()) == []


# -- bounded in time and in size ---------------------------------------------------------
def test_a_view_that_never_returns_is_stopped_by_the_time_budget(tmp_path: Path) -> None:
    path = backup_with(repetitions=RECURSIVE + "SELECT x AS id, 1 AS habit, 0 AS timestamp, "
                       "2 AS value, NULL AS notes FROM n WHERE x < 0")(tmp_path)
    started = time.monotonic()
    with pytest.raises(FormatError) as caught:
        loop_db.read_loop_db(path, TODAY, seconds=0.2)
    assert time.monotonic() - started < 5  # 0.2 s and the copy; never the view's eternity
    assert str(caught.value) == ("loop.db: took too long to read (more than 0.2 seconds); a "
                                 "Loop backup reads in well under a second, so it was not read")


def test_the_time_budget_leaves_a_real_backup_alone(tmp_path: Path) -> None:
    path = backup_with(rows=[(1, f"2026-01-{d:02d}", 2, None) for d in range(1, 32)])(tmp_path)
    (floss,) = loop_db.read_loop_db(path, TODAY).habits
    assert len(floss.days) == 31


def test_notes_past_the_limit_in_all_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A view can make text a small file does not hold: each note here is fine (1,500
    characters), but together they come to 30,000."""
    path = backup_with(repetitions=RECURSIVE + "SELECT x AS id, 1 AS habit, x * 86400000 AS "
                       "timestamp, 2 AS value, printf('%.1500c', 'n') AS notes FROM n "
                       "WHERE x <= 20")(tmp_path)
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 25_000)  # the file itself is 16 KB
    assert path.stat().st_size < 25_000
    assert refusal(path) == ("loop.db: its notes come to more than 25,000 characters; a habit "
                             "history is far smaller, so it was not read")


@pytest.mark.parametrize("container", ["zip", "folder"])
def test_many_small_files_past_the_limit_in_all_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, container: str) -> None:
    """A ZIP bomb spreads itself over members that are each under the limit."""
    habits = LOOP_HEADER + "".join(loop_habit(f"H{n}").replace("001", f"{n:03d}", 1) for n in range(1, 5))
    marks = MARKS_HEADER + "2026-11-20,YES_MANUAL,\n" + "\n" * 3_000  # blank lines: no days
    files: dict[str, str | bytes] = {"Habits.csv": habits,
                                     **{f"{n:03d} H{n}/Checkmarks.csv": marks for n in range(1, 5)}}
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 10_000)  # each file is 3 KB; four are 12 KB
    path = zip_up(tmp_path / "loop.zip", files) if container == "zip" else lay_out(tmp_path / "loop", files)
    assert refusal(path) == (f"{path.name}: the files in it come to more than 10,000 bytes; a "
                             "habit history is far smaller, so it was not read")


def test_a_file_its_size_says_is_past_the_limit_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Our own export's limit is large: a file past it is not read into memory first."""
    path = tmp_path / "export.json"
    with path.open("wb") as handle:
        handle.truncate(1_001)  # sparse: no room on disk
    monkeypatch.setattr(native, "MAX_EXPORT_BYTES", 1_000)
    monkeypatch.setattr(reading, "read_regular_file", lambda *_: pytest.fail("it was read"))
    assert refusal(path, "json") == (f"{path}: the file is larger than the 1,000 bytes limit; "
                                     "a habit history is far smaller, so it was not read")


def test_a_read_stops_at_the_limit_whatever_the_size_says() -> None:
    """/proc files say they are empty and are not: only limit + 1 bytes are ever read."""
    proc = Path("/proc/self/maps")
    if not proc.exists() or proc.stat().st_size != 0:
        pytest.skip("needs a Linux /proc file that reports size 0")
    with pytest.raises(FileTooLargeError):
        read_regular_file(proc, limit=10)


# -- what a damaged file may still hold, read as the person meant it ----------------------------
def test_an_export_with_a_byte_order_mark_and_crlf_lines_reads(tmp_path: Path) -> None:
    data = {"format": "trust-tracker-export", "version": 1, "habits": [{
        "id": "h1", "name": "Walk", "kind": "promise", "schedule": {"kind": "daily"},
        "start": "2026-11-01"}], "checkins": [{"habit": "h1", "date": "2026-11-20", "value": 1}]}
    path = tmp_path / "export.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, indent=1).replace("\n", "\r\n").encode())
    (walk,) = transfer.read_source(path, "auto", TODAY).habits
    assert walk.days == {D("2026-11-20"): CheckIn(value=1)}


def test_an_import_from_a_file_name_that_is_not_utf8_prints_it_safely(tmp_path: Path) -> None:
    """The report names the file; a byte that is not UTF-8 must not stop it on stdout."""
    source = Path(os.fsdecode(os.fsencode(tmp_path) + b"/walk\xff\x1b[2J.json"))
    source.write_text(json.dumps([{"type": "Bit", "name": "Walk", "stats": {"2026-11-20": True}}]))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "TRUST_TRACKER_DB": str(tmp_path / "g.json")}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run([sys.executable, "-m", "tracker", "--db", str(tmp_path / "d" / "x.json"),
                           "--today", "2026-11-26", "import", source, "--from", "dijo"],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[0] == f"From dijo ({tmp_path}/walk\ufffd\ufffd[2J.json):"
    assert done.stdout.splitlines()[-1] == "Imported 1 new habit and 1 day."


@pytest.mark.parametrize("case", ["escape in a loop unit", "escape in an export's unit",
                                  "export value past the largest", "negative value"])
def test_a_unit_or_amount_no_habit_can_hold_is_refused_naming_it(tmp_path: Path, case: str) -> None:
    """A unit is shown wherever its amounts are, so a control character in one is refused
    like one in a name; an amount out of range is refused with its decimal, never cut."""
    spec = CORPUS[case]
    assert spec.says.format(tmp=tmp_path) in refusal(spec.make(tmp_path))


def test_an_exports_amount_finer_than_a_thousandth_is_rounded_and_counted(tmp_path: Path) -> None:
    data = {"format": "trust-tracker-export", "version": 2, "habits": [{
        "id": "h1", "name": "Water", "kind": "promise", "schedule": {"kind": "daily"},
        "start": "2026-11-01", "target": 2.5, "measured": True, "unit": "l"}],
        "checkins": [{"habit": "h1", "date": "2026-11-20", "value": 1.2345},
                     {"habit": "h1", "date": "2026-11-21", "value": 0.75}]}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    (water,) = transfer.read_source(path, "auto", TODAY).habits
    assert water.days == {D("2026-11-20"): CheckIn(Fraction(247, 200)),  # 1.2345 → 1.235
                          D("2026-11-21"): CheckIn(Fraction(3, 4))}
    assert water.remarks == ["1 amount had more than three decimals and was rounded to the "
                             "nearest thousandth, as amounts here keep three decimals (never "
                             "down to nothing: the least is 0.001)"]

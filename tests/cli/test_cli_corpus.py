"""Bad input a person can type or leave lying around: each gives one clear line, or works.

Every case comes from an adversarial pass over the app: dates at the calendar's edges,
hand-edited data files, stray files, control characters in stored names, closed pipes,
odd paths and umasks. Real subprocesses throughout, on a fresh copy of ``seeded``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from on_disk import device_dir, edit_habit, edit_json, habits_file, month_file, own_device
from tracker.store.layout import Layout

ESCAPES = "\x1b]0;pwned\x07\x1b[2J"


@pytest.mark.parametrize(("args", "says"), [
    (["add", "Old", "--start", "0001-01-01"], "outside the years Trust Tracker keeps (1900 to 2200)"),
    (["add", "Old", "--start", "1899-12-31"], "1899-12-31 is outside"),
    (["week", "--date", "9999-12-31"], "9999-12-31 is outside"),
    (["week", "--date", "0001-01-05"], "0001-01-05 is outside"),
    (["check", "journal", "--date", "0001-01-01"], "0001-01-01 is outside"),
    (["pause", "journal", "--from", "0001-01-01", "--to", "0001-01-03"], "is outside"),
    (["add", "X", "--schedule", "every 1000000000000 days"], "366 days at most"),
    (["add", "X", "--schedule", f"every {'9' * 5000} days"], "366 days at most"),
    (["add", "X", "--schedule", "1 in 400 days"], "366 days at most"),
])
def test_days_and_numbers_beyond_the_calendar_are_refused(seeded, args, says):
    assert says in seeded.error(*args)


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
def test_a_today_beyond_the_calendar_is_a_usage_error(seeded, today):
    done = seeded("status", today=today)
    assert done.returncode == 2
    assert "outside the years Trust Tracker keeps" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_calendars_edges_themselves_work(seeded):
    seeded.ok("add", "Long ago", "--start", "1900-01-01", today="1900-01-01")
    assert "Long ago" in seeded.ok("week", "--date", "1900-01-01", today="1900-01-03")
    assert "Week of" in seeded.ok("week", "--date", "2200-12-31", today="2200-12-31")


@pytest.mark.parametrize(("change", "says"), [
    (lambda h: h.update(target=0), "has a target of 0"),
    (lambda h: h.update(target="3"), "'3' is not an amount"),
    (lambda h: h.update(target=2.0005), "at most 3 decimals"),
    (lambda h: h.update(at_most="yes"), "'yes' is not true or false"),
    (lambda h: h.update(start="0001-01-01"), "0001-01-01 is outside 1900 to 2200"),
    (lambda h: h.update(archived="9999-12-31"), "9999-12-31 is outside"),
    (lambda h: h.update(pauses=[["2026-11-22", "2026-11-21"]]), "a pause that ends before it begins"),
    (lambda h: h["schedule"].update(kind="every_n_days", days=10 ** 12), "366 days at most"),
    (lambda h: h.update(name="\udcff"), "not text"),
    (lambda h: h.update(name=""), "no name"),
])
def test_a_hand_edited_value_is_damage_named_before_any_write(seeded, change, says):
    edit_habit(seeded.db, change)  # the habits file, as a person (or a bad tool) might
    for args in (["status"], ["check", "journey"], ["list"]):
        line = seeded.error(*args)
        assert "cannot be read" in line and says in line, line
        assert str(habits_file(seeded.db)) in line, line
        assert "backup restore" in line or "No backup was found" in line


def test_a_day_value_out_of_range_in_a_month_file_is_damage(seeded):
    seeded.ok("check", "journal")
    month = month_file(seeded.db, "2026-11")
    edit_json(month, lambda data: next(iter(data["checkins"].values()))["days"].update({"26": 10 ** 30}))
    line = seeded.error("status")
    assert "a check-in reads" in line and str(month) in line


@pytest.mark.parametrize("name", ["2026-13.json", "2026-00.json", "0001-01.json", "9999-12.json",
                                  "0000-01.json", "\u0662\u0660\u0662\u0666-\u0661\u0661.json"])
def test_a_stray_month_named_file_is_not_read_and_backups_still_work(seeded, name):
    seeded.ok("check", "journal")
    stray = device_dir(seeded.db) / name  # beside this device's own month files
    stray.write_text("not ours")
    assert "Journal" in seeded.ok("status")
    seeded.ok("check", "journey")
    assert "good" in seeded.ok("backup", "list")
    assert "Restored backup" in seeded.ok("backup", "restore")
    assert stray.read_text() == "not ours"


@pytest.mark.parametrize("which", ["main", "habits", "month"])
def test_a_fifo_in_place_of_a_data_file_is_refused_at_once(seeded, which):
    seeded.ok("check", "journal")
    # this device's own files: the tick made them (the habits file lists its month files)
    path = {"main": lambda db: db, "habits": lambda db: habits_file(db, own_device(db)),
            "month": lambda db: month_file(db, "2026-11", own_device(db))}[which](seeded.db)
    path.unlink()
    os.mkfifo(path, 0o600)
    line = seeded.error("status")  # a read would block for ever: the 60 s timeout would fail
    assert "is not a regular file" in line
    assert stat.S_ISFIFO(path.stat().st_mode)


def plant_name(db: Path, name: str) -> None:
    edit_habit(db, lambda h: h.update(name=name))


@pytest.mark.parametrize("args", [["list"], ["status"], ["week"], ["due"], ["status", "--short"],
                                  ["list", "--json"], ["status", "--json"], ["week", "--json"],
                                  ["check", "journal"]])
def test_control_characters_in_a_stored_name_never_reach_the_terminal(seeded, args):
    plant_name(seeded.db, f"Jo{ESCAPES}urnal")
    done = seeded(*args)
    assert done.returncode in (0, 1), done.stderr
    assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout + done.stderr
    if "--json" in args:
        names = json.dumps(json.loads(done.stdout))
        assert "\\u001b]0;pwned" in names  # the same value, escaped, for a program


def test_a_refusal_quoting_a_name_with_escapes_prints_them_escaped(seeded):
    line = seeded.error("check", f"nothing{ESCAPES}")
    assert "\x1b" not in line and "\\x1b" in line


@pytest.mark.parametrize("unbuffered", ["", "1"])
@pytest.mark.parametrize("args", [["status", "--json"], ["list"], ["week"], ["--help"]])
def test_a_closed_pipe_ends_quietly(seeded, args, unbuffered):
    env = {**seeded.env, "PYTHONUNBUFFERED": unbuffered} if unbuffered else seeded.env
    command = [sys.executable, "-m", "tracker", "--db", str(seeded.db), "--today", "2026-11-26", *args]
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    writer = subprocess.run(command, stdout=reader.stdin, stderr=subprocess.PIPE, text=True,
                            env=env, timeout=60, check=False)
    reader.stdin.close()
    reader.wait(timeout=60)
    assert writer.returncode == 0, writer.stderr
    assert writer.stderr == ""


def test_an_export_to_a_non_utf8_path_is_written_and_said_plainly(seeded, tmp_path):
    out = os.fsencode(tmp_path) + b"/caf\xe9.json"
    done = subprocess.run([sys.executable, "-m", "tracker", "--db", str(seeded.db), "--today",
                           "2026-11-26", "export", "--out", out], capture_output=True,
                          env=seeded.env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert b"Exported" in done.stdout and b"\xe9" not in done.stdout
    assert json.loads(Path(os.fsdecode(out)).read_text())


def test_under_umask_000_every_folder_made_for_the_data_is_private(run, tmp_path):
    db = tmp_path / "new" / "deeper" / "tracker.json"
    done = subprocess.run(
        ["sh", "-c", 'umask 000 && exec "$0" -m tracker --db "$1" --today 2026-11-26 add Journal',
         sys.executable, str(db)], capture_output=True, text=True, env=run.env, timeout=60)
    assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper", Path(Layout(db).devices_dir), device_dir(db)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for file in (db, habits_file(db)):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_ctrl_c_while_the_command_line_loads_is_one_line(monkeypatch, capsys):
    """The entry point imports nothing before it can catch Ctrl+C: the command line's own
    modules load inside its guard."""
    import importlib.abc

    from tracker import entry

    class Interrupting(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "tracker.cli":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "tracker.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    assert entry.main() == 130
    assert capsys.readouterr().err == "trust-tracker: Stopped; nothing was changed.\n"


def test_damage_found_midway_in_an_older_month_is_one_line(run):
    run.ok("add", "Journal", "--start", "2025-01-01")
    run.ok("check", "journal", "--date", "2025-02-03")
    run.ok("check", "journal")
    run.ok("status")  # leaves checkpoints: opening reads only recent months
    old = month_file(run.db, "2025-02")
    old.write_text("{ torn")
    # the checkpoint over that month no longer holds, so the report reads it, midway
    for args in (["status"], ["week", "--date", "2025-02-03"]):
        line = run.error(*args)
        assert "2025-02.json cannot be read" in line and "backup restore" in line

"""A grammar-based fuzz of the command line: every command and flag, with hostile values.

Each example runs ``cli.main`` on a fresh copy of seeded data, with stdout and stderr
written as strict UTF-8 (as on a terminal) and stdin not a terminal, and asserts what a
person relies on whatever they type:

* no traceback: nothing escapes ``main`` but its exit code;
* the exit code is one of 0, 1, 2 (and 130 for Ctrl+C, which the fuzz never sends);
* when the code is not 0, no data file changed (backups and the lock aside);
* all of this on sound data and on data left damaged (a torn month, habits or main file,
  a torn undo log or cache, a stray file, a FIFO where a month belongs);
* no control character reaches the terminal, and a refusal (exit 1) is one line.

In CI (``HYPOTHESIS_PROFILE=ci``) it runs 2,000 examples, derandomized: the same cases
every run, so it can never fail by chance. ``FUZZ_EXAMPLES`` and ``FUZZ_RANDOM=1`` widen a
local hunt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from on_disk import habits_file, month_file
from tracker import cli
from tracker.clock import FixedClock
from tracker.domain import NewHabit, parse_schedule
from tracker.service import Tracker
from tracker.store.layout import STATE_ENV, Layout

IN_CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 2000 if IN_CI else 250))
TODAY = dt.date(2026, 11, 26)
NAMES = ["Journal", "Journey", "Steps", "Call Sam", "x[/]y"]

# -- the grammar ---------------------------------------------------------------------
hostile_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "\x1b]0;pwned\x07", "\x1b[2J", "\udcff", "a\x00b", "\u202eevil",
                     "x[/]y", "[@click=app.quit]Q[/]", "line\nbreak", "é" * 70, "-", "--",
                     "%s%n", "💙", "\t"]),
)
habit_ref = st.one_of(st.sampled_from([*NAMES, "jour", "j", "STEPS", "call"]), hostile_text)
edge_day = st.sampled_from([
    "today", "yesterday", "2026-11-26", "2026-11-20", "2026-11-19", "2026-11-27", "1900-01-01",
    "1899-12-31", "2200-12-31", "2201-01-01", "0001-01-01", "9999-12-31", "2026-02-30",
    "2026-13-01", "26/11/2026", "-1", "", "１９００-01-01",
])
day = st.one_of(edge_day, hostile_text)
today = st.sampled_from(["2026-11-26"] * 8 + ["2026-11-20", "1900-01-01", "2200-12-31",
                                              "0001-01-01", "9999-12-31", "2026-11-26x"])
number = st.one_of(
    st.integers(min_value=-10, max_value=1200).map(str),
    st.sampled_from(["0", "-1", "100000", "100001", "1e400", "9" * 5000, "nan", "", "3.5",
                     "0x10", "١٢"]),
)
schedule = st.one_of(
    st.sampled_from(["daily", "weekdays", "mon,wed", "3/week", "10/month", "3 in 7 days",
                     "every 3 days", "every 1000000000000 days", "0/week", "8/week",
                     "30/30", "1 in 400 days", f"every {'9' * 5000} days", "sometimes"]),
    hostile_text,
)


def flag(name: str, value: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), value.map(lambda v: [name, v]))


def switch(name: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [name]])


def joined(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda lists: [word for words in lists for word in words])


def words(value: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return value.map(lambda v: [v])


COMMANDS: dict[str, st.SearchStrategy[list[str]]] = {
    "add": joined(words(hostile_text | st.sampled_from([*NAMES, "Walk", "Read", "Sleep by 11"])), switch("--action"),
                  switch("--promise"), flag("--for", hostile_text), flag("--schedule", schedule),
                  flag("--target", number), flag("--why", hostile_text),
                  flag("--tag", hostile_text), flag("--start", day)),
    "list": joined(switch("--archived"), switch("--json")),
    "check": joined(words(habit_ref), flag("--date", day),
                    st.sampled_from([[], ["--skip"], ["--undo"]]) | flag("--value", number),
                    flag("--note", hostile_text)),
    "note": joined(words(habit_ref), words(hostile_text), flag("--date", day)),
    "pause": joined(words(habit_ref), flag("--from", day), flag("--to", day)),
    "undo": st.just([]),
    "status": st.sampled_from([[], ["--json"], ["--short"], ["--json", "--short"]]),
    "due": st.sampled_from([[], ["--count"], ["--quiet"], ["-q"], ["--count", "-q"]]),
    "week": joined(flag("--date", day), switch("--json")),
    "archive": words(habit_ref),
    "restore": words(habit_ref),
    "export": joined(flag("--format", st.sampled_from(["json", "csv", "loop-csv", "xml", ""])),
                     flag("--out", st.sampled_from(["out.json", "out", "é.json", "", "."])
                          | hostile_text.filter(lambda t: "/" not in t and "\x00" not in t))),
    "import": joined(words(st.sampled_from(["export.json", "garbage.txt", "folder", "missing",
                                            "", "."])),
                     flag("--from", st.sampled_from(["auto", "loop", "harsh", "dijo", "json", "x"])),
                     switch("--dry-run"), switch("--yes")),
    "backup": st.one_of(st.just(["list"]), st.just(["now"]), st.just([]),
                        words(hostile_text).map(lambda w: ["restore", *w]),
                        st.just(["restore"])),
}
def shuffled_sometimes(argv: list[str]) -> st.SearchStrategy[list[str]]:
    """Mostly as the grammar says; now and then in any order (flags apart from values)."""
    return st.one_of(st.just(argv), st.just(argv), st.just(argv), st.permutations(argv).map(list))


invocation = st.one_of(
    *(args.map(lambda a, name=name: [name, *a]) for name, args in COMMANDS.items()),
    st.lists(hostile_text, max_size=3),  # no command at all, or nonsense
    st.sampled_from([["--help"], ["--version"], ["check", "--help"], ["-x"]]),
).flatmap(shuffled_sometimes)


# -- the harness ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Habits of every kind with some history, one archived, an export and a garbage file."""
    folder = tmp_path_factory.mktemp("fuzz-template")
    db = folder / "data" / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    try:
        start = dt.date(2026, 10, 1)
        for name, when, target in (("Journal", "daily", 1), ("Journey", "3/week", 1),
                                   ("Steps", "every 2 days", 3), ("Call Sam", "weekdays", 1),
                                   ("x[/]y", "2 in 5 days", 1)):
            habit = tracker.add(NewHabit(name, schedule=parse_schedule(when), target=target), start)
            for offset in range(0, 50, 3):
                tracker.check(habit, TODAY - dt.timedelta(days=offset), note="a note")
        tracker.archive(tracker.find("Call Sam"))
    finally:
        tracker.close()
    assert cli.main(["--db", str(db), "--today", TODAY.isoformat(), "export", "--out",
                     str(folder / "export.json")]) == 0
    (folder / "garbage.txt").write_bytes(b"\x00\xff not a tracker file")
    (folder / "folder").mkdir()
    return folder


def data_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")
            and not any(part.endswith("-backups") for part in p.relative_to(folder).parts)}


@contextlib.contextmanager
def terminal(cwd: Path) -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    """stdout/stderr as strict UTF-8 byte streams, stdin at its end, and ``cwd`` as the
    working folder (so default export names land in the example's own folder)."""
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr, os.getcwd()
    streams = (io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"),
               io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True),
               io.TextIOWrapper(err, encoding="utf-8", errors="strict", write_through=True))
    sys.stdin, sys.stdout, sys.stderr = streams
    os.chdir(cwd)
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        os.chdir(saved[3])
        for stream in streams:
            stream.detach()  # the byte buffers stay open to be read


DAMAGE = st.sampled_from(["none"] * 8 + ["torn old month", "torn main file", "torn habits file",
                                          "torn undo log", "stray month name", "garbage cache",
                                          "fifo month"])


def damage(db: Path, how: str) -> None:
    """What a person (or a crash, or a sync tool) may leave in the data (the template's
    device's files: the example's own device has written nothing yet)."""
    layout = Layout(db)
    old_month = month_file(db, "2026-10")
    if how == "torn old month":
        old_month.write_bytes(old_month.read_bytes()[:40])
    elif how == "torn main file":
        db.write_bytes(b'{"meta": {"1": {"sch')
    elif how == "torn habits file":
        habits = habits_file(db)
        habits.write_bytes(habits.read_bytes()[:60])
    elif how in ("torn undo log", "garbage cache"):
        path = Path(layout.undo_path if how == "torn undo log" else layout.checkpoints_path)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_bytes(b"\x00\xff{[")
    elif how == "stray month name":
        (old_month.parent / "2026-13.json").write_bytes(b"not ours")
    elif how == "fifo month":
        old_month.unlink()
        os.mkfifo(old_month, 0o600)


def run_one(template: Path, argv: list[str], today_text: str, how: str = "none") -> None:
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    state = os.environ.get(STATE_ENV)
    os.environ[STATE_ENV] = str(work / "state")  # this example's undo log and cache
    try:
        shutil.copytree(template, work, dirs_exist_ok=True)
        db = work / "data" / "tracker.json"
        damage(db, how)
        before = data_files(db.parent)
        full = ["--db", str(db), "--today", today_text, *argv]
        with terminal(work) as (out, err):
            try:
                code = cli.main(full)
            except SystemExit as stop:  # argparse: --help, --version, usage errors
                code = stop.code if isinstance(stop.code, int) else 2
        stdout, stderr = out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
        event(f"{argv[0] if argv and argv[0] in COMMANDS else 'other'} exit {code}")
        event(f"data: {how}, exit {code}")
        assert code in (0, 1, 2, 130), (full, code, stderr)
        assert "Traceback" not in stderr, (full, stderr)
        for text in (stdout, stderr):
            assert all(ch.isprintable() or ch in "\n \u200d" for ch in text), (full, text)
        if code != 0:
            assert data_files(db.parent) == before, (full, code, stderr)
        if code == 1 and argv[:1] != ["due"]:
            assert stdout == "" and len(stderr.splitlines()) == 1, (full, stdout, stderr)
    finally:
        os.environ[STATE_ENV] = state or ""
        shutil.rmtree(work, ignore_errors=True)


@settings(max_examples=EXAMPLES, derandomize=os.environ.get("FUZZ_RANDOM") != "1",
          database=None, suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.function_scoped_fixture,
                                                HealthCheck.data_too_large])
@given(argv=invocation, today_text=today, how=DAMAGE)
def test_no_invocation_breaks_the_command_line(template: Path, argv: list[str],
                                               today_text: str, how: str) -> None:
    run_one(template, argv, today_text, how)

"""After an import, the report is worked out from the days the import wrote (no month is
read back): it is exactly the report a fresh read of the stored data gives, and the
checkpoints it leaves give the same streaks and score again."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_round_trip import TODAY, habits

from tracker import transfer
from tracker.clock import FixedClock
from tracker.domain import CheckIn, DayReport, Habit, HabitKind, Schedule
from tracker.service import Tracker
from tracker.store.reading import Reading


@contextmanager
def state(folder: Path) -> Iterator[None]:
    """This device's state (its checkpoint cache) in ``folder`` for the block."""
    before = os.environ.get("TRUST_TRACKER_STATE")
    os.environ["TRUST_TRACKER_STATE"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TRUST_TRACKER_STATE", None)
        else:
            os.environ["TRUST_TRACKER_STATE"] = before


def facts(report: DayReport) -> list[tuple[Any, ...]]:
    """What a report says, its score to the last float."""
    return [(r.habit, r.status, r.value, r.current, r.best, r.score, r.stage, r.still_due,
             r.due_over) for r in report.habits]


def seen(db: Path) -> tuple[list[tuple[Any, ...]], Any, dict[str, dict[dt.date, CheckIn]]]:
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        return (facts(tracker.day_report()), tracker.week(),
                {h.id: dict(tracker.full_history(h)) for h in tracker.all_habits()})
    finally:
        tracker.close()


def imported(folder: Path, data: list[tuple[Habit, dict[dt.date, CheckIn]]],
             mine: list[tuple[Habit, dict[dt.date, CheckIn]]]) -> Path:
    """Export ``data``, import it where ``mine`` is stored; check the report the import
    worked out against a fresh read's, and against one from the checkpoints it left."""
    source, copy, out = folder / "a" / "t.json", folder / "b" / "t.json", folder / "e.json"
    for db, stored in ((source, data), (copy, mine)):
        tracker = Tracker.open(db, FixedClock(TODAY))
        with tracker.store.transaction():
            for habit, entered in stored:
                tracker.store.put_habit(habit)
                tracker.store.put_days(habit.id, entered)
        tracker.close()
    tracker = Tracker.open(source, FixedClock(TODAY), writable=False)
    transfer.export(tracker, "json", out)
    tracker.close()
    with state(folder / "state"):
        target = Tracker.open(copy, FixedClock(TODAY))
        planned = transfer.plan(target, transfer.read_source(out, "auto", TODAY))
        made: list[DayReport] = []
        day_report = Tracker.day_report

        def kept(self: Tracker) -> DayReport:
            made.append(day_report(self))
            return made[-1]

        with mock.patch.object(Tracker, "day_report", kept):
            transfer.apply(target, planned)  # works out the report, keeps its checkpoints
        after = (facts(made[0] if made else target.day_report()), target.week(),  # (none: nothing new)
                 {h.id: dict(target.full_history(h)) for h in target.all_habits()})
        target.close()
    with state(folder / "fresh"):
        assert after == seen(copy)  # a fresh read, no checkpoint: the same, float for float
    with state(folder / "state"):
        again, _, days = seen(copy)  # from the checkpoints the import left
    assert days == after[2]
    assert [f[:5] + f[6:] for f in again] == [f[:5] + f[6:] for f in after[0]]
    assert [f[5] for f in again] == pytest.approx([f[5] for f in after[0]], abs=1e-12)
    return copy


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(*(habits(i + 1) for i in range(n)))),
       st.booleans())
def test_the_report_after_an_import_is_the_report_of_a_fresh_read(data: Any, join: bool) -> None:
    mine = []
    if join:  # one of yours of the same name: the file's days join it
        habit, entered = data[0]
        days = dict(list(entered.items())[: len(entered) // 2])
        mine = [(habit.with_changes(id="mine1", archived=None), days)]
    with tempfile.TemporaryDirectory() as folder:
        imported(Path(folder), list(data), mine)


def test_an_import_reads_no_month_back_for_its_report(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    start = TODAY - dt.timedelta(days=1000)
    walk = Habit("w1", "Walk", HabitKind.PROMISE, Schedule.per_week(3), start)
    days = {start + dt.timedelta(days=i): CheckIn(1) for i in range(1000) if i % 3}
    export = tmp_path / "e.json"
    source = Tracker.open(tmp_path / "a" / "t.json", FixedClock(TODAY))
    with source.store.transaction():
        source.store.put_habit(walk)
        source.store.put_days(walk.id, days)
    source.close()
    source = Tracker.open(tmp_path / "a" / "t.json", FixedClock(TODAY), writable=False)
    transfer.export(source, "json", export)
    source.close()
    read_back: list[int] = []
    load = Reading.load_checkins

    def counting(self: Reading, first: dt.date, before: dt.date,
                 only: str | None = None) -> dict[str, dict[dt.date, CheckIn]]:
        found = load(self, first, before, only)
        read_back.append(sum(len(d) for d in found.values()))
        return found

    monkeypatch.setattr(Reading, "load_checkins", counting)
    target = Tracker.open(tmp_path / "b" / "t.json", FixedClock(TODAY))
    transfer.apply(target, transfer.plan(target, transfer.read_source(export, "auto", TODAY)))
    assert not any(read_back)  # nothing stored before, and nothing read back after
    assert target.report(target.find("Walk")).best.length > 0
    target.close()

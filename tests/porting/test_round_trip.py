"""Any database → export JSON → import into empty data → the same database (hypothesis):
yes/no and measured habits (decimal targets, units, limits of 0 and more), amounts with
three decimals, recorded nones of a limit, skips and notes."""

from __future__ import annotations

import datetime as dt
import tempfile
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import schedules

from tracker import transfer
from tracker.clock import FixedClock
from tracker.domain import CheckIn, Habit, HabitKind, Pause
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)
FIRST = dt.date(2024, 1, 1)

days = st.dates(FIRST, TODAY)
# Notes as people write them: quotes, commas, newlines, emoji, right-to-left script.
notes = st.one_of(st.just(""), st.sampled_from(['He said "later", then came', "line one\nline two",
                                                  "tired, but there 💪", "שלום", "a\tb"]),
                  st.text(st.characters(categories=("L", "N", "P", "Zs")), max_size=40))
amounts = st.one_of(st.integers(1, 12), st.integers(1, 12_000).map(lambda k: Fraction(k, 1000)))


def checkins(at_most: bool) -> st.SearchStrategy[CheckIn]:
    """Days as the service stores them: no amount (None), or one; 0 only for a limit."""
    values = st.one_of(st.none(), amounts, *([st.just(0)] if at_most else []))
    return st.builds(CheckIn, value=values, skipped=st.booleans(), note=notes).filter(
        lambda c: not c.is_empty and not (c.skipped and c.value == 0))  # the store drops that 0


@st.composite
def measures(draw: st.DrawFn) -> dict[str, object]:
    """Yes/no, or measured: a target (0 only for a limit), a unit, at least or at most."""
    if not draw(st.booleans()):
        return {}
    at_most = draw(st.booleans())
    target = draw(st.one_of(amounts, *([st.just(0)] if at_most else [])))
    return {"measured": True, "target": target, "at_most": at_most,
            "unit": draw(st.sampled_from(["", "km", "glasses", "ñ 📖"]))}


@st.composite
def habits(draw: st.DrawFn, number: int) -> tuple[Habit, dict[dt.date, CheckIn]]:
    start = draw(days)
    kind = draw(st.sampled_from(list(HabitKind)))
    pause_from = draw(st.one_of(st.none(), st.dates(start, TODAY)))
    pauses = () if pause_from is None else (Pause(pause_from, pause_from + dt.timedelta(days=3)),)
    archived = draw(st.one_of(st.none(), st.dates(start, TODAY)))
    measure = draw(measures())
    habit = Habit(id=f"h{number:03d}", name=f"Habit {number} {draw(st.sampled_from(['', 'é', '📖', ', with comma']))}".strip(),
                  kind=kind, schedule=draw(schedules), start=start,
                  for_whom="Sam" if kind is HabitKind.ACTION else "", why=draw(notes).replace("\n", " "),
                  tags=tuple(draw(st.lists(st.sampled_from(["home", "Sam", "body"]), unique=True))),
                  pauses=pauses, archived=archived, position=number, **measure)  # type: ignore[arg-type]
    entered = draw(st.dictionaries(st.dates(start, TODAY), checkins(habit.at_most), max_size=25))
    return habit, entered


def stored(db: Path) -> tuple[dict[str, Habit], dict[str, dict[dt.date, CheckIn]]]:
    tracker = Tracker.open(db, FixedClock(TODAY), writable=False)
    try:
        snapshot = tracker.store.load()
        return snapshot.habits, {k: v for k, v in snapshot.checkins.items() if v}
    finally:
        tracker.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 5).flatmap(lambda n: st.tuples(*(habits(i + 1) for i in range(n)))))
def test_export_then_import_into_empty_data_gives_the_same_database(data) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, copy, out = Path(folder, "a", "t.json"), Path(folder, "b", "t.json"), Path(folder, "e.json")
        tracker = Tracker.open(source, FixedClock(TODAY))
        with tracker.store.transaction():
            for habit, entered in data:
                tracker.store.put_habit(habit)
                tracker.store.put_days(habit.id, entered)
        tracker.close()
        tracker = Tracker.open(source, FixedClock(TODAY), writable=False)  # as a person opens it
        transfer.export(tracker, "json", out)
        tracker.close()
        target = Tracker.open(copy, FixedClock(TODAY))
        planned = transfer.plan(target, transfer.read_source(out, "auto", TODAY))
        transfer.apply(target, planned)
        target.close()
        assert stored(copy) == stored(source)

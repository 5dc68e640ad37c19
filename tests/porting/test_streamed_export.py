"""Our JSON export is read as it streams by (one check-in at a time); whatever the file,
that gives exactly what reading it whole gives: the same habits and days, or the same
refusal in the same words."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain import Habit, HabitKind, Schedule
from tracker.porting import native, native_export
from tracker.porting.model import Bundle, FormatError

TODAY = dt.date(2026, 11, 26)
HABITS = [Habit("a1", "Walk", HabitKind.PROMISE, Schedule.daily(), dt.date(2026, 10, 1)),
          Habit("b2", "Water", HabitKind.PROMISE, Schedule.per_week(3), dt.date(2026, 10, 1),
                target=Fraction(5, 2), unit="l")]

RARE = st.integers(1, 25).map(lambda n: n == 13)  # (hypothesis leans towards the ends)
GOOD_VALUES = st.one_of(st.just(1), st.integers(0, 3), st.just(None), st.just(2.5))
BAD_VALUES = st.sampled_from([0.0005, 2.0, -1, 100_001, "1", True, 10**40, 1e400, [1],
                              {"habit": "a1", "date": "2026-10-05", "value": 1}])
GOOD_DATES = st.integers(0, 56).map(lambda n: (dt.date(2026, 10, 1) + dt.timedelta(days=n)).isoformat())
BAD_DATES = st.sampled_from(["2026-13-01", "2026-1-1", "20261005", "2027-01-01", "1899-12-31", 5])
GOOD_NOTES = st.sampled_from(["", "", "", "by the river", "日本語", "two\nlines"])
BAD_NOTES = st.sampled_from(["\x07", "a" * 2001, 5, {"a": 1}, [{"habit": "a1"}]])


@st.composite
def checkins(draw: st.DrawFn, habit: str, date: str) -> Any:
    """Mostly check-ins as we write them; now and then one with something wrong."""
    bad = draw(RARE)
    part = draw(st.sampled_from(["habit", "date", "value", "skipped", "note", "item"])) if bad else ""
    item: dict[str, Any] = {"habit": draw(st.sampled_from(["zz", 7])) if part == "habit" else habit,
                            "date": draw(BAD_DATES) if part == "date" else date,
                            "value": draw(BAD_VALUES if part == "value" else GOOD_VALUES)}
    if part == "skipped" or draw(st.booleans()):
        item["skipped"] = "no" if part == "skipped" else draw(st.booleans())
    note = draw(BAD_NOTES if part == "note" else GOOD_NOTES)
    if note != "" or draw(st.booleans()):
        item["note"] = note
    if part == "item":
        return draw(st.sampled_from([5, "x", [], None, {}, {"habit": "a1"}]))
    return item


def layout(data: dict[str, Any], how: str) -> str:
    """The data as text: laid out as we export it, indented, or all on one line."""
    if how == "ours":
        head = {k: v for k, v in data.items() if k != "checkins"}
        lines = [native_export._dumps(c) for c in data.get("checkins", [])]
        body = json.dumps(head, indent=2)[:-2]
        return body + ',\n  "checkins": [\n    ' + ",\n    ".join(lines) + "\n  ]\n}\n"
    return json.dumps(data, indent=2 if how == "indented" else None, ensure_ascii=False)


@st.composite
def exports(draw: st.DrawFn) -> str:
    data: dict[str, Any] = {
        "format": draw(st.sampled_from(["trust-tracker-export"] * 20 + ["other"])),
        "version": draw(st.sampled_from([2] * 12 + [1] * 6 + [3, "2"])),
        "exported_on": TODAY.isoformat(),
        "habits": [h.to_dict() for h in HABITS],
        "checkins": [draw(checkins(habit, date)) for habit, date in
                     draw(st.lists(st.tuples(st.sampled_from(["a1", "b2"]), GOOD_DATES),
                                   unique=True, max_size=40))],
    }
    if draw(RARE):
        data["habits"][1]["id"] = "a1"  # two habits with one id
    if draw(RARE):  # the keys in another order
        data = dict(reversed(list(data.items())))
    text = layout(data, draw(st.sampled_from(["ours", "ours", "indented", "compact"])))
    damage = draw(st.sampled_from(["none"] * 24 + ["cut", "comma", "twice", "key", "trail", "extra"]))
    if damage == "cut":
        text = text[:draw(st.integers(0, len(text)))]
    elif damage == "comma" and ",\n" in text:
        text = text.replace(",\n", "\n", 1)
    elif damage == "twice" and '"date"' in text:  # a day twice, the same line again
        line = next(line for line in text.splitlines() if '"date"' in line)
        text = text.replace(line, line.rstrip(",") + ",\n" + line, 1)
    elif damage == "key":
        text = text.replace('"habit": ', '"habit": "a1", "habit": ', 1)
    elif damage == "trail":
        text = text.replace("\n  ]", ",\n  ]", 1)
    elif damage == "extra":
        text += draw(st.sampled_from(["x", "{}", "  \n"]))
    return text


def read(path: Path, whole: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What reading ``path`` gives: the habits' days and remarks, or the refusal."""
    with monkeypatch.context() as patch:
        if whole:
            def not_streamed(*_: object) -> Bundle:
                raise native._NotStreamed
            patch.setattr(native, "_streamed", not_streamed)
        try:
            bundle = native.read_json(path, TODAY)
        except FormatError as err:
            return "refused", str(err)
    return [(h.name, h.original, h.days, h.remarks) for h in bundle.habits]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exports())
def test_a_streamed_export_reads_as_the_whole_file_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        text: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    assert read(path, False, monkeypatch) == read(path, True, monkeypatch)


def test_our_own_export_is_streamed_and_shares_its_check_ins(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    days = [{"habit": "a1", "date": (dt.date(2026, 10, 1) + dt.timedelta(days=n)).isoformat(),
             "value": 1} for n in range(50)]
    data = {"format": "trust-tracker-export", "version": 2, "exported_on": TODAY.isoformat(),
            "habits": [h.to_dict() for h in HABITS], "checkins": days}
    path = tmp_path / "export.json"
    path.write_text(layout(data, "ours"), encoding="utf-8")
    monkeypatch.setattr(native, "load_json", lambda *_: pytest.fail("read whole"))
    walk = native.read_json(path, TODAY).habits[0]
    assert len(walk.days) == 50 and len({id(c) for c in walk.days.values()}) == 1


@pytest.mark.parametrize("odd", [
    {"habit": "a1", "date": "2026-10-02", "value": {"habit": "a1", "date": "2026-10-03", "value": 1}},
    {"habit": "a1", "date": "2026-10-02", "note": [{"habit": "a1", "date": "2026-10-04"}]},
    {"habit": "a1", "date": "2026-10-02", "extra": {"habit": "b2", "date": "2026-10-05"}},
    5, "x", [], None, {},
])
def test_a_check_in_that_is_not_a_plain_object_is_refused_as_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd: Any) -> None:
    """An object inside a check-in is finished (and taken) before the check-in holding it;
    such a file, or a list with something else than objects, is read whole instead."""
    days = [{"habit": "a1", "date": f"2026-10-{n:02d}", "value": 1} for n in (6, 7)]
    data = {"format": "trust-tracker-export", "version": 2, "exported_on": TODAY.isoformat(),
            "habits": [h.to_dict() for h in HABITS], "checkins": [days[0], odd, days[1]]}
    path = tmp_path / "export.json"
    path.write_text(layout(data, "ours"), encoding="utf-8")
    assert read(path, False, monkeypatch) == read(path, True, monkeypatch)


@pytest.mark.parametrize("field,odd", [
    *(("value", v) for v in [0.0005, 2.0, 2.5, -1, 100_001, 100_000, "1", True, 10**40, 1e400,
                             [1], {"a": 1}]),
    *(("date", d) for d in ["2026-13-01", "2026-1-1", "20261005", "2027-01-01", "1899-12-31", 5, None]),
    *(("note", n) for n in ["\x07", "a" * 2001, "a" * 2000, 5, None, "日本語", "two\nlines", " spaced "]),
    *(("skipped", k) for k in ["no", 1, None, True]), *(("habit", h) for h in ["zz", 7, None]),
])
def test_each_odd_field_reads_as_the_whole_file_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     field: str, odd: Any) -> None:
    days = [{"habit": "a1", "date": f"2026-10-{n:02d}", "value": 1} for n in (6, 7, 8)]
    days[1][field] = odd
    for version in (1, 2):
        data = {"format": "trust-tracker-export", "version": version,
                "exported_on": TODAY.isoformat(), "habits": [h.to_dict() for h in HABITS],
                "checkins": days}
        path = tmp_path / "export.json"
        path.write_text(layout(data, "ours"), encoding="utf-8")
        assert read(path, False, monkeypatch) == read(path, True, monkeypatch)

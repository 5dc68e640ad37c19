"""The one-pass reader of a device's month file reads exactly what ``read_month`` reads:
the same visible check-ins and latest time, the same files refused, and the file's data
left saying what it said (days it shares a list between are equal days)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain import CheckIn
from tracker.store.schema import SchemaError, read_month, read_month_checkins

MONTH = dt.date(2028, 2, 1)  # a leap February: 29 days
TIMES = st.sampled_from([0, 0, 7, 1764590000000, 1764590000001])

DAYS = st.one_of(
    st.tuples(st.integers(1, 4), TIMES).map(list),  # the common day, often repeated
    st.tuples(st.integers(1, 4), TIMES).map(list),
    st.tuples(st.sampled_from([0, 2.5, 1.0, 0.001, True, False, -1, 100_001, 100_000, None, "1"]),
              st.sampled_from([0, 7, -1, True, 2.5, None])).map(list),
    st.tuples(st.sampled_from([None, 0, 3, 2.5, True]), st.sampled_from([False, True, 0]),
              st.sampled_from(["", "by the river", 5]), TIMES).map(list),
    st.sampled_from([5, "x", None, [], [1], [1, 2, 3], {"a": 1}, [[1], 0]]),
)
NAMES = st.one_of(st.integers(1, 29).map(str), st.sampled_from(["05", "0", "30", "x", "29", "1"]))


@st.composite
def month_files(draw: st.DrawFn) -> dict[str, Any]:
    docs = {}
    for number in range(draw(st.integers(0, 4))):
        habit = draw(st.sampled_from(["h1", "h2", "h3"]))
        days = draw(st.dictionaries(NAMES, DAYS, max_size=12))
        docs[str(number + 1)] = {"habit": habit, "days": days}
    schema = draw(st.sampled_from([5, 5, 4]))
    return {"meta": {"1": {"schema": schema, "month": f"{MONTH:%Y-%m}"}}, "checkins": docs}


def as_read_month(data: dict[str, Any]) -> tuple[dict[str, dict[dt.date, CheckIn]], int]:
    """What reading one device's file gave before the one-pass reader."""
    out: dict[str, dict[dt.date, CheckIn]] = {}
    latest = 0
    for habit_id, by_day in read_month(data, MONTH).items():
        found = out.setdefault(habit_id, {})
        for day, (checkin, time) in by_day.items():
            latest = max(latest, time)
            if not checkin.is_empty:
                found[day] = checkin
    return out, latest


@settings(max_examples=400, deadline=None)
@given(month_files())
def test_the_one_pass_reader_reads_what_read_month_reads(data: dict[str, Any]) -> None:
    assert_reads_alike(data)


def assert_reads_alike(data: dict[str, Any]) -> None:
    before = json.dumps(data, sort_keys=True)
    try:
        expected: tuple[Any, ...] | type[SchemaError] = as_read_month(copy.deepcopy(data))
    except SchemaError:
        expected = SchemaError
    for share in (True, False):
        into: dict[str, dict[dt.date, CheckIn]] = {}
        try:
            got: tuple[Any, ...] | type[SchemaError] = (into, read_month_checkins(data, MONTH, into, share=share))
        except SchemaError:
            got = SchemaError
        assert got == expected
        assert json.dumps(data, sort_keys=True) == before  # the data says what it said


def test_a_bool_is_never_taken_for_the_amount_of_the_day_before() -> None:
    """``[true, 0] == [1, 0]`` in Python: the day after a ``[1, 0]`` is still checked."""
    data = {"meta": {"1": {"schema": 5, "month": "2028-02"}},
            "checkins": {"1": {"habit": "h", "days": {"1": [1, 0], "2": [True, 0]}}}}
    with pytest.raises(SchemaError):
        read_month_checkins(data, MONTH, {})


def test_repeated_days_share_one_list_and_write_back_the_same() -> None:
    days = {str(d): [1, 1764590000000] for d in range(1, 30)}
    data = {"meta": {"1": {"schema": 5, "month": "2028-02"}},
            "checkins": {"1": {"habit": "h", "days": days}}}
    before = json.dumps(data)
    into: dict[str, dict[dt.date, CheckIn]] = {}
    assert read_month_checkins(data, MONTH, into) == 1764590000000
    assert len({id(raw) for raw in days.values()}) == 1
    assert json.dumps(data) == before
    assert into["h"][dt.date(2028, 2, 29)] == CheckIn(1)


def test_a_month_let_go_once_read_keeps_its_lists_as_parsed() -> None:
    """Read with ``share=False`` (years of months, each let go once read), no list is put
    aside for a shared one: the same days are read, the same latest time told."""
    days = {str(d): [1, 1764590000000] for d in range(1, 30)}
    data = {"meta": {"1": {"schema": 5, "month": "2028-02"}},
            "checkins": {"1": {"habit": "h", "days": days}}}
    lists = [id(raw) for raw in days.values()]
    shared: dict[str, dict[dt.date, CheckIn]] = {}
    alone: dict[str, dict[dt.date, CheckIn]] = {}
    assert read_month_checkins(data, MONTH, alone, share=False) == 1764590000000
    assert [id(raw) for raw in days.values()] == lists
    assert read_month_checkins(data, MONTH, shared) == 1764590000000
    assert alone == shared and len(alone["h"]) == 29


@pytest.mark.parametrize("odd", [
    [0, 5], [1, True], [True, 5], [1, -1], [1, 2.5], [2.5, 5], [1.0, 5], [100_001, 5], [100_000, 5],
    [None, False, "", 5], [None, True, "", 5], [0, False, "", 5], [0, True, "", 5],
    [3, False, "note", 5], [3, False, "日本語", 5], [3, False, "\ud800", 5], [2.5, False, "", 5],
    [3, 0, "", 5], [3, False, 5, 5], [3, False, "", True], [3, False, "", -1], [-1, False, "", 5],
    [True, False, "", 5], [1], [], [1, 2, 3], 5, None, "x", {"a": 1},
])
@pytest.mark.parametrize("schema", [4, 5])
@pytest.mark.parametrize("again", [False, True])
def test_each_odd_day_reads_as_read_month_reads_it(odd: Any, schema: int, again: bool) -> None:
    """One odd stored day among common ones sharing its time (and, ``again``, a later
    record of the same habit that says the day again: the later one wins)."""
    days = {"1": [1, 5], "2": odd, "3": [1, 5], "05": [2, 5]}
    docs = {"1": {"habit": "h", "days": days}}
    if again:
        docs["2"] = {"habit": "h", "days": {"2": [1, 5]}}
    assert_reads_alike({"meta": {"1": {"schema": schema, "month": "2028-02"}}, "checkins": docs})


@pytest.mark.parametrize("docs", [
    {"1": {"habit": "h", "days": {"5": [1, 7], "05": [1, 0]}}},  # the 5th twice, by two names
    {"1": {"habit": "h", "days": {"5": [1, 7]}}, "2": {"habit": "h", "days": {"5": [2, 3]}}},
    {"1": {"habit": "h", "days": {"5": [1, 7]}}, "2": {"habit": "h", "days": {"5": [0, 3]}}},
])
def test_a_day_said_twice_keeps_the_later_record_and_only_its_time(docs: dict[str, Any]) -> None:
    data = {"meta": {"1": {"schema": 5, "month": "2028-02"}}, "checkins": docs}
    assert_reads_alike(data)
    assert read_month_checkins(data, MONTH, {}) == (3 if "2" in docs else 0)

"""Several devices' files of one month read together give what merging every version of
every day gives: the same visible check-ins, the same latest time, the same files
refused, whichever device's file is the largest (and nothing from no file)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain import CheckIn
from tracker.store.records import month_days, month_versions, visible_days
from tracker.store.schema import SchemaError

from test_month_reading import MONTH, month_files

DEVICES = ("aaaa", "bbbb", "cccc")
TIMES = st.sampled_from([0, 5, 9, 1764590000000, 1764590000001])
GOOD_DAYS = st.one_of(st.tuples(st.integers(1, 3), TIMES).map(list),
                      st.tuples(st.sampled_from([None, 0, 2, 2.5]), st.booleans(),
                                st.sampled_from(["", "by the river"]), TIMES).map(list))


@st.composite
def plain_month_files(draw: st.DrawFn) -> dict[str, Any]:
    """Files as Trust Tracker writes them: each habit once, days named "1" to "29"."""
    habits = draw(st.lists(st.sampled_from(["h1", "h2", "h3"]), unique=True, max_size=3))
    docs = {str(number + 1): {"habit": habit,
                              "days": draw(st.dictionaries(st.integers(1, 29).map(str), GOOD_DAYS, max_size=8))}
            for number, habit in enumerate(habits)}
    return {"meta": {"1": {"schema": draw(st.sampled_from([5, 5, 4])), "month": f"{MONTH:%Y-%m}"}},
            "checkins": docs}


def merged_by_versions(copies: dict[str, dict[str, Any]]) -> tuple[dict[str, dict[dt.date, CheckIn]], int]:
    """Every version of every day made, and the later one of each kept."""
    versions = month_versions(copies, MONTH)
    return visible_days(versions), max((v.stamp.time for v in versions.values()), default=0)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(plain_month_files(), month_files()), max_size=3),
       st.permutations(DEVICES))
def test_files_read_together_read_as_every_version_merged(files: list[dict[str, Any]],
                                                          devices: list[str]) -> None:
    copies = dict(zip(devices, files))
    try:
        expected: Any = merged_by_versions(copy.deepcopy(copies))
    except SchemaError:
        expected = SchemaError
    try:
        got: Any = month_days(copies, MONTH)
    except SchemaError:
        got = SchemaError
    if expected is not SchemaError and got is not SchemaError:
        days, latest = got
        got = ({habit: found for habit, found in days.items() if found}, latest)
    assert got == expected


def test_a_later_clear_on_a_smaller_file_wins_over_the_larger_files_day() -> None:
    month = f"{MONTH:%Y-%m}"
    larger = {"meta": {"1": {"schema": 5, "month": month}},
              "checkins": {"1": {"habit": "h", "days": {"1": [1, 5], "2": [1, 5]}},
                           "2": {"habit": "g", "days": {"1": [1, 5]}}}}
    smaller = {"meta": {"1": {"schema": 5, "month": month}},
               "checkins": {"1": {"habit": "h", "days": {"2": [None, False, "", 9], "3": [1, 2]}}}}
    days, latest = month_days({"aaaa": larger, "bbbb": smaller}, MONTH)
    assert days["h"] == {dt.date(2028, 2, 1): CheckIn(1), dt.date(2028, 2, 3): CheckIn(1)}
    assert days["g"] == {dt.date(2028, 2, 1): CheckIn(1)}
    assert latest == 9

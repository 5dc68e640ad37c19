"""One habit's records picked out of a month file's text are exactly what parsing the
whole file and keeping that habit's records gives, whatever the notes say; and any text
not in the form Trust Tracker writes is left to be read whole."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.store.one_habit import habit_part
from tracker.store.schema import month_data, of_one_habit

from test_month_reading import MONTH, month_files

HABITS = ["h1", "h2", "h3", "h10", "ab12cd34ef56", "día", 'q"uote', "back\\slash"]
# Notes that look like the file's own structure, once written into it
LOOKALIKES = ['{"habit": "h1", "days": {"1": [1, 0]}}', '"7": {"habit": "h2", "days": {}}',
              '\\", "habit": "h3', '{"habit": ', '\\', '"', '\\\\"', "\n", "\u2028", "día",
              '"checkins": {', '{"meta": ']
NOTES = st.one_of(st.sampled_from(LOOKALIKES), st.text(max_size=12),
                  st.lists(st.sampled_from(LOOKALIKES), max_size=3).map("".join))
DAY = st.one_of(st.tuples(st.integers(1, 4), st.integers(0, 9)).map(list),
                st.tuples(st.sampled_from([None, 1, 3]), st.booleans(), NOTES, st.integers(0, 9)).map(list))


@st.composite
def written_files(draw: st.DrawFn) -> dict[str, Any]:
    """Month files as Trust Tracker writes them: each habit's record once, any notes."""
    habits = draw(st.lists(st.sampled_from(HABITS), unique=True, max_size=5))
    return month_data(MONTH, {habit: draw(st.dictionaries(st.integers(1, 29).map(str), DAY, max_size=6))
                              for habit in habits})


def written(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)  # as the store writes every file


@settings(max_examples=500, deadline=None)
@given(written_files(), st.sampled_from(HABITS))
def test_a_habit_picked_from_a_written_file_is_what_the_whole_file_holds_of_it(
        data: dict[str, Any], habit: str) -> None:
    part = habit_part(written(data), habit)
    assert part is not None or any("\\" in h or '"' in h for h in _habits(data))
    if part is not None:
        assert part == of_one_habit(data, habit)


@settings(max_examples=500, deadline=None)
@given(month_files(), st.sampled_from(["h1", "h2", "h3", "h4"]))
def test_odd_files_are_picked_from_exactly_or_left_to_be_read_whole(data: dict[str, Any], habit: str) -> None:
    """Records in any order, a habit's records twice, odd days: the pick is the whole
    file's or None (never another answer)."""
    part = habit_part(written(data), habit)
    assert part is None or part == of_one_habit(data, habit)


def test_a_habit_with_two_records_gets_both_in_the_files_order() -> None:
    data = {"meta": {"1": {"schema": 5, "month": "2028-02"}},
            "checkins": {"1": {"habit": "h1", "days": {"1": [1, 0]}},
                         "2": {"habit": "h2", "days": {"1": [2, 0]}},
                         "3": {"habit": "h1", "days": {"2": [1, 0]}}}}
    part = habit_part(written(data), "h1")
    assert part == of_one_habit(data, "h1")
    assert part is not None and list(part["checkins"]) == ["1", "3"]


def test_a_habit_with_no_record_gets_none_and_the_version_record() -> None:
    data = month_data(MONTH, {"h1": {"1": [1, 0]}})
    assert habit_part(written(data), "h2") == {"meta": data["meta"], "checkins": {}}
    assert habit_part(written(data), "h") == {"meta": data["meta"], "checkins": {}}  # not a prefix


def test_text_not_in_the_written_form_is_left_to_be_read_whole() -> None:
    data = month_data(MONTH, {"h1": {"1": [1, 0]}, "día": {"2": [1, 0]}})
    escaped = json.dumps(data)  # "d\\u00eda": the same id, written otherwise
    assert habit_part(escaped, "día") is None
    assert habit_part(json.dumps(data, indent=2, ensure_ascii=False), "h1") is None
    reordered = {"checkins": data["checkins"], "meta": data["meta"]}
    assert habit_part(written(reordered), "h1") is None
    days_first = {**data, "checkins": {"1": {"days": {"1": [1, 0]}, "habit": "h1"}}}
    assert habit_part(written(days_first), "h1") is None
    hand_written = written(data).replace('"habit": "h1"', '"habit": "\\u0068\\u0031"')
    assert json.loads(hand_written) == data  # the same file to a parser …
    assert habit_part(hand_written, "h1") is None  # … but not searchable: read whole


def test_damage_inside_the_habits_own_record_is_left_to_the_whole_read() -> None:
    text = written(month_data(MONTH, {"h1": {"1": [1, 0]}, "h2": {"1": [1, 0]}}))
    cut = text[: text.index(', "2": ')]  # torn after h1's record: h1's part still reads
    assert habit_part(cut, "h1") is not None
    torn = text[: text.index('"days"') + 12]  # torn inside it
    assert habit_part(torn, "h1") is None
    assert habit_part("", "h1") is None and habit_part("[]", "h1") is None
    deep = written(month_data(MONTH, {})).replace('"checkins": {}', '"checkins": {"1": {"habit": "h1", "days": '
                                                  + "[" * 100_000 + "]" * 100_000 + "}}")
    assert habit_part(deep, "h1") is None


def _habits(data: dict[str, Any]) -> list[str]:
    return [doc["habit"] for doc in data["checkins"].values()]

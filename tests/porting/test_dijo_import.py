"""Reading dijo's ``habit_record.json`` (and its auto-tracked twin) as dijo saves them."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from tracker.domain import CheckIn, Schedule
from tracker.domain.habits import TARGET_MAX
from tracker.porting import model
from tracker.porting.dijo import AUTO_FILE, AUTO_REMARK, MAIN_FILE, read_dijo
from tracker.porting.model import FormatError, HabitHistory

TODAY = dt.date(2020, 8, 1)
D = dt.date
FINER = ("{} had more than three decimals and {} rounded to the nearest thousandth, as amounts "
         "here keep three decimals (never down to nothing: the least is 0.001)")

# the way dijo writes it: one line, serde's field order, HashMap order for the days
RECORD = (
    '[{"type":"Bit","name":"walk","stats":{"2020-07-21":true,"2020-07-20":false,'
    '"2020-07-19":true},"goal":true,"auto":false},'
    '{"type":"Count","name":"pushups","stats":{"2020-07-20":30,"2020-07-21":0,'
    '"2020-07-22":55},"goal":50,"auto":false},'
    '{"type":"Float","name":"running","stats":{"2020-07-20":{"value":52,"precision":1},'
    '"2020-07-22":{"value":4,"precision":1}},"goal":{"value":50,"precision":1},"precision":1}]'
)


def dijo_file(tmp_path: Path, text: str, name: str = MAIN_FILE) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def by_name(habits: list[HabitHistory]) -> dict[str, HabitHistory]:
    return {h.name: h for h in habits}


def refused(path: Path) -> FormatError:
    with pytest.raises(FormatError) as caught:
        read_dijo(path, TODAY)
    assert caught.value.file == str(path)
    assert str(path) in str(caught.value)
    return caught.value


def test_bit_count_and_float_habits(tmp_path: Path) -> None:
    bundle = read_dijo(dijo_file(tmp_path, RECORD), TODAY)
    assert bundle.source == "dijo"
    found = by_name(bundle.habits)
    assert list(found) == ["walk", "pushups", "running"]
    assert all(h.schedule == Schedule.daily() for h in bundle.habits)
    # a Bit's true is a done day; false records nothing
    assert found["walk"].days == {D(2020, 7, 19): CheckIn(value=1),
                                  D(2020, 7, 21): CheckIn(value=1)}
    assert (found["walk"].target, found["walk"].measured) == (1, False)
    # a Count keeps its numbers and aims at least at its goal; a zero day records nothing
    assert found["pushups"].days == {D(2020, 7, 20): CheckIn(value=30),
                                     D(2020, 7, 22): CheckIn(value=55)}
    assert (found["pushups"].target, found["pushups"].measured) == (50, True)
    assert found["pushups"].remarks == ["1 day not done (false or 0) is a missed day here, as "
                                        "in dijo"]
    # a Float's {value, precision} is value / 10**precision: 5.2 km and 0.4 km, exactly
    assert found["running"].days == {D(2020, 7, 20): CheckIn(value=Fraction(26, 5)),
                                     D(2020, 7, 22): CheckIn(value=Fraction(2, 5))}
    assert (found["running"].target, found["running"].measured) == (5, True)
    assert found["running"].remarks == []  # nothing rounded
    assert bundle.day_count == 6
    # a day dijo recorded as not done still starts the habit's life: it is a missed day
    assert [h.start for h in bundle.habits] == [D(2020, 7, 19), D(2020, 7, 20), D(2020, 7, 20)]


def test_a_float_may_be_a_plain_number(tmp_path: Path) -> None:
    text = ('[{"type":"Float","name":"water","stats":{"2020-07-01":2.5,"2020-07-02":3,'
            '"2020-07-03":0.0},"goal":1.5}]')
    (habit,) = read_dijo(dijo_file(tmp_path, text), TODAY).habits
    assert habit.days == {D(2020, 7, 1): CheckIn(value=Fraction(5, 2)), D(2020, 7, 2): CheckIn(value=3)}
    assert (habit.target, habit.measured) == (Fraction(3, 2), True)  # 1.5, not 2
    assert habit.remarks == ["1 day not done (false or 0) is a missed day here, as in dijo"]


def test_finer_amounts_are_rounded_to_the_thousandth_and_counted(tmp_path: Path) -> None:
    """dijo keeps up to nine places; here three: a finer amount is rounded half up, one
    under 0.0005 to 0.001 (a day recorded never becomes a day without an amount), and the
    report counts them; a finer goal is said on its own line."""
    text = ('[{"type":"Float","name":"water","stats":{"2020-07-01":{"value":12345,"precision":4},'
            '"2020-07-02":0.0004,"2020-07-03":{"value":2125,"precision":3}},'
            '"goal":{"value":15005,"precision":4}}]')
    (habit,) = read_dijo(dijo_file(tmp_path, text), TODAY).habits
    assert habit.days == {D(2020, 7, 1): CheckIn(value=Fraction(247, 200)),  # 1.2345 → 1.235
                          D(2020, 7, 2): CheckIn(value=Fraction(1, 1000)),  # 0.0004 → 0.001
                          D(2020, 7, 3): CheckIn(value=Fraction(17, 8))}  # 2.125, as it is
    assert habit.target == Fraction(1501, 1000)  # 1.5005 → 1.501
    assert habit.remarks == ["dijo's goal of 1.5005 has more than three decimals; the target "
                             "here is 1.501", FINER.format("2 amounts", "were")]


@pytest.mark.parametrize(("goal", "target", "remarks"), [
    (0, 1, ["dijo's goal of 0 is reached by any day; here a target is more than 0, so it is "
            "1: any amount recorded keeps it"]),
    (1, 1, []), (7, 7, []),
    (TARGET_MAX + 9000, TARGET_MAX, ["dijo's goal of 109,000 is above the largest target here "
                                     "(100,000), so the target is 100,000"]),
])
def test_count_goals_become_targets_within_our_limits(tmp_path: Path, goal: int, target: int,
                                                      remarks: list[str]) -> None:
    text = f'[{{"type":"Count","name":"steps","stats":{{"2020-07-01":12}},"goal":{goal}}}]'
    (habit,) = read_dijo(dijo_file(tmp_path, text), TODAY).habits
    assert (habit.target, habit.measured) == (target, True)  # a Count counts, even aiming at 1
    assert habit.days == {D(2020, 7, 1): CheckIn(value=12)}
    assert habit.remarks == remarks


def test_auto_habits_are_kept_with_a_remark(tmp_path: Path) -> None:
    dijo_file(tmp_path, '[{"type":"Bit","name":"read","stats":{"2020-07-01":true},'
                        '"goal":true,"auto":false}]')
    dijo_file(tmp_path, '[{"type":"Count","name":"commits","stats":{"2020-07-02":4},'
                        '"goal":1,"auto":true}]', AUTO_FILE)
    for given in (tmp_path, tmp_path / MAIN_FILE):
        found = by_name(read_dijo(given, TODAY).habits)
        assert list(found) == ["read", "commits"]
        assert found["read"].remarks == []
        assert found["commits"].remarks == [AUTO_REMARK]
        assert found["commits"].days == {D(2020, 7, 2): CheckIn(value=4)}
    (only,) = read_dijo(tmp_path / AUTO_FILE, TODAY).habits  # the auto file alone
    assert only.name == "commits"


def test_progress_counts_habits(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    read_dijo(dijo_file(tmp_path, RECORD), TODAY, lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_folder_without_dijos_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no dijo habit file"):
        read_dijo(tmp_path, TODAY)


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    text = ('[{"type":"Bit","name":"walk","stats":{}},'
            '{"type":"Count","name":"Walk","stats":{},"goal":2}]')
    error = refused(dijo_file(tmp_path, text))
    assert "habit 2 ('Walk'): the name is used twice (also habit 1" in str(error)


def test_duplicate_names_across_the_auto_file_are_refused(tmp_path: Path) -> None:
    dijo_file(tmp_path, '[{"type":"Bit","name":"walk","stats":{}}]')
    auto = dijo_file(tmp_path, '[{"type":"Bit","name":"walk","stats":{},"auto":true}]', AUTO_FILE)
    with pytest.raises(FormatError) as caught:
        read_dijo(tmp_path, TODAY)
    assert caught.value.file == str(auto)
    assert f"also habit 1 in {MAIN_FILE}" in str(caught.value)


def test_a_date_written_twice_is_refused(tmp_path: Path) -> None:
    text = ('[{"type":"Count","name":"pushups","stats":{"2020-07-20":30,"2020-07-21":5,'
            '"2020-07-20":40},"goal":50}]')
    error = refused(dijo_file(tmp_path, text))
    assert error.line is None
    assert "habit 1 ('pushups'): in 'stats': '2020-07-20' appears twice" in str(error)


def test_bad_json_names_its_line(tmp_path: Path) -> None:
    text = '[\n  {"type": "Bit", "name": "walk",\n   "stats": {"2020-07-01": true,}}\n]\n'
    error = refused(dijo_file(tmp_path, text))
    assert error.line == 3
    assert "line 3: this is not valid JSON" in str(error)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / MAIN_FILE
    path.write_bytes(b'[\n{"type":"Bit","name":"caf\xe9","stats":{}}\n]')
    error = refused(path)
    assert error.line == 2
    assert "not UTF-8" in str(error)


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = dijo_file(tmp_path, RECORD + " " * 2_000_000)
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 1_048_576)
    error = refused(path)
    assert error.line is None
    assert "larger than the 1 MB limit" in str(error)


def test_a_future_day_is_refused(tmp_path: Path) -> None:
    text = '[{"type":"Bit","name":"walk","stats":{"2020-07-01":true,"2020-08-02":true}}]'
    error = refused(dijo_file(tmp_path, text))
    assert "habit 1 ('walk'): 2020-08-02 is in the future (today is 2020-08-01)" in str(error)


@pytest.mark.parametrize(("text", "words"), [
    ('{"type":"Bit","name":"walk","stats":{}}', "is a list of habits"),
    ('[["walk"]]', "habit 1: each habit should be an object"),
    ('[{"type":"Bit","stats":{}}]', "habit 1: 'name' should be text"),
    ('[{"type":"Bit","name":"walk","stats":{}},{"type":"Bool","name":"run","stats":{}}]',
     "habit 2 ('run'): the type 'Bool' is not one of dijo's (Bit, Count, Float)"),
    ('[{"type":"Bit","name":"walk"}]', "habit 1 ('walk'): 'stats' should be an object of dates"),
    ('[{"type":"Bit","name":"walk","stats":[true]}]', "'stats' should be an object of dates"),
    ('[{"type":"Bit","name":"walk","stats":{"July 1":true}}]', "'July 1' in 'stats' is not a date"),
    ('[{"type":"Bit","name":"walk","stats":{"2020-02-30":true}}]',
     "'2020-02-30' in 'stats' is not a date"),
    ('[{"type":"Bit","name":"walk","stats":{"2020-07-01":1}}]',
     "the value for 2020-07-01 should be true or false"),
    ('[{"type":"Count","name":"pushups","stats":{"2020-07-01":"30"},"goal":5}]',
     "the value for 2020-07-01 should be a whole number, not '30'"),
    ('[{"type":"Count","name":"pushups","stats":{"2020-07-01":2.5},"goal":5}]',
     "should be a whole number, not 2.5"),
    ('[{"type":"Count","name":"pushups","stats":{"2020-07-01":-3},"goal":5}]', "is negative"),
    ('[{"type":"Count","name":"pushups","stats":{}}]', "a Count habit needs a 'goal'"),
    ('[{"type":"Float","name":"run","stats":{"2020-07-01":{"value":"5"}},"goal":1}]',
     "should hold a number 'value'"),
    ('[{"type":"Count","name":"pushups","stats":{},"goal":5,"auto":"no"}]',
     "'auto' should be true or false"),
    ('[{"type":"Bit","name":"' + "w" * 61 + '","stats":{}}]', "61 characters"),
    ('[{"type":"Bit","name":"walk","name":"run","stats":{}}]', "'name' appears twice"),
])
def test_malformed_habits_are_refused_with_a_path_into_the_json(tmp_path: Path, text: str,
                                                                words: str) -> None:
    error = refused(dijo_file(tmp_path, text))
    assert error.line is None
    assert words in str(error)

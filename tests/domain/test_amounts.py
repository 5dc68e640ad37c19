"""Exact amounts: typed, stored and shown without drifting."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from tracker.domain import TrackerError
from tracker.domain.amounts import format_amount, json_amount, parse_amount, step_for, stored_amount


@pytest.mark.parametrize(("typed", "value"), [
    ("2.5", Fraction(5, 2)), ("2,5", Fraction(5, 2)), ("0.002", Fraction(1, 500)), ("3", 3),
    (" 7.50 ", Fraction(15, 2)), ("100000", 100000), ("1.000", 1)])
def test_a_typed_amount_is_exact(typed: str, value: Fraction) -> None:
    assert parse_amount(typed) == value
    assert type(parse_amount("3")) is int


@pytest.mark.parametrize("typed", ["", "-1", "2.5005", "1e3", "nan", "2.", "100000.001", "½"])
def test_a_bad_amount_says_why(typed: str) -> None:
    with pytest.raises(TrackerError):
        parse_amount(typed)


@given(st.integers(min_value=0, max_value=100_000_000))
def test_every_thousandth_round_trips_through_json_and_text(thousandths: int) -> None:
    value = Fraction(thousandths, 1000)
    assert stored_amount(json.loads(json.dumps(json_amount(value)))) == value
    assert parse_amount(format_amount(value)) == value


@pytest.mark.parametrize("raw", [True, "2", 0.0005, -1, 100000.5, None, [1]])
def test_a_stored_value_that_is_no_amount_is_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        stored_amount(raw)


def test_sums_of_amounts_do_not_drift() -> None:
    tenth = parse_amount("0.1")
    assert sum([tenth] * 10) == 1  # 0.1 + … + 0.1 as floats is 0.9999999999999999


@pytest.mark.parametrize(("target", "step"), [
    ("2.5", "0.5"), ("7.5", "0.5"), ("30", "5"), ("10000", "2000"), ("2", "1"), ("1", "1"),
    ("0.002", "0.001"), ("0.5", "0.1"), ("8", "2"), ("3", "1"),
])
def test_a_step_divides_the_target(target: str, step: str) -> None:
    assert step_for(parse_amount(target)) == parse_amount(step)

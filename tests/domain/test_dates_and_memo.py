"""The shared date objects (``tracker.domain.dates``) and ``cached`` values (``memo``)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.dates import run_of_days
from tracker.domain.memo import cached

DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 1))


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(0, 400), DAYS, st.integers(0, 400))
def test_runs_of_days_are_the_days_and_the_same_objects_each_time(first: dt.date, count: int,
                                                                   other: dt.date, more: int) -> None:
    a = run_of_days(first, count)
    assert a == [first + dt.timedelta(days=i) for i in range(count)]
    run_of_days(other, more)  # the shared days may grow on either side meanwhile
    again = run_of_days(first, count)
    assert all(x is y for x, y in zip(a, again)) and len(again) == count


def test_no_days_is_an_empty_run() -> None:
    assert run_of_days(dt.date(2026, 1, 1), 0) == []


def test_a_cached_value_is_worked_out_once_per_instance() -> None:
    calls: list[int] = []

    class Thing:
        def __init__(self, n: int) -> None:
            self.n = n

        @cached
        def double(self) -> int:
            """Twice n."""
            calls.append(self.n)
            return 2 * self.n

    one, two = Thing(1), Thing(2)
    assert (one.double, one.double, two.double) == (2, 2, 4)
    assert calls == [1, 2]
    assert Thing.double.__doc__ == "Twice n."

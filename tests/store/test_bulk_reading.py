"""A bulk read pauses the cyclic garbage collector and always leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from tracker.store.reading import BULK_MONTHS, bulk_reading


@pytest.mark.parametrize("was_on", [True, False])
def test_the_collector_is_left_as_it_was_even_after_an_error(was_on: bool) -> None:
    (gc.enable if was_on else gc.disable)()
    try:
        with bulk_reading(BULK_MONTHS):
            assert not gc.isenabled()  # paused while the months are read
        assert gc.isenabled() is was_on
        with pytest.raises(ValueError), bulk_reading(BULK_MONTHS):
            raise ValueError("a damaged month")
        assert gc.isenabled() is was_on
    finally:
        gc.enable()


def test_a_read_of_a_few_months_leaves_the_collector_alone() -> None:
    with bulk_reading(BULK_MONTHS - 1):
        assert gc.isenabled()


def test_what_was_read_is_still_collected_when_it_is_garbage() -> None:
    class Node:
        other: object = None

    with bulk_reading(BULK_MONTHS):
        first, second = Node(), Node()
        first.other, second.other = second, first  # a cycle, then dropped
        del first, second
    assert gc.collect() >= 2  # a full collection still finds it

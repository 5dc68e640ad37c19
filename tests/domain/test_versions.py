"""Versions merge whatever order a sync tool delivers copies in: later wins, per record."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from tracker.domain.versions import Stamp, Version, latest_time, merged, next_time

devices = st.sampled_from(["A5IHUIT", "B7QK2MX", "C0FFEE1"])
stamps = st.builds(Stamp, st.integers(min_value=0, max_value=50), devices)
versions = st.builds(Version, st.none() | st.integers(min_value=0, max_value=3), stamps)
copies = st.dictionaries(st.sampled_from(["journal", "walk", ("journal", "2026-11-26")]),
                         versions, max_size=3)


@given(copies, copies)
def test_merging_is_commutative(a, b) -> None:
    assert merged([a, b]) == merged([b, a])


@given(copies, copies, copies)
def test_merging_is_associative(a, b, c) -> None:
    assert merged([merged([a, b]), c]) == merged([a, merged([b, c])])


@given(copies, copies)
def test_merging_is_idempotent(a, b) -> None:
    once = merged([a, b])
    assert merged([once, a]) == once and merged([once, once]) == once


@given(copies, copies)
def test_every_record_is_kept_at_its_latest_version(a, b) -> None:
    both = merged([a, b])
    assert set(both) == set(a) | set(b)
    for key, version in both.items():
        assert version.stamp == max(c[key].stamp for c in (a, b) if key in c)


def test_a_removal_is_a_version_and_is_not_brought_back() -> None:
    kept = {"walk": Version(1, Stamp(10, "A5IHUIT"))}
    removed = {"walk": Version(None, Stamp(11, "B7QK2MX"))}
    assert merged([kept, removed])["walk"].value is None
    assert merged([removed, kept, kept])["walk"].value is None


def test_two_devices_at_the_same_time_never_tie() -> None:
    a, b = Version(1, Stamp(10, "A5IHUIT")), Version(2, Stamp(10, "B7QK2MX"))
    assert merged([{"d": a}, {"d": b}]) == merged([{"d": b}, {"d": a}]) == {"d": b}


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=10**13))
def test_a_new_version_is_later_than_all_it_has_seen_whatever_the_wall_clock(wall, seen) -> None:
    time = next_time(wall, seen)
    assert time > seen and time >= wall


def test_a_device_a_day_behind_still_replaces_what_it_has_seen() -> None:
    day = 24 * 3600 * 1000
    ahead = {"journal": Version(1, Stamp(1_800_000_000_000, "A5IHUIT"))}
    behind_wall = 1_800_000_000_000 - day
    edit = Version(0, Stamp(next_time(behind_wall, latest_time([ahead])), "B7QK2MX"))
    assert merged([ahead, {"journal": edit}])["journal"] == edit


@pytest.mark.parametrize("raw", [None, [], [1], ["1", "A"], [-1, "A"], [True, "A"], [1, ""],
                                 [1, "A", 3], "1 A"])
def test_a_stored_stamp_that_does_not_read_is_refused(raw) -> None:
    with pytest.raises(ValueError):
        Stamp.from_list(raw)


def test_a_stamp_reads_back() -> None:
    stamp = Stamp(1_764_000_000_000, "A5IHUIT")
    assert Stamp.from_list(stamp.to_list()) == stamp

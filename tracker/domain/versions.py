"""Versions of a record, so that copies of the data kept on several devices merge.

Every record (a habit, one habit's day) carries a ``Stamp``: when it last changed, on a
hybrid logical clock, and on which device. Merging copies keeps, for each record, the
version with the later stamp; a removal is a version too (its value is None), so a merge
never brings back what was removed. Taking the later of two versions is commutative,
associative and idempotent, so copies that a sync tool delivers in any order, any number
of times, end up the same.

The clock is hybrid: a change is stamped with the wall clock, but always later than every
stamp already seen, so a device whose clock runs behind still orders its new changes
after the ones it has seen (and so after the older ones it is replacing).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

from ..structs import struct

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


@struct(frozen=True, order=True)
class Stamp:
    """When (``time``: milliseconds on the hybrid clock) and where a version was made;
    ordered by time, then by device, so two devices never tie."""

    time: int
    device: str

    def to_list(self) -> list[object]:
        return [self.time, self.device]

    @classmethod
    def from_list(cls, raw: object) -> Stamp:
        """A stored stamp, or ``ValueError``."""
        if (not isinstance(raw, list) or len(raw) != 2 or not isinstance(raw[0], int)
                or isinstance(raw[0], bool) or raw[0] < 0
                or not isinstance(raw[1], str) or not raw[1]):
            raise ValueError(f"a version stamp reads {raw!r}")
        return cls(raw[0], raw[1])


def next_time(wall_ms: int, latest_seen: int) -> int:
    """The time for a new version: the wall clock, unless a stamp already seen is as late
    or later (another device's clock ahead, or this one set back) — then just after it."""
    return max(wall_ms, latest_seen + 1)


@struct(frozen=True)
class Version(Generic[T]):
    """One version of a record: its value (None when the record was removed) and stamp."""

    value: T | None
    stamp: Stamp


def later(a: Version[T], b: Version[T]) -> Version[T]:
    """The later version. Equal stamps with different values cannot come from one
    device's clock, but a hand-copied folder could make them: the choice is still the
    same whichever comes first."""
    if a.stamp != b.stamp:
        return a if a.stamp > b.stamp else b
    return a if repr(a.value) >= repr(b.value) else b


def merged(copies: Iterable[Mapping[K, Version[T]]]) -> dict[K, Version[T]]:
    """Every record of every copy, each at its latest version (removals included)."""
    result: dict[K, Version[T]] = {}
    for copy in copies:
        for key, version in copy.items():
            held = result.get(key)
            result[key] = version if held is None else later(held, version)
    return result


def latest_time(copies: Iterable[Mapping[K, Version[T]]]) -> int:
    """The latest time any version in ``copies`` carries (0 when there are none)."""
    return max((v.stamp.time for copy in copies for v in copy.values()), default=0)

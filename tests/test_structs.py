"""Structs behave as the dataclasses they replaced: the same ``__init__``, ``__repr__``,
equality, hashing and ordering, frozen fields, defaults and factories, ``__post_init__``
and ``replace``, checked against ``dataclasses`` on the same declarations."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.structs import FrozenInstanceError, field, fields, replace, struct


@struct(frozen=True, order=True)
class Point:
    x: int
    y: str = "a"
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, order=True)
class DataPoint:
    x: int
    y: str = "a"
    tags: tuple[str, ...] = ()


@struct
class Box:
    items: list[int] = field(default_factory=list)
    label: str = ""
    hidden: int = field(default=0, repr=False, compare=False)
    LIMIT: ClassVar[int] = 3


points = st.tuples(st.integers(-3, 3), st.sampled_from("ab"),
                   st.lists(st.sampled_from("pq"), max_size=2).map(tuple))


@given(points, points)
def test_equality_hashing_order_and_repr_match_a_dataclass(a: tuple, b: tuple) -> None:
    ra, rb, da, db = Point(*a), Point(*b), DataPoint(*a), DataPoint(*b)
    assert (ra == rb) == (da == db)
    assert (ra < rb, ra <= rb, ra > rb, ra >= rb) == (da < db, da <= db, da > db, da >= db)
    assert hash(ra) == hash(da) and hash(rb) == hash(db)
    assert repr(ra) == repr(da).replace("DataPoint", "Point")
    assert replace(ra, y="b") == Point(a[0], "b", a[2])


def test_arguments_are_taken_and_refused_as_by_a_dataclass() -> None:
    assert Point(1) == Point(x=1, y="a", tags=())
    assert Point(1, tags=("p",)).tags == ("p",)
    for bad in (lambda: Point(), lambda: Point(1, "a", (), 4), lambda: Point(1, x=2),
                lambda: Point(1, z=2), lambda: replace(Point(1), z=2)):
        with pytest.raises(TypeError):
            bad()
    assert Point(1) != DataPoint(1) and Point(1) != (1, "a", ())
    with pytest.raises(TypeError):
        _ = Point(1) < DataPoint(1)  # type: ignore[operator]  # the mismatch is the point


@struct
class Pair:
    first: str
    second: str
    count: int = 0
    seen: list[int] = field(default_factory=list)


@dataclasses.dataclass
class DataPair:
    first: str
    second: str
    count: int = 0
    seen: list[int] = dataclasses.field(default_factory=list)


@struct
class Trio:  # no factory: a call giving every field by position is one update
    first: str
    second: str
    count: int = 0


@dataclasses.dataclass
class DataTrio:
    first: str
    second: str
    count: int = 0


calls = st.tuples(st.lists(st.sampled_from(["a", "b", 1]), max_size=5),
                  st.dictionaries(st.sampled_from(["first", "second", "count", "seen", "other"]),
                                  st.sampled_from(["x", 2]), max_size=4))


@given(calls)
def test_any_call_is_taken_or_refused_as_a_dataclass_takes_it(call: tuple) -> None:
    args, kwargs = call
    outcomes = []
    for cls in (Pair, DataPair):
        try:
            made = cls(*args, **kwargs)
        except TypeError:
            outcomes.append(None)
        else:
            outcomes.append((made.first, made.second, made.count, made.seen))
    assert outcomes[0] == outcomes[1]
    kwargs.pop("seen", None)
    trios = []
    for cls in (Trio, DataTrio):
        try:
            made = cls(*args[:4], **kwargs)
        except TypeError:
            trios.append(None)
        else:
            trios.append((made.first, made.second, made.count, sorted(vars(made))))
    assert trios[0] == trios[1]


def test_frozen_fields_cannot_change_and_mutable_structs_are_not_hashable() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]  # the refusal is the point
    with pytest.raises(AttributeError):
        del point.x  # type: ignore[misc]
    box = Box()
    box.label = "b"
    assert box.label == "b"
    with pytest.raises(TypeError):
        hash(box)


def test_factories_make_a_new_value_each_time_and_options_are_kept() -> None:
    first, second = Box(), Box()
    first.items.append(1)
    assert second.items == [] and Box.LIMIT == 3
    assert [one.name for one in fields(Box)] == ["items", "label", "hidden"]
    assert Box(hidden=5) == Box(hidden=6)
    assert repr(Box([1], "x", 9)) == "Box(items=[1], label='x')"
    assert Point.__match_args__ == ("x", "y", "tags")  # type: ignore[attr-defined]


def test_post_init_runs_after_every_field_is_set() -> None:
    seen = []

    @struct(frozen=True)
    class Checked:
        value: int
        twice: int = 0

        def __post_init__(self) -> None:
            seen.append((self.value, self.twice))
            object.__setattr__(self, "twice", self.value * 2)

    assert Checked(3).twice == 6 and replace(Checked(3), value=4).twice == 8
    assert seen == [(3, 0), (3, 0), (4, 6)]


def test_declarations_dataclasses_refuse_are_refused() -> None:
    with pytest.raises(ValueError):
        @struct
        class Shared:
            items: list[int] = []  # noqa: RUF012  # the mistake refused

    with pytest.raises(TypeError):
        @struct
        class Misordered:
            a: int = 0
            b: int  # type: ignore[misc]  # the mistake refused


def test_structs_load_nothing_at_import() -> None:
    """The point of them: no ``dataclasses``, ``inspect`` or ``typing`` for a short command."""
    code = ("import sys; before = set(sys.modules); import tracker.structs\n"
            "print(sorted(set(sys.modules) - before - {'tracker', 'tracker.structs'}))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert not {"dataclasses", "inspect", "typing"} & set(eval(loaded))  # noqa: S307  # our own printout

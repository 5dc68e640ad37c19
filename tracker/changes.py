"""What one change is made of, and how every change is made: under the lock, on top of
what is on disk now."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

if TYPE_CHECKING:
    from .service import Tracker


@dataclass
class Change:
    """Before-images of what one request touched: enough to put everything back."""

    label: str
    habits: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    checkins: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)

    def to_entry(self) -> dict[str, Any]:
        return {"label": self.label, "habits": self.habits,
                "checkins": [list(item) for item in self.checkins]}


P = ParamSpec("P")
R = TypeVar("R")


def writes(method: Callable[Concatenate[Tracker, P], R]) -> Callable[Concatenate[Tracker, P], R]:
    """A change: made under the data's lock, on top of whatever others wrote before it
    (compare and swap: a stale copy is never written over the newer one)."""

    @functools.wraps(method)
    def change(self: Tracker, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.store.locked():
            self.refresh()
            return method(self, *args, **kwargs)

    return change

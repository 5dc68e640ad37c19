"""Spies on a method: what a test notes of each call from now on, the call going on as
before (undone by pytest's ``monkeypatch`` at the test's end)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

T = TypeVar("T")


def calls(monkeypatch: pytest.MonkeyPatch, owner: type, name: str,
          noted: Callable[..., T]) -> list[T]:
    """What ``noted`` makes of the arguments of each call of ``owner.name`` (a method or a
    class method: ``noted`` is given ``self`` or ``cls`` first, as the method is)."""
    seen: list[T] = []
    found = inspect.getattr_static(owner, name)
    plain = found.__func__ if isinstance(found, classmethod) else found

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(noted(*args, **kwargs))
        return plain(*args, **kwargs)

    monkeypatch.setattr(owner, name, classmethod(spy) if isinstance(found, classmethod) else spy)
    return seen

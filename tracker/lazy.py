"""Package names that load their module on first use, so the app paints before it computes.

``tracker.domain`` and ``tracker.store`` re-export their public names; importing every
module behind them up front costs tens of milliseconds (dateutil, TinyDB, the classes) that
the first frame does not need. ``from tracker.domain import Habit`` still works: Python
asks the package's ``__getattr__`` (PEP 562), which imports ``habits`` then.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that finds each exported name in its home module."""
    namespace = import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        try:
            home = homes[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(import_module(f"{package}.{home}"), name)
        namespace[name] = value  # found once; later lookups are plain attribute reads
        return value

    return __getattr__

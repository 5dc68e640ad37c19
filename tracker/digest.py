"""Hex digests (SHA-1, SHA-256) from CPython's own built-in hash modules (standard
library only: the domain and a shell prompt's quick answer use it).

``hashlib`` loads OpenSSL's library as it is imported, which costs a short command
about 3 ms; the interpreter's built-in modules give the same digests without it. A build
without them falls back to ``hashlib``.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # mypy reads this name as True; typing itself is not loaded
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Where each digest lives: the built-in module(s), newest name first, then hashlib.
_HOMES = {"sha1": ("_sha1", "hashlib"), "sha256": ("_sha2", "_sha256", "hashlib")}
_found: dict[str, Callable[[bytes], Any]] = {}


def hex_digest(name: str, data: bytes) -> str:
    """The hex digest of ``data`` by ``name`` ("sha1" or "sha256"), as hashlib gives it."""
    make = _found.get(name)
    if make is None:
        for home in _HOMES[name]:
            try:
                make = getattr(import_module(home), name)
                break
            except (ImportError, AttributeError):
                continue
        else:  # hashlib itself always has them
            raise LookupError(name)
        _found[name] = make
    return str(make(data).hexdigest())

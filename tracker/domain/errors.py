"""The one error type the domain raises, so every caller can turn it into a clear message."""

from __future__ import annotations


class TrackerError(Exception):
    """A user-facing problem: bad input, an unknown habit, a refused change.

    Its text is shown to the person as it is, so it must read as one plain sentence.
    """

"""A polite note shown instead of a cramped layout when the terminal is below 80×24."""

from __future__ import annotations

from textual.widgets import Static


class TooSmall(Static):
    def __init__(self) -> None:
        super().__init__("Trust Tracker needs a terminal of at least 80 × 24.\n"
                         "Please make this window a little larger.", id="too-small")

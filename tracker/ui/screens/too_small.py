"""A polite note shown over everything while the terminal is below 80×24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Covers the app until the window is large enough again; the app then takes it away
    and the person is back where they were (a dialog included)."""

    def compose(self) -> ComposeResult:
        yield Static("Trust Tracker needs a terminal of at least 80 × 24.\n"
                     "Please make this window a little larger.", id="too-small")

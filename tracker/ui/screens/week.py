"""The week: placeholder until its screen lands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class WeekScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The week view is coming.", id="body")
        yield Footer()

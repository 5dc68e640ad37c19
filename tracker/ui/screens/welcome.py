"""First run: placeholder until the welcome screen lands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class WelcomeScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Start empty", id="welcome.skip")]

    def compose(self) -> ComposeResult:
        yield Static("Welcome to Trust Tracker.", id="body")

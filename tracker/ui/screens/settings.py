"""Settings: placeholder until the settings screen lands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static


class SettingsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="settings.close")]

    def compose(self) -> ComposeResult:
        yield Static("Settings are coming.", classes="dialog")

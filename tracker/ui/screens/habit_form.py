"""Add / edit a habit: placeholder until the dialog lands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain import Habit


class HabitForm(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="dialog.cancel")]

    def __init__(self, habit: Habit | None = None) -> None:
        super().__init__()
        self.habit = habit

    def compose(self) -> ComposeResult:
        yield Static("The habit form is coming.", classes="dialog")

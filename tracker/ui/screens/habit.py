"""Habit detail: placeholder until its screen lands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class HabitScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="habit.back")]

    def __init__(self, habit_id: str) -> None:
        super().__init__()
        self.habit_id = habit_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Habit details are coming.", id="body")
        yield Footer()

"""The amount dialog: type a measured habit's exact amount for one day ("2.5", "0")."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from ...domain import Habit, TrackerError
from ...domain.amounts import Amount, format_amount, parse_amount
from ..plain import filled, plain
from .saving import SavingDialog


class AmountDialog(SavingDialog):
    def __init__(self, habit: Habit, day: dt.date, value: Amount | None) -> None:
        super().__init__()
        self.habit, self.day, self.value = habit, day, value

    def compose(self) -> ComposeResult:
        habit = self.habit
        with Vertical(classes="dialog", id="amount-dialog"):
            yield Label(filled("[b]$name[/] · $day", name=habit.name, day=f"{self.day:%A %d %B}"),
                        classes="dialog-title")
            yield Label(filled("The goal: $goal. The amount (like 2.5; 0 is none):",
                               goal=habit.goal_text))
            with Horizontal(classes="form-row"):
                yield Input("" if self.value is None else format_amount(self.value),
                            id="amount", restrict=r"[0-9.,]*", compact=True, classes="amount")
                yield Label(filled("$unit", unit=habit.unit), classes="form-after")
            yield Label("", id="amount-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Label("enter saves · escape cancels", classes="dialog-hint")
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self) -> None:
        self.query_one("#amount-error", Label).update("")  # the mistake is being fixed

    def action_save(self) -> None:
        text = self.query_one(Input).value
        habit, day = self.habit, self.day
        try:
            amount = parse_amount(text) if text.strip() else None
        except TrackerError as err:
            self.query_one("#amount-error", Label).update(plain(err))
            return  # the typed text stays where it is

        def saved(_: object) -> None:
            if self.is_active:  # not closed with escape meanwhile
                self.dismiss()

        if amount is None:
            self.app.change(lambda t: t.uncheck(habit, day), saved,
                            message=f"{habit.name}: amount cleared")
        else:
            self.app.change(lambda t: t.check(habit, day, amount), saved,
                            message=f"{habit.name}: {habit.amount_text(amount)} recorded")

"""The note dialog: a few lines of journal for one habit on one day."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from ...domain import Habit
from ...domain.habits import NOTE_MAX
from ..plain import filled, shown
from .saving import SavingDialog


class NoteDialog(SavingDialog):
    def __init__(self, habit: Habit, day: dt.date, note: str) -> None:
        super().__init__()
        self.habit, self.day, self.note = habit, day, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(filled("[b]$name[/] · $day", name=self.habit.name,
                               day=f"{self.day:%A %d %B}"), classes="dialog-title")
            yield Label("A line or two for your journal (ctrl+s saves, escape cancels).")
            # a stored note with a control character in it shows (and saves) it replaced
            yield TextArea(shown(self.note, lines=True), id="note-text", soft_wrap=True)
            yield Label("", id="note-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if len(text.strip()) > NOTE_MAX:
            self.query_one("#note-error", Label).update(
                f"That note is {len(text.strip())} characters; keep it to {NOTE_MAX}.")
            return  # the typed text stays where it is
        habit, day = self.habit, self.day

        def saved(_: object) -> None:
            if self.is_active:  # not closed with escape meanwhile
                self.dismiss()

        self.app.change(lambda t: t.note(habit, day, text), saved, message="Note saved")

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
    DISCARD = "Discard this note?"  # escape asks, once the text was changed

    def __init__(self, habit: Habit, day: dt.date, note: str) -> None:
        super().__init__()
        self.habit, self.day, self.note = habit, day, note
        self._start = shown(note, lines=True)  # what the box starts with
        self._refused = ""  # why the last save was refused, while it still holds

    def compose(self) -> ComposeResult:
        ascii_only = self.app.ascii_only
        with Vertical(classes="dialog"):
            yield Label(filled("[b]$name[/] · $day", name=self.habit.name,
                               day=f"{self.day:%A %d %B}", ascii_only=ascii_only),
                        classes="dialog-title")
            yield Label("A line or two for your journal.")
            # a stored note with a control character in it shows (and saves) it replaced
            yield TextArea(self._start, id="note-text", soft_wrap=True)
            yield Label("", id="note-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Label(filled("ctrl+s saves · escape cancels", ascii_only=ascii_only),
                            classes="dialog-hint")
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def _too_long(self) -> str:
        length = len(self.query_one(TextArea).text.strip())
        return f"That note is {length} characters; keep it to {NOTE_MAX}." if length > NOTE_MAX else ""

    def on_text_area_changed(self) -> None:
        """A message about the length goes once the note is short enough again."""
        if self._refused:
            self._refused = self._too_long()
            self.query_one("#note-error", Label).update(self._refused)

    def unsaved(self) -> bool:
        return self.query_one(TextArea).text != self._start

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        self._refused = self._too_long()
        if self._refused:
            self.query_one("#note-error", Label).update(self._refused)
            return  # the typed text stays where it is
        habit, day = self.habit, self.day

        def saved(_: object) -> None:
            if self.is_active:  # not closed with escape meanwhile
                self.dismiss()

        self.app.change(lambda t: t.note(habit, day, text), saved, message="Note saved")

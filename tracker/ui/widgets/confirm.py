"""A small yes/no question over the current screen; dismisses with True or False."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label

from ..plain import plain
from ..screens.dialog import Dialog


class ConfirmDialog(Dialog[bool]):
    BINDINGS = [Binding("y", "answer(True)", "Yes", id="dialog.yes"),
                Binding("n,escape", "answer(False)", "No", id="dialog.no")]

    def __init__(self, question: str | Content, detail: str | Content = "", yes: str = "Yes") -> None:
        """A ``str`` is shown as it is (never read as markup); styled words come as Content
        (see ``plain.filled``)."""
        super().__init__()
        self.question, self.detail, self.yes = question, detail, yes

    def compose(self) -> ComposeResult:
        ascii_only = bool(getattr(self.app, "ascii_only", False))
        question, detail = (text if isinstance(text, Content) else plain(text, ascii_only=ascii_only)
                            for text in (self.question, self.detail))
        with Vertical(classes="dialog confirm"):
            yield Label(question, classes="dialog-title")
            if detail:
                yield Label(detail)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning", compact=True)
                yield Button("No (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

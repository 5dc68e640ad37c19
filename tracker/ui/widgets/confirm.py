"""A small yes/no question over the current screen; dismisses with True or False."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from ..plain import plain
from ..styles import stylesheet


class ConfirmDialog(ModalScreen[bool]):
    CSS_PATH = stylesheet("dialogs.tcss")  # loaded when first shown
    BINDINGS = [Binding("y", "answer(True)", "Yes", id="dialog.yes"),
                Binding("n,escape", "answer(False)", "No", id="dialog.no")]

    def __init__(self, question: str | Content, detail: str | Content = "", yes: str = "Yes") -> None:
        """A ``str`` is shown as it is (never read as markup); styled words come as Content
        (see ``plain.filled``)."""
        super().__init__()
        self.question = question if isinstance(question, Content) else plain(question)
        self.detail = detail if isinstance(detail, Content) else plain(detail)
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Label(self.question, classes="dialog-title")
            if self.detail:
                yield Label(self.detail)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

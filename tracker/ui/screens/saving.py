"""What every dialog that saves shares: escape cancels; ctrl+s, enter in a box and the
Save button save; its own keys in the footer."""

from __future__ import annotations

from textual import getters
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from ..app import TrustTrackerApp
from ..styles import stylesheet


class SavingDialog(ModalScreen[None]):
    app = getters.app(TrustTrackerApp)

    CSS_PATH = stylesheet("dialogs.tcss")  # loaded when first shown
    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="dialog.cancel"),
                Binding("ctrl+s", "save", "Save", id="dialog.save")]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss()

    def action_save(self) -> None:
        raise NotImplementedError  # each dialog saves its own

"""What every dialog that saves shares: escape and the Cancel button cancel (asking first
when ``unsaved()`` says typed work would be lost); ctrl+s, enter in a box and the Save
button save; its own keys in the footer (see ``Dialog``)."""

from __future__ import annotations

from textual import getters
from textual.binding import Binding
from textual.widgets import Button, Input

from ..app import TrustTrackerApp
from .dialog import Dialog


class SavingDialog(Dialog[None]):
    app = getters.app(TrustTrackerApp)

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
                Binding("ctrl+s", "save", "Save", id="dialog.save")]
    DISCARD = "Discard what you typed?"  # the question escape asks when ``unsaved()``

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        raise NotImplementedError  # each dialog saves its own

    def unsaved(self) -> bool:
        """Whether closing now would throw away something typed (asked before closing)."""
        return False

    def action_cancel(self) -> None:
        if not self.is_active:
            return  # a question is open over the dialog already
        if not self.unsaved():
            self.dismiss()
            return
        from ..widgets.confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(ConfirmDialog(self.DISCARD, yes="Discard"), answered)

"""A polite note shown over everything while the terminal is below 80×24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from ...ascii_text import marks
from ..plain_marks import key_names

NOTE = ("Trust Tracker needs a terminal of at least 80 × 24.\n"
        "Please make this window a little larger, or press {quit} to quit.")
QUIT = Binding("q", "app.quit", "Quit", id="quit")  # the app's id: remapped with it


class TooSmallScreen(ModalScreen[None]):
    """Covers the app until the window is large enough again; the app then takes it away
    and the person is back where they were (a dialog included). Only q works meanwhile.
    (Its look is in app.tcss: opaque, whatever was shown before it.)"""

    BINDINGS = [QUIT]

    def compose(self) -> ComposeResult:
        app = self.app
        ascii_only = bool(getattr(app, "ascii_only", False))
        keymap: dict[str, str] = getattr(getattr(app, "settings", None), "keys", {})
        note = NOTE.format(quit=key_names(app, QUIT, keymap))
        yield Static(marks(note, ascii_only=ascii_only), id="too-small", markup=False)

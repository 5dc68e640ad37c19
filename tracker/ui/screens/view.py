"""What every full view shares: the app's header, the view's body, the keys that work here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen

from ..plain_marks import MarksHeader
from ..widgets.footer import KeysFooter


class ViewScreen(Screen[None]):
    """Today, Week, the Loop and a habit's page: each fills in ``compose_body`` only."""

    def compose(self) -> ComposeResult:
        yield MarksHeader()
        with Vertical(id="body"):
            yield from self.compose_body()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

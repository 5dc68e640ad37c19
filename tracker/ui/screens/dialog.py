"""What every dialog shares: it floats over the screen it came from, its styles are its own
(styles/dialogs.tcss scopes every rule to ``Dialog``, so nothing reaches another screen
once a dialog has been shown), and its footer shows its own keys, not the screen's behind."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events, on
from textual.app import CSSPathType
from textual.screen import ModalScreen

from ..styles import stylesheet
from ..widgets.footer import KeysFooter

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    CSS_PATH: ClassVar[CSSPathType | None] = stylesheet("dialogs.tcss")  # with the first dialog

    @on(events.Mount)
    async def _add_footer(self) -> None:
        """After the dialog's own ``on_mount`` (Textual calls each class's; that one focuses
        the first field): the footer, with the keys that work here."""
        if not self.query(KeysFooter):
            await self.mount(KeysFooter())
            self.refresh_bindings()  # the footer was not there when the focus first moved

"""Textual's Footer, compact, and rebuilt only when the keys it shows change. Every view
and every dialog has one (screens/dialog.py), so it shows the keys of what is in front."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

Shown = tuple[tuple[str, str, bool, str], ...]


class KeysFooter(Footer):
    """A compact Footer that rebuilds only when the set of keys shown really changes.

    Its keys (a widget each) come after what the person came for: the app sets
    ``keys_shown`` and asks again once today's habits are painted (or soon after the
    first frame, should the data be slow); an app without ``keys_shown`` gets them at
    once. The stock Footer then rebuilds and restyles every key each time the screen
    announces its bindings, which happens several times as a screen starts (mount,
    focus, layout) with the same keys each time; here those repeats cost nothing.
    """

    def __init__(self) -> None:
        # ctrl+p is named on Today's hint line and in help: the footer keeps its room for
        # this screen's keys, so they fit at 80 columns.
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Shown | None = None

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # born compact, so the key's own watcher finds nothing to restyle
                widget.set_class(True, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if not getattr(self.app, "keys_shown", True):
            return  # today's habits go out first; the app asks again then
        self._bindings_ready = True  # the stock Footer's flag: keys may now be composed
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        shown = self._keys_now() if self.is_attached else self._shown
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _keys_now(self) -> Shown:
        """What the footer would show: each key by its name (so a key remapped in the
        settings, or named in ASCII once plain marks are on, rebuilds it)."""
        display = self.app.get_key_display
        return tuple((display(binding), binding.description, enabled, tooltip)
                     for _, binding, enabled, tooltip in self.screen.active_bindings.values()
                     if binding.show)

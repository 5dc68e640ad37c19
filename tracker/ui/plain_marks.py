"""What the app draws with plain marks on (the ``ascii_glyphs`` setting): ASCII only.

The app sets ``ascii_only`` (a reactive) from the settings; from it, borders drawn through
the ``$edge-*`` CSS variables become ``ascii`` (``border: $edge-round $primary`` is round,
or +-|), the scrollbars draw whole cells, the header's icon and title, the keys' names and
the command palette's icon are ASCII, and the app gets the class ``-plain`` for the rules
that redraw Textual's own widgets (styles/app.tcss). The widgets that show a state
(radio buttons, checkboxes, the welcome's picks, a Select's arrow) are in widgets/marks.py.

Light on purpose: the app imports it before its first frame.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Mapping

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette, SearchIcon
from textual.css.query import NoMatches
from textual.keys import format_key
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widget import Widget
from textual.widgets import Header

from ..ascii_text import marks

# Border types our stylesheets name through variables: ``border: $edge-round $primary``.
EDGES = ("round", "solid", "thick", "heavy", "double", "tall", "wide", "outer", "dashed")


def edge_variables(ascii_only: bool) -> dict[str, str]:
    return {f"edge-{edge}": "ascii" if ascii_only else edge for edge in EDGES}


def follow_marks(widget: Widget, show: Callable[[bool], None]) -> None:
    """Call ``show(ascii_only)`` now and each time plain marks are switched on or off."""
    if hasattr(widget.app, "ascii_only"):
        widget.watch(widget.app, "ascii_only", show, init=True)
    else:  # an app without the setting (a widget tried on its own): Unicode
        show(False)


class PlainScrollBarRender(ScrollBarRender):
    """A scrollbar in whole cells: no eighth-blocks at its ends."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def use_plain_scrollbars(ascii_only: bool) -> None:
    """Textual's one switch for how every scrollbar draws (one app runs at a time)."""
    ScrollBar.renderer = PlainScrollBarRender if ascii_only else ScrollBarRender


def plain_key_display(binding: Binding, display: str) -> str:
    """A key's name in ASCII: Textual's own names where it draws a symbol ("up", not ↑)."""
    if display.isascii():
        return display
    modifiers, key = binding.parse_key()
    name = format_key(key)
    name = name if name.isascii() else key
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        name = f"^{name}"
    return marks("+".join([*modifiers, name]), ascii_only=True)


def key_names(app: App[Any], binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys that run ``binding`` now, as the footer names them ("space / x"): the
    settings' [keys] table (``keymap``) remaps a binding by its id."""
    remapped = keymap.get(binding.id, "") if binding.id else ""
    keys = [key.strip() for key in (remapped or binding.key).split(",") if key.strip()]
    if len(keys) == 1 and not remapped:
        return app.get_key_display(binding)  # its own key_display, if it has one
    return " / ".join(app.get_key_display(binding.with_key(key, key_display=None))
                      for key in keys)


class MarksHeader(Header):
    """The app's Header, its icon an ``o`` in plain marks (the title: App.format_title)."""

    ICONS: ClassVar[tuple[str, str]] = ("⭘", "o")

    def on_mount(self) -> None:
        follow_marks(self, self._use_marks)

    def _use_marks(self, ascii_only: bool) -> None:
        self.icon = self.ICONS[ascii_only]


class MarksCommandPalette(CommandPalette):
    """The command palette; in plain marks its search icon and placeholder are ASCII."""

    def __init__(self, *, ascii_only: bool) -> None:
        super().__init__(id="--command-palette",
                         placeholder=marks("Search for commands…", ascii_only=ascii_only))
        self._ascii = ascii_only

    def on_mount(self) -> None:
        if self._ascii:
            try:
                self.query_one(SearchIcon).icon = ">"
            except NoMatches:  # a later Textual without the icon: nothing to redraw
                pass

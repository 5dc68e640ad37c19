"""Text a person typed or imported, ready to show: never markup, never a control character.

Habit names, who an action is for, reasons, tags, notes, imported strings and the error
messages that quote them reach the screen only through these helpers. ``plain`` is the
usual one; ``filled`` puts such text into a markup template of our own (the values are
inserted as text, never read as markup); ``plain_text`` is for widgets that take Rich
``Text`` (the week grid's cells, Today's rows); ``shown`` is the bare string, for
notifications (shown with ``markup=False``) and for text measured or cut before display.

Each takes ``ascii_only`` (pass ``self.app.ascii_only``): with plain marks on, the text comes
out in ASCII only (``glyphs.marks``), the user's and, in ``filled``, the template's too. Our
own text that goes nowhere near these helpers goes through ``glyphs.marks`` itself.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from ..domain.text import printable
from ..ascii_text import marks


def shown(text: object, *, lines: bool = False, ascii_only: bool = False) -> str:
    """``text`` with every character a terminal could act on replaced (``lines`` keeps
    line breaks, for notes and messages of several lines)."""
    return marks(printable(str(text), lines=lines), ascii_only=ascii_only)


def plain(text: object, style: str = "", *, lines: bool = False,
          ascii_only: bool = False) -> Content:
    """User text as Content: shown as typed, never read as markup."""
    content = Content(shown(text, lines=lines, ascii_only=ascii_only))
    return content.stylize(style) if style else content


def filled(template: str, *, ascii_only: bool = False, **values: object) -> Content:
    """Our own markup with user text in its ``$name`` slots, e.g.
    ``filled("[b]$name[/] · for $who", name=habit.name, who=habit.for_whom)``."""
    return Content.from_markup(marks(template, ascii_only=ascii_only),
                               **{key: shown(value, ascii_only=ascii_only)
                                  for key, value in values.items()})


def plain_text(text: object, style: str = "", *, lines: bool = False,
               ascii_only: bool = False) -> Text:
    """User text as Rich Text (for widgets built on Rich renderables)."""
    return Text(shown(text, lines=lines, ascii_only=ascii_only), style=style)

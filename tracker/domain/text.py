"""Text a person typed or imported, made safe to show.

Names, notes and imported strings are shown as they are, never read as markup (that is
the screens' job: ``Content``/``markup=False``). What no terminal should ever receive from
them is a control character: an escape sequence can retitle the window, clear the screen
or worse. ``printable`` replaces every such character; ``is_hidden`` is the rule that
typed text is refused by.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"
_KEPT = frozenset(" \u200d")  # a plain space, and the joiner inside emoji sequences


def is_hidden(ch: str) -> bool:
    """Invisible, control or direction-flipping characters (not emoji joiners, tabs or
    newlines): the ones refused in typed text."""
    return not ch.isprintable() and ch not in "\n\t" and ch not in _KEPT


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` with every character a terminal could act on replaced: control and format
    characters, lone surrogates, and (unless ``lines``) line breaks. Tabs become spaces.
    Text with nothing to replace is given back as it is, checked in one C call (lines
    joined: a day's list of due habits is hundreds of lines, each printable)."""
    if text.isprintable() or (lines and text.replace("\n", "").isprintable()):
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch in _KEPT:
            out.append(ch)
        elif ch == "\n" and lines:
            out.append(ch)
        elif ch in "\t\n\r" or ch.isspace():
            out.append(" ")
        else:
            out.append(REPLACEMENT)
    return "".join(out)

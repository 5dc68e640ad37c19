"""Text in plain ASCII, for the ``ascii_glyphs`` setting ("plain marks"): the ASCII reading
of each typographic mark our text uses, and the nearest ASCII for anything else.

Pure text, nothing of the domain: the app loads it before its first frame. The day marks
themselves are in tracker.glyphs, which re-exports what is here.
"""

from __future__ import annotations

import unicodedata

# The ASCII reading of every mark our own text uses. Most keep their width (one cell);
# "…" and the arrows take more, so text cut to a width is cut after ``marks()``, or with
# ``ellipsis()``.
PLAIN = {
    # the day marks as glyphs.ASCII draws them ("✓ kept" reads "+ kept"); but in running
    # text "·" parts words (the day mark itself is drawn from glyphs.ASCII, as ".")
    "✓": "+", "◐": "/", "○": "o",
    "…": "...", "—": "-", "–": "-", "‒": "-", "−": "-", "·": "-", "•": "*", "×": "x",
    "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇧": "shift", "⏎": "enter", "⌫": "bksp",
    "▶": ">", "◀": "<", "▲": "^", "▼": "v",
    "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "«": '"', "»": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u200b": "",
    "✎": "*", "●": "*", "◔": "1", "◑": "2", "◕": "3", "⭘": "o",
    # letters NFKD does not part into a base and an accent
    "ß": "ss", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE",
    "œ": "oe", "Đ": "D", "đ": "d", "ı": "i", "Þ": "Th", "þ": "th",
    # lines and blocks, should any reach text: a rule stays a rule, a block a block
    **dict.fromkeys("─━┄┈╌═╴╶╸╺▔▁", "-"), **dict.fromkeys("│┃┆┊╎║▏▕", "|"),
    **dict.fromkeys("┌┐└┘├┤┬┴┼╭╮╯╰┏┓┗┛┣┫┳┻╋╔╗╚╝", "+"),
    **dict.fromkeys("▂▃", "_"), **dict.fromkeys("▄▅", "="), **dict.fromkeys("▆▇█▀▐▌▊▋▍▎▉", "#"),
}


def _plain_char(char: str) -> str:
    if char in PLAIN:
        return PLAIN[char]
    # "é" is an "e" with an accent (NFKD parts it so); anything else has no ASCII reading
    base = "".join(c for c in unicodedata.normalize("NFKD", char)
                   if c.isascii() and c.isprintable())
    if base:
        return base
    if unicodedata.combining(char):
        return ""
    return "??" if unicodedata.east_asian_width(char) in "WF" else "?"  # as many cells


def marks(text: str, *, ascii_only: bool) -> str:
    """``text`` as the chosen marks draw it: unchanged, or (plain marks) in ASCII only.

    Safe on our own markup (its tags are ASCII) and on text already made ``shown``."""
    if not ascii_only or text.isascii():
        return text
    return "".join(char if char.isascii() else _plain_char(char) for char in text)


def ellipsis(*, ascii_only: bool) -> str:
    """The mark that ends a cut text: "…" (one cell), or "..." in plain marks."""
    return "..." if ascii_only else "…"

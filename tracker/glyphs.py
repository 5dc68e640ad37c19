"""The marks a day can carry, in Unicode and in plain ASCII; shape, not colour, tells them apart.

With plain marks on (the ``ascii_glyphs`` setting) nothing but ASCII reaches the terminal:
the day marks come from ``ASCII``, and any other text we draw goes through ``marks()``
(from tracker.ascii_text, which the app loads before the domain), which turns typographic
marks (… — – · → × “ ”) into their ASCII readings and anything else outside ASCII (an
accent, a script, an emoji) into the nearest ASCII or ``?``.
"""

from __future__ import annotations

from .ascii_text import PLAIN, ellipsis, marks
from .domain import DayStatus

__all__ = ["ASCII", "LEGEND_ORDER", "PLAIN", "STATUS_WORDS", "UNICODE", "ellipsis", "glyph",
           "legend", "marks"]

UNICODE = {
    DayStatus.DONE: "✓",
    DayStatus.PARTIAL: "◐",
    DayStatus.SKIPPED: "~",
    DayStatus.MISSED: "·",
    DayStatus.PENDING: "○",
    DayStatus.OFF: " ",
}
# Kept is "+" (an "x" reads as failed); part way is "/", half of the way, as a bullet
# journal marks a task begun; "." is the quiet dot of a day not kept.
ASCII = {
    DayStatus.DONE: "+",
    DayStatus.PARTIAL: "/",
    DayStatus.SKIPPED: "~",
    DayStatus.MISSED: ".",
    DayStatus.PENDING: "o",
    DayStatus.OFF: " ",
}


# What each mark means, in the same words on every screen (never "failed": counted, not judged).
STATUS_WORDS = {
    DayStatus.DONE: "kept",
    DayStatus.PARTIAL: "part way",
    DayStatus.SKIPPED: "excused",
    DayStatus.MISSED: "not kept",
    DayStatus.PENDING: "due today",
    DayStatus.OFF: "not due",
}
LEGEND_ORDER = (DayStatus.DONE, DayStatus.PARTIAL, DayStatus.SKIPPED, DayStatus.PENDING,
                DayStatus.MISSED)


def glyph(status: DayStatus, *, ascii_only: bool = False) -> str:
    return (ASCII if ascii_only else UNICODE)[status]


def legend(*, ascii_only: bool = False) -> str:
    """"✓ kept  ◐ part way  …": the key printed under a grid of marks."""
    return "  ".join(f"{glyph(s, ascii_only=ascii_only)} {STATUS_WORDS[s]}" for s in LEGEND_ORDER)

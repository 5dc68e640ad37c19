"""The marks a day can carry, in Unicode and in plain ASCII; shape, not colour, tells them apart."""

from __future__ import annotations

from .domain import DayStatus

UNICODE = {
    DayStatus.DONE: "✓",
    DayStatus.PARTIAL: "◐",
    DayStatus.SKIPPED: "~",
    DayStatus.MISSED: "·",
    DayStatus.PENDING: "○",
    DayStatus.OFF: " ",
}
ASCII = {
    DayStatus.DONE: "x",
    DayStatus.PARTIAL: "+",
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

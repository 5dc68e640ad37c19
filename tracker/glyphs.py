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


def glyph(status: DayStatus, *, ascii_only: bool = False) -> str:
    return (ASCII if ascii_only else UNICODE)[status]


LEGEND = "✓ kept  ◐ part way  ~ excused  ○ due today  · not kept"

"""Today's rows laid out in the width they have: cells, not characters, so emoji and CJK
names keep the columns straight; the name and what is due share what is left, and the
why shows beside the habit where there is room."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from ..domain import HabitReport
from ..glyphs import ellipsis, glyph, marks
from ..structs import struct
from .plain import shown
from .views import due_phrase, stage_mark, streak_phrase

STREAK_WIDTH = 17  # "14 days (best 18)"
STAGE_WIDTH = 16  # "◑ predictability"
LEAD = 4  # " ✓✎ ": the mark and the note mark
WHY_LEAST = 16  # a why column narrower than this says too little to be worth it


def shorten(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to ``width`` terminal cells, ending in an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - cell_len(ellipsis))).rstrip() + ellipsis


def pad(text: str, width: int) -> str:
    """``text`` fitted to exactly ``width`` cells (cut with an ellipsis, or padded)."""
    return set_cell_size(shorten(text, width), width)


def title_for(report: HabitReport, width: int | None = None, *, ascii_only: bool = False) -> str:
    """The name, and for an action who it is for; when cut, the name gives way first, so
    the person stays readable ("Evening che… · Sam"). In plain marks, ASCII only."""
    habit, cut = report.habit, ellipsis(ascii_only=ascii_only)
    name = marks(shown(habit.name), ascii_only=ascii_only)
    dot = marks(" · ", ascii_only=ascii_only)
    if not habit.for_whom:
        return name if width is None else shorten(name, width, cut)
    who = marks(shown(habit.for_whom), ascii_only=ascii_only)
    full = f"{name}{dot}for {who}"
    if width is None or cell_len(full) <= width:
        return full
    person = f"{dot}{shorten(who, max(4, width // 3), cut)}"
    return shorten(name, max(1, width - cell_len(person)), cut) + person


@struct(frozen=True)
class RowLayout:
    title: int
    due: int
    why: int  # 0: no room for the why
    stage: int = STAGE_WIDTH  # 1: the stage's mark alone, when names need the room

    @classmethod
    def fit(cls, reports: Sequence[HabitReport], width: int) -> RowLayout:
        """Widths for rows of ``width`` cells: each column as wide as its longest entry
        when everything fits, else the name and what is due share the room."""
        room = width - LEAD - (STREAK_WIDTH + 1) - (STAGE_WIDTH + 1)
        title = max((cell_len(title_for(r)) for r in reports), default=8)
        due = max((cell_len(due_phrase(r)) for r in reports), default=8)
        if title + 1 + due <= room:
            spare = room - title - 1 - due - 2
            wants_why = any(r.habit.why for r in reports)
            return cls(title, due, spare if wants_why and spare >= WHY_LEAST else 0)
        room += STAGE_WIDTH - 1  # the stage's mark alone (its word is in the header)
        due = min(due, max(14, room // 2))  # what is due reads whole first
        return cls(max(8, room - due - 1), due, 0, stage=1)


def habit_row(report: HabitReport, layout: RowLayout, *, ascii_only: bool = False) -> Text:
    """One line of the Today list, never wrapped: mark (and a note mark), name, streak,
    stage, what is due, and the why where there is room; in plain marks, ASCII only."""
    def fit(text: str, width: int) -> str:  # a text's marks made plain before it is cut
        plain = marks(text, ascii_only=ascii_only)
        return set_cell_size(shorten(plain, width, ellipsis(ascii_only=ascii_only)), width)

    note = ("*" if ascii_only else "✎") if report.note else " "
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f" {glyph(report.status, ascii_only=ascii_only)}", style="bold")
    row.append(f"{note} ", style="italic")
    row.append(fit(title_for(report, layout.title, ascii_only=ascii_only), layout.title))
    row.append(" " + fit(streak_phrase(report), STREAK_WIDTH) + " ")
    stage = f"{stage_mark(report.stage, ascii_only)} {report.stage.label}"
    row.append(fit(stage if layout.stage > 1 else stage[:1], layout.stage) + " ")
    row.append(fit(due_phrase(report), layout.due), style="italic")
    if layout.why and report.habit.why:
        row.append("  " + fit(shown(report.habit.why), layout.why).rstrip(), style="dim italic")
    return row

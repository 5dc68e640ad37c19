"""Today's rows laid out in the width they have: cells, not characters, so emoji and CJK
names keep the columns straight; the name and what is due share what is left, and the
why shows beside the habit where there is room."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from ..domain import HabitReport
from ..glyphs import glyph
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


def title_for(report: HabitReport, width: int | None = None) -> str:
    """The name, and for an action who it is for; when cut, the name gives way first, so
    the person stays readable ("Evening che… · Sam")."""
    habit = report.habit
    name = shown(habit.name)
    if not habit.for_whom:
        return name if width is None else shorten(name, width)
    full = f"{name} · for {shown(habit.for_whom)}"
    if width is None or cell_len(full) <= width:
        return full
    person = f" · {shorten(shown(habit.for_whom), max(4, width // 3))}"
    return shorten(name, max(1, width - cell_len(person))) + person


@dataclass(frozen=True)
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
    stage, what is due, and the why where there is room."""
    note = ("*" if ascii_only else "✎") if report.note else " "
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f" {glyph(report.status, ascii_only=ascii_only)}", style="bold")
    row.append(f"{note} ", style="italic")
    row.append(pad(title_for(report, layout.title), layout.title) + " ")
    row.append(pad(streak_phrase(report), STREAK_WIDTH) + " ")
    stage = f"{stage_mark(report.stage, ascii_only)} {report.stage.label}"
    row.append(pad(stage if layout.stage > 1 else stage[:1], layout.stage) + " ")
    row.append(pad(due_phrase(report), layout.due), style="italic")
    if layout.why and report.habit.why:
        row.append("  " + shorten(shown(report.habit.why), layout.why), style="dim italic")
    return row

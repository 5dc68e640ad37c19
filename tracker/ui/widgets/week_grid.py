"""The week grid: habits × 7 days in a DataTable, with a kept/due column and a totals row.

Column 0 holds habit names, columns 1–7 the days, column 8 each habit's kept/due; the
last row holds each day's kept/due. The cursor only ever rests on a day cell, and a click
on a day cell selects it at once (a plain DataTable wants two clicks).
"""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from rich.errors import StyleSyntaxError
from rich.style import Style
from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from ...domain import DayStatus, WeekSummary
from ...domain.amounts import format_amount
from ...glyphs import glyph, marks
from ..rows import pad, shorten
from ..plain import shown

KEPT_COLUMN = "kept"
DAY_MIN_WIDTH = 3  # a weekday's short name; the totals row may ask for more
WIDE_DAY_WIDTH = 7  # on a wide screen: room for a count beside the mark
# Theme variables that read well on the table's surface; blank means "dim".
STATUS_COLOURS = {
    DayStatus.DONE: ("text-success", "bold"),
    DayStatus.PARTIAL: ("text-warning", "bold"),
    DayStatus.SKIPPED: ("text-primary", ""),
    DayStatus.MISSED: ("", "dim"),
    DayStatus.PENDING: ("text-accent", "bold"),
    DayStatus.OFF: ("", "dim"),
}


def ratio(kept: int, due: int, dash: str = "–") -> str:
    return f"{kept}/{due}" if due else dash


class WeekGrid(DataTable[Text]):
    """A DataTable whose cursor stays on the day cells."""

    class HabitClicked(Message):
        """A habit's name was clicked."""

        def __init__(self, habit_id: str) -> None:
            super().__init__()
            self.habit_id = habit_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(cursor_type="cell", header_height=2, zebra_stripes=True, id=id,
                         classes=classes)
        self.habit_ids: list[str] = []
        self.totals = Text()  # the kept counts, drawn under the grid by the screen

    # -- the cursor stays on day cells ---------------------------------------------
    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        row = min(max(value.row, 0), max(len(self.habit_ids) - 1, 0))
        return Coordinate(row, min(max(value.column, 1), 7))

    def day_cell(self, coordinate: Coordinate) -> tuple[int, int] | None:
        """(row, day index) for a day cell of a habit, None for names and totals."""
        row, column = coordinate
        if 0 <= row < len(self.habit_ids) and 1 <= column <= 7:
            return row, column - 1
        return None

    async def _on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "row" not in meta or "column" not in meta or meta["row"] < 0:
            return  # header clicks: let the DataTable have them
        event.prevent_default()
        event.stop()
        row, column = meta["row"], meta["column"]
        if meta.get("out_of_bounds", False) or row >= len(self.habit_ids):
            return
        if column == 0:
            self.post_message(self.HabitClicked(self.habit_ids[row]))
        elif self.day_cell(Coordinate(row, column)) is not None:
            self.cursor_coordinate = Coordinate(row, column)
            self.action_select_cursor()

    # -- filling -------------------------------------------------------------------
    def show(self, week: WeekSummary, today: dt.date, *, width: int, ascii_only: bool,
             wide: bool) -> None:
        """Rebuild the grid for ``week`` in ``width`` cells, keeping the cursor's habit and day."""
        keep = self.cursor_coordinate
        keep_id = self.habit_ids[keep.row] if keep.row < len(self.habit_ids) else None
        dash = "-" if ascii_only else "–"
        ellipsis = "..." if ascii_only else "…"
        row_totals = [ratio(r.kept, r.due, dash) for r in week.rows]
        day_totals = [str(k) if d else dash for k, d in zip(week.kept_per_day, week.due_per_day)]
        week_total = ratio(week.kept, week.due, dash)
        kept_width = max(4, *(len(t) for t in (*row_totals, week_total)))
        day_width = max(DAY_MIN_WIDTH, *(len(t) for t in day_totals))
        titles = [marks(self._title(row.habit.name, row.habit.for_whom, wide), ascii_only=ascii_only)
                  for row in week.rows]
        longest = max((cell_len(t) for t in titles), default=8)
        if wide:  # spread the days out, up to a point, so the grid doesn't huddle left
            spare = width - min(longest, 40) - kept_width - 6
            day_width = max(day_width, min(spare // 7 - 2, WIDE_DAY_WIDTH))
        room = width - 7 * (day_width + 2) - (kept_width + 2) - 2
        name_width = max(8, min(room, longest, 48))

        self.clear(columns=True)
        self.habit_ids = [row.habit.id for row in week.rows]
        self.add_column(Text("Habit"), width=name_width, key="name")
        for i, day in enumerate(week.days):
            label = Text(f"{day:%a}".center(day_width) + "\n" + f"{day.day:>2}".center(day_width))
            if day == today:
                label.stylize(self._style("text-accent", "bold underline"))
            self.add_column(label, width=day_width, key=f"d{i}")
        self.add_column(Text("Kept", justify="right"), width=kept_width, key=KEPT_COLUMN)
        for row, title, total in zip(week.rows, titles, row_totals):
            cells = [Text(shorten(title, name_width, ellipsis), no_wrap=True)]
            for status, value, note in zip(row.statuses, row.values, row.notes):
                colour, extra = STATUS_COLOURS[status]
                noted = ("*" if ascii_only else "✎") if note else ""
                mark = (glyph(status, ascii_only=ascii_only) + noted).center(day_width)
                # the glyph stays in line with the others; a limit shows its recorded none
                counted = f"{mark.rstrip()} {format_amount(value or 0)}{noted}"
                shows = bool(value) or (row.habit.at_most and value is not None)
                if row.habit.measured and shows and len(counted) <= day_width:
                    mark = counted
                cells.append(Text(mark, no_wrap=True, style=self._style(colour, extra)))
            cells.append(Text(total, justify="right"))
            self.add_row(*cells, key=row.habit.id)
        self.totals = self._totals_line(week, name_width, day_width, kept_width, day_totals,
                                        week_total)
        cursor_row = self.habit_ids.index(keep_id) if keep_id in self.habit_ids else 0
        self.move_cursor(row=cursor_row, column=keep.column, scroll=True)

    def _totals_line(self, week: WeekSummary, name_width: int, day_width: int, kept_width: int,
                     day_totals: list[str], week_total: str) -> Text:
        """The kept count of each day and of the week, in the grid's columns, drawn under
        it so it stays in sight however many habits scroll above (each of the grid's
        columns has a cell of padding either side, and the grid a border)."""
        line = Text(no_wrap=True)
        if not week.rows:
            return line
        label = "Kept each day" if name_width >= 13 else "Kept"
        bold = self._style("", "bold")
        line.append("  " + pad(label, name_width) + " ", style=self._style("", "italic"))
        for total in day_totals:
            line.append(" " + total.center(day_width) + " ", style=bold)
        line.append(" " + week_total.rjust(kept_width), style=bold)
        return line

    @staticmethod
    def _title(name: str, for_whom: str, wide: bool) -> str:
        return shown(f"{name} · for {for_whom}" if wide and for_whom else name)  # marks: show()

    def _style(self, variable: str, extra: str) -> Style:
        """A Rich style from a theme variable (the grid's cells are Rich Text)."""
        colour = self.app.theme_variables.get(variable, "") if variable else ""
        try:
            return Style.parse(" ".join(part for part in (extra, colour) if part) or "none")
        except StyleSyntaxError:  # a theme colour Rich can't read ("auto 60%"): no colour
            return Style.parse(extra or "none")

    def move_to(self, row: int | None, day: int | None) -> None:
        """Put the cursor on habit ``row`` and day ``day`` (0–6); None keeps that part."""
        self.move_cursor(row=row, column=None if day is None else day + 1, scroll=True)

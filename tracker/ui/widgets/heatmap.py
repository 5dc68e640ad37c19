"""A calendar heatmap: weeks as columns, weekdays as rows, one marked cell per day.

Each day shows its status glyph (✓ kept, · not kept …), coloured as well, so the pattern
reads the same on a monochrome terminal. The newest week is on the right; the widget
shows as many of the most recent weeks as it is asked to.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...domain import DayStatus
from ...domain.schedules import WEEKDAY_NAMES, week_start_of
from ...glyphs import STATUS_WORDS, glyph
from ..views import STATUS_STYLE

LABEL_WIDTH = 4  # "Mon "
# The shared words, a little shorter where the grid is narrow ("today" for "due today").
SHORTER = {DayStatus.PARTIAL: "part", DayStatus.PENDING: "today"}
LEGEND = tuple((s, SHORTER.get(s, STATUS_WORDS[s]))
               for s in (DayStatus.DONE, DayStatus.PARTIAL, DayStatus.SKIPPED, DayStatus.MISSED,
                         DayStatus.PENDING))
# What gives way when even two lines of legend are too narrow: today's mark first (its
# cell is underlined too), then of part way and excused the one fewer days show.
GIVES_WAY = (DayStatus.PENDING, DayStatus.PARTIAL, DayStatus.SKIPPED)
LEGEND_LINES = 2  # at most: a narrow grid (a young habit's) explains its marks below it


class Heatmap(Widget):
    """Day statuses over the last ``weeks`` weeks, ending with the week holding ``today``."""

    DEFAULT_CSS = """
    Heatmap {
        width: auto;
        height: auto;
    }
    """

    weeks: reactive[int] = reactive(19)
    cell: reactive[int] = reactive(2)  # columns per day: 2 ("✓ ") or 3 (" ✓ ")
    spaced: reactive[bool] = reactive(False)  # a blank line between weekdays

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._statuses: Mapping[dt.date, DayStatus] = {}
        self._today: dt.date | None = None  # nothing to draw until shown
        self._week_start = 0
        self._ascii = False

    def show(self, statuses: Mapping[dt.date, DayStatus], today: dt.date, week_start: int = 0,
             ascii_only: bool = False) -> None:
        """Days missing from ``statuses`` (before the habit began, the future) stay blank."""
        self._statuses, self._today = statuses, today
        self._week_start, self._ascii = week_start, ascii_only
        self._fit()  # the legend may take another line
        self.refresh()

    # -- geometry --------------------------------------------------------------------
    @property
    def first_day(self) -> dt.date:
        today = self._today or dt.date(2000, 1, 3)
        return week_start_of(today, self._week_start) - dt.timedelta(weeks=self.weeks - 1)

    def _fit(self) -> None:
        """Size to the grid. (Set as styles, not only measured: Textual caches a widget's
        box model, and a reactive changed while a layout is pending would not reach it.)"""
        gutter = self.styles.gutter  # border and padding: the sizes below are the content's
        self.styles.width = gutter.width + LABEL_WIDTH + self.weeks * self.cell
        legend = len(self._legend()) if self._today is not None else 1
        self.styles.height = gutter.height + 1 + 7 + 6 * self.spaced + legend  # months, days, legend

    def on_mount(self) -> None:
        self._fit()

    def watch_weeks(self) -> None:
        self._fit()

    def watch_cell(self) -> None:
        self._fit()

    def watch_spaced(self) -> None:
        self._fit()

    # -- drawing ---------------------------------------------------------------------
    def render(self) -> Content:
        if self._today is None:
            return Content("")
        days = [self._day_line(row) for row in range(7)]
        if self.spaced:
            days = [line for day in days for line in (day, Content(""))][:-1]
        lines = [self._month_line(), *days, *self._legend()]
        return Content("\n").join(lines)

    def _month_line(self) -> Content:
        """Each month's name above the week it begins in (the newest moved left to fit
        when it begins in the last week or two); the first week's month if room."""
        width = self.weeks * self.cell
        chars = [" "] * width
        starts = [self.first_day + dt.timedelta(weeks=column) for column in range(self.weeks)]
        labels = [(c, (s + dt.timedelta(days=6)).replace(day=1)) for c, s in enumerate(starts)
                  if (s + dt.timedelta(days=6)).day <= 7]
        labels.append((0, starts[0]))  # last, so a real month start wins the room
        for column, month in labels:
            label, at = f"{month:%b}", column * self.cell + (1 if self.cell == 3 else 0)
            at = min(at, width - len(label))  # this month's name, over its first days
            if set(chars[max(0, at - 1):at + len(label) + 1]) == {" "}:
                chars[at:at + len(label)] = label
        return Content.assemble((" " * LABEL_WIDTH + "".join(chars), "$text-muted"))

    def _day_line(self, row: int) -> Content:
        weekday = (self._week_start + row) % 7
        parts: list[str | tuple[str, str]] = [(f"{WEEKDAY_NAMES[weekday]:<{LABEL_WIDTH}}", "$text-muted")]
        pad = " " if self.cell == 3 else ""
        for column in range(self.weeks):
            day = self.first_day + dt.timedelta(weeks=column, days=row)
            status = self._statuses.get(day)
            if status is None:
                parts.append(" " * self.cell)
                continue
            style = STATUS_STYLE[status]
            if day == self._today:
                style += " underline"
            parts.append(pad)
            parts.append((glyph(status, ascii_only=self._ascii), style))
            parts.append(" ")
        return Content.assemble(*parts)

    def _legend(self) -> list[Content]:
        """The marks the grid shows (kept and not kept always), on one line as wide as the
        grid's marks reach (the last column's trailing space stays clear of what is
        beside it), or two; only then does a mark give way, and never is a word cut."""
        width = LABEL_WIDTH + self.weeks * self.cell - 1
        last = self.first_day + dt.timedelta(weeks=self.weeks)
        seen = Counter(s for d, s in self._statuses.items() if self.first_day <= d < last)
        marks = [s for s, _ in LEGEND if s in seen or s in (DayStatus.DONE, DayStatus.MISSED)]
        while True:
            for lines in range(1, LEGEND_LINES + 1):
                for gap in ("  ", " "):
                    laid = self._lay_out(marks, gap, width, lines)
                    if laid is not None:
                        return laid
            giving = [s for s in GIVES_WAY if s in marks]
            if not giving:
                return self._lay_out(marks, " ", 10 ** 6, 1) or []  # (never: two words fit)
            marks.remove(min(giving, key=lambda s: (s is not DayStatus.PENDING, seen[s])))

    def _lay_out(self, marks: list[DayStatus], gap: str, width: int,
                 lines: int) -> list[Content] | None:
        """``marks`` in at most ``lines`` lines of ``width`` cells, or None if they don't fit."""
        items = [Content.assemble((glyph(s, ascii_only=self._ascii), STATUS_STYLE[s]),
                                  f" {SHORTER.get(s, STATUS_WORDS[s])}") for s in marks]
        laid: list[Content] = []
        for item in items:
            longer = laid[-1] + gap + item if laid else None
            if longer is not None and longer.cell_length <= width:
                laid[-1] = longer
            elif LABEL_WIDTH + item.cell_length <= width:
                laid.append(Content(" " * LABEL_WIDTH) + item)
            else:
                return None
        return laid if len(laid) <= lines else None

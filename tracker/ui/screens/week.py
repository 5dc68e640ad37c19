"""The week: habits × 7 days, for looking back and backfilling.

Arrow keys move over the days, space (or enter, or a click) marks a day kept or clears it,
``s`` excuses it; ``[`` and ``]`` page through weeks and ``t`` comes back to this one.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from ..app import TrustTrackerApp
from ...domain import DayStatus, Habit, WeekSummary
from ...domain.report import progress
from ...domain.days import day_name
from ...domain.week import WeekRow
from ...glyphs import LEGEND_ORDER, STATUS_WORDS, glyph, marks
from ..plain import filled, shown
from ..views import over_limit
from ..rows import shorten
from ..widgets.week_grid import WeekGrid
from ..styles import stylesheet
from .view import ViewScreen

WIDE = 120  # from this many columns the grid spreads out and names say who they're for
Cell = tuple[WeekRow, int, dt.date]


class WeekScreen(ViewScreen):
    app = getters.app(TrustTrackerApp)

    CSS_PATH = stylesheet("week.tcss")  # loaded when first shown
    SHOWS_WEEK = True  # refreshed when this week comes after the first reports
    BINDINGS = [
        Binding("left_square_bracket", "prev_week", "Earlier", id="week.prev"),
        Binding("right_square_bracket", "next_week", "Later", id="week.next"),
        Binding("t", "this_week", "This week", id="week.this", show=False),
        Binding("space", "tick", "Tick", id="week.toggle"),
        Binding("s", "skip", "Excuse", id="week.skip"),
        Binding("plus,equals_sign", "more(1)", "More", id="week.more"),
        Binding("minus", "more(-1)", "Less", id="week.less"),
        Binding("v", "amount", "Amount", id="week.amount"),
        Binding("n", "note", "Note", id="week.note"),
        Binding("o", "open", "Details", id="week.open"),
        Binding("f", "app.filter", "Filter", id="view.filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._offset = 0  # the week asked for, in weeks from this week: -1 is last week
        self._week: WeekSummary | None = None  # the week shown (the one the keys act on)
        self._week_offset = 0  # ... and where it lies
        self._today = dt.date.min
        self._first_start: dt.date | None = None  # the earliest habit's start: no point before

    def compose_body(self) -> ComposeResult:
        yield Static(id="week-title")
        yield WeekGrid(id="week-grid")
        yield Static(id="week-totals")
        yield Static(id="week-cell")
        yield Static(id="week-legend")

    def on_mount(self) -> None:
        self.refresh_data()
        self._cursor_to_today()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())

    def on_screen_resume(self) -> None:
        if self._week is not None:  # changes made on other screens while this one slept
            self.refresh_data()

    def on_resize(self) -> None:
        self._draw()  # only the layout changed: the week in hand is drawn again

    # -- showing ---------------------------------------------------------------------
    def refresh_data(self) -> None:
        """This week comes with the writer's reports; another week is asked of the writer,
        and the week in hand stays on screen until it comes."""
        reports = self.app.reports
        if reports is None:
            return  # still opening: the app refreshes every screen once it is open
        self._today, self._first_start = reports.today, reports.first_start
        offset = self._offset
        if offset == 0:
            if reports.week is not None:  # else it follows the first reports (app.after_habits)
                self._show(reports.week, 0)
            return

        def answered(week: WeekSummary) -> None:
            if offset == self._offset:  # not paged on since
                self._show(week, offset)

        self.app.ask(lambda t: t.week(t.today + dt.timedelta(weeks=offset)), answered,
                     self.app.show_failure, owner=self)

    def _show(self, week: WeekSummary, offset: int) -> None:
        chosen = self.app.habit_filter
        self._week, self._week_offset = (chosen.week(week) if chosen else week), offset
        self._draw()

    def _draw(self) -> None:
        week = self._week
        if week is None:
            return
        width = self.app.size.width
        ascii_only = self.app.ascii_only
        self.query_one("#week-title", Static).update(self._title(week, ascii_only))
        grid = self.query_one(WeekGrid)
        grid.show(week, self._today, width=width - 6, ascii_only=ascii_only, wide=width >= WIDE)
        self.query_one("#week-totals", Static).update(grid.totals)
        self.query_one("#week-legend", Static).update(self._legend(ascii_only))
        self._describe_cursor()

    def _title(self, week: WeekSummary, ascii_only: bool) -> Text:
        if self._week_offset == 0:
            when = "This week"
        elif self._week_offset == -1:
            when = "Last week"
        else:
            when = f"{-self._week_offset} weeks back"
        first, last = week.first, week.last
        start = f"{first:%a} {first.day}"
        if first.month != last.month:
            start = day_name(first, year=first.year != last.year)
        dash = " - " if ascii_only else " – "
        dot = marks("·", ascii_only=ascii_only)
        title = Text.assemble((when, "bold"), f"   {start}{dash}{day_name(last, year=True)}   {dot}   ")
        if self.app.habit_filter is not None:
            label = marks(self.app.habit_filter.label, ascii_only=ascii_only)
            title.append(f"{label} only {dot} ", style="bold")
        if week.due:
            title.append(f"{week.kept} of {week.due} kept", style="bold")
        else:
            title.append("nothing was due" if week.rows else "no habits yet")
        return title

    @staticmethod
    def _legend(ascii_only: bool) -> Text:
        legend = Text()
        for status in LEGEND_ORDER:
            legend.append(glyph(status, ascii_only=ascii_only), style="bold")
            legend.append(f" {STATUS_WORDS[status]}  ")
        legend.append("blank: not due")
        return legend

    def _describe_cursor(self) -> None:
        """The line under the grid: what the cursor's cell holds, in words."""
        line, ascii_only = Text(), self.app.ascii_only

        def add(text: str, style: str = "") -> None:  # every piece in the marks in use
            line.append(marks(text, ascii_only=ascii_only), style=style)

        cell = self._current()
        if cell is not None:
            row, i, day = cell
            habit = row.habit
            add(shorten(shown(habit.name), 30), style="bold")
            add(f" · {day_name(day)} · ")
            status = row.statuses[i]
            if day > self._today:
                add("yet to come", style="italic")
            elif not habit.is_active_on(day):
                add("outside the habit's life", style="italic")
            elif status is DayStatus.SKIPPED and habit.is_paused(day):
                add("paused")
            else:
                add(STATUS_WORDS[status])
                value = row.values[i]
                if habit.measured and (value is not None or status is not DayStatus.OFF):
                    add(f", {progress(habit, value or 0, value is not None)}")
            if row.notes[i]:
                add(f" · “{shown(row.notes[i])}”", style="italic")
        elif self._week is not None and not self._week.rows:
            add("No habits were alive this week.")
        self.query_one("#week-cell", Static).update(line)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._describe_cursor()
        self.refresh_bindings()  # More, Less and Amount are for measured habits only
        grid = self.query_one(WeekGrid)
        if event.coordinate.row == len(grid.habit_ids) - 1:  # bring the totals row along
            grid.scroll_end(animate=False, x_axis=False)

    def _cursor_to_today(self) -> None:
        if self._week is not None and self._week.first <= self._today <= self._week.last:
            self.query_one(WeekGrid).move_to(0, (self._today - self._week.first).days)

    # -- moving through weeks --------------------------------------------------------
    def show_week_offset(self, offset: int) -> None:
        """Show the week ``offset`` weeks from this one (-1 is last week); never the future."""
        self._offset = min(0, offset)
        if self.is_mounted:
            self.refresh_data()

    def action_prev_week(self) -> None:
        first = self._first_start
        if self._week is None:
            return
        asked = self._week.first + dt.timedelta(weeks=self._offset - self._week_offset)
        if first is not None and asked <= first:
            self.notify(f"Nothing earlier: your first habit began on {day_name(first, year=True)}.",
                        timeout=3)
            return
        self.show_week_offset(self._offset - 1)

    def action_next_week(self) -> None:
        if self._offset >= 0:
            self.notify("This is the current week; the days ahead can't be marked yet.", timeout=3)
            return
        self.show_week_offset(self._offset + 1)

    def action_this_week(self) -> None:
        self.show_week_offset(0)
        self._cursor_to_today()

    # -- acting on a cell ------------------------------------------------------------
    def _current(self, coordinate: Coordinate | None = None) -> Cell | None:
        if self._week is None:
            return None
        grid = self.query_one(WeekGrid)
        found = grid.day_cell(coordinate or grid.cursor_coordinate)
        if found is None or found[0] >= len(self._week.rows):
            return None
        row, i = found
        return self._week.rows[row], i, self._week.days[i]

    def _start_earlier(self, habit: Habit, day: dt.date) -> None:
        """A habit added today, kept yesterday too: offer to move its start back."""
        from ..widgets.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.change(lambda t: t.check_from_earlier(habit, day))

        self.app.push_screen(ConfirmDialog(
            filled("$name began on $start.", name=habit.name, start=day_name(habit.start)),
            f"Mark {day_name(day)} kept and start the habit from that day?", yes="Start earlier"),
            answered)

    def _refusal(self, cell: Cell, *, before_start_ok: bool = False) -> str | None:
        """Why a cell can't be marked, or None when it can."""
        row, _, day = cell
        habit = row.habit
        if day > self._today:
            return f"{day_name(day)} hasn't come yet; only today and earlier days can be marked"
        if day < habit.start and not before_start_ok:
            return f"{habit.name} began on {day_name(habit.start)}; nothing to excuse before that"
        if habit.archived is not None and day > habit.archived:
            return f"{habit.name} was archived on {day_name(habit.archived)}; restore it first"
        return None

    def _markable(self, coordinate: Coordinate | None = None, *,
                  before_start_ok: bool = False) -> Cell | None:
        cell = self._current(coordinate)
        if cell is not None and (refusal := self._refusal(cell, before_start_ok=before_start_ok)):
            self.notify(refusal + ".", title="Nothing changed", timeout=4)
            return None
        return cell

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self._toggle(self._markable(event.coordinate, before_start_ok=True))

    def action_tick(self) -> None:
        self._toggle(self._markable(before_start_ok=True))

    def _toggle(self, cell: Cell | None) -> None:
        """Backfill: a kept day is cleared; any other day is marked kept (the full target,
        or for a limit a recorded none)."""
        if cell is None:
            return
        row, i, day = cell
        habit = row.habit
        if day < habit.start:
            self._start_earlier(habit, day)
            return
        value = row.values[i]
        if habit.at_most and value is not None and row.statuses[i] is DayStatus.MISSED:
            self.notify(over_limit(habit, value), title="Nothing changed", timeout=4)
        elif row.statuses[i] is DayStatus.DONE:
            self.app.change(lambda t: t.uncheck(habit, day),
                            message=f"{habit.name}: {day_name(day)} is open again")
        else:
            kept = "none, kept" if habit.at_most else "kept"
            self.app.change(lambda t: t.check(habit, day, value=habit.tick_amount),
                            message=f"{habit.name}: {day_name(day)} {kept}")

    def action_skip(self) -> None:
        if (cell := self._markable()) is None:
            return
        row, i, day = cell
        habit, when = row.habit, day_name(day)
        if row.statuses[i] is not DayStatus.SKIPPED:
            self.app.change(lambda t: t.skip(habit, day),
                            message=f"{habit.name}: {when} is excused")
        elif habit.is_paused(day):
            self.notify(f"{habit.name} is paused on {when}; that pause is set on the habit.",
                        title="Nothing changed", timeout=4)
        else:
            self.app.change(lambda t: t.uncheck(habit, day),
                            message=f"{habit.name}: {when} is no longer excused")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("more", "amount"):  # for measured habits only
            cell = self._current() if self.is_mounted else None
            return cell is not None and cell[0].habit.measured
        return True

    def action_more(self, steps: int) -> None:
        if (cell := self._markable()) is not None:
            habit, day = cell[0].habit, cell[2]
            self.app.change(lambda t: t.add_to(habit, steps, day))

    def action_amount(self) -> None:
        if (cell := self._markable()) is not None:
            from .amount import AmountDialog

            row, i, day = cell
            self.app.push_screen(AmountDialog(row.habit, day, row.values[i]))

    def action_note(self) -> None:
        if (cell := self._markable()) is not None:
            from .note import NoteDialog

            row, i, day = cell
            self.app.push_screen(NoteDialog(row.habit, day, row.notes[i]))

    def action_open(self) -> None:
        if (cell := self._current()) is not None:
            self.app.open_habit(cell[0].habit.id)

    def on_week_grid_habit_clicked(self, event: WeekGrid.HabitClicked) -> None:
        event.stop()
        self.app.open_habit(event.habit_id)

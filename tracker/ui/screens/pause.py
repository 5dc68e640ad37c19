"""The pause dialog: set days aside for one habit (vacation, illness), or take a pause back.

Days are typed as the command line reads them ("2026-12-20", "today", "yesterday"), with
its own reader; what they come to is read back as you type, and a range that can't be is
refused in place, in the command line's words, with what was typed kept.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label

from ...domain import Habit, Pause, TrackerError
from ...domain.days import typed_day  # read as the command line reads a day
from ...domain.spans import checked_pause, pauses_in_order
from ..plain import filled, plain
from ..styles import stylesheet
from .saving import SavingDialog


def day_span(first: dt.date, last: dt.date, today: dt.date) -> str:
    """"20–27 Dec", "28 Nov – 3 Dec", "20 Dec"; the year only when it is not this one."""
    def year(day: dt.date) -> str:
        return f" {day.year}" if day.year != today.year else ""

    if first == last:
        return f"{first.day} {first:%b}{year(first)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}{year(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b}{year(last)}"
    return f"{first.day} {first:%b} {first.year} – {last.day} {last:%b} {last.year}"


def pause_words(pause: Pause, today: dt.date) -> Content:
    """A pause as the habit page and this dialog list it: under way, to come, or past (dim)."""
    span = day_span(pause.first, pause.last, today)
    if today in pause:
        return Content.from_markup("[b]$span[/] (now)", span=span)
    return Content(span) if pause.first > today else Content.styled(span, "dim")


class PauseDialog(SavingDialog):
    # its own file after the dialogs' (Dialog infers a lone Path; Textual takes a list)
    CSS_PATH = [stylesheet("dialogs.tcss"), stylesheet("pause.tcss")]

    def __init__(self, habit: Habit, today: dt.date) -> None:
        super().__init__()
        self.habit, self.today = habit, today
        self._saving = False
        self._listed: list[Pause] = []  # as the rows show them, in order

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pause-dialog"):
            yield Label(filled("Pause [b]$name[/]", name=self.habit.name), classes="dialog-title")
            yield Label("Days set aside (vacation, illness) count as excused: they never "
                        "break a streak.", classes="dialog-note")
            with Horizontal(classes="form-row"):
                yield Label("From", classes="form-label")
                yield Input(self.today.isoformat(), id="pause-first", compact=True, classes="date",
                            placeholder="2026-12-20")
                yield Label("to", classes="form-word")
                yield Input(self.today.isoformat(), id="pause-last", compact=True, classes="date",
                            placeholder="2026-12-27")
            yield Label("", id="pause-check")
            yield Label("a date like 2026-12-20, or today or yesterday", id="pause-hint",
                        classes="dialog-note")
            with Horizontal(classes="form-row", id="pause-list-row"):
                yield Label("Paused", classes="form-label")
                yield VerticalScroll(id="pause-list", can_focus=False)
            with Horizontal(classes="dialog-buttons"):
                yield Label("enter saves · escape cancels", classes="dialog-hint")
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    async def on_mount(self) -> None:
        self.query_one("#pause-first", Input).focus()
        self._read_back()
        await self._show_pauses()

    # -- reading what is typed ----------------------------------------------------------
    def _pause(self) -> Pause:
        """The pause typed, checked as the writer checks it (raises TrackerError)."""
        first = typed_day(self.query_one("#pause-first", Input).value, self.today)
        last = typed_day(self.query_one("#pause-last", Input).value, self.today)
        return checked_pause(first, last)

    def _read_back(self) -> None:
        """What the two days come to, or why they can't be, as they are typed."""
        check = self.query_one("#pause-check", Label)
        check.remove_class("error")
        try:
            pause = self._pause()
        except TrackerError as err:
            check.update(plain(err))
            check.add_class("problem")
            return
        check.remove_class("problem")
        days = (pause.last - pause.first).days + 1
        first, last = (f"{d:%a} {day_span(d, d, self.today)}" for d in (pause.first, pause.last))
        check.update(f"{days} days: {first} – {last}" if days > 1 else f"1 day: {first}")

    def on_input_changed(self) -> None:
        self._read_back()

    # -- the pauses there are ------------------------------------------------------------
    def _fresh(self) -> Habit:
        reports = self.app.reports
        fresh = reports.habit(self.habit.id) if reports is not None else None
        return fresh or self.habit

    async def _show_pauses(self) -> None:
        """One row a pause, under way and to come first, each with its Remove button."""
        self.habit = self._fresh()
        listing = self.query_one("#pause-list", VerticalScroll)
        self._listed = pauses_in_order(self.habit.pauses, self.today)
        self.query_one("#pause-list-row").display = bool(self._listed)
        await listing.remove_children()
        await listing.mount_all(
            Horizontal(Label(pause_words(pause, self.today), classes="pause-span"),
                       Button("Remove", name=str(i), compact=True, classes="remove"),
                       classes="pause-row")
            for i, pause in enumerate(self._listed))

    def refresh_data(self) -> None:
        """After every write lands (a pause taken back, or a save that failed)."""
        self._saving = False
        if self.is_attached:
            self.call_later(self._show_pauses)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if not event.button.has_class("remove"):
            super().on_button_pressed(event)
            return
        event.stop()
        pause = self._listed[int(event.button.name or 0)]
        habit, span = self.habit, day_span(pause.first, pause.last, self.today)
        self.app.change(lambda t: t.unpause(habit, pause),
                        message=f"The pause {span} of {habit.name} is taken back; u undoes it")

    # -- saving (enter, ctrl+s and the Save button: see SavingDialog) ----------------------
    def action_save(self) -> None:
        if self._saving:
            return
        check = self.query_one("#pause-check", Label)
        try:
            pause = self._pause()
        except TrackerError as err:
            self._refused(err)
            return
        self._saving = True
        habit, span = self.habit, day_span(pause.first, pause.last, self.today)

        def saved(_: object) -> None:
            if self.is_active:  # not closed with escape meanwhile
                self.dismiss()

        def refused(error: Exception) -> None:
            if isinstance(error, TrackerError) and self.is_attached:
                self._refused(error)
            else:
                self.app.show_failure(error)

        check.remove_class("error")
        self.app.change(lambda t: t.pause(habit, pause.first, pause.last), saved,
                        message=f"Paused {habit.name} {span}; those days are excused",
                        failed=refused)

    def _refused(self, error: Exception) -> None:
        """Said in place, in the words the command line uses; what was typed stays."""
        check = self.query_one("#pause-check", Label)
        check.update(plain(error))
        check.remove_class("problem")
        check.add_class("error")

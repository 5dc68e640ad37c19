"""The journal: every note, newest first, across habits, each with its day and its habit,
its line breaks kept; a search box narrows it to the notes that mention a word.

The notes are read on the writer thread (years of them: older months are read once and
then kept), and the list holds a page of entries at a time, growing as it is scrolled
towards its end, so three years of notes for fifty habits never freeze the screen.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.days import day_words
from ...structs import struct
from ..app import TrustTrackerApp
from ..plain import filled, plain_text
from ..styles import stylesheet
from .view import ViewScreen

if TYPE_CHECKING:  # the domain and the service load with the data, after the first frame
    from ...domain import Habit
    from ...service import Tracker

PAGE = 50  # entries added to the list at a time
NEAR_END = 10  # entries from the end of what is listed at which the next page comes

EMPTY = ("[b]No notes yet.[/]\n\n"
         "[b]n[/] on any habit writes the day's note: a line or two each evening about what "
         "you kept, and what it was like. They gather here, newest first, so you can look "
         "back and see how far you have come.")


@struct(frozen=True)
class Entry:
    """One note in the journal, with what a search looks in (casefolded)."""

    day: dt.date
    habit: Habit
    note: str
    words: str

    @property
    def key(self) -> str:
        """Its option's id: one note per habit and day."""
        return f"{self.day.isoformat()}/{self.habit.id}"


def entry_of(day: dt.date, habit: Habit, note: str) -> Entry:
    words = "\n".join((note, habit.name, habit.for_whom or "")).casefold()
    return Entry(day, habit, note, words)


Journal = tuple[dt.date, list[Entry]]


def read_journal(t: Tracker) -> Journal:
    """On the writer thread: today (for the years shown) and every note, newest first."""
    return t.today, [entry_of(day, habit, note) for day, habit, note in t.all_notes()]


def entry_prompt(entry: Entry, today: dt.date) -> Group:
    """The day and the habit (and whom it is for) on one line, the note below it as typed."""
    habit = entry.habit
    width = 10 if entry.day.year == today.year else 15  # "Thu 26 Nov", "Tue 30 Dec 2025"
    head = Text.assemble((day_words(entry.day, today).ljust(width), "bold"), "   ",
                         plain_text(habit.name, "bold"))
    if habit.for_whom:
        head.append_text(plain_text(f" · for {habit.for_whom}", "dim"))
    note = plain_text(entry.note.strip("\n"), lines=True)
    return Group(head, Padding(note, (0, 0, 0, 2)))


def count_text(count: int) -> str:
    return f"{count:,} note{'s' * (count != 1)}"


class JournalList(OptionList):
    """The entries; asks for more as it is scrolled near the end of what it holds."""

    class NearEnd(Message):
        pass

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value >= self.max_scroll_y - self.size.height:
            self.post_message(self.NearEnd())


class JournalScreen(ViewScreen):
    app = getters.app(TrustTrackerApp)

    CSS_PATH = stylesheet("journal.tcss")  # loaded when first shown
    BINDINGS = [
        Binding("escape", "back", "Back", id="journal.back"),
        Binding("slash", "search", "Search", id="journal.search"),
        Binding("o", "open", "Open", id="journal.open"),
        Binding("n", "note", "Note", id="journal.note"),
        Binding("down", "to_list", "From the search box to the notes", id="journal.to_list",
                show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._journal: Journal | None = None
        self._entries: list[Entry] = []
        self._matches: list[Entry] = []
        self._listed = 0  # how many of the matches the list holds
        self._today = dt.date.min

    def compose_body(self) -> ComposeResult:
        yield Static("Gathering your notes…", id="journal-summary")
        yield Input(placeholder="/ searches the notes, the habits' names and whom they are for",
                    compact=True, id="journal-search")
        yield JournalList(id="journal-list")
        yield Static(id="journal-empty")

    def on_mount(self) -> None:
        self.query_one("#journal-search").display = False  # until there is something to search
        self.query_one("#journal-empty").display = False
        self.query_one(JournalList).focus()
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if self._journal is not None:  # back from a habit or another view: things may have changed
            self.refresh_data()

    # -- showing ---------------------------------------------------------------------
    def refresh_data(self) -> None:
        """Ask the writer for the notes; what the screen shows stays until they come."""
        if not self.app.ask(read_journal, self._show_journal, self.app.show_failure, owner=self):
            self.query_one("#journal-summary", Static).update("The notes can't be read just now.")

    def _show_journal(self, journal: Journal) -> None:
        if journal == self._journal:
            return  # nothing changed: the list, its cursor and its scroll stay as they are
        self._journal = journal
        self._today, self._entries = journal
        self.query_one("#journal-search").display = bool(self._entries)
        self._filter(self._current(), self.query_one(JournalList).highlighted or 0)

    @property
    def _query(self) -> str:
        return self.query_one("#journal-search", Input).value.strip().casefold()

    def _filter(self, keep: Entry | None = None, place: int = 0) -> None:
        """The entries the search box asks for, listed a page at a time; the cursor stays
        on ``keep`` (or at ``place``, as near as the list now allows)."""
        query = self._query
        self._matches = [e for e in self._entries if query in e.words] if query else self._entries
        self._show_summary()
        options = self.query_one(JournalList)
        options.clear_options()
        self._listed = 0
        if keep is not None:
            place = next((i for i, e in enumerate(self._matches) if e.key == keep.key), place)
        place = min(place, len(self._matches) - 1)
        self._list_more(max(PAGE, place + PAGE))
        options.display = bool(self._matches)
        options.highlighted = place if self._matches else None
        empty = self.query_one("#journal-empty", Static)
        empty.display = not self._matches
        if not self._entries:
            empty.update(Content.from_markup(EMPTY))
        else:
            empty.update(filled("No note or habit mentions “[b]$query[/]”.",
                                query=self.query_one(Input).value.strip()))
        self.refresh_bindings()

    def _show_summary(self) -> None:
        summary = self.query_one("#journal-summary", Static)
        everything = count_text(len(self._entries))
        if not self._entries:
            summary.update("[b]Journal[/]")
        elif self._query:
            summary.update(filled(f"[b]Journal[/]   {len(self._matches):,} of {everything} "
                                  "match “[b]$query[/]”", query=self.query_one(Input).value.strip()))
        else:
            summary.update(f"[b]Journal[/]   {everything}, newest first")

    def _list_more(self, upto: int) -> None:
        """Add the matches up to ``upto`` to the list (a page's layout, not the whole)."""
        upto = min(upto, len(self._matches))
        if upto <= self._listed:
            return
        today = self._today
        self.query_one(JournalList).add_options(
            Option(entry_prompt(entry, today), id=entry.key)
            for entry in self._matches[self._listed:upto])
        self._listed = upto

    def on_journal_list_near_end(self, _: JournalList.NearEnd) -> None:
        self._list_more(self._listed + PAGE)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= self._listed - NEAR_END:
            self._list_more(self._listed + PAGE)
        self.refresh_bindings()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_list()

    # -- acting ----------------------------------------------------------------------
    def _current(self) -> Entry | None:
        options = self.query_one(JournalList)
        index = options.highlighted
        return self._matches[index] if index is not None and index < self._listed else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "note"):
            return self._current() is not None
        if action == "search":
            return bool(self._entries)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        """Out of the search box first (the search stays); from the list, back."""
        if isinstance(self.focused, Input):
            self.action_to_list()
        else:
            self.app.pop_screen()

    def action_search(self) -> None:
        if self._entries:
            self.query_one(Input).focus()

    def action_to_list(self) -> None:
        options = self.query_one(JournalList)
        if options.display:
            options.focus()
        else:
            self.set_focus(None)

    def action_open(self) -> None:
        if entry := self._current():
            self.app.open_habit(entry.habit.id)

    def action_note(self) -> None:
        if entry := self._current():
            from .note import NoteDialog

            reports = self.app.reports
            habit = (reports.habit(entry.habit.id) if reports is not None else None) or entry.habit
            self.app.push_screen(NoteDialog(habit, entry.day, entry.note))

"""Showing only some habits: those with a tag, or the actions for one person. The filter
is the app's, so Today and Week show the same habits until it is cleared."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..structs import replace, struct
from .app import TrustTrackerApp
from ..glyphs import marks
from .plain import plain, shown
from .screens.dialog import Dialog

if TYPE_CHECKING:
    from ..domain import DayReport, Habit, WeekSummary


@struct(frozen=True)
class HabitFilter:
    tag: str = ""
    person: str = ""

    def matches(self, habit: Habit) -> bool:
        if self.tag:
            return self.tag.casefold() in (t.casefold() for t in habit.tags)
        return habit.for_whom.casefold() == self.person.casefold()

    @property
    def label(self) -> str:
        """As shown in the header: "#self-trust" or "for Sam" (plain text: never markup)."""
        return shown(f"#{self.tag}" if self.tag else f"for {self.person}")

    def day(self, day: DayReport) -> DayReport:
        return replace(day, habits=tuple(r for r in day.habits if self.matches(r.habit)))

    def week(self, week: WeekSummary) -> WeekSummary:
        return replace(week, rows=tuple(r for r in week.rows if self.matches(r.habit)))


def choices(habits: Iterable[Habit]) -> list[HabitFilter]:
    """Every tag and every person among the active habits, each once (ignoring case)."""
    tags: dict[str, str] = {}
    people: dict[str, str] = {}
    for habit in habits:
        if habit.archived is None:
            for tag in habit.tags:
                tags.setdefault(tag.casefold(), tag)
            if habit.for_whom:
                people.setdefault(habit.for_whom.casefold(), habit.for_whom)
    return ([HabitFilter(tag=t) for _, t in sorted(tags.items())]
            + [HabitFilter(person=p) for _, p in sorted(people.items())])


class FilterDialog(Dialog[HabitFilter | None]):
    """Pick what to show: every habit, a tag, or a person's actions. Escape changes nothing."""

    app = getters.app(TrustTrackerApp)
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    EVERY = "every"

    def __init__(self, options: list[HabitFilter], current: HabitFilter | None) -> None:
        super().__init__()
        self.options, self.current = options, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="filter-dialog"):
            yield Label("Show only", classes="dialog-title")
            rows = [Option("Every habit", id=self.EVERY)]
            ascii_only = self.app.ascii_only
            rows += [Option(plain(marks(f.label, ascii_only=ascii_only)), id=str(i))
                     for i, f in enumerate(self.options)]
            yield OptionList(*rows, id="filter-choices")
            if not self.options:
                yield Label("Tags (e or the add form) and people (actions) become filters here.")

    def on_mount(self) -> None:
        found = self.query_one(OptionList)
        found.highlighted = (self.options.index(self.current) + 1
                             if self.current in self.options else 0)
        found.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id
        self.dismiss(None if chosen in (None, self.EVERY) else self.options[int(chosen)])

    def action_cancel(self) -> None:
        self.dismiss(self.current)

"""Acting on one habit wherever it is named — its page's keys, the palette: pausing it
and deleting it.

Deleting asks first and says what goes with the habit ("Delete Walk and its 143
check-ins and 12 notes?"), counted by the writer from every stored day; once it is done
the app goes back to Today, and undo brings the habit and its days back. From the
palette, a habit is chosen in a second palette of plain names (never read as markup).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from .plain import filled, plain, shown

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from ..service import Tracker
    from .app import TrustTrackerApp


def pause_habit(app: TrustTrackerApp, habit_id: str) -> None:
    from .screens.pause import PauseDialog

    reports = app.reports
    habit = reports.habit(habit_id) if reports is not None else None
    if reports is not None and habit is not None:
        app.push_screen(PauseDialog(habit, reports.today))


def history_of(t: Tracker, habit_id: str) -> tuple[int, int]:
    """How many check-ins (days kept, part way or excused) and notes a habit has stored,
    before its start too: everything a delete takes with it."""
    from ..domain import TrackerError

    habit = next((h for h in t.all_habits() if h.id == habit_id), None)
    if habit is None:
        raise TrackerError("That habit no longer exists.")
    days = t.stored_days(habit).values()
    return sum(c.value is not None or c.skipped for c in days), sum(bool(c.note) for c in days)


def counted(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


def delete_question(name: str, checkins: int, notes: int) -> Content:
    goes = [counted(n, word) for n, word in ((checkins, "check-in"), (notes, "note")) if n]
    if not goes:
        return filled("Delete [b]$name[/]? It has no check-ins or notes yet.", name=name)
    return filled(f"Delete [b]$name[/] and its {' and '.join(goes)}?", name=name)


def delete_habit(app: TrustTrackerApp, habit_id: str, owner: DOMNode) -> None:
    """Ask (with what goes), then delete and go back to Today."""
    from .widgets.confirm import ConfirmDialog

    reports = app.reports
    habit = reports.habit(habit_id) if reports is not None else None
    if habit is None:
        return

    def answered(yes: bool | None) -> None:
        if yes:
            app.change(lambda t: t.delete(habit), lambda _: back_to_today(app, habit_id),
                       message=f"Deleted {habit.name}; u brings it back")

    def asked(counts: tuple[int, int]) -> None:
        app.push_screen(ConfirmDialog(
            delete_question(habit.name, *counts),
            Content("Undo (u) brings it back.\nTo put it away with its history kept, archive it (x)."),
            yes="Delete"), answered)

    app.ask(lambda t: history_of(t, habit_id), asked, app.show_failure, owner=owner)


def back_to_today(app: TrustTrackerApp, habit_id: str) -> None:
    """The habit's page comes off (it shows nothing now), and Today comes up."""
    while getattr(app.screen, "habit_id", None) == habit_id and len(app.screen_stack) > 1:
        app.pop_screen()
    if app.current_mode != "today":
        app.switch_mode("today")


# -- from the palette ---------------------------------------------------------------------
def from_palette(app: TrustTrackerApp, what: str, habit_id: str | None) -> None:
    """"pause" or "delete": the habit whose page the palette opened over, or one chosen."""
    act: Callable[[str], None] = (partial(pause_habit, app) if what == "pause" else
                                  lambda chosen: delete_habit(app, chosen, app.screen))
    if habit_id is not None:
        act(habit_id)
    else:
        choose_habit(app, "Pause" if what == "pause" else "Delete", act, archived=what == "delete")


def choose_habit(app: TrustTrackerApp, verb: str, act: Callable[[str], None], *,
                 archived: bool = False) -> None:
    """A palette of the habits, "Pause Walk" and so on; choosing one acts on it."""
    app.push_screen(CommandPalette(providers=[habit_choice(app, verb, act, archived=archived)],
                                   placeholder=f"{verb} which habit?"))


def habit_choice(app: TrustTrackerApp, verb: str, act: Callable[[str], None], *,
                 archived: bool = False) -> type[Provider]:
    """The provider of that palette: the habits by name, as typed (never markup)."""
    from .commands import highlighted

    def choices() -> list[tuple[Content, Callable[[], None], str]]:
        reports = app.reports
        if reports is None:
            return []
        habits = reports.everyone if archived else reports.habits
        return [(plain(f"{verb} {h.name}"), partial(act, h.id),
                 "archived" if h.archived else escape(shown(h.schedule.describe())))
                for h in habits]

    class HabitChoice(Provider):
        async def discover(self) -> Hits:
            for name, run, help_text in choices():
                yield DiscoveryHit(name, run, help=help_text)

        async def search(self, query: str) -> Hits:
            matcher = self.matcher(query)
            for name, run, help_text in choices():
                if (score := matcher.match(name.plain)) > 0:
                    yield Hit(score, highlighted(matcher, name), run, text=name.plain,
                              help=help_text)

    return HabitChoice

"""Our command palette entries (ctrl+p): add a habit, jump to a habit, go to a week, views.

Habit names come from the writer's latest reports (never a read of the data on the event
loop), and every entry is plain Content: a name is shown as typed, never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from .plain import plain

if TYPE_CHECKING:
    from .app import TrustTrackerApp

Command = tuple[Content, Callable[[], object], str]


def highlighted(matcher: Matcher, name: Content) -> Content:
    """``name`` with the letters the query matched highlighted (Matcher.highlight would
    read the name as markup)."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, name.plain)
    if not score:
        return name
    for offset in offsets:
        if not name.plain[offset].isspace():
            name = name.stylize(matcher.match_style, offset, offset + 1)
    return name


class TrackerCommands(Provider):
    def _commands(self) -> list[Command]:
        app = cast("TrustTrackerApp", self.app)  # the only app these commands are offered in
        fixed: list[tuple[str, Callable[[], object], str]] = [
            ("Add a habit", app.action_add_habit, "Start a new action or promise"),
            ("Show today", partial(app.switch_mode, "today"), "Tick off today's habits"),
            ("Show the week", partial(app.switch_mode, "week"), "Habits × days"),
            ("Show the loop", partial(app.switch_mode, "loop"), "Where you stand"),
            ("Help", app.action_help, "What the marks and stages mean"),
            ("Settings", app.action_settings, "Week start, day start, glyphs, keys"),
            ("Undo", app.action_undo, "Take back the last change"),
            ("Export your data", app.action_export, "JSON, CSV or Loop Habit Tracker's layout"),
            ("Import from another tracker", app.action_import,
             "Loop Habit Tracker, harsh, dijo or a Trust Tracker export"),
        ]
        commands: list[Command] = [(Content(name), run, help_text) for name, run, help_text in fixed]
        reports = app.reports  # the writer's latest
        if reports is not None:
            for habit in reports.habits:
                commands.append((plain(f"Open habit: {habit.name}"),
                                 partial(app.open_habit, habit.id),
                                 escape(habit.schedule.describe())))
            for habit in reports.archived:
                commands.append((plain(f"Open archived habit: {habit.name}"),
                                 partial(app.open_habit, habit.id),
                                 "Look back, or restore it with x"))
        for weeks_back in range(1, 5):
            commands.append((Content(f"Go to the week {weeks_back} back"),
                             partial(_go_to_week, app, -weeks_back), "Backfill or look back"))
        return commands

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(name, run, help=help_text)  # help is read as markup: ours only

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            if (score := matcher.match(name.plain)) > 0:
                yield Hit(score, highlighted(matcher, name), run, help=help_text)


def _go_to_week(app: TrustTrackerApp, offset: int) -> None:
    app.switch_mode("week")
    screen = app.screen
    if hasattr(screen, "show_week_offset"):
        screen.show_week_offset(offset)

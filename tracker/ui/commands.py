"""Our command palette entries (ctrl+p): add a habit, jump to a habit, go to a week, views.

Habit names come from the writer's latest reports (never a read of the data on the event
loop), and every entry is plain Content: a name is shown as typed, never read as markup.
A habit is found by its name, by a tag ("#self-trust", or a word of it) or by the person
it is for ("Sam", "for Sam"); a tag or a person is shown beside the name it found.
"""

from __future__ import annotations

import re
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
            ("Open the journal", app.action_journal, "Every note, newest first, searchable"),
            ("Show only some habits", app.action_filter,
             "A tag's habits, or one person's actions, on Today and Week (f)"),
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
        # on a habit's page these act on that habit; elsewhere a habit is chosen first
        here = reports.habit(getattr(self.screen, "habit_id", "")) if reports is not None else None
        for what, verb, help_text in (("pause", "Pause", "Set days aside: vacation, illness"),
                                      ("delete", "Delete", "With its days; undo brings them back")):
            commands.append((plain(f"{verb} {here.name}") if here else Content(f"{verb} a habit…"),
                             partial(_on_habit, app, what, here.id if here else None), help_text))
        for weeks_back in range(1, 5):
            commands.append((Content(f"Go to the week {weeks_back} back"),
                             partial(_go_to_week, app, -weeks_back), "Backfill or look back"))
        return commands

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(name, run, help=help_text)  # help is read as markup: ours only

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = self._by_tag_or_person(query, matcher)
        for name, run, help_text in self._commands():
            score = matcher.match(name.plain)
            if name.plain in found and found[name.plain][0] > score:
                score, name = found[name.plain]  # "Open habit: Journal · #self-trust"
            if score > 0:
                yield Hit(score, highlighted(matcher, name), run, help=help_text)

    def _by_tag_or_person(self, query: str, matcher: Matcher) -> dict[str, tuple[float, Content]]:
        """The habits a tag or their person matches, by their command's name: the score,
        and the name to show, with the tag or the person beside it."""
        reports = cast("TrustTrackerApp", self.app).reports
        tag = word_start(query.strip().removeprefix("#"))
        person = word_start(query.strip().removeprefix("for "))
        found: dict[str, tuple[float, Content]] = {}
        if reports is None or (tag is None and person is None):
            return found
        for habit in reports.everyone:
            name = f"{'Open archived habit' if habit.archived else 'Open habit'}: {habit.name}"
            beside = [f"#{t}" for t in habit.tags if tag is not None and tag.search(t)]
            if habit.for_whom and person is not None and person.search(habit.for_whom):
                beside.append(f"for {habit.for_whom}")
            key = plain(name).plain  # as _commands names it
            for what in beside:
                shown_name = plain(f"{name} · {what}")
                score = max(matcher.match(shown_name.plain), 1.0)
                if key not in found or score > found[key][0]:
                    found[key] = (score, shown_name)
        return found


def word_start(text: str) -> re.Pattern[str] | None:
    """What finds ``text`` at the start of a word (any case): "trust" finds "self-trust",
    "sa" finds "Sam"; None for nothing to look for."""
    return re.compile(rf"(?<!\w){re.escape(text)}", re.IGNORECASE) if text else None


def _on_habit(app: TrustTrackerApp, what: str, habit_id: str | None) -> None:
    from .habit_actions import from_palette  # loaded when first asked for

    from_palette(app, what, habit_id)


def _go_to_week(app: TrustTrackerApp, offset: int) -> None:
    app.switch_mode("week")
    screen = app.screen
    if hasattr(screen, "show_week_offset"):
        screen.show_week_offset(offset)

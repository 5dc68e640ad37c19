"""The Textual app: modes for Today, Week and the loop, over the same service as the CLI."""

from __future__ import annotations

import datetime as dt
import os
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from ..clock import configured
from ..ascii_text import marks
from ..store.settings import Settings, save_settings, settings_path
from ..structs import replace
from . import failures
from .commands import TrackerCommands
from .data_app import DataApp
from .plain_marks import MarksCommandPalette, edge_variables, plain_key_display, use_plain_scrollbars
from .session import CollectorPause, WriteJob
from .styles import stylesheet

if TYPE_CHECKING:  # the service, domain and TinyDB load on the writer thread, after the first frame
    from ..domain import WeekSummary
    from ..service import Tracker
    from .filter import HabitFilter


def _screen(module: str, name: str) -> Screen[None]:
    """Screens are imported when first shown, so start-up loads only what it paints."""
    screen: Screen[None] = getattr(import_module(f"tracker.ui.screens.{module}"), name)()
    # A screen made now is styled by the current stylesheet as it mounts (its own file is
    # added by then). Textual compares CSS counters and, finding a new screen's behind the
    # app's, re-parses every stylesheet once more: a sixth of the first frame, for nothing.
    screen._css_update_count = screen.app._css_update_count
    return screen


class TrustTrackerApp(DataApp):
    TITLE = "Trust Tracker"
    SUB_TITLE = "small promises, kept"
    # Today's file comes with the app's so the first frame needs one stylesheet parse; every
    # other screen brings its own file when first shown.
    CSS_PATH = [stylesheet("app.tcss"), stylesheet("today.tcss")]
    COMMANDS = App.COMMANDS | {TrackerCommands}
    MODES = {
        "today": lambda: _screen("today", "TodayScreen"),
        "week": lambda: _screen("week", "WeekScreen"),
        "loop": lambda: _screen("loop", "LoopScreen"),
    }
    DEFAULT_MODE = "today"
    MIN_SIZE = (80, 24)  # below it, a polite "please enlarge" instead of a cramped layout
    WIDE = 120  # from here some screens spread out (App.-wide in styles/*.tcss)
    BINDINGS = [
        Binding("d", "switch_mode('today')", "Today", id="mode.today"),
        Binding("w", "switch_mode('week')", "Week", id="mode.week"),
        Binding("l", "switch_mode('loop')", "Loop", id="mode.loop"),
        Binding("j", "journal", "Journal", id="journal", show=False),  # the footer has no room
        Binding("a", "add_habit", "Add", id="habit.add", show=False),  # shown on Today
        Binding("u", "undo", "Undo", id="undo"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("comma", "settings", "Settings", id="settings", show=False),
        Binding("q", "quit", "Quit", id="quit"),
    ]
    KEYS_WAIT = 0.5  # seconds after the first frame that the footers' keys wait at most
    ascii_only: reactive[bool] = reactive(False, init=False)  # plain marks: see plain_marks.py

    def __init__(self, data: Tracker | Callable[[], Tracker], settings: Settings | None = None,
                 settings_file: Path | None = None, save_settings_file: bool = True) -> None:
        """``data``: open data, or an opener the writer thread runs after the first frame."""
        self.settings = settings or Settings()
        super().__init__(data)
        self.set_reactive(TrustTrackerApp.ascii_only, self.settings.ascii_glyphs)
        self.set_class(self.ascii_only, "-plain", update=False)
        use_plain_scrollbars(self.ascii_only)
        self.is_ready = False
        self.keys_shown = False  # the footers fill in their keys (KeysFooter): see after_habits
        self._week_asked = False
        self._greet_when_open = False
        self._settings_file = settings_file
        self._save_settings = save_settings_file
        self.habit_filter: HabitFilter | None = None  # Today and Week show only these
        self._starting = CollectorPause()  # from the app's start to today's habits on screen
        self.set_keymap(self.settings.keys)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # -- life cycle ------------------------------------------------------------------
    def on_load(self) -> None:
        self._starting.start()  # ends in after_habits (or when the app ends before it)

    def on_mount(self) -> None:
        if self.session.is_open:  # data handed in open (tests, tools): greet at once
            self.start_writer()
            self._greet_if_empty()

    def on_resize(self, event: events.Resize) -> None:
        """Below 80×24 a polite note covers the app; from 120 columns some screens spread out.

        (Textual's breakpoints give every size a class, so the first frame paid for
        restyling the whole screen once; here the usual size changes nothing at all.)"""
        from .screens.too_small import TooSmallScreen

        width, height = event.size
        self.set_class(width >= self.WIDE, "-wide")
        small = width < self.MIN_SIZE[0] or height < self.MIN_SIZE[1]
        covered = bool(self.screen_stack) and isinstance(self.screen_stack[-1], TooSmallScreen)
        if small and not covered:
            self.push_screen(TooSmallScreen())
        elif covered and not small:
            self.pop_screen()

    @property
    def too_small(self) -> bool:
        from .screens.too_small import TooSmallScreen

        return any(isinstance(screen, TooSmallScreen) for screen in self.screen_stack)

    def on_ready(self) -> None:
        """The first frame is on screen: now open the data and fill in what it says."""
        self.is_ready = True
        if self.session.is_open:
            self.after_habits()
            self.call_later(self.refresh_screens)  # after this frame is out, not before
        else:
            self._greet_when_open = True
            self.start_writer()  # opens the data first, off the event loop
            self.set_timer(self.KEYS_WAIT, self.after_habits)  # should the data be slow

    def on_today_screen_shown(self, _: Message) -> None:
        self.call_after_refresh(self.after_habits)  # once today's habits are painted

    def after_habits(self) -> None:
        """What waits for the frame with today's habits, so as not to hold it up: the
        footers' keys (a widget a key; after ``KEYS_WAIT`` whatever happens) and, from the
        writer, this week (the first reports leave it out: see ``Reports.week``); and the
        garbage collector runs again (paused for the start: see ``CollectorPause``)."""
        self._starting.stop()
        if not self.keys_shown:
            self.keys_shown = True
            for screen in self.screen_stack:  # Today's too, under a dialog or the too-small note
                screen.refresh_bindings()
        if self.reports is not None and self.reports.week is None and not self._week_asked:
            self._week_asked = True
            self.session.submit(WriteJob(lambda t: t.week(), self._week_came,
                                         lambda err: self.say(failures.reports_failed(err)),
                                         changes_data=False))

    def _week_came(self, week: WeekSummary) -> None:
        reports = self.reports
        if reports is not None and reports.week is None:  # else a change brought a newer one
            self.reports = replace(reports, week=week)
            for screen in self.screen_stack:  # the Week or the loop, opened in the meantime
                refresh = getattr(screen, "refresh_data", None)
                if getattr(screen, "SHOWS_WEEK", False) and callable(refresh):
                    refresh()

    def data_opened(self) -> None:
        """The first reports are in (``on_session_opened``): greet, then show them."""
        if self._greet_when_open:
            self._greet_if_empty()
        if self.is_ready:
            self.refresh_screens()

    def _greet_if_empty(self) -> None:
        if self.reports is not None and not self.reports.everyone:
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def on_unmount(self) -> None:
        self._starting.stop()
        self.session.stop()

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.update_settings(self.settings.with_changes(theme=theme))

    def update_settings(self, settings: Settings) -> None:
        """Apply settings at once; the file is written on the writer thread (never on the
        event loop), and a failure to save it is said, not fatal."""
        self.settings = settings
        self.set_keymap(settings.keys)
        self.ascii_only = settings.ascii_glyphs
        if self._save_settings:
            def unsaved(err: Exception) -> None:
                reason = err.strerror if isinstance(err, OSError) and err.strerror else err
                self.notify(f"Settings not saved: {reason}", severity="warning")

            file = self._settings_file
            self.submit(WriteJob(lambda _: save_settings(settings, file), lambda _: None,
                                 unsaved, changes_data=False), "Settings")

    @property
    def settings_file(self) -> str:
        return os.fspath(self._settings_file) if self._settings_file else settings_path()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers the views you can go to, not the one you are on; while the
        window is too small, nothing but quitting opens over the note."""
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return False
        return action == "quit" or not self.too_small

    # -- plain marks (the ascii_glyphs setting): nothing but ASCII is drawn ----------------
    def watch_ascii_only(self, ascii_only: bool) -> None:
        use_plain_scrollbars(ascii_only)
        self.set_class(ascii_only, "-plain")
        self.refresh_css(animate=False)  # the borders drawn through $edge-* variables
        self.mutate_reactive(TrustTrackerApp.sub_title)  # each header formats its title again

    def get_css_variables(self) -> dict[str, str]:
        return {**super().get_css_variables(), **edge_variables(self.settings.ascii_glyphs)}

    def format_title(self, title: str, sub_title: str) -> Content:
        if not self.ascii_only:
            return super().format_title(title, sub_title)
        title, sub_title = marks(title, ascii_only=True), marks(sub_title, ascii_only=True)
        return (Content.assemble(title, (" - ", "dim"), Content(sub_title).stylize("dim"))
                if sub_title else Content(title))

    def get_key_display(self, binding: Binding) -> str:
        """A key's name, in the footer and in help (ASCII in plain marks: "up", not ↑)."""
        display = super().get_key_display(binding)
        return plain_key_display(binding, display) if self.ascii_only else display

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, MarksCommandPalette):
            self.push_screen(MarksCommandPalette(ascii_only=self.ascii_only))

    # -- actions ---------------------------------------------------------------------
    def action_undo(self) -> None:
        def undo(tracker: Tracker) -> str:
            from ..domain.days import undone  # the command line's words, days as shown here

            return undone(tracker.undo(), tracker.today)

        self.change(undo, lambda said: self.notify(said, timeout=3))

    def action_add_habit(self) -> None:
        from .screens.habit_form import HabitForm

        self.push_screen(HabitForm())

    def action_filter(self) -> None:
        """Show only the habits with a tag, or one person's actions (Today and Week)."""
        from .filter import FilterDialog, choices

        everyone = self.reports.everyone if self.reports is not None else ()

        def chosen(picked: HabitFilter | None) -> None:
            self.habit_filter = picked
            refresh = getattr(self.screen, "refresh_data", None)
            if callable(refresh):
                refresh()

        self.push_screen(FilterDialog(choices(everyone), self.habit_filter), chosen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_settings(self) -> None:
        from .screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_export(self) -> None:
        from .screens.transfer import ExportDialog

        self.push_screen(ExportDialog())

    def action_import(self) -> None:
        from .screens.transfer import ImportDialog

        self.push_screen(ImportDialog())

    def action_journal(self) -> None:
        """The journal, over the view you are on (back to it if it is already open)."""
        from textual.screen import ModalScreen

        from .screens.journal import JournalScreen

        if isinstance(self.screen, ModalScreen):
            return  # a dialog is open: finish it first
        if any(isinstance(screen, JournalScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, JournalScreen):
                self.pop_screen()
        else:
            self.push_screen(JournalScreen())

    def open_habit(self, habit_id: str) -> None:
        from .screens.habit import HabitScreen

        self.push_screen(HabitScreen(habit_id))


def make_app(db: str | None, today: dt.date | None, demo: bool = False) -> TrustTrackerApp:
    """Build the app; it opens the data after its first frame and keeps any failure
    (``exit_problem()``) for the command line to report."""
    setup = configured(today)  # the command line's settings and clock: one notion of today
    settings, settings_note, clock = setup.settings, setup.problem, setup.clock

    def open_data() -> Tracker:
        from ..service import Tracker

        path = db
        if demo:
            from .demo import demo_database

            path = str(demo_database(clock.today()))
        # The writer gathers the first reports from it (every streak worked out there, off
        # the event loop), posts them, then keeps any checkpoints that brought (Session).
        return Tracker.open(path, clock, settings.week_start)

    app = TrustTrackerApp(open_data, settings, save_settings_file=settings_note is None)
    if settings_note:
        app.call_later(app.notify, settings_note, severity="warning")
    return app

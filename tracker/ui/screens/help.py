"""Help: what the marks and stages mean, and the keys, built from what is in use now.

The keys come from the views' own bindings, with the settings' [keys] table applied (a key
remapped there is the key shown here), and the marks from the glyph set in use: with plain
marks on, the page shows the ASCII ones and is drawn in ASCII.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from ..app import TrustTrackerApp
from ...domain.loop import STAGE_MEANINGS, STAGE_THRESHOLDS, Stage
from ...glyphs import LEGEND_ORDER, glyph, marks
from ..plain_marks import key_names
from ..views import stage_mark
from .dialog import Dialog

INTRO = ("Trust comes back through small promises kept again and again. Each evening, tick "
         "what you kept. The app turns the pattern into four stages:")
LOOP = "consistency → predictability → safety → trust"
MEASURED = ("A stage is measured, not judged: it needs a score (a forgiving average that one "
            "missed day only dents) and a best streak spanning enough calendar days. Your own "
            "stage is the one at least half of your habits have reached.")
MARK_WORDS = {  # LEGEND_ORDER's marks, said in full
    "done": "kept",
    "partial": "part way to a measured habit's target",
    "skipped": "excused: rest, travel, illness — it never breaks a streak",
    "pending": "due today, still open",
    "missed": "was due, not kept (or a limit passed)",
}
# What a key does, by binding id; a key without words here is said by its own description,
# so a key added to a view shows up on this page by itself.
KEY_WORDS = {
    "toggle": "tick or untick the highlighted habit (enter or a click too; a limit: none today)",
    "count.more": "a step more of a measured habit's amount (0.5 for a 2.5 km walk)",
    "count.less": "a step less",
    "count.amount": "type a measured habit's exact amount (2.5; 0 for none)",
    "skip": "excuse today (press again to take it back)",
    "note": "write the day's note",
    "habit.open": "open the habit: history, streaks, score",
    "habit.edit": "edit the habit",
    "habit.move_up": "move the habit up the list",
    "habit.move_down": "move the habit down the list",
    "view.filter": "show only one tag's habits, or one person's actions",
    "week.prev": "the week before",
    "week.next": "the week after",
    "week.this": "back to this week",
    "week.toggle": "mark the day under the cursor kept, or clear it (enter or a click too)",
    "week.skip": "excuse that day (press again to take it back)",
    "week.more": "a step more of that day's amount",
    "week.less": "a step less",
    "week.amount": "type that day's exact amount",
    "week.note": "write that day's note",
    "week.open": "open the habit",
    "habit.back": "back to the view you came from",
    "habit.pause": "set days aside: vacation, illness",
    "habit.archive": "put the habit away, or bring it back (its history is kept)",
    "habit.delete": "delete the habit and its history",
    "mode.today": "Today",
    "mode.week": "the Week",
    "mode.loop": "the Loop",
    "journal": "the journal: every note, newest first, searchable",
    "habit.add": "add a habit",
    "undo": "undo the last change (any change)",
    "settings": "settings: week start, new day, theme, plain marks",
    "help": "this page",
    "quit": "quit",
    "palette": "the command palette: add, jump to a habit, go to a week, theme, export, import",
}


def stage_rows(*, ascii_only: bool) -> list[tuple[str, str]]:
    """Each stage with its mark, what it asks for and what it means."""
    rows = []
    for stage in Stage:
        if stage in STAGE_THRESHOLDS:
            score, span = STAGE_THRESHOLDS[stage]
            asks = f"score {score:.0%}, best streak over {span} days. "
        else:
            asks = "where everyone starts. "
        rows.append((f"{stage_mark(stage, ascii_only)} {stage.label}", asks + STAGE_MEANINGS[stage]))
    return rows


def by_id(bindings: Iterable[BindingType]) -> list[Binding]:
    """Each binding with an id once (two bindings may share one, like archive and restore)."""
    seen: dict[str, Binding] = {}
    for binding in bindings:
        if isinstance(binding, Binding) and binding.id and binding.id not in seen:
            seen[binding.id] = binding
    return list(seen.values())


def key_sections(app: TrustTrackerApp) -> list[tuple[str, list[Binding]]]:
    """The views' keys as they are bound (imported here: help is opened after they load)."""
    from .habit import HabitScreen
    from .journal import JournalScreen
    from .today import TodayScreen
    from .week import WeekScreen

    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Palette", id="palette")
    everywhere = by_id(type(app).BINDINGS)
    return [("Today", by_id(TodayScreen.BINDINGS)),
            ("Week", by_id(WeekScreen.BINDINGS)),
            ("A habit's page", by_id(HabitScreen.BINDINGS)),
            ("The journal", by_id(JournalScreen.BINDINGS)),
            ("Everywhere", [*everywhere, palette])]


class HelpScreen(Dialog[None]):
    app = getters.app(TrustTrackerApp)

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        app = self.app
        ascii_only = app.ascii_only
        keymap = app.settings.keys

        def text(words: str) -> str:
            return marks(words, ascii_only=ascii_only)

        def rows(pairs: Sequence[tuple[str, str]], column: str) -> ComposeResult:
            for left, right in pairs:
                yield Horizontal(Label(Content(text(left)), classes=f"help-key {column}"),
                                 Static(Content(text(right)), classes="help-words"),
                                 classes="help-row")

        with VerticalScroll(classes="dialog help"):
            yield Static(Content.styled("Trust Tracker", "bold"), classes="help-title")
            yield Static(Content(text(INTRO)), classes="help-text")
            yield Static(Content.styled(text(LOOP), "bold"), classes="help-loop")
            yield from rows(stage_rows(ascii_only=ascii_only), "-stage")
            yield Static(Content(text(MEASURED)), classes="help-text")
            yield Label("Marks", classes="help-heading")
            yield from rows([(glyph(status, ascii_only=ascii_only), MARK_WORDS[status.value])
                             for status in LEGEND_ORDER], "-mark")
            for title, bindings in key_sections(app):
                yield Label(f"Keys: {title}", classes="help-heading")
                yield from rows([(key_names(app, b, keymap),
                                  KEY_WORDS.get(b.id or "", b.description.lower()))
                                 for b in bindings], "-keys")
            close = key_names(app, by_id(self.BINDINGS)[0], keymap)
            yield Static(Content(text(f"Press {close} to close this page.")), classes="help-text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # the arrow keys and page keys scroll it

"""First run: a few warm words about the loop, and starter habits to pick from."""

from __future__ import annotations

from typing import Callable

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ..app import TrustTrackerApp
from ...domain import HabitKind, TrackerError
from ...domain.templates import TEMPLATES, Template
from ...ascii_text import marks
from ..plain import plain
from ..styles import stylesheet
from ..widgets.footer import KeysFooter
from ..widgets.marks import MarkedSelectionList

INTRO = (
    "Trust comes back a little at a time. Small promises kept again and again make you "
    "[b]consistent[/]; consistency makes you [b]predictable[/]; being predictable feels "
    "[b]safe[/]; and safety, given time, becomes [b]trust[/]. Two kinds of habits help: "
    "[b]consistency actions[/], done for someone, and [b]self-trust promises[/], kept to "
    "yourself."
)

ROOMY_HEIGHT = 31  # rows needed to show every template without scrolling
KIND_WORDS = {HabitKind.ACTION: "action ", HabitKind.PROMISE: "promise"}


def template_prompt(template: Template, *, ascii_only: bool = False) -> str:
    return marks(f"[dim]{KIND_WORDS[template.kind]}[/]  {template.name}"
                 f"  [dim]· {template.step_name}[/]", ascii_only=ascii_only)


def picked_words(count: int) -> str:
    return f"{count} of {len(TEMPLATES)} picked" if count else "none picked yet"


class WelcomeScreen(ModalScreen[None]):
    """Modal, so the app's keys wait until a start is chosen."""

    app = getters.app(TrustTrackerApp)

    CSS_PATH = stylesheet("welcome.tcss")  # loaded when first shown

    BINDINGS = [Binding("escape", "start_empty", "Start empty", id="welcome.skip"),
                Binding("ctrl+s", "add_picked", "Add picked", id="welcome.add"),
                Binding("q", "quit", "Quit", id="quit")]  # the app's id: remapped with it

    def __init__(self) -> None:
        super().__init__()
        self._saving = False

    def compose(self) -> ComposeResult:
        ascii_only = self.app.ascii_only
        with Vertical(id="welcome"):
            yield Static("Welcome to Trust Tracker", id="welcome-title")
            yield Static(INTRO, id="welcome-intro")
            with Horizontal(id="welcome-pick-row"):
                yield Label("Pick a few with space; edit any habit later with [b]e[/].",
                            id="welcome-pick")
                yield Label(picked_words(0), id="welcome-count")
            yield MarkedSelectionList[int](
                *(Selection(template_prompt(t, ascii_only=ascii_only), i)
                  for i, t in enumerate(TEMPLATES)),
                id="welcome-templates")
            yield Static("", id="welcome-why")
            with Horizontal(id="welcome-for-row"):
                yield Label("Who are your actions for?", id="welcome-for-label")
                yield Input(id="welcome-for", compact=True,
                            placeholder="a name (optional), e.g. Sam")
            with Horizontal(id="welcome-buttons"):
                yield Button("Add the ones I picked", id="welcome-add", variant="primary",
                             compact=True)
                yield Button("Start empty", id="welcome-skip", compact=True)
                yield Label("", id="welcome-error", classes="error")
        yield KeysFooter()

    def on_mount(self) -> None:
        templates = self._templates()
        templates.focus()
        templates.highlighted = 0
        self._explain(0)

    def on_resize(self) -> None:
        """With room to spare the page sits in the middle; in less, the list scrolls."""
        self.set_class(self.size.height >= ROOMY_HEIGHT, "-roomy")

    def _templates(self) -> SelectionList[int]:
        return self.query_one("#welcome-templates", MarkedSelectionList)

    def _picked(self) -> list[Template]:
        return [TEMPLATES[i] for i in sorted(self._templates().selected)]

    def _explain(self, index: int | None) -> None:
        """The highlighted template's step and reason, under the list."""
        why = self.query_one("#welcome-why", Static)
        if index is None:
            why.update("")
            return
        tpl = TEMPLATES[index]
        why.update(marks(f"[b]Step {tpl.step}, {tpl.step_name}:[/] {tpl.why} "
                         f"[dim]({tpl.schedule.describe()})[/]", ascii_only=self.app.ascii_only))

    def on_selection_list_selection_highlighted(
            self, event: SelectionList.SelectionHighlighted[int]) -> None:
        self._explain(event.selection.value)

    def on_selection_list_selected_changed(self, _: SelectionList.SelectedChanged[int]) -> None:
        count = len(self._templates().selected)
        self.query_one("#welcome-count", Label).update(picked_words(count))
        self.query_one("#welcome-add", Button).label = (
            "Add the one I picked" if count == 1 else
            f"Add the {count} I picked" if count else "Add the ones I picked")
        if count:
            self.query_one("#welcome-error", Label).update("")  # the pick it asked for is made

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_add_picked()

    @on(Input.Changed, "#welcome-for")
    def _name_mended(self) -> None:
        self.query_one("#welcome-error", Label).update("")  # a refused name is being fixed

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "welcome-add":
            self.action_add_picked()
        else:
            self.action_start_empty()

    def _unless_picks_are_lost(self, question: str, detail: str,
                               then: Callable[[], object]) -> None:
        """``then()``, after asking when it would throw picks away."""
        from ..widgets.confirm import ConfirmDialog

        if not self.is_active:
            return  # a question is open already
        count = len(self._templates().selected)
        if not count:
            then()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        picks = "the one you picked" if count == 1 else f"the {count} you picked"
        self.app.push_screen(ConfirmDialog(question.format(picks=picks), detail,
                                           yes="Drop them"), answered)

    def action_start_empty(self) -> None:
        self._unless_picks_are_lost("Start empty, without {picks}?",
                                    "Nothing is added; habits can be added any time.",
                                    lambda: self.dismiss())

    def action_quit(self) -> None:
        self._unless_picks_are_lost("Quit without adding {picks}?",
                                    "Nothing is added; this welcome comes back next time.",
                                    lambda: self.app.call_next(self.app.action_quit))

    def action_add_picked(self) -> None:
        if self._saving:
            return
        error = self.query_one("#welcome-error", Label)
        picked = self._picked()
        if not picked:
            error.update("Pick at least one habit (space), or choose Start empty.")
            return
        name = self.query_one("#welcome-for", Input).value

        reports = self.app.reports  # the writer checks again
        habits = list(reports.everyone) if reports is not None else []
        try:
            for tpl in picked:
                tpl.to_new_habit(name).validated(habits)
        except TrackerError as err:
            error.update(plain(err, ascii_only=self.app.ascii_only))  # what was typed stays
            return
        error.update("")
        self._saving = True

        def added(_: object) -> None:
            if self.is_active:
                self.dismiss()

        count = f"{len(picked)} habit{'s' if len(picked) > 1 else ''}"
        self.app.change(lambda t: t.add_many([tpl.to_new_habit(name) for tpl in picked]),
                        added, message=f"Added {count}. Tick them off here each evening.")

    def refresh_data(self) -> None:
        """Called after every write lands; after a failed add the screen can try again."""
        self._saving = False

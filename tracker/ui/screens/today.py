"""Today: the evening list. One key ticks a habit; the header says how much is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..app import TrustTrackerApp
from ...ascii_text import marks
from ..plain import filled
from ..styles import stylesheet
from ..widgets.today_list import HabitLine, TodayList
from .view import ViewScreen

if TYPE_CHECKING:  # the domain loads with the data, after the first frame
    from textual.widget import AwaitMount

    from ...domain import DayReport, HabitReport

GROUPS = (("action", "Consistency actions · done for someone"),  # HabitKind values
          ("promise", "Self-trust promises · kept to yourself"))


class TodayScreen(ViewScreen):
    app = getters.app(TrustTrackerApp)

    CSS_PATH = stylesheet("today.tcss")  # loaded when first shown
    class Shown(Message):
        """Today's habits are on screen, to be painted with the next frame (after the
        first load, once the list is mounted, and after each refresh)."""

    _mounting: AwaitMount | None = None  # the list, on its way to the screen (see _list)

    BINDINGS = [
        Binding("space", "tick", "Done", id="toggle"),
        Binding("plus,equals_sign", "more", "More", id="count.more"),
        Binding("minus", "less", "Less", id="count.less"),
        Binding("v", "amount", "Amount", id="count.amount"),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("n", "note", "Note", id="note"),
        Binding("o", "open", "Open", id="habit.open"),
        Binding("a", "app.add_habit", "Add", id="habit.add"),  # the app's key, shown here
        Binding("e", "edit", "Edit", id="habit.edit", show=False),
        Binding("f", "app.filter", "Filter", id="view.filter", show=False),
        Binding("shift+up", "move(-1)", "Move up", id="habit.move_up", show=False),
        Binding("shift+down", "move(1)", "Move down", id="habit.move_down", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        # The first frame holds only this line: the list comes with the data (see _list),
        # which the app opens right after painting it.
        yield Static(marks("Gathering your habits…", ascii_only=self.app.ascii_only),
                     id="today-summary")

    def on_mount(self) -> None:
        if self.app.is_ready:
            self.call_after_refresh(self.refresh_data)

    def _list(self) -> OptionList:
        """Today's list, made the first time there is something to put in it."""
        try:
            return self.query_one("#today-list", OptionList)
        except NoMatches:
            options = TodayList(id="today-list")
            self._mounting = self.query_one("#body").mount(options, Static(id="today-hint"))
            options.focus()
            return options

    # -- showing ---------------------------------------------------------------------
    def refresh_data(self) -> None:
        """Show the latest reports the writer handed the app (nothing until the data is open)."""
        reports = self.app.reports
        if reports is not None:
            chosen = self.app.habit_filter
            self._show(chosen.day(reports.day) if chosen else reports.day)

    def _show(self, day: DayReport) -> None:
        self._day = day
        self._reports = {r.habit.id: r for r in day.habits}
        self.query_one("#today-summary", Static).update(self._summary(day))
        self._fill(day)
        if self._mounting is None:
            self.post_message(self.Shown())  # painted with the next frame
        else:  # the first time: once the list is on the screen (then painted with the next)
            self.call_later(self._shown_when_mounted, self._mounting)

    async def _shown_when_mounted(self, mounting: AwaitMount) -> None:
        await mounting
        self._mounting = None
        self.post_message(self.Shown())

    def _summary(self, day: DayReport) -> Content:
        chosen, ascii_only = self.app.habit_filter, self.app.ascii_only
        dot = marks("·", ascii_only=ascii_only)
        if chosen is not None:  # the filter's label is the person's text: never markup
            shown = filled(f"[b]$label[/] only (f changes it)   {dot}   ",
                           label=marks(chosen.label, ascii_only=ascii_only))
            if not day.habits:
                return shown + Content("no habit here today.")
            return shown + Content.from_markup(
                f"{day.kept_today} of {day.due_today} kept today")
        if not day.habits:
            return Content.from_markup("No habits yet. Press [b]a[/] to add one.")
        return Content.from_markup(
            f"[b]{day.today:%A %d %B}[/]   {day.kept_today} of {day.due_today} kept today"
            f"   {dot}   you stand at [b]{day.stage.label}[/]")

    def _fill(self, day: DayReport) -> None:
        """Every habit's option; each row's text is made when it is first drawn (HabitLine)."""
        from ..rows import RowLayout

        options = self._list()
        keep = options.highlighted_option.id if options.highlighted_option else None
        ascii_only = self.app.ascii_only
        # the screen's margins, the list's border and padding take 6 cells, one is kept
        # for a scrollbar
        layout = RowLayout.fit(day.habits, self.size.width - 7)
        rows: list[Option] = []
        for kind, title in GROUPS:
            group = [r for r in day.habits if r.habit.kind.value == kind]
            if group:
                rows.append(Option(f"[b]{marks(title, ascii_only=ascii_only)}[/]",
                                   id=f"group-{kind}", disabled=True))
                rows.extend(Option(HabitLine(r, layout, ascii_only=ascii_only), id=r.habit.id)
                            for r in group)
        scrolled = options.scroll_y
        options.set_options(rows)  # one layout pass, not one per row
        options.scroll_to(y=scrolled, animate=False, immediate=True)  # the view stays put
        self._highlight(options, keep)
        self._show_hint()

    @staticmethod
    def _highlight(options: OptionList, habit_id: str | None) -> None:
        if habit_id is not None:
            try:
                options.highlighted = options.get_option_index(habit_id)
                return
            except OptionDoesNotExist:  # the habit is gone (archived, undone)
                pass
        enabled = [i for i in range(options.option_count) if not options.get_option_at_index(i).disabled]
        options.highlighted = enabled[0] if enabled else None

    def on_screen_resume(self) -> None:
        if hasattr(self, "_day"):
            self.refresh_data()  # a change made on another view shows here too

    def on_resize(self) -> None:
        if hasattr(self, "_day"):
            self._fill(self._day)  # only the layout changed: no need to ask the data again

    # -- acting ----------------------------------------------------------------------
    def _current(self) -> HabitReport | None:
        option = self._list().highlighted_option
        return self._reports.get(option.id) if option and option.id else None

    def on_option_list_option_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()  # More, Less and Amount are offered for measured habits only
        self._show_hint()

    def _show_hint(self) -> None:
        """Under the list: the highlighted habit's why and today's note, else the keys."""
        from ..plain import plain

        report = self._current() if hasattr(self, "_reports") else None
        said = [f"why: {report.habit.why}"] if report and report.habit.why else []
        if report and report.note:
            said.append(f"today's note: {' '.join(report.note.split())}")
        hint = " · ".join(said) or ("ctrl+p finds every command · ? explains the marks and stages"
                                    if getattr(self, "_day", None) and self._day.habits else "")
        self.query_one("#today-hint", Static).update(
            plain(marks(hint, ascii_only=self.app.ascii_only)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("more", "less", "amount"):
            report = self._current() if hasattr(self, "_reports") else None
            return report is not None and report.habit.measured
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_tick()

    def action_tick(self) -> None:
        report = self._current()
        if report is None:
            return
        habit = report.habit
        if habit.at_most and report.recorded and report.status.value != "done":
            from ..views import over_limit

            self.notify(over_limit(habit, report.value), title="Nothing changed", timeout=4)
        elif report.status.value == "done":
            self.app.change(lambda t: t.uncheck(habit), message=f"{habit.name}: today is open again")
        else:
            kept = "none today: kept" if habit.at_most else "kept today"
            self.app.change(lambda t: t.check(habit, value=habit.tick_amount),
                            message=f"{habit.name}: {kept}")

    def action_more(self) -> None:
        if report := self._current():
            habit = report.habit
            self.app.change(lambda t: t.add_to(habit, 1))

    def action_less(self) -> None:
        if report := self._current():
            habit = report.habit
            self.app.change(lambda t: t.add_to(habit, -1))

    def action_amount(self) -> None:
        if report := self._current():
            from .amount import AmountDialog

            value = report.value if report.recorded else None
            self.app.push_screen(AmountDialog(report.habit, report.today, value))

    def action_skip(self) -> None:
        if report := self._current():
            habit = report.habit
            if report.status.value == "skipped":
                self.app.change(lambda t: t.uncheck(habit))
            else:
                self.app.change(lambda t: t.skip(habit), message=f"{habit.name}: today is excused")

    def action_note(self) -> None:
        if report := self._current():
            from .note import NoteDialog

            self.app.push_screen(NoteDialog(report.habit, report.today, report.note))

    def action_open(self) -> None:
        if report := self._current():
            self.app.open_habit(report.habit.id)

    def action_edit(self) -> None:
        if report := self._current():
            from .habit_form import HabitForm

            self.app.push_screen(HabitForm(report.habit))

    def action_move(self, offset: int) -> None:
        if report := self._current():
            habit = report.habit
            self.app.change(lambda t: t.move(habit, offset))

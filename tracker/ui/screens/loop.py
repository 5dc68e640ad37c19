"""The loop: where the person stands on consistency → predictability → safety → trust,
how many habits stand on each stage, and what each habit needs to climb."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..app import TrustTrackerApp
from ...domain import DayReport, HabitReport, WeekSummary
from ...glyphs import marks
from ..rows import shorten, title_for
from ..views import stage_mark
from ..widgets.loop_diagram import LoopDiagram
from ..styles import stylesheet
from .view import ViewScreen


BEGINNING = 0.10  # below this, the overall score is read as a start, not a verdict


class LoopScreen(ViewScreen):
    app = getters.app(TrustTrackerApp)

    CSS_PATH = stylesheet("loop.tcss")  # loaded when first shown
    SHOWS_WEEK = True  # refreshed when this week comes after the first reports
    BINDINGS = [Binding("o", "open", "Details", id="habit.open")]

    def compose_body(self) -> ComposeResult:
        yield Static(id="loop-headline")
        yield LoopDiagram(id="loop-diagram")
        yield Static(id="loop-meaning")
        yield OptionList(id="loop-habits")

    def on_mount(self) -> None:
        self.query_one("#loop-habits").border_title = "Each habit, and what its next stage needs"
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()  # changes made from another mode's screens land here too

    def on_resize(self) -> None:
        if hasattr(self, "_day"):
            self._show_meaning(self._day)
            self._fill(self._day)

    def _show_meaning(self, day: DayReport) -> None:
        text = f"[b]{day.stage.label.capitalize()}[/]: {day.stage.meaning}"
        if LoopDiagram.shows_meanings(self.size.width - 2):  # the boxes say it
            text = (f"You stand at [b]{day.stage.label}[/] because it is the stage at least half "
                    "of your habits have reached.")
        self.query_one("#loop-meaning", Static).update(marks(text, ascii_only=self.app.ascii_only))

    # -- showing ---------------------------------------------------------------------
    def refresh_data(self) -> None:
        reports = self.app.reports  # the writer's latest
        if reports is None or reports.week is None:
            return  # still opening (or the week not yet in): the app refreshes this then
        day, week = reports.day, reports.week
        self._day = day
        ascii_only = self.app.ascii_only
        self.query_one("#loop-headline", Static).update(self._headline(day, week, ascii_only))
        self.query_one(LoopDiagram).show(day.stage_counts, day.stage, ascii_only)
        self._show_meaning(day)
        self._fill(day)

    @staticmethod
    def _headline(day: DayReport, week: WeekSummary, ascii_only: bool) -> str:
        if not day.habits:
            return "No habits yet, so the loop starts at consistency. Press [b]a[/] to add one."
        kept = f"this week [b]{week.kept} of {week.due}[/] kept" if week.due else "nothing due yet this week"
        score = f"overall score [b]{day.score:.0%}[/]"
        if day.score < BEGINNING:  # a first week's few percent is where every score starts
            score = f"score [b]{day.score:.0%}[/] so far, climbing with each kept day"
        return marks(f"You stand at [b]{stage_mark(day.stage, ascii_only)} {day.stage.label}[/]"
                     f" · {score} · {kept}", ascii_only=ascii_only)

    def _fill(self, day: DayReport) -> None:
        options = self.query_one("#loop-habits", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        width = max(30, (options.scrollable_content_region.width or self.size.width - 4) - 3)
        for report in day.habits:
            options.add_option(Option(self._row(report, width), id=report.habit.id))
        if day.habits:
            ids = [r.habit.id for r in day.habits]
            options.highlighted = ids.index(keep) if keep in ids else 0

    def _row(self, report: HabitReport, width: int) -> Text:
        """The habit with its stage and score, then what the next stage needs: on one line
        when there is room, else on two."""
        ascii_only = self.app.ascii_only
        stage = f"{stage_mark(report.stage, ascii_only)} {report.stage.label:<14}  {report.score:>4.0%}"
        wants = report.next.describe() if report.next else "Trust reached: keep it going."
        one_line = width >= 120
        room = 34 if one_line else min(40, width - len(stage) - 3)
        title = marks(title_for(report, room), ascii_only=ascii_only)
        wants = marks(wants, ascii_only=ascii_only)
        row = Text()
        row.append(f" {title:<{room}}  ", style="bold")
        row.append(stage)
        if one_line:
            row.append(marks("   " + shorten(wants, width - room - len(stage) - 6),
                             ascii_only=ascii_only), style="italic")
        else:
            row.append(marks("\n   " + shorten(wants, width - 3), ascii_only=ascii_only),
                       style="italic dim")
        return row

    # -- acting ----------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.open_habit(event.option.id)

    def action_open(self) -> None:
        option = self.query_one("#loop-habits", OptionList).highlighted_option
        if option is not None and option.id:
            self.app.open_habit(option.id)

"""One habit up close: its calendar, streaks, score and trend, its stage, its pauses, its
notes; pausing, editing, archiving and deleting it (see :mod:`tracker.ui.habit_actions`)."""

from __future__ import annotations

import datetime as dt

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Sparkline, Static

from ...structs import struct
from ..app import TrustTrackerApp
from ...domain import DayStatus, Habit, HabitReport, TrackerError, habit_report
from ...domain.schedules import week_start_of
from ...domain.spans import pauses_in_order
from ...service import Tracker
from .. import habit_actions
from ..plain import filled, plain
from ..views import stage_mark
from ..widgets.confirm import ConfirmDialog
from ..widgets.heatmap import LABEL_WIDTH, Heatmap
from ..styles import stylesheet
from .pause import day_span, pause_words
from .view import ViewScreen

HISTORY_WEEKS = 26  # what is read; the heatmap shows as many recent weeks as fit
TREND_DAYS = 56  # the sparkline's reach: eight weeks of daily scores
NOTES_SHOWN = 5  # ten on a tall terminal
FACTS_WIDTH = 38  # the numbers keep at least this many columns beside the heatmap
GAP = 3  # the heatmap's margins: one on its left, two between it and the numbers


@struct(frozen=True)
class HabitView:
    """Everything the screen shows, read in one go under the session's lock."""

    report: HabitReport
    statuses: dict[dt.date, DayStatus]
    scores: list[float]  # one a day, oldest first, ending with the habit's last known day
    trend_from: dt.date
    notes: list[tuple[dt.date, str]]  # newest first
    week_start: int


def read_view(t: Tracker, habit_id: str) -> HabitView:
    habit = next((h for h in t.habits() + t.habits(archived=True) if h.id == habit_id), None)
    if habit is None:
        raise TrackerError("That habit no longer exists.")
    timeline = t.timeline(habit)
    report = habit_report(timeline)
    first = max(habit.start, week_start_of(t.today, t.week_start) - dt.timedelta(weeks=HISTORY_WEEKS - 1))
    days = t.statuses_from(habit, first)
    statuses = {d: days.status(d) for d in days.days(first)}
    scores = timeline.scores[-TREND_DAYS:]
    return HabitView(report, statuses, scores, timeline.end - dt.timedelta(days=max(0, len(scores) - 1)),
                     t.recent_notes(habit, 2 * NOTES_SHOWN), t.week_start)


def day_text(day: dt.date, today: dt.date) -> str:
    """"6 Nov", or "6 Nov 2025" when it was another year."""
    return f"{day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")


def run_text(first: dt.date, last: dt.date, today: dt.date) -> str:
    """"17 Oct – 24 Oct" this year; "Oct 2025 – Nov 2026" across years, to stay short."""
    if first.year == last.year == today.year:
        return f"{day_text(first, today)} – {day_text(last, today)}"
    return f"{first:%b %Y} – {last:%b %Y}" if (first.year, first.month) != (last.year, last.month) \
        else f"{first:%b %Y}"


def fact(label: str, value_id: str) -> Horizontal:
    return Horizontal(Label(label, classes="fact-label"), Static(id=value_id, classes="fact-value"),
                      classes="fact", id=f"{value_id}-row")


def in_lines(parts: list[str], width: int) -> str:
    """``parts`` joined with " · ", a new line wherever the next would not fit."""
    lines = [parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += f" · {part}"
        else:
            lines[-1] += " ·"
            lines.append(part)
    return "\n".join(lines)


def weeks_since(start: dt.date, today: dt.date, week_start: int) -> int:
    """How many calendar weeks hold a day of a habit that started on ``start``."""
    return (week_start_of(today, week_start) - week_start_of(start, week_start)).days // 7 + 1


class HabitScreen(ViewScreen):
    app = getters.app(TrustTrackerApp)

    CSS_PATH = [stylesheet(name) for name in ("habit.tcss", "dialogs.tcss")]  # loaded when first shown
    BINDINGS = [
        Binding("escape", "back", "Back", id="habit.back"),
        Binding("e", "edit", "Edit", id="habit.edit"),
        Binding("p", "pause", "Pause", id="habit.pause"),
        Binding("x", "archive", "Archive", id="habit.archive"),
        Binding("x", "restore", "Restore", id="habit.archive"),
        Binding("D", "delete", "Delete", id="habit.delete"),
    ]

    def __init__(self, habit_id: str) -> None:
        super().__init__()
        self.habit_id = habit_id
        self.view: HabitView | None = None
        self._value_width = FACTS_WIDTH - 8  # the facts' values, worked out on resize

    def compose_body(self) -> ComposeResult:
        yield Static(id="habit-title")
        yield Static(id="habit-about")
        yield Static(id="habit-why")
        with Horizontal(id="habit-top"):
            yield Heatmap(id="habit-heatmap")
            with Vertical(id="habit-facts"):
                yield fact("Streak", "habit-streak")
                yield fact("Best", "habit-best")
                yield fact("Score", "habit-score")
                yield Horizontal(Label("", classes="fact-label"),
                                 Sparkline(id="habit-trend", summary_function=lambda xs: sum(xs) / len(xs)),
                                 Static(id="habit-range"), classes="fact")
                yield fact("Stage", "habit-stage")
                yield fact("Next", "habit-next")
                yield fact("Paused", "habit-paused")
        with VerticalScroll(id="habit-notes-box"):
            yield Static(id="habit-notes")

    def on_mount(self) -> None:
        self.query_one("#habit-facts").border_title = "Where it stands"
        self.query_one("#habit-notes-box").border_title = "Recent notes"
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if self.view is not None:  # back from another mode, where things may have changed
            self.refresh_data()

    def on_resize(self) -> None:
        self._fit_heatmap()
        if (habit := self._habit()) is not None and self.app.reports is not None:
            self._show_pauses(habit, self.app.reports.today)
        if self.view is not None:
            self._show_facts(self.view, self.app.ascii_only)
            self._show_notes(self.view)

    def _fit_heatmap(self) -> None:
        """As many weeks as leave the numbers their room, and no more than the habit has."""
        heatmap = self.query_one(Heatmap)
        heatmap.cell = 3 if self.size.width >= 140 else 2
        heatmap.spaced = self.size.height >= 40
        self.set_class(heatmap.spaced, "-roomy")
        free = self.size.width - 2 - GAP - LABEL_WIDTH  # the body's padding, the margins
        weeks = min(HISTORY_WEEKS, (free - FACTS_WIDTH) // heatmap.cell)
        habit, reports = self._habit(), self.app.reports
        lived = weeks_since(habit.start, reports.today, reports.week_start) \
            if habit is not None and reports is not None else weeks
        heatmap.weeks = max(8, min(weeks, lived))
        heatmap.border_title = (f"Since {day_text(habit.start, reports.today)}"
                                if habit is not None and reports is not None and lived <= weeks
                                else f"The last {heatmap.weeks} weeks")
        self._value_width = free - heatmap.weeks * heatmap.cell - 8  # less the facts' labels

    # -- showing ---------------------------------------------------------------------
    def _habit(self) -> Habit | None:
        """The habit as the writer last reported it (None once it no longer exists)."""
        reports = self.app.reports
        return reports.habit(self.habit_id) if reports is not None else None

    def refresh_data(self) -> None:
        """The habit's words come with the writer's reports, at once; its history is
        asked of the writer, and what the screen had stays until the answer comes."""
        habit = self._habit()
        if habit is None:  # its creation was undone: nothing left to show
            if self.is_current:
                self.app.pop_screen()
            return
        self._fit_heatmap()  # its start may have moved
        self._show_words(habit)
        habit_id = self.habit_id
        self.app.ask(lambda t: read_view(t, habit_id), self._show_view, self._not_read,
                     owner=self)

    def _not_read(self, error: Exception) -> None:
        if isinstance(error, TrackerError):  # gone between the reports and the question
            if self.is_current:
                self.app.pop_screen()
        else:
            self.app.show_failure(error)

    def _show_words(self, habit: Habit) -> None:
        """Name, who it is for, kind, schedule, tags, why: all as typed, never markup."""
        title = filled("[b]$name[/]", name=habit.name)
        if habit.for_whom:
            title += filled(" · for $who", who=habit.for_whom)
        today = self.app.reports.today if self.app.reports is not None else habit.start
        if habit.archived:
            title += Content.from_markup(
                f"   [reverse] archived {habit.archived:%d %b %Y} [/] [dim](x restores)[/]")
        elif now := [p for p in habit.pauses if today in p]:
            until = max(p.last for p in now)
            badge = "today" if until == today else f"until {day_span(until, until, today)}"
            title += Content.from_markup(f"   [reverse] paused {badge} [/]")
        self.query_one("#habit-title", Static).update(title)
        self._show_pauses(habit, today)
        about = [habit.kind.label, habit.schedule.describe()]
        if habit.measured:
            about.append(habit.goal_text)
        about.append(f"since {habit.start:%d %b %Y}")
        about.extend(f"#{tag}" for tag in habit.tags)
        self.query_one("#habit-about", Static).update(plain(" · ".join(about)))
        why = self.query_one("#habit-why", Static)
        why.update(filled("Why: [i]$why[/]", why=habit.why) if habit.why else "")
        why.display = bool(habit.why)
        self.refresh_bindings()

    def _show_view(self, view: HabitView) -> None:
        self.view = view
        ascii_only = self.app.ascii_only
        self.query_one(Heatmap).show(view.statuses, view.report.today, view.week_start, ascii_only)
        self._show_facts(view, ascii_only)
        self._show_notes(view)
        self.refresh_bindings()

    def _show_facts(self, view: HabitView, ascii_only: bool) -> None:
        report = view.report
        current, best = report.current, report.best
        at_best = " · your best" if current.length and current.length >= best.length else ""
        self.query_one("#habit-streak", Static).update(f"[b]{current.describe()}[/]{at_best}")
        span = f" · {run_text(best.first, best.last, report.today)}" if best.first and best.last else ""
        self.query_one("#habit-best", Static).update(f"{best.describe()}{span}")
        self.query_one("#habit-score", Static).update(f"[b]{report.score:.0%}[/] · {self._trend(view)}")
        self._show_trend(view)
        stage = f"[b]{stage_mark(report.stage, ascii_only)} {report.stage.label}[/]"
        if self.size.height >= 30:  # room for what the stage means (? explains it too)
            stage += f"\n[dim]{report.stage.meaning}[/]"
        self.query_one("#habit-stage", Static).update(stage)
        nxt = report.next
        text = nxt.describe() if nxt else "Trust is reached; keeping it is the whole of it now."
        if nxt is not None:  # where it stands against what the next stage asks
            now = in_lines([f"now: score {report.score:.0%} of {nxt.score_needed:.0%}",
                            f"best streak spans {report.best.span_days} of {nxt.span_needed_days} days"],
                           self._value_width)
            text += f"\n[dim]{now}[/]"
        self.query_one("#habit-next", Static).update(text)

    def _show_pauses(self, habit: Habit, today: dt.date) -> None:
        """Under way and to come first, then the past ones: as many as fit on one line."""
        pauses = pauses_in_order(habit.pauses, today)
        self.query_one("#habit-paused-row").display = bool(pauses)
        shown = Content("")
        for i, pause in enumerate(pauses):
            more = f" · +{len(pauses) - i} more"
            words = pause_words(pause, today)
            joined = shown + " · " + words if i else words
            if joined.cell_length + (len(more) if i < len(pauses) - 1 else 0) > self._value_width and i:
                shown += Content.styled(more, "dim")
                break
            shown = joined
        self.query_one("#habit-paused", Static).update(shown)

    def _show_trend(self, view: HabitView) -> None:
        """The sparkline spans the lowest to the highest score it shows; the label says which."""
        scores = view.scores or [view.report.score]
        low, high = min(scores), max(scores)
        flat = round(100 * low) == round(100 * high)
        self.query_one("#habit-trend", Sparkline).data = [high] * max(2, len(scores)) if flat else scores
        self.query_one("#habit-range", Static).update(
            f"[dim]all {high:.0%}[/]" if flat else f"[dim]{low:.0%}–{high:.0%}[/]")

    @staticmethod
    def _trend(view: HabitView) -> str:
        if len(view.scores) < 2:
            return "too new for a trend"
        points = round(100 * (view.scores[-1] - view.scores[0]))
        since = f"since {day_text(view.trend_from, view.report.today)}"
        if points == 0:
            return f"steady {since}"
        return f"{'up' if points > 0 else 'down'} {abs(points)} point{'s' * (abs(points) != 1)} {since}"

    def _show_notes(self, view: HabitView) -> None:
        notes = view.notes[:2 * NOTES_SHOWN if self.size.height >= 40 else NOTES_SHOWN]
        text = Content.from_markup("[dim]No notes yet. Press n on Today to write one.[/]")
        if notes:
            text = Content("\n").join(
                Content.assemble((f"{day:%a} {day_text(day, view.report.today):>6}", "dim"), "  ",
                                 plain(" ".join(note.split())))
                for day, note in notes)
        self.query_one("#habit-notes", Static).update(text)

    # -- acting ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("archive", "restore", "pause") and (habit := self._habit()) is not None:
            archived = habit.archived is not None
            return archived if action == "restore" else not archived
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_archive(self) -> None:
        habit = self._habit()
        if habit is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.change(lambda t: t.archive(habit), self._archived,
                                message=f"Archived {habit.name}; u undoes it")

        self.app.push_screen(ConfirmDialog(
            filled("Archive [b]$name[/]?", name=habit.name),
            "It leaves Today and the loop; its history is kept.", yes="Archive"), answered)

    def _archived(self, _: object) -> None:
        if self.is_current:
            self.app.pop_screen()

    def action_restore(self) -> None:
        if (habit := self._habit()) is not None:
            self.app.change(lambda t: t.restore(habit), message=f"Restored {habit.name}")

    def action_edit(self) -> None:
        if (habit := self._habit()) is not None:
            from .habit_form import HabitForm

            self.app.push_screen(HabitForm(habit))

    def action_pause(self) -> None:
        habit_actions.pause_habit(self.app, self.habit_id)

    def action_delete(self) -> None:
        habit_actions.delete_habit(self.app, self.habit_id, owner=self)

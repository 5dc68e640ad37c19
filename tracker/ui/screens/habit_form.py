"""Add or edit a habit: every field in plain controls, checked in place before it is saved.

The schedule is chosen, never typed: a list of kinds, then only the boxes that kind needs,
with the result read back in plain words. Mistakes are shown beside the form with the
same words the command line uses, and nothing typed is ever cleared.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Select

from ...domain import Habit, HabitKind, NewHabit, Schedule, TrackerError
from ...domain.amounts import format_amount, parse_amount
from ...domain.schedules import WEEKDAY_NAMES, ScheduleKind
from ...domain.spans import checked_start
from ..plain import filled, plain, shown
from ..widgets.marks import MarkedCheckbox, MarkedRadioButton, MarkedSelect
from ..styles import stylesheet
from .pause import day_span, typed_day
from .saving import SavingDialog

if TYPE_CHECKING:
    from ...service import Tracker

SCHEDULE_CHOICES = (
    ("every day", ScheduleKind.DAILY),
    ("on chosen weekdays", ScheduleKind.WEEKDAYS),
    ("every N days", ScheduleKind.EVERY_N_DAYS),
    ("N times a week", ScheduleKind.PER_WEEK),
    ("N times a month", ScheduleKind.PER_MONTH),
    ("N times in any M days", ScheduleKind.IN_DAYS),
)
GOAL_CHOICES = (("at least", False), ("at most", True))  # a limit: at most the target
# What surrounds the number boxes for each kind: (before N, after N, after M or None).
NUMBER_WORDS = {
    ScheduleKind.EVERY_N_DAYS: ("every", "days", None),
    ScheduleKind.PER_WEEK: ("", "times a week", None),
    ScheduleKind.PER_MONTH: ("", "times a month", None),
    ScheduleKind.IN_DAYS: ("", "times in any", "days"),
}


def split_tags(text: str) -> tuple[str, ...]:
    """Tags as typed: separated by spaces or commas."""
    return tuple(tag for tag in re.split(r"[,\s]+", text) if tag)


def _row(label: str, *widgets: Widget, row_id: str | None = None) -> Horizontal:
    return Horizontal(Label(label, classes="form-label"), *widgets, classes="form-row", id=row_id)


class HabitForm(SavingDialog):
    # its own file after the dialogs' (Dialog infers a lone Path; Textual takes a list)
    CSS_PATH = [stylesheet("dialogs.tcss"), stylesheet("habit_form.tcss")]

    def __init__(self, habit: Habit | None = None) -> None:
        super().__init__()
        self.habit = habit
        self._saving = False

    # -- building ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        habit = self.habit
        schedule = habit.schedule if habit else Schedule.daily()
        is_action = habit is not None and habit.kind is HabitKind.ACTION
        n, m = self._numbers_of(schedule)
        with Vertical(classes="dialog", id="habit-form"):
            yield Label(filled("Edit [b]$name[/]", name=habit.name) if habit else "Add a habit",
                        classes="dialog-title")
            with VerticalScroll(id="form-fields"):
                # stored text is shown with any control character replaced (and saved so)
                yield _row("Name", Input(shown(habit.name) if habit else "", id="name", compact=True,
                                         placeholder="what you will do, in a few words"))
                yield _row("Kind", RadioSet(
                    MarkedRadioButton("consistency action", is_action, id="kind-action"),
                    MarkedRadioButton("self-trust promise", not is_action, id="kind-promise"),
                    id="kind", compact=True))
                yield _row("For whom", Input(shown(habit.for_whom) if habit else "", id="for-whom",
                                             compact=True, placeholder="who the action is for"))
                yield _row("Why", Input(shown(habit.why) if habit else "", id="why", compact=True,
                                        placeholder="your reason, shown beside the habit"))
                yield _row("Tags", Input(shown(" ".join(habit.tags)) if habit else "", id="tags",
                                         compact=True, placeholder="optional; space or comma separated"))
                at_most = habit is not None and habit.at_most
                yield _row("Target", MarkedSelect(GOAL_CHOICES, value=at_most, allow_blank=False,
                                                  id="goal", compact=True),
                           Input(format_amount(habit.target) if habit else "1", id="target",
                                 restrict=r"[0-9.,]*", compact=True, classes="number amount"),
                           Input(shown(habit.unit) if habit else "", id="unit", compact=True,
                                 placeholder="unit"),
                           Label("a day · 1, no unit: a tick", id="goal-after", classes="form-after"))
                yield _row("Schedule", MarkedSelect(SCHEDULE_CHOICES, value=schedule.kind,
                                              allow_blank=False, id="schedule-kind", compact=True))
                yield _row("", Label("", id="n-before", classes="form-word"),
                           Input(n, id="sched-n", type="integer", compact=True, classes="number"),
                           Label("", id="n-after", classes="form-word"),
                           Input(m, id="sched-m", type="integer", compact=True, classes="number"),
                           Label("", id="m-after", classes="form-word"),
                           Horizontal(*(MarkedCheckbox(day, i in schedule.weekdays, id=f"day-{i}",
                                                 compact=True)
                                        for i, day in enumerate(WEEKDAY_NAMES)),
                                      id="weekday-boxes"),
                           row_id="schedule-detail")
                yield _row("Due", Label("", id="schedule-preview"))
                yield _row("Start", Input(self._start_text(), id="start", compact=True,
                                          classes="date", placeholder="2026-11-26"),
                           Label("", id="start-preview", classes="form-after"))
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Label("ctrl+s saves · escape cancels", classes="dialog-hint")
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @staticmethod
    def _numbers_of(schedule: Schedule) -> tuple[str, str]:
        """The N and M boxes' starting text for a schedule (sensible defaults otherwise)."""
        match schedule.kind:
            case ScheduleKind.EVERY_N_DAYS:
                return str(schedule.days), "7"
            case ScheduleKind.IN_DAYS:
                return str(schedule.times), str(schedule.days)
            case ScheduleKind.PER_WEEK | ScheduleKind.PER_MONTH:
                return str(schedule.times), "7"
            case _:
                return "3", "7"

    def _start_text(self) -> str:
        if self.habit is not None:
            return self.habit.start.isoformat()
        return "today"

    async def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._show_kind()
        self._show_schedule()
        self._show_start()

    # -- reading the form ------------------------------------------------------------------
    def _kind(self) -> HabitKind:
        action = self.query_one("#kind-action", RadioButton).value
        return HabitKind.ACTION if action else HabitKind.PROMISE

    def _schedule_kind(self) -> ScheduleKind:
        value = self.query_one("#schedule-kind", Select).value
        return ScheduleKind(value) if isinstance(value, str) else ScheduleKind.DAILY

    def _number(self, selector: str) -> int:
        """A number box's value; anything that is not a whole number counts as 0."""
        try:
            return int(self.query_one(selector, Input).value.strip())
        except ValueError:
            return 0

    def _schedule(self) -> Schedule:
        """The chosen schedule; raises TrackerError with the domain's words if it can't be."""
        n, m = self._number("#sched-n"), self._number("#sched-m")
        kind = self._schedule_kind()
        if kind is ScheduleKind.WEEKDAYS:
            return Schedule.of_kind(kind, weekdays={i for i in range(7)
                                                    if self.query_one(f"#day-{i}", Checkbox).value})
        return Schedule.of_kind(kind, times=n, days=m if kind is ScheduleKind.IN_DAYS else n)

    def _start(self) -> dt.date:
        """The start typed, read and checked as the command line does (raises TrackerError)."""
        reports = self.app.reports
        if reports is None:
            raise TrackerError("Your data is still opening; save again in a moment.")
        return checked_start(typed_day(self.query_one("#start", Input).value, reports.today),
                             reports.today)

    def _new_habit(self) -> NewHabit:
        """What the form says, checked like the command line checks it (raises TrackerError)."""
        kind = self._kind()
        text = {i.id: i.value for i in self.query(Input)}
        at_most = self.query_one("#goal", Select).value is True
        new = NewHabit(
            name=text["name"], kind=kind, schedule=self._schedule(),
            target=parse_amount(text["target"], "limit" if at_most else "target"),
            for_whom=text["for-whom"] if kind is HabitKind.ACTION else "",
            why=text["why"], tags=split_tags(text["tags"]), unit=text["unit"], at_most=at_most,
            # an amount of 1 stays measured if it was (Loop's may be); a target of 1 set here is a tick
            measured=self.habit is not None and self.habit.measured and self.habit.target == 1,
        )
        keep = self.habit.id if self.habit else None
        reports = self.app.reports  # the writer checks again
        everyone = reports.everyone if reports is not None else ()
        return new.validated([h for h in everyone if h.id != keep])

    # -- keeping the form in step --------------------------------------------------------
    def _show_kind(self) -> None:
        """A person's name only means something for an action; the text is kept either way."""
        self.query_one("#for-whom", Input).disabled = self._kind() is not HabitKind.ACTION

    def _show_schedule(self) -> None:
        kind = self._schedule_kind()
        words = NUMBER_WORDS.get(kind)
        self.query_one("#schedule-detail").display = kind is not ScheduleKind.DAILY
        self.query_one("#weekday-boxes").display = kind is ScheduleKind.WEEKDAYS
        for selector in ("#n-before", "#sched-n", "#n-after"):
            self.query_one(selector).display = words is not None
        for selector in ("#sched-m", "#m-after"):
            self.query_one(selector).display = words is not None and words[2] is not None
        if words is not None:
            before, after, after_m = words
            self.query_one("#n-before", Label).update(before)
            self.query_one("#n-before").display = bool(before)
            self.query_one("#n-after", Label).update(after)
            self.query_one("#m-after", Label).update(after_m or "")
        self._preview()

    def _preview(self) -> None:
        preview = self.query_one("#schedule-preview", Label)
        try:
            preview.update(plain(self._schedule().describe()))
            preview.remove_class("problem")
        except TrackerError as err:
            preview.update(plain(err))
            preview.add_class("problem")

    def _show_start(self) -> None:
        """The start in words, and what moving it does to the days already kept."""
        preview = self.query_one("#start-preview", Label)
        try:
            start = self._start()
        except TrackerError as err:
            preview.update(plain(err))
            preview.add_class("problem")
            return
        preview.remove_class("problem")
        today = self.app.reports.today if self.app.reports is not None else start
        words = f"{start:%a} {day_span(start, start, today)}" + (" (today)" if start == today else "")
        was = self.habit.start if self.habit is not None else None
        if was is None:
            preview.update(words)
        elif start > was:
            preview.update(f"{words} · the days before it stay stored, outside the habit's life")
        elif start < was:
            more = (was - start).days
            preview.update(f"{words} · {more} more day{'s' * (more != 1)} in its life; "
                           "those not ticked count as not kept")
        else:
            preview.update(f"{words} · a later start keeps the days before it stored, "
                           "outside the habit's life")

    @on(Input.Changed, "#start")
    def _start_changed(self) -> None:
        self._show_start()

    @on(RadioSet.Changed, "#kind")
    def _kind_changed(self) -> None:
        self._show_kind()

    @on(Select.Changed, "#schedule-kind")
    def _schedule_kind_changed(self) -> None:
        self._show_schedule()

    @on(Input.Changed, ".number")
    @on(Checkbox.Changed)
    def _schedule_changed(self) -> None:
        self._preview()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _recheck(self) -> None:
        """A mistake shown stays only while it is there: once fixed, its message goes (or
        says what is still wrong)."""
        if str(self.query_one("#form-error", Label).render()):
            self._checked()

    def _checked(self) -> tuple[NewHabit, dt.date] | None:
        """What the form says and its start, checked, with the form's message kept in step:
        the mistake (the typed text stays where it is), or none; None when it won't do."""
        error = self.query_one("#form-error", Label)
        try:
            found = self._new_habit(), self._start()
        except TrackerError as err:
            error.update(plain(err))
            return None
        error.update("")
        return found

    # -- saving (enter, ctrl+s and the buttons: see SavingDialog) ----------------------
    def action_save(self) -> None:
        if self._saving or (checked := self._checked()) is None:
            return
        new, start = checked
        error = self.query_one("#form-error", Label)
        self._saving = True
        habit = self.habit

        def saved(_: Habit) -> None:
            if self.is_active:
                self.dismiss()

        def refused(err: Exception) -> None:
            if isinstance(err, TrackerError) and self.is_attached:
                error.update(plain(err))  # the writer's check, in place too
            else:
                self.app.show_failure(err)

        def change(t: Tracker) -> Habit:
            return t.edit(habit, new, start) if habit else t.add(new, start)

        verb = "Saved" if habit else "Added"
        self.app.change(change, saved, message=f"{verb} {new.name}", failed=refused)

    def refresh_data(self) -> None:
        """Called after every write lands; after a failed save the form can be saved again."""
        self._saving = False

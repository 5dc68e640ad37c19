"""The service's reading side: today's reports, weeks, timelines and notes, worked out
from the months in memory and their checkpoints (see :mod:`tracker.months`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .clock import Clock
from .domain import CheckIn, TrackerError, DayReport, Habit, HabitReport, Timeline, habit_report
from .domain.checkpoint import data_needed_from, status_origin
from .domain.schedules import week_start_of
from .months import Months
from .store.stored_habits import StoredHabits

if TYPE_CHECKING:  # the week loads with its first question (the app asks once today is shown)
    from .domain import WeekSummary


class Reporting:
    """What a ``Tracker`` can tell, from the habits and months it has read."""

    clock: Clock
    week_start: int
    months: Months
    _habits: StoredHabits  # (each made when first asked for)
    _listed_memo: tuple[StoredHabits, tuple[int, bool], list[tuple[int, str, str]]] | None = None
    _timelines: dict[str, Timeline]  # until the habit or its days change

    @property
    def today(self) -> dt.date:
        return self.clock.today()

    def habits(self, *, archived: bool = False) -> list[Habit]:
        """Active habits in their order; with ``archived=True``, the archived ones."""
        chosen = [h for h in self._habits.values() if (h.archived is not None) == archived]
        return sorted(chosen, key=lambda h: (h.position, h.name.casefold()))

    def listed(self, *, archived: bool = False) -> list[tuple[int, str, str]]:
        """What ``habits`` lists, each as its position, name and id, none of them made
        (see ``store.stored_habits``); worked out again only once a habit changed."""
        habits, memo, key = self._habits, self._listed_memo, (self._habits.version, archived)
        if memo is None or memo[0] is not habits or memo[1] != key:
            chosen = [(position, name, habit_id) for position, name, habit_id, gone in habits.listing()
                      if gone == archived]
            chosen.sort(key=lambda listed: (listed[0], listed[1].casefold()))
            memo = self._listed_memo = (habits, key, chosen)
        return list(memo[2])

    def _fresh(self, habit: Habit) -> Habit:
        """The stored version of a habit a screen may have held on to for a while."""
        if habit.id not in self._habits:
            raise TrackerError(f"{habit.name!r} no longer exists (was its creation undone?).")
        return self._habits[habit.id]

    def checkins(self, habit: Habit) -> dict[dt.date, CheckIn]:
        return self.months.of(habit.id)

    def recent_notes(self, habit: Habit, count: int) -> list[tuple[dt.date, str]]:
        """The habit's newest notes, newest first (older months read only as needed)."""
        habit = self._fresh(habit)
        return self.months.recent_notes(habit.id, habit.start, count)

    def all_notes(self) -> list[tuple[dt.date, Habit, str]]:
        """Every habit's notes (archived ones' too), newest first, a day's in the habits'
        order: the journal. Older months are read once, then kept in memory."""
        habits = sorted(self._habits.values(), key=lambda h: (h.position, h.name.casefold()))
        self.months.ensure_loaded(min((h.start for h in habits), default=self.today))
        notes = [(day, habit, checkin.note) for habit in habits
                 for day, checkin in self.checkins(habit).items() if checkin.note]
        notes.sort(key=lambda note: note[0], reverse=True)  # stable: habits stay in order
        return notes

    def save_checkpoints(self) -> None:
        """Cache the checkpoints today's reports worked out, so the next command (or the
        next open of the app) reads a few months, not years. No lock: it is a cache."""
        if self.months.cache_is_behind:
            self.months.save_checkpoints()

    # -- reports ---------------------------------------------------------------------
    def timeline(self, habit: Habit) -> Timeline:
        """Streaks, score and statuses from the habit's checkpoint (or its start) to today.

        Kept until the habit or one of its days changes (or the day turns), so screens can
        ask again on every refresh for free."""
        cached = self._timelines.get(habit.id)
        if cached and cached.habit is self._habits.get(habit.id) and cached.today == self.today:
            return cached
        checkpoint = self.months.valid_checkpoint(habit)
        self.months.ensure_loaded(data_needed_from(habit, checkpoint), habit.id)
        timeline = Timeline(habit, self.checkins(habit), self.today, self.week_start, checkpoint=checkpoint)
        self.months.refresh_checkpoint(timeline, checkpoint)
        if checkpoint is not None or self.months.valid_checkpoint(habit) is None:
            self._timelines[habit.id] = timeline
        # (a walk of the whole history, on a first open, is not kept: years of days for
        # every habit would stay in memory; the checkpoint it left makes the next one short)
        return timeline

    def statuses_from(self, habit: Habit, day: dt.date) -> Timeline:
        """A timeline that knows the statuses of ``day`` and after (not streaks: see timeline)."""
        origin = status_origin(habit, day, self.week_start)
        checkpoint = self.months.valid_checkpoint(habit)
        if origin >= data_needed_from(habit, checkpoint):
            return self.timeline(habit)
        self.months.ensure_loaded(origin)
        return Timeline(habit, self.checkins(habit), self.today, self.week_start, origin=origin)

    def report(self, habit: Habit) -> HabitReport:
        return habit_report(self.timeline(habit))

    def load_for_reports(self) -> None:
        """Read, in one pass, the months every habit's report needs (from its checkpoint,
        or its start)."""
        needed = (data_needed_from(h, self.months.valid_checkpoint(h)) for h in self._habits.values())
        self.months.ensure_loaded(min(needed, default=self.today))

    def day_report(self) -> DayReport:
        self.load_for_reports()
        return DayReport(self.today, tuple(self.report(h) for h in self.habits()))

    def week(self, day: dt.date | None = None) -> WeekSummary:
        every = self.habits() + self.habits(archived=True)
        every.sort(key=lambda h: (h.position, h.name.casefold()))
        first = week_start_of(day or self.today, self.week_start)
        timelines = [self.statuses_from(h, first) for h in every]
        from .domain.week import week_summary

        return week_summary(timelines, first, self.week_start)

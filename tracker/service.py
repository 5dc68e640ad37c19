"""The one façade the command line and the app both call.

It turns a request ("check Journal yesterday") into validated domain facts and store
writes, and keeps a history of every change so any of them can be undone. Each change and
its undo record land in one atomic write.
"""

from __future__ import annotations

import datetime as dt
import os

from .clock import Clock, SystemClock
from .domain import CheckIn, Habit, NewHabit, Pause, Timeline, TrackerError
from .domain.amounts import Amount, step_for
from .domain.bounds import VALUE_MAX, checked_day
from .domain.habits import NOTE_MAX, check_name_free, clean_text
from .domain.schedules import next_month
from .domain.spans import checked_pause, checked_start
from .changes import writes
from .months import Months
from .writing import Writing
from .store import Store, TinyStore, resolve_db_path
from .store.layout import month_of


class Tracker(Writing):
    """Habits, check-ins and reports over one store, with "today" from a clock."""

    def __init__(self, store: Store, clock: Clock | None = None, week_start: int = 0,
                 *, eager: bool = True) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        store.today = self.clock.today  # the day's backup is named for the day that counts
        self.week_start = week_start
        self._eager = eager
        self.changed_habits: set[str] = set()  # the habits this Tracker changed on disk
        self._reload_due = False
        self._load(self.today if eager else next_month(month_of(self.today)))

    def _load(self, since: dt.date) -> None:
        """Read the habits and the months from ``since`` on, and (``eager``) what every
        habit's report needs; else each habit's months are read when it is first asked
        about (a command about one habit reads no other's: of a month file, only that
        habit's records are parsed)."""
        snapshot = self.store.load(since=since)
        if not self._eager:  # (today's month is read a habit at a time: its files are
            self.store.check_month(month_of(self.today))  # checked now, as a read checks them)
        self._habits = snapshot.habits
        self.months = Months(self.store, snapshot.checkins, snapshot.checkpoints,
                               lambda: self.today, self.week_start, since)
        self._timelines: dict[str, Timeline] = {}  # until the habit or its days change
        if self._eager:
            self.load_for_reports()

    def refresh(self) -> bool:
        """Take in what another Trust Tracker (the command line, a second window, a sync)
        wrote since this one last read; True when there was something. When nothing
        changed this costs a stat per file read, nothing more."""
        outside = self.store.take_in()
        everything = self._reload_due or outside.habits  # a habit changed (rare), or a failed try
        if not (everything or outside.months):
            return False
        self._reload_due = True  # until it has read what came (a damaged file may come first)
        if everything:
            self.reload()
        else:  # a tick elsewhere: only its month is read again
            self.months.take_in(outside.months)
            self._timelines.clear()
        self._reload_due = False
        return True

    def pop_notice(self) -> str | None:
        """What the store did by itself since opening (said once)."""
        notice, self.store.recovered = self.store.recovered, None
        return notice

    def reload(self) -> None:
        """Read everything again (after a merge wrote records from elsewhere)."""
        self.store.reset()
        self._load(min(self.months.loaded_from, self.today))
        self.changed_habits.update(self._habits)  # (what changed is not known: any may have)

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, clock: Clock | None = None,
             week_start: int = 0, *, writable: bool = True, eager: bool = True) -> Tracker:
        """Open the data (nothing is held: each change takes the lock while it is written)."""
        return cls(TinyStore(resolve_db_path(db), writable=writable), clock, week_start, eager=eager)

    def close(self) -> None:
        self.store.close()

    # -- finding habits --------------------------------------------------------------
    def find(self, ref: str, *, archived: bool = False) -> Habit:
        """A habit by id, by name (any case) or by the unique start of its name. (Only the
        one found is made a ``Habit``: see ``store.stored_habits``.)"""
        pool = [(name.casefold(), name, habit_id) for _, name, habit_id in self.listed(archived=archived)]
        if any(habit_id == ref for _, _, habit_id in pool):
            return self._habits[ref]
        folded = " ".join(ref.split()).casefold()
        if not folded:
            raise TrackerError("Name a habit.")
        exact = [habit_id for casefolded, _, habit_id in pool if casefolded == folded]
        if exact:
            return self._habits[exact[0]]
        starts = [(name, habit_id) for casefolded, name, habit_id in pool if casefolded.startswith(folded)]
        if len(starts) == 1:
            return self._habits[starts[0][1]]
        where = "archived habits" if archived else "your habits"
        if not starts:
            raise TrackerError(f"No habit called {ref!r} among {where}.")
        names = ", ".join(repr(name) for name, _ in starts[:5])
        raise TrackerError(f"{ref!r} could mean {names}; type more of the name.")

    # -- changing habits -------------------------------------------------------------
    def add(self, new: NewHabit, start: dt.date | None = None) -> Habit:
        return self.add_many([new], start)[0]

    @writes
    def add_many(self, news: list[NewHabit], start: dt.date | None = None) -> list[Habit]:
        """Start habits (the first run's picks come together): one change, so one undo."""
        import uuid  # only adding needs it: kept off the start-up path

        start = checked_start(start or self.today, self.today)
        known = list(self._habits.values())
        position = max((h.position for h in known), default=0)
        added: list[Habit] = []
        for new in news:
            clean = new.validated(known)
            position += 1
            habit = Habit(
                id=uuid.uuid4().hex[:12], name=clean.name, kind=clean.kind,
                schedule=clean.schedule, start=start, for_whom=clean.for_whom, why=clean.why,
                tags=clean.tags, position=position, target=clean.target, unit=clean.unit,
                at_most=clean.at_most, measured=clean.measured,
            )
            known.append(habit)
            added.append(habit)
        label = f"add {added[0].name}" if len(added) == 1 else f"add {len(added)} habits"
        if added:
            self._commit(label, habits=added)
        return added

    @writes
    def archive(self, habit: Habit) -> Habit:
        habit = self._fresh(habit)
        if habit.archived is not None:
            raise TrackerError(f"{habit.name!r} is already archived.")
        return self._replace(habit, f"archive {habit.name}", archived=self.today)

    @writes
    def restore(self, habit: Habit) -> Habit:
        habit = self._fresh(habit)
        if habit.archived is None:
            raise TrackerError(f"{habit.name!r} is not archived.")
        check_name_free(habit.name, list(self._habits.values()), except_id=habit.id)
        return self._replace(habit, f"restore {habit.name}", archived=None)

    @writes
    def edit(self, habit: Habit, new: NewHabit, start: dt.date | None = None) -> Habit:
        """Change what a habit is (name, kind, person, why, tags, schedule, target, unit,
        limit) and, given ``start``, the day it began; its history stays with it (days
        before a later start stay stored, outside the habit's life)."""
        habit = self._fresh(habit)
        others = [h for h in self._habits.values() if h.id != habit.id]
        clean = new.validated(others)
        start = habit.start if start is None else checked_start(start, self.today)
        if habit.archived is not None and start > habit.archived:
            raise TrackerError(f"{habit.name!r} was archived on {habit.archived.isoformat()}; "
                               "it can't start after that.")
        return self._replace(habit, f"edit {clean.name}", name=clean.name, kind=clean.kind,
                             for_whom=clean.for_whom, why=clean.why, tags=clean.tags,
                             schedule=clean.schedule, target=clean.target, unit=clean.unit,
                             at_most=clean.at_most, measured=clean.measured, start=start)

    @writes
    def delete(self, habit: Habit) -> int:
        """Remove a habit and every day stored for it, in one change: one undo brings both
        back. Returns how many days went with it."""
        habit = self._fresh(habit)
        days = len(self.stored_days(habit))
        self._commit(f"delete {habit.name}", deleted=[habit])
        return days

    def stored_days(self, habit: Habit) -> dict[dt.date, CheckIn]:
        """Every day stored for a habit, those before its start too (all months are read)."""
        self.months.ensure_loaded(min(self.store.months(), default=self.today))
        return self.checkins(self._fresh(habit))

    @writes
    def move(self, habit: Habit, offset: int) -> list[Habit]:
        """Move a habit up (-1) or down (+1) among the active habits of its kind: Today
        shows each kind as a group of its own, so a move past a habit of the other kind
        would change nothing there. At the group's edge nothing is written (no undo step)."""
        habit = self._fresh(habit)
        order = self.habits()
        kin = [i for i, h in enumerate(order) if h.kind is habit.kind]
        place = next((k for k, i in enumerate(kin) if order[i].id == habit.id), None)
        if place is None or not 0 <= place + offset < len(kin):
            return order
        kin_habits = [order[i] for i in kin]
        kin_habits.insert(place + offset, kin_habits.pop(place))
        for i, kin_habit in zip(kin, kin_habits):
            order[i] = kin_habit
        moved = [h.with_changes(position=i + 1) for i, h in enumerate(order)]
        changed = [h for h, old in zip(moved, order) if h.position != old.position]
        self._commit(f"move {habit.name}", habits=changed)
        return moved

    @writes
    def pause(self, habit: Habit, first: dt.date, last: dt.date) -> Habit:
        """Set days aside; refused, as a check is, before the habit's start or after its
        archive day. The same pause twice changes nothing (and leaves no undo step)."""
        habit = self._fresh(habit)
        pause = checked_pause(first, last)
        self._within_life(habit, pause.first, pause.last, "pause")
        if pause in habit.pauses:
            return habit
        pauses = tuple(sorted((*habit.pauses, pause), key=lambda p: p.first))
        span = f"{pause.first.isoformat()} to {pause.last.isoformat()}"
        return self._replace(habit, f"pause {habit.name} ({span})", pauses=pauses)

    @writes
    def unpause(self, habit: Habit, pause: Pause) -> Habit:
        """Take a pause away: its days count again as they were marked."""
        habit = self._fresh(habit)
        span = f"{pause.first.isoformat()} to {pause.last.isoformat()}"
        if pause not in habit.pauses:
            raise TrackerError(f"{habit.name!r} has no pause from {span}.")
        pauses = list(habit.pauses)
        pauses.remove(pause)
        return self._replace(habit, f"unpause {habit.name} ({span})", pauses=tuple(pauses))

    def _replace(self, habit: Habit, label: str, **changes: object) -> Habit:
        updated = habit.with_changes(**changes)
        self._commit(label, habits=[updated])
        return updated

    # -- check-ins -------------------------------------------------------------------
    @writes
    def check(self, habit: Habit, day: dt.date | None = None, value: Amount | None = None,
              note: str | None = None) -> CheckIn:
        """Mark a day kept. Without a value a yes/no habit is done, a measured one gets one
        step more (see ``step_for``), and a limit is recorded as kept so far (none, if
        nothing was recorded yet). A value of 0 records none for a limit, and clears
        the day's amount otherwise."""
        habit = self._fresh(habit)
        day = self._checkable_day(habit, day)
        old = self.checkins(habit).get(day, CheckIn())
        if value is None and habit.at_most:
            value = old.amount
        elif value is None:
            value = old.amount + step_for(habit.target) if habit.measured else habit.target
        if value < 0:
            raise TrackerError("An amount can't be below zero.")
        if value > VALUE_MAX:
            raise TrackerError(f"An amount can be at most {VALUE_MAX:,}.")
        kept = value if value or habit.at_most else None
        return self._put(habit, day, CheckIn(kept, False, self._note(note, old)), "check")

    @writes
    def check_from_earlier(self, habit: Habit, day: dt.date) -> CheckIn:
        """Backfill a day before the habit's start: the habit began earlier than recorded,
        so its start moves back to ``day`` — in one change, so one undo puts both back."""
        habit = self._fresh(habit)
        if day >= habit.start:
            return self.check(habit, day, habit.target)
        self._not_future(day)
        self.months.ensure_loaded(day, habit.id)
        moved = habit.with_changes(start=day)
        checkin = CheckIn(habit.target, False, self.checkins(habit).get(day, CheckIn()).note)
        self._commit(f"check {habit.name} on {day.isoformat()} (started earlier)",
                     habits=[moved], checkins=[(moved, day, checkin)])
        return checkin

    @writes
    def add_to(self, habit: Habit, steps: int, day: dt.date | None = None) -> CheckIn:
        """A step more (or fewer) of a measured habit's amount; never below zero."""
        habit = self._fresh(habit)
        day = self._checkable_day(habit, day)
        old = self.checkins(habit).get(day, CheckIn())
        return self.check(habit, day, max(0, old.amount + steps * step_for(habit.target)))

    @writes
    def skip(self, habit: Habit, day: dt.date | None = None, note: str | None = None) -> CheckIn:
        """Excuse a day (rest, travel, illness): it neither breaks nor extends a streak."""
        habit = self._fresh(habit)
        day = self._checkable_day(habit, day)
        old = self.checkins(habit).get(day, CheckIn())
        return self._put(habit, day, CheckIn(None, True, self._note(note, old)), "skip")

    @writes
    def uncheck(self, habit: Habit, day: dt.date | None = None, note: str | None = None) -> CheckIn:
        """Clear a day's mark; its note stays (or is replaced by ``note``), because notes
        are never dropped silently."""
        habit = self._fresh(habit)
        day = self._checkable_day(habit, day)
        old = self.checkins(habit).get(day, CheckIn())
        return self._put(habit, day, CheckIn(None, False, self._note(note, old)), "clear")

    @writes
    def note(self, habit: Habit, day: dt.date | None, text: str) -> CheckIn:
        habit = self._fresh(habit)
        day = self._checkable_day(habit, day)
        old = self.checkins(habit).get(day, CheckIn())
        return self._put(habit, day, CheckIn(old.value, old.skipped, self._note(text, old)), "note")

    @staticmethod
    def _note(note: str | None, old: CheckIn) -> str:
        return old.note if note is None else clean_text(note, "note", NOTE_MAX)

    def _not_future(self, day: dt.date) -> None:
        checked_day(day)
        if day > self.today:
            raise TrackerError(f"{day.isoformat()} hasn't come yet; only today and past days can be checked.")

    def _checkable_day(self, habit: Habit, day: dt.date | None) -> dt.date:
        day = day or self.today
        self._not_future(day)
        self.months.ensure_loaded(day, habit.id)  # the undo history needs the day's real before-image
        self._within_life(habit, day, day, "check")
        return day

    @staticmethod
    def _within_life(habit: Habit, first: dt.date, last: dt.date, verb: str) -> None:
        """Days from ``first`` to ``last`` lie between the habit's start and its archive
        day; else the words a check is refused with (and exit 1 on the command line)."""
        if first < habit.start:
            raise TrackerError(f"{habit.name!r} started on {habit.start.isoformat()}; "
                               f"{first.isoformat()} is before that.")
        if habit.archived is not None and last > habit.archived:
            raise TrackerError(f"{habit.name!r} is archived; restore it to {verb} new days.")

    def _put(self, habit: Habit, day: dt.date, checkin: CheckIn, verb: str) -> CheckIn:
        self._commit(f"{verb} {habit.name} on {day.isoformat()}", checkins=[(habit, day, checkin)])
        return checkin

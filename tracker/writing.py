"""The writing half of a ``Tracker``: the one place that writes a change with its undo
step, undo itself, and the bulk ways in and out (an import, an export's months)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from .changes import CHANGED_SINCE, WHOLE, Change, Image, import_stop, outcome, stop_text, writes
from .domain import CheckIn, Habit, TrackerError
from .domain.days import label_words
from .domain.schedules import next_month
from .reporting import Reporting
from .store import Store


class Writing(Reporting):
    """Changes land here, each with the step that undoes it, in one transaction."""

    store: Store
    changed_habits: set[str]  # every habit a change of this Tracker wrote (its days or itself)

    def refresh(self) -> bool:
        """Read what others wrote since (see ``Tracker.refresh``); every change starts so."""
        raise NotImplementedError

    # -- the one place that writes ---------------------------------------------------
    def _commit(self, label: str, *, habits: Sequence[Habit] = (),
                checkins: Sequence[tuple[Habit, dt.date, CheckIn]] = (),
                deleted: Sequence[Habit] = ()) -> None:
        """``deleted``: habits removed with every day stored for them (in memory: see
        ``stored_days``), each day's before-image kept so undo puts it back. What is
        already stored as it would be written is left out; a change that leaves nothing
        writes nothing and records no undo step."""
        habits = [h for h in habits if self._habit_image(h.id) != h.to_dict()]
        checkins = [(h, day, c) for h, day, c in checkins
                    if self._checkin_image(h.id, day.isoformat())
                    != (None if c.is_empty else c.to_dict())]
        if not (habits or checkins or deleted):
            return
        change = Change(label)
        for habit in habits:
            before = self._habits.get(habit.id)
            change.habits[habit.id] = before.to_dict() if before else None
            change.after_habits[habit.id] = habit.to_dict()
        for habit in deleted:
            change.habits[habit.id], change.after_habits[habit.id] = habit.to_dict(), None
            for day, gone in sorted(self.checkins(habit).items()):
                change.checkins.append((habit.id, day.isoformat(), gone.to_dict()))
                change.after_checkins.append((habit.id, day.isoformat(), None))
        for habit, day, checkin in checkins:
            before_checkin = self.checkins(habit).get(day)
            change.checkins.append(
                (habit.id, day.isoformat(), before_checkin.to_dict() if before_checkin else None))
            change.after_checkins.append(
                (habit.id, day.isoformat(), None if checkin.is_empty else checkin.to_dict()))
        stale = {habit.id for habit, day, _ in checkins if self.months.checkpoint_covers(habit.id, day)}
        with self.store.transaction():
            for habit in habits:
                self.store.put_habit(habit)
            for habit, day, checkin in checkins:
                self.store.put_checkin(habit.id, day, checkin)
            for habit in deleted:
                self.store.delete_habit(habit.id)
            self.store.push_undo(change.to_entry())
        self.changed_habits.update(h.id for h in [*habits, *deleted, *(h for h, _, _ in checkins)])
        self.months.forget_checkpoints(stale | {habit.id for habit in deleted})
        for habit in habits:
            self._habits[habit.id] = habit
        for habit in deleted:
            self._habits.pop(habit.id, None)
            self._timelines.pop(habit.id, None)
            self.months.forget(habit.id)
        for habit, day, checkin in checkins:
            self._remember(habit.id, day, checkin)

    def _remember(self, habit_id: str, day: dt.date, checkin: CheckIn | None) -> None:
        self._timelines.pop(habit_id, None)
        self.months.remember(habit_id, day, checkin)

    @writes
    def undo(self) -> str | None:
        """Put back what the last change touched; returns its label, or None if nothing to
        undo. A step whose change never landed (a crash between the two) is passed over;
        one whose change was changed again since is set aside, and said."""
        while True:
            with self.store.transaction(undoing=True):
                entry = self.store.pop_undo()
                if entry is None:
                    return None
                if (stop := stop_text(entry, self.today)) is not None:
                    raise TrackerError(stop)  # the transaction is dropped: the step stays
                found = outcome(entry, self._habit_image, self._checkin_image)
                if found == WHOLE:
                    self._put_back(entry)
            if found == WHOLE:
                return self._undone(entry)
            if found == CHANGED_SINCE:
                raise TrackerError(f"Undo set '{label_words(str(entry['label']), self.today)}' "
                                   "aside: what it changed was "
                                   "changed again since (in another window, from the "
                                   "command line or on another device), so nothing was undone. Undo again for "
                                   "the change before it.")

    def _habit_image(self, habit_id: str) -> Image:
        habit = self._habits.get(habit_id)
        return habit.to_dict() if habit else None

    def _checkin_image(self, habit_id: str, day_text: str) -> Image:
        day = dt.date.fromisoformat(day_text)
        self.months.ensure_loaded(day, habit_id)
        checkin = self.months.of(habit_id).get(day)
        return None if checkin is None or checkin.is_empty else checkin.to_dict()

    def _put_back(self, entry: dict[str, Any]) -> None:
        """Inside the undo's transaction: the before-images, on disk."""
        self.months.forget_checkpoints({habit_id for habit_id, day, _ in entry["checkins"]
                                        if self.months.checkpoint_covers(
                                            habit_id, dt.date.fromisoformat(day))})
        for habit_id, before in entry["habits"].items():
            if before is None:
                self.store.delete_habit(habit_id)
            else:
                self.store.put_habit(Habit.from_dict(before))
        for habit_id, day_text, before in entry["checkins"]:
            day = dt.date.fromisoformat(day_text)
            self.store.put_checkin(habit_id, day, CheckIn.from_dict(before) if before else None)

    def _undone(self, entry: dict[str, Any]) -> str:
        """After the undo's transaction: the before-images, in memory."""
        self.changed_habits.update([*entry["habits"], *(habit_id for habit_id, _, _ in entry["checkins"])])
        for habit_id, before in entry["habits"].items():
            if before is None:
                self._habits.pop(habit_id, None)
                self.months.forget(habit_id)
            else:
                self._habits[habit_id] = Habit.from_dict(before)
        for habit_id, day_text, before in entry["checkins"]:
            day = dt.date.fromisoformat(day_text)
            self._remember(habit_id, day, CheckIn.from_dict(before) if before else None)
        return str(entry["label"])

    # -- moving in and out (see tracker.transfer) -------------------------------------
    def all_habits(self) -> list[Habit]:
        return sorted(self._habits.values(), key=lambda h: (h.position, h.name.casefold()))

    def full_history(self, habit: Habit) -> dict[dt.date, CheckIn]:
        self.months.ensure_loaded(habit.start)
        return self.checkins(habit)

    def stored_months(self) -> Iterator[tuple[dt.date, dict[str, dict[dt.date, CheckIn]]]]:
        """Every month of check-ins as stored, one at a time (an export holds one month)."""
        for month in self.store.months():
            yield month, self.store.load_checkins(month, next_month(month))

    @writes
    def import_habits(self, writes: list[tuple[Habit, dict[dt.date, CheckIn]]]) -> None:
        """Store many habits and their days at once, in one transaction. Undo stops here:
        older steps would put back months the import has since filled, so they make way
        for one that says how to go back to before it (the backup the import took, as
        noted for a crash: see ``tracker.store.backups.begin``)."""
        from .store.backups import unfinished

        note = unfinished(self.store.layout) or {}
        backup = str(note.get("backup", "")) if note.get("kind") == "import" else None
        new_habits = sum(1 for habit, _ in writes if habit.id not in self._habits)
        # What is stored from the first day written on is read into memory first (into
        # empty data, nothing), so the days written join it there: the report after an
        # import then needs no month read back, decoded and checked again.
        self.months.ensure_loaded(min((min(days) for _, days in writes if days), default=self.today))
        with self.store.transaction():
            self.store.put_imported(writes)  # each month's file written once, for every habit
            self.store.clear_undo()
            self.store.push_undo(import_stop(self.today, backup, new_habits,
                                             sum(len(days) for _, days in writes)))
        self.changed_habits.update(habit.id for habit, _ in writes)
        self.months.forget_checkpoints({habit.id for habit, _ in writes})
        for habit, days in writes:
            self._habits[habit.id] = habit
            self._timelines.pop(habit.id, None)
            self.months.remember_days(habit.id, days)

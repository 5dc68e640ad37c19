"""Writing days: one habit's (a change: ``put_days``) or many habits' at once (an import:
``put_imported``), each month's file of this device changed once for all of them.

Mixed into :class:`tracker.store.tiny.TinyStore`, which gives it the transaction, this
device's files and the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, MutableMapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from tinydb import TinyDB

from ..domain import CheckIn, Habit
from .layout import month_of
from .schema import Day, encode_checkin

Record = tuple[str, dict[str, list[Any]]]
"""One habit's days of one month as stored: its id, and each day by its day of the month."""
DAY_NAMES = tuple(str(number) for number in range(32))  # a month file's "1" to "31", shared


class DayWriting:
    """The days of this device's month files, written in the store's transaction."""

    _latest: int  # the latest time of any version read or written
    # What ``put_days`` stamps inside ``put_imported``, for it to write: each month's
    # records of each habit, in the order they were stamped (None: written at once).
    _gathered: dict[dt.date, list[Record]] | None = None

    # -- given by the store ----------------------------------------------------------
    def transaction(self, *, undoing: bool = False) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _own(self, month: dt.date | None, habit_id: str | None = None) -> TinyDB:
        raise NotImplementedError

    def _next_time(self) -> int:
        raise NotImplementedError

    def put_habit(self, habit: Habit) -> None:
        raise NotImplementedError

    # -- writing days ----------------------------------------------------------------
    def put_checkin(self, habit_id: str, day: dt.date, checkin: CheckIn | None) -> None:
        self.put_days(habit_id, {day: checkin or CheckIn()})

    def put_imported(self, writes: Sequence[tuple[Habit, Mapping[dt.date, CheckIn]]]) -> None:
        """Many habits and their days (an import): each habit and its months stamped
        just as ``put_habit`` and ``put_days`` habit by habit stamp them, then each
        month's file written once for every habit (``put_month``), to the same bytes."""
        with self.transaction():
            gathered: dict[dt.date, list[Record]] = {}
            self._gathered = gathered
            try:
                for habit, days in writes:
                    self.put_habit(habit)
                    self.put_days(habit.id, days)
            finally:
                self._gathered = None
            for month, stamped in sorted(gathered.items()):
                self.put_month(month, stamped)

    def put_days(self, habit_id: str, days: Mapping[dt.date, CheckIn]) -> None:
        """Many days of one habit: one record update per month, not per day. Month by
        month, each is read first, then stamped (so its time is later than every
        version in it); inside ``put_imported`` the months are written there.

        An empty check-in clears its day."""
        by_month: dict[dt.date, dict[dt.date, CheckIn]] = {}
        into: dict[dt.date, CheckIn] = {}
        year = number = 0  # the month of the day before: days in order come month by month
        for day, checkin in days.items():
            if day.month != number or day.year != year:
                year, number = day.year, day.month
                into = by_month.setdefault(month_of(day), {})
            into[day] = checkin
        with self.transaction():
            for month, chunk in sorted(by_month.items()):
                self._own(month, habit_id)
                at = self._next_time()
                stored = {DAY_NAMES[day.day]: encode_checkin(checkin, at)
                          for day, checkin in chunk.items()}
                if self._gathered is None:
                    self.put_month(month, [(habit_id, stored)])
                else:
                    self._gathered.setdefault(month, []).append((habit_id, stored))

    def put_day_versions(self, month: dt.date, habit_id: str, days: Mapping[dt.date, Day]) -> None:
        """Days of one habit in one month, each at the time it carries."""
        self._latest = max([self._latest, *(at for _, at in days.values())])
        self.put_month(month, [(habit_id, {DAY_NAMES[day.day]: encode_checkin(checkin, at)
                                           for day, (checkin, at) in days.items()})])

    def put_month(self, month: dt.date, records: Sequence[Record]) -> None:
        """Days of many habits in one month, as stored (``records``: habit id, then its
        days by day of the month): the month's records read once and rewritten once for
        all of them (and once more for the habits new to it), left as writing them habit
        by habit leaves them: a habit's first record takes its days (those there keep
        their places, new ones follow), a habit without one gets a record after the
        others, in the order of ``records``."""
        with self.transaction():
            only = records[0][0] if len(records) == 1 else None  # (a change of one habit)
            checkins = self._own(month, only).table("checkins")
            by_habit: dict[str, dict[str, list[Any]]] = {}
            for habit_id, days in records:
                if days:
                    known = by_habit.get(habit_id)
                    by_habit[habit_id] = days if known is None else {**known, **days}
            found: set[str] = set()

            def merged(doc: MutableMapping[str, Any]) -> None:
                habit_id = doc["habit"]
                if habit_id in by_habit and habit_id not in found:
                    found.add(habit_id)
                    doc["days"] = {**doc["days"], **by_habit[habit_id]}

            if by_habit and len(checkins):
                checkins.update(merged)
            new = [{"habit": habit_id, "days": days} for habit_id, days in by_habit.items()
                   if habit_id not in found]
            if new:
                checkins.insert_multiple(new)

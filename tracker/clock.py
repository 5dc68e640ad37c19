"""Where "today" comes from. Injected everywhere so tests and ``--today`` can fix it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    def today(self) -> dt.date: ...


@dataclass(frozen=True)
class SystemClock:
    """The real date, with a day that may begin late: a 1 a.m. tick counts for yesterday."""

    day_starts_at_hour: int = 0

    def today(self) -> dt.date:
        shifted = dt.datetime.now() - dt.timedelta(hours=self.day_starts_at_hour)
        return shifted.date()


@dataclass(frozen=True)
class FixedClock:
    day: dt.date

    def today(self) -> dt.date:
        return self.day

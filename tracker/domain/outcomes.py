"""The words a timeline answers in: a day's status, a quota period's outcome, a streak."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from ..structs import struct


class DayStatus(StrEnum):
    DONE = "done"  # the amount reached the target (or, for a limit, stayed within it)
    PARTIAL = "partial"  # some, not all, of a measured habit's target
    SKIPPED = "skipped"  # excused by the person, or inside a pause
    MISSED = "missed"  # due, in the past, nothing kept (or a limit passed): never stored
    PENDING = "pending"  # due today and not done yet: never a miss
    OFF = "off"  # not due: unscheduled, outside the habit's life, a met quota, the future


class PeriodOutcome(StrEnum):
    MET = "met"
    EXCUSED = "excused"  # nothing was required: every day excused or outside the habit's life
    OPEN = "open"  # still running and not met yet
    SHORT = "short"  # closed without reaching the quota


@struct(frozen=True)
class Streak:
    """A run of kept days (fixed schedules) or kept periods (quota schedules)."""

    length: int = 0
    unit: str = "day"
    first: dt.date | None = None
    last: dt.date | None = None

    @property
    def span_days(self) -> int:
        """Calendar days the streak covers: a unit-free measure used by the trust loop."""
        if self.first is None or self.last is None or self.length == 0:
            return 0
        return (self.last - self.first).days + 1

    def describe(self) -> str:
        unit = self.unit if self.length == 1 else f"{self.unit}s"
        return f"{self.length} {unit}"


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded with halves going up, in whole numbers."""
    return (2 * numerator + denominator) // (2 * denominator)

"""What every reader produces: habits with the days a person entered, nothing inferred."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..domain import CheckIn, Habit, HabitKind, Schedule, TrackerError

# No real habit history comes near this (100 habits × 30 years of daily notes is under
# 10 MB); past it a file is refused before it is read, so memory stays bounded.
MAX_FILE_BYTES = 25 * 1024 * 1024

Progress = Callable[[int, int], None]
"""``progress(done, total)``: how far a reader or writer has come, in its own units."""


class FormatError(TrackerError):
    """A file that can't be imported as it is: says which file, which line and why."""

    def __init__(self, file: str | os.PathLike[str], line: int | None, reason: str) -> None:
        self.file, self.line, self.reason = str(file), line, reason
        where = f"{self.file}, line {line}" if line is not None else self.file
        super().__init__(f"{where}: {reason}")


@dataclass
class HabitHistory:
    """One habit as another tracker (or an export of ours) described it.

    ``days`` holds only what a person entered: done amounts, excused days, notes. A day
    with a note and nothing else is kept too. ``remarks`` are things the person should
    know about this habit after the import ("an 'at most' target was read as 'at least'").
    """

    name: str
    schedule: Schedule = field(default_factory=Schedule.daily)
    target: int = 1
    kind: HabitKind = HabitKind.PROMISE
    for_whom: str = ""
    why: str = ""
    tags: tuple[str, ...] = ()
    archived: bool = False
    start: dt.date | None = None  # when unknown, the first entered day (or today)
    days: dict[dt.date, CheckIn] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)
    original: Habit | None = None  # our own export: the habit exactly as it was stored

    def first_day(self) -> dt.date | None:
        known = [*self.days, self.start] if self.start is not None else list(self.days)
        return min(known, default=None)


@dataclass
class Bundle:
    """Everything read from one source, ready to be checked and merged."""

    source: str  # for messages: "Loop Habit Tracker CSV", "harsh", …
    habits: list[HabitHistory] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    @property
    def day_count(self) -> int:
        return sum(len(h.days) for h in self.habits)


def check_size(path: Path, limit: int | None = None, size: int | None = None) -> None:
    """Refuse a file too large to be a habit history before reading a byte of it.

    ``size`` is given for files that are not on disk as such (a member of a ZIP)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    size = path.stat().st_size if size is None else size
    if size > limit:
        raise FormatError(path, None, f"the file is {size / 1_048_576:.0f} MB; a habit history "
                          f"is far smaller (the limit is {limit // 1_048_576} MB), so it was not read")


def check_day(day: dt.date, today: dt.date, file: str | os.PathLike[str], line: int | None) -> dt.date:
    """A day from a file must be a day that has been lived."""
    if day > today:
        raise FormatError(file, line, f"{day.isoformat()} is in the future (today is {today.isoformat()})")
    return day


def whole_amount(amount: float, history: HabitHistory) -> int:
    """Our counts are whole repetitions: a fraction is rounded half up and remarked once."""
    whole = int(amount + 0.5) if amount >= 0 else -int(-amount + 0.5)
    if whole != amount:
        note = "amounts with fractions were rounded to whole numbers"
        if note not in history.remarks:
            history.remarks.append(note)
    return whole

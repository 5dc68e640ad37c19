"""What every reader produces: habits with the days a person entered, nothing inferred."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import os
import reprlib
from fractions import Fraction
from typing import Callable

from ..domain import CheckIn, Habit, HabitKind, Schedule, TrackerError
from ..domain.amounts import PLACES, Amount, normalized
from ..domain.habits import NAME_MAX, Pause
from ..domain.bounds import VALUE_MAX, in_range, outside
from ..domain.text import printable
from ..structs import field, struct

# No other tracker's file of a real habit history comes near this (100 habits × 30 years
# of daily notes is under 10 MB in theirs); past it a file is refused unread, and no
# import reads more in all, so memory stays bounded (see :mod:`tracker.porting.reading`).
# Our own exports are larger (a line a check-in) and streamed: they have their own limit,
# ``tracker.porting.native.MAX_EXPORT_BYTES``.
MAX_FILE_BYTES = 25 * 1024 * 1024
MESSAGE_MAX = 400  # a refusal is one line a person reads, however long the file's text
_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict = 100, 100, 2, 4, 4

Progress = Callable[[int, int], None]
"""``progress(done, total)``: how far a reader or writer has come, in its own units."""


class FormatError(TrackerError):
    """A file that can't be imported as it is: says which file, which line and why."""

    def __init__(self, file: str | os.PathLike[str], line: int | None, reason: str) -> None:
        self.file, self.line = printable(str(file)), line
        self.reason = printable(reason)
        if len(self.reason) > MESSAGE_MAX:
            self.reason = self.reason[:MESSAGE_MAX] + "…"
        where = f"{self.file}, line {line}" if line is not None else self.file
        super().__init__(f"{where}: {self.reason}")


def quoted(value: object) -> str:
    """A value from a file, quoted for a message: short, however long or deeply nested it
    is (control characters are escaped; :class:`FormatError` makes the rest printable)."""
    return _SHORT.repr(value)


@struct
class HabitHistory:
    """One habit as another tracker (or an export of ours) described it.

    ``days`` holds only what a person entered: amounts (exact, up to three decimals),
    excused days, notes; a day with a note and nothing else is kept too, and a recorded
    0 only for a limit (``at_most``), which it keeps. ``measured`` (with ``target``,
    ``unit`` and ``at_most``) says the habit counts amounts rather than yes or no.
    ``remarks`` are things the person should know about this habit after the import
    ("2 amounts had more than three decimals and were rounded …").
    """

    name: str
    schedule: Schedule = field(default_factory=Schedule.daily)
    target: Amount = 1
    measured: bool = False
    unit: str = ""
    at_most: bool = False
    kind: HabitKind = HabitKind.PROMISE
    for_whom: str = ""
    why: str = ""
    tags: tuple[str, ...] = ()
    archived: bool = False
    archived_on: dt.date | None = None  # the day, when the file says it (else: today)
    pauses: tuple[Pause, ...] = ()
    start: dt.date | None = None  # when unknown, the first entered day (or today)
    days: dict[dt.date, CheckIn] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)
    original: Habit | None = None  # our own export: the habit exactly as it was stored
    # What :meth:`tally` has counted: key → (its remark's place in ``remarks``, count)
    _tallies: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)

    def first_day(self) -> dt.date | None:
        known = [*self.days, self.start] if self.start is not None else list(self.days)
        return min(known, default=None)

    def tally(self, key: str, say: Callable[[int], str], by: int = 1) -> None:
        """Count one more (or ``by`` more) of something the person should know about; its
        remark is said once, with the exact count so far (``say(count)``)."""
        place, count = self._tallies.get(key, (len(self.remarks), 0))
        count += by
        if place == len(self.remarks):
            self.remarks.append(say(count))
        else:
            self.remarks[place] = say(count)
        self._tallies[key] = (place, count)

    def tallied(self, key: str) -> int:
        return self._tallies.get(key, (0, 0))[1]


@struct
class Bundle:
    """Everything read from one source, ready to be checked and merged."""

    source: str  # for messages: "Loop Habit Tracker CSV", "harsh", …
    habits: list[HabitHistory] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    @property
    def day_count(self) -> int:
        return sum(len(h.days) for h in self.habits)


def check_day(day: dt.date, today: dt.date, file: str | os.PathLike[str], line: int | None) -> dt.date:
    """A day from a file must be a day that has been lived, in the years we keep."""
    if day > today:
        raise FormatError(file, line, f"{day.isoformat()} is in the future (today is {today.isoformat()})")
    if not in_range(day):
        raise FormatError(file, line, outside(day))
    return day


def check_value(value: Amount, file: str | os.PathLike[str], line: int | None,
                where: str = "") -> Amount:
    """A day's amount as we can keep it: 0 to VALUE_MAX (a file's larger one is refused, not cut)."""
    if 0 <= value <= VALUE_MAX:
        return value
    shown = f" {shown_amount(value)}" if abs(Fraction(value)) < 10**15 else ""  # no 300 digits
    problem = "is negative" if value < 0 else f"is more than a day can hold here (0 to {VALUE_MAX:,})"
    raise FormatError(file, line, f"{where}the amount{shown} {problem}")


def shown_amount(value: Amount) -> str:
    """An amount for a message, as the decimal it is: ``100,001``, ``-2.5``, ``0.0005``
    (every amount a file gives is a finite decimal; a bound of 60 digits covers any)."""
    exact_value = Fraction(value)
    with decimal.localcontext() as context:
        context.prec = 60
        number = decimal.Decimal(exact_value.numerator) / decimal.Decimal(exact_value.denominator)
    return f"{number.normalize():,f}"


def plural(n: int, one: str, many: str) -> str:
    """``1 amount was``, ``3 amounts were``: the words that go with a count."""
    return f"{n} {one}" if n == 1 else f"{n} {many}"


def exact(number: int | float) -> Fraction:
    """A file's number as the decimal it was written as: an int as it is, a float through
    its shortest text (the JSON's ``2.5`` is exactly 5/2, never 2.4999…)."""
    return Fraction(number) if isinstance(number, int) else Fraction(repr(number))


def finer_remark(n: int) -> str:
    return (plural(n, "amount had more than three decimals and was", "amounts had more than "
                   "three decimals and were") + " rounded to the nearest thousandth, as "
            "amounts here keep three decimals (never down to nothing: the least is 0.001)")


def thousandths(value: Fraction | int, history: HabitHistory) -> Amount:
    """An amount held to three decimals: one that is finer is rounded half up to the
    nearest thousandth (a positive one to no less than 0.001, so a day never loses its
    amount), and the habit's remarks count how many were."""
    value = Fraction(value)
    scaled = value * 10**PLACES
    if scaled.denominator == 1:
        return normalized(value)
    rounded = max(math.floor(scaled + Fraction(1, 2)), 1 if value > 0 else 0)
    history.tally("finer", finer_remark)
    return normalized(Fraction(rounded, 10**PLACES))


def keep_apart(habits: list[HabitHistory], source: str) -> None:
    """Give a habit whose name another one in the same file already has (any case) a name
    of its own, ``Walk (2)``, said in its remarks: here a name finds one habit."""
    taken = {h.name.casefold() for h in habits}
    seen: set[str] = set()
    for habit in habits:
        key = habit.name.casefold()
        if key in seen:
            new = _free_name(habit.name, taken)
            habit.remarks.append(f"{source} has another habit called {printable(habit.name)!r}; "
                                 f"this one is {printable(new)!r} here, so the two stay apart")
            habit.name = new
            key = new.casefold()
            taken.add(key)
        seen.add(key)


def _free_name(name: str, taken: set[str]) -> str:
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: NAME_MAX - len(suffix)].rstrip() + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


def missed_remark(history: HabitHistory, missed: set[dt.date], what: tuple[str, str],
                  source: str) -> None:
    """The report's line for days a file has as not done and nothing else: they are missed
    days here, as the habit's life covers them (and starts at the first, when it does)."""
    if not missed:
        return
    text = plural(len(missed), f"{what[0]} is a missed day", f"{what[1]} are missed days")
    text += f" here, as in {source}"
    start = history.start
    if start is not None and start == min(missed) and start not in history.days:
        text += f"; the habit starts on the first of them, {start.isoformat()}"
    history.remarks.append(text)

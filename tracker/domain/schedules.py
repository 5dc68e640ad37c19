"""Schedules: when a habit is due.

Two families, because people keep promises in two ways:

* **fixed** schedules name the days (every day, chosen weekdays, every N days); a
  scheduled day is either kept or not. They are stored as RFC 5545 rules (the text
  dateutil's ``rrule`` writes), and their days worked out by arithmetic, which names
  exactly the days the rule names (``scheduled_days`` reads the text with dateutil itself,
  to check that).
* **quota** schedules name an amount (X times a week, X a month, X in any Y days); any day
  can count, and what matters is whether the period held enough.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import lru_cache

from ..structs import field, struct
from .bounds import DAYS_MAX, whole_number
from .errors import TrackerError
from .memo import cached
from .phrases import SCHEDULE_HELP

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_RULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545's BYDAY names
MONTH_DAYS_FOR_FREQUENCY = 30  # Loop Habit Tracker counts a month as 30 days


class ScheduleKind(StrEnum):
    DAILY = "daily"
    WEEKDAYS = "weekdays"
    EVERY_N_DAYS = "every_n_days"
    PER_WEEK = "per_week"
    PER_MONTH = "per_month"
    IN_DAYS = "in_days"


FIXED_KINDS = frozenset({ScheduleKind.DAILY, ScheduleKind.WEEKDAYS, ScheduleKind.EVERY_N_DAYS})
CALENDAR_QUOTA_KINDS = frozenset({ScheduleKind.PER_WEEK, ScheduleKind.PER_MONTH})


@struct(frozen=True)
class Schedule:
    """When a habit is due. Build one with the ``daily()``/``weekdays()``/… helpers."""

    kind: ScheduleKind
    times: int = 1
    days: int = 1
    weekdays: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.times < 1:
            raise TrackerError("A schedule of 0 times never comes due; use a number of 1 or more.")
        if self.days < 1:
            raise TrackerError("A schedule of every 0 days never comes due; use a number of 1 or more.")
        if self.days > DAYS_MAX:
            raise TrackerError(f"A schedule can span {DAYS_MAX} days at most; "
                               f"{self.days} days is longer than a year.")
        if self.kind is ScheduleKind.WEEKDAYS:
            if not self.weekdays or not self.weekdays <= set(range(7)):
                raise TrackerError("Pick at least one weekday (Mon to Sun).")
        if self.kind is ScheduleKind.PER_WEEK and self.times > 7:
            raise TrackerError("A week has only 7 days: choose 1 to 7 times a week.")
        if self.kind is ScheduleKind.PER_MONTH and self.times > 28:
            raise TrackerError("Choose 1 to 28 times a month, so every month can hold it.")
        if self.kind is ScheduleKind.IN_DAYS and self.times > self.days:
            raise TrackerError(f"{self.times} times cannot fit in {self.days} days.")

    # -- builders -------------------------------------------------------------------
    @classmethod
    def daily(cls) -> Schedule:
        return cls(ScheduleKind.DAILY)

    @classmethod
    def on_weekdays(cls, days: set[int] | frozenset[int]) -> Schedule:
        return cls(ScheduleKind.WEEKDAYS, weekdays=frozenset(days))

    @classmethod
    def every_n_days(cls, n: int) -> Schedule:
        return cls(ScheduleKind.EVERY_N_DAYS, days=n)

    @classmethod
    def per_week(cls, times: int) -> Schedule:
        return cls(ScheduleKind.PER_WEEK, times=times, days=7)

    @classmethod
    def per_month(cls, times: int) -> Schedule:
        return cls(ScheduleKind.PER_MONTH, times=times, days=MONTH_DAYS_FOR_FREQUENCY)

    @classmethod
    def of_kind(cls, kind: ScheduleKind, *, times: int = 1, days: int = 1,
                weekdays: set[int] | frozenset[int] = frozenset()) -> Schedule:
        """A schedule of ``kind`` from the numbers it takes (the others are not read):
        ``days`` every N days, ``times`` a week or a month, ``times`` in any ``days``."""
        match kind:
            case ScheduleKind.WEEKDAYS:
                return cls.on_weekdays(weekdays)
            case ScheduleKind.EVERY_N_DAYS:
                return cls.every_n_days(days)
            case ScheduleKind.PER_WEEK:
                return cls.per_week(times)
            case ScheduleKind.PER_MONTH:
                return cls.per_month(times)
            case ScheduleKind.IN_DAYS:
                return cls.in_days(times, days)
            case _:
                return cls.daily()

    @classmethod
    def in_days(cls, times: int, days: int) -> Schedule:
        """X in any Y days; every day when X is Y (Loop reads 7/7 and 30/30 so too)."""
        if times == days:
            return cls.daily()
        return cls(ScheduleKind.IN_DAYS, times=times, days=days)

    # -- facts ----------------------------------------------------------------------
    @property
    def is_fixed(self) -> bool:
        return self.kind in FIXED_KINDS

    @property
    def is_calendar_quota(self) -> bool:
        """X per week or per month: judged per calendar period, not per day."""
        return self.kind in CALENDAR_QUOTA_KINDS

    @cached  # (these two are asked several times for every habit's report: kept once made)
    def frequency(self) -> float:
        """How often, as a share of days: the ``f`` in the consistency score (a double,
        as Loop keeps it: the quotient of the window's whole numbers, correctly rounded)."""
        num, den = self.window
        return num / den

    @cached
    def window(self) -> tuple[int, int]:
        """Loop's (numerator, denominator): ``num`` keeps in any ``den`` days."""
        match self.kind:
            case ScheduleKind.DAILY:
                return 1, 1
            case ScheduleKind.WEEKDAYS:
                return len(self.weekdays), 7
            case ScheduleKind.EVERY_N_DAYS:
                return 1, self.days
            case _:
                return self.times, self.days

    def rule_text(self, start: dt.date) -> str | None:
        """The fixed schedule as RFC 5545 text, stored beside the habit: exactly what
        ``str(rrule(...))`` writes for it (tests compare the two), without loading dateutil."""
        return _rule_text(self, start) if self.is_fixed else None

    def describe(self) -> str:
        """The schedule in the words a person would use."""
        match self.kind:
            case ScheduleKind.DAILY:
                return "every day"
            case ScheduleKind.WEEKDAYS:
                if self.weekdays == frozenset(range(5)):
                    return "weekdays"
                return ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
            case ScheduleKind.EVERY_N_DAYS:
                return "every other day" if self.days == 2 else f"every {self.days} days"
            case ScheduleKind.PER_WEEK:
                return f"{_times(self.times)} a week"
            case ScheduleKind.PER_MONTH:
                return f"{_times(self.times)} a month"
            case _:
                return f"{_times(self.times)} in any {self.days} days"

    def to_dict(self, start: dt.date) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind.value}
        if self.kind is ScheduleKind.WEEKDAYS:
            data["weekdays"] = sorted(self.weekdays)
        if self.kind in (ScheduleKind.EVERY_N_DAYS, ScheduleKind.IN_DAYS):
            data["days"] = self.days
        if not self.is_fixed:
            data["times"] = self.times
        rule = self.rule_text(start)
        if rule:
            data["rrule"] = rule
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Schedule:
        """A stored schedule; a value of the wrong type raises ``ValueError``. Its values
        are checked here, then the schedule is made once for each set of them (a person's
        habits share a few: a schedule is immutable, so one made is shared)."""
        kind = ScheduleKind(str(data["kind"]))
        times = whole_number(data.get("times", 1))
        weekdays: tuple[int, ...] = ()
        days = 0
        if kind is ScheduleKind.WEEKDAYS:
            listed = data["weekdays"]
            if not isinstance(listed, list):
                raise ValueError(f"weekdays read {listed!r}")
            weekdays = tuple(sorted({whole_number(d) for d in listed}))
        elif kind is ScheduleKind.EVERY_N_DAYS or kind is ScheduleKind.IN_DAYS:
            days = whole_number(data["days"])
        return _stored_schedule(kind, times, days, weekdays)


@lru_cache(maxsize=256)
def _stored_schedule(kind: ScheduleKind, times: int, days: int, weekdays: tuple[int, ...]) -> Schedule:
    """The schedule a stored one's checked values make (see ``Schedule.from_dict``)."""
    return Schedule.of_kind(kind, times=times, days=days, weekdays=frozenset(weekdays))


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@lru_cache(maxsize=1024)
def _rule_text(schedule: Schedule, start: dt.date) -> str:
    """``str(rrule(FREQ, interval=…, byweekday=…, dtstart=start))`` for a fixed schedule
    (worked out once per habit: every ``Habit.to_dict`` carries it)."""
    head = f"DTSTART:{start.year:04d}{start.month:02d}{start.day:02d}T000000\nRRULE:"
    match schedule.kind:
        case ScheduleKind.DAILY:
            return head + "FREQ=DAILY"
        case ScheduleKind.WEEKDAYS:
            return head + "FREQ=WEEKLY;BYDAY=" + ",".join(_RULE_DAYS[d] for d in sorted(schedule.weekdays))
        case _:
            interval = f";INTERVAL={schedule.days}" if schedule.days != 1 else ""
            return head + "FREQ=DAILY" + interval


def scheduled_days(rule_text: str, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The days a stored rule names within ``first..last``, as dateutil itself reads the
    text: the reference ``days_due`` is checked against (dateutil loads only here)."""
    from dateutil.rrule import rrule, rrulestr

    if last < first:
        return frozenset()
    rule = rrulestr(rule_text)
    assert isinstance(rule, rrule)  # ours are single rules (str(rrule)), never sets
    begin = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last, dt.time())
    return frozenset(moment.date() for moment in rule.between(begin, end, inc=True))


def due_offsets(schedule: Schedule, start: dt.date, origin: dt.date, first: int,
                length: int) -> range | list[int]:
    """The days a fixed schedule names, as offsets from ``origin`` in ``first..length-1``,
    oldest first: every day, every N days counted from ``start``, or chosen weekdays
    (what its rule names; none before ``start``)."""
    first = max(first, (start - origin).days, 0)
    if not schedule.is_fixed or first >= length:
        return range(0)
    if schedule.kind is ScheduleKind.DAILY:
        return range(first, length)
    if schedule.kind is ScheduleKind.EVERY_N_DAYS:
        step = schedule.days
        behind = (start - origin).days  # offset of the start: every step-th day from it
        return range(first + (behind - first) % step, length, step)
    weekday = (origin.weekday() + first) % 7
    starts = [first + (d - weekday) % 7 for d in schedule.weekdays]
    if len(starts) == 1:
        return range(starts[0], length, 7)
    found: list[int] = []
    for begin in starts:  # (each weekday's days joined, then sorted: C loops, not a generator)
        found += range(begin, length, 7)
    found.sort()
    return found


def days_due(schedule: Schedule, start: dt.date, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The days a fixed schedule names within ``first..last`` (none before ``start``)."""
    if not schedule.is_fixed or last < first:
        return frozenset()
    offsets = due_offsets(schedule, start, first, 0, (last - first).days + 1)
    return frozenset(first + dt.timedelta(days=i) for i in offsets)


def is_due_on(schedule: Schedule, start: dt.date, day: dt.date) -> bool:
    """Whether a fixed schedule names ``day`` (never a day before ``start``)."""
    if not schedule.is_fixed or day < start:
        return False
    if schedule.kind is ScheduleKind.DAILY:
        return True
    if schedule.kind is ScheduleKind.EVERY_N_DAYS:
        return (day - start).days % schedule.days == 0
    return day.weekday() in schedule.weekdays


def period_bounds(schedule: Schedule, day: dt.date, week_start: int = 0) -> tuple[dt.date, dt.date]:
    """The calendar period (week or month) a quota schedule counts ``day`` in."""
    if schedule.kind is ScheduleKind.PER_MONTH:
        first = day.replace(day=1)
        return first, next_month(first) - _ONE_DAY
    first = week_start_of(day, week_start)
    return first, first + _SIX_DAYS


def next_month(first: dt.date) -> dt.date:
    """The first day of the month after the one ``first`` begins."""
    return first.replace(year=first.year + 1, month=1) if first.month == 12 \
        else first.replace(month=first.month + 1)


def months_on(first: dt.date, count: int) -> dt.date:
    """The first day of the month ``count`` months after ``first``'s (before, if negative)."""
    year, month = divmod(first.year * 12 + first.month - 1 + count, 12)
    return dt.date(year, month + 1, 1)


def week_start_of(day: dt.date, week_start: int = 0) -> dt.date:
    """The first day of ``day``'s week; ``week_start`` is 0 for Monday, 6 for Sunday."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


_ONE_DAY = dt.timedelta(days=1)
_SIX_DAYS = dt.timedelta(days=6)


# -- reading schedules people type ---------------------------------------------------
_DAY_WORDS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)} | {
    full: i
    for i, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
# Ways people (and ``Schedule.describe``) say the same thing, rewritten to one form.
_PHRASES = (
    (" once ", " 1 "), (" twice ", " 2 "), (" per ", " / "), (" a week", " /week"),
    (" a month", " /month"), (" every week", " /week"), (" every month", " /month"),
    ("x/", " times/"), ("x /", " times/"), (" weekly", " 1/week"), (" monthly", " 1/month"),
)


def parse_schedule(text: str) -> Schedule:
    """Read a schedule the way a person writes it (see ``SCHEDULE_HELP``)."""
    words = " " + " ".join(text.lower().split()) + " "
    for said, meant in _PHRASES:
        words = words.replace(said, meant)
    words = " ".join(words.split()).replace(" / ", "/").replace("/ ", "/").replace(" /", "/")
    if words in ("daily", "every day", "everyday", "1/day"):
        return Schedule.daily()
    if words in ("weekdays", "workdays"):
        return Schedule.on_weekdays(frozenset(range(5)))
    if words in ("weekends", "weekend"):
        return Schedule.on_weekdays(frozenset({5, 6}))
    if words in ("every other day",):
        return Schedule.every_n_days(2)
    if match := re.fullmatch(r"every (\d+) days?", words):
        return Schedule.every_n_days(_positive(match.group(1), "every 0 days"))
    if match := re.fullmatch(r"(\d+)(?: times?)?/ ?(week|w|month|m)", words):
        times = _positive(match.group(1), "0 times")
        return Schedule.per_week(times) if match.group(2).startswith("w") else Schedule.per_month(times)
    if match := re.fullmatch(r"(\d+)(?: times?)?(?: in(?: any)? |/)(\d+)(?: ?days?|d)?", words):
        return Schedule.in_days(_positive(match.group(1), "0 times"), _positive(match.group(2), "0 days"))
    parts = [p for p in re.split(r"[,\s]+", words) if p]
    if parts and all(p in _DAY_WORDS for p in parts):
        return Schedule.on_weekdays(frozenset(_DAY_WORDS[p] for p in parts))
    raise TrackerError(f"I can't read the schedule {text!r}; try one of: {SCHEDULE_HELP}.")


def _positive(digits: str, what: str) -> int:
    value = int(digits[-12:]) if len(digits.lstrip("0")) <= 12 else 10 ** 12  # no 4,300-digit ints
    if value < 1:
        raise TrackerError(f"A schedule of {what} never comes due; use a number of 1 or more.")
    return value

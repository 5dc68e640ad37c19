"""Reader for harsh (https://github.com/wakatara/harsh): a ``habits`` file and a ``log``.

``habits`` lists ``Name: frequency[: end-date]`` lines under optional ``! Heading`` lines;
``log`` holds ``YYYY-MM-DD : habit : y|n|s[ : comment[ : amount]]`` lines, appended as
the person answers, so a later line for the same day and habit replaces an earlier one.
Both are plain text a person edits by hand, so spacing around ``:`` is taken loosely,
but anything that cannot be read as harsh meant it is refused with its line number.

A habit whose 'y' answers carry amounts (harsh keeps them as numbers with decimals) is
measured here, each amount exact to three decimals; harsh has no goal for an amount, so
its target is the least that every 'y' keeps (1, or a smaller amount answered).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

from ..domain import CheckIn, Schedule, TrackerError
from ..domain.amounts import Amount, format_amount
from ..domain.bounds import DAYS_MAX
from ..domain.habits import NOTE_MAX, clean_name, clean_tags, clean_text
from .model import (
    Bundle, FormatError, HabitHistory, Progress, check_day, check_value, exact, missed_remark,
    plural, quoted, thousandths,
)
from .reading import read_file

SOURCE = "harsh"
TRACK_ONLY_REMARK = ("harsh tracked this without a goal; it is daily here, "
                     "change it if that's not right")
LOG_ONLY_REMARK = ("found only in harsh's log (it was no longer in the habits file), "
                   "so it was archived")
TAG_MAX = 30
PROGRESS_EVERY = 1000  # log lines between progress reports

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FRACTION = re.compile(r"([0-9]+)\s*/\s*([0-9]+)")
_WEEKS = re.compile(r"([0-9]+)\s*[wW]")
# A colon with a space before it and a space (or the end) after; the spaces stay with
# the fields, so "y : : 0" (an empty comment) splits as well as "y :  : 0" does.
_HARSH_SEPARATOR = re.compile(r"(?<= ):(?= |$)")
_STATUSES = frozenset("yns")


def read_harsh(path: Path, today: dt.date, progress: Progress | None = None) -> Bundle:
    """Read harsh's config folder (or its ``habits`` file): habits, then the log's days.

    A missing ``log`` only means nothing was recorded yet, so the habits come with no days.
    """
    habits_file, log_file = _locate(Path(path))
    bundle = Bundle(source=SOURCE)
    habits = _read_habits(habits_file, today, bundle)
    if log_file.exists():  # a log that can't be read is refused, never taken as no days
        _read_log(log_file, today, habits, progress)
    elif progress is not None:
        progress(1, 1)
    bundle.habits = list(habits.values())
    return bundle


def _locate(path: Path) -> tuple[Path, Path]:
    """The ``habits`` and ``log`` files, given the folder or either file in it."""
    if path.is_dir():
        habits_file = path / "habits"
    else:
        habits_file = path.with_name("habits") if path.name == "log" else path
    if not habits_file.exists():
        raise FormatError(habits_file, None, "there is no harsh 'habits' file here; harsh keeps "
                          "it in ~/.config/harsh (or the folder named by HARSHPATH)")
    return habits_file, habits_file.parent / "log"


def _lines(path: Path, data: bytes) -> Iterator[tuple[int, int, str]]:
    """``(line number, bytes read so far, text)`` for each line of ``data``, read from
    ``path`` (bounded), decoded one line at a time so a byte that isn't UTF-8 is reported
    at the exact line a person has to fix.
    """
    consumed = 0
    for number, raw in enumerate(io.BytesIO(data), start=1):
        consumed += len(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError(path, number, "this line is not UTF-8 text; save the file "
                              "as UTF-8 and try again") from None
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield number, consumed, text.rstrip("\r\n")


# -- the habits file ------------------------------------------------------------------
def _read_habits(path: Path, today: dt.date, bundle: Bundle) -> dict[str, HabitHistory]:
    """Habits by folded name, in file order, each tagged with the heading above it."""
    habits: dict[str, HabitHistory] = {}
    first_line: dict[str, int] = {}
    tags: tuple[str, ...] = ()
    for number, _, text in _lines(path, read_file(path)):
        line = text.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            tags = _heading_tags(line[1:], path, number, bundle)
            continue
        habit = _habit_line(line, path, number, today)
        habit.tags = tags
        key = habit.name.casefold()
        if key in habits:
            raise FormatError(path, number, f"the habit {habit.name!r} is listed twice "
                              f"(first on line {first_line[key]})")
        habits[key] = habit
        first_line[key] = number
    return habits


def _heading_tags(heading: str, path: Path, number: int, bundle: Bundle) -> tuple[str, ...]:
    """``! Self care`` becomes the tag ``self-care``: our tags are single words."""
    words = heading.split()
    if not words:
        return ()
    tag = "-".join(words).lower().lstrip("#")
    if len(tag) > TAG_MAX:
        short = tag[:TAG_MAX].rstrip("-")
        bundle.remarks.append(f"the heading {quoted(heading.strip())} became the tag {short!r} "
                              f"(tags are at most {TAG_MAX} characters)")
        tag = short
    try:
        return clean_tags([tag])
    except TrackerError as err:
        raise FormatError(path, number, f"the heading can't be used as a tag: {err}") from None


def _habit_line(line: str, path: Path, number: int, today: dt.date) -> HabitHistory:
    """``Name: frequency[: end-date]``, split from the right so the name keeps the rest."""
    head, colon, frequency = line.rpartition(":")
    if not colon:
        raise FormatError(path, number, f"expected 'Name: frequency', found {quoted(line)}")
    end: dt.date | None = None
    if ":" in head and _DATE.fullmatch(frequency.strip()):
        end = _date(frequency.strip(), path, number, "end date")
        head, _, frequency = head.rpartition(":")
    name, frequency = head.strip(), frequency.strip()
    if not frequency:
        raise FormatError(path, number, f"the habit {quoted(name)} has no frequency after ':'")
    habit = HabitHistory(name=_clean(name, path, number))
    habit.schedule, track_only = _schedule(frequency, habit.name, path, number)
    if track_only:
        habit.remarks.append(TRACK_ONLY_REMARK)
    habit.archived = end is not None and end <= today
    return habit


def _schedule(text: str, name: str, path: Path, number: int) -> tuple[Schedule, bool]:
    """harsh's frequency as ``(schedule, tracked without a goal)``.

    ``k`` means at least once in any ``k`` days, ``n/d`` n times in any d days, ``Nw``
    N weeks, and ``0`` tracking with no goal at all.
    """
    if match := _FRACTION.fullmatch(text):
        times, days = _count(match[1], name, path, number), _count(match[2], name, path, number)
    elif match := _WEEKS.fullmatch(text):
        times, days = 1, 7 * _count(match[1], name, path, number)
    elif text.isascii() and text.isdigit():
        days = _count(text, name, path, number)
        times, days = (0, 1) if days == 0 else (1, days)
    else:
        raise FormatError(path, number, f"harsh has no frequency {quoted(text)}; it uses a number "
                          "of days (1, 7, 14), a target like 3/7, or weeks like 1w")
    if days == 0:
        raise FormatError(path, number, f"the frequency {text!r} has a period of 0 days")
    if times == 0:
        return Schedule.daily(), True
    if times > days:
        raise FormatError(path, number, f"the frequency {text!r} asks for {times} times "
                          f"in {days} days")
    try:
        return _window_schedule(times, days), False
    except TrackerError as err:  # a span our schedules can't hold: say which habit
        raise FormatError(path, number, f"the habit {name!r} can't be tracked here: {err}") from None


def _count(digits: str, name: str, path: Path, number: int) -> int:
    """A frequency's number; one past any schedule's span is refused before it is read
    (Python won't even read a number of 4,300 digits)."""
    if len(digits.lstrip("0")) > len(str(DAYS_MAX)):
        raise FormatError(path, number, f"the habit {name!r} can't be tracked here: its "
                          f"frequency spans far more than the {DAYS_MAX} days a schedule can")
    return int(digits)


def _window_schedule(times: int, days: int) -> Schedule:
    """The closest of our schedules to "``times`` in ``days`` days"."""
    if times == days:
        return Schedule.daily()
    if days == 7:
        return Schedule.per_week(times)
    if days in (30, 31) and times <= 28:
        return Schedule.per_month(times)
    return Schedule.in_days(times, days)


def _clean(text: str, path: Path, number: int, *, comment: bool = False) -> str:
    """A name or comment held to the rules for typed ones, or refused at its line."""
    try:
        return clean_text(text.strip(), "comment", NOTE_MAX) if comment else clean_name(text)
    except TrackerError as err:
        raise FormatError(path, number, str(err)) from None


def _date(text: str, path: Path, number: int, what: str) -> dt.date:
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FormatError(path, number, f"the {what} {quoted(text)} is not a date "
                          "(harsh writes YYYY-MM-DD)") from None


# -- the log --------------------------------------------------------------------------
def _read_log(path: Path, today: dt.date, habits: dict[str, HabitHistory],
              progress: Progress | None) -> None:
    """Put each log line's day into its habit; a later line for the same day wins."""
    data = read_file(path)
    total = len(data)
    misses: dict[str, set[dt.date]] = {}  # days whose last answer was a bare 'n', by habit
    unused: dict[str, set[dt.date]] = {}  # days whose last answer was an 'n' or 's' with an amount
    again: dict[str, set[dt.date]] = {}  # days answered more than once
    bare: dict[str, set[dt.date]] = {}  # days whose last answer was a 'y' without an amount
    if progress is not None:
        progress(0, total)
    for number, consumed, text in _lines(path, data):
        line = text.strip()
        if line and not line.startswith("#"):
            _log_line(line, path, number, today, habits, (misses, unused, again, bare))
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(min(consumed, total), total)
    for key, days in again.items():
        if days:
            habits[key].remarks.append(
                plural(len(days), "day was", "days were") + " answered more than once in the "
                "log; the last answer for a day was kept, as harsh keeps it")
    for key, days in unused.items():
        if days:
            habits[key].remarks.append(_unused_amount_remark(len(days)))
    for key, days in misses.items():
        missed_remark(habits[key], days, ("'n' answer without a comment",
                                          "'n' answers without a comment"), "harsh")
    for key, habit in habits.items():
        _measure(habit, bare.get(key, set()))
    if progress is not None:
        progress(total, total)


def _measure(habit: HabitHistory, bare: set[dt.date]) -> None:
    """A habit whose 'y' answers carry amounts is measured, aiming at the least that
    every 'y' keeps (1, or a smaller amount answered); its 'y' days without an amount
    hold that target, so they stay kept, as in harsh."""
    amounts = [c.value for day, c in habit.days.items() if c.value is not None and day not in bare]
    if not amounts:
        return
    habit.measured = True
    habit.target = min([1, *amounts])
    target = format_amount(habit.target)
    for day in bare:
        habit.days[day] = CheckIn(habit.target, False, habit.days[day].note)
    held = "" if not bare else "; " + plural(len(bare), "'y' answer without an amount holds",
                                             "'y' answers without an amount hold") + \
        f" {target}, so each such day is kept, as in harsh"
    habit.remarks.append(f"harsh's 'y' answers for it carry amounts, so it is measured here, "
                         f"at least {target} a day (harsh sets no goal for an amount; every "
                         f"'y' keeps this one: edit the habit to set yours){held}")


Tracked = dict[str, set[dt.date]]


def _log_line(line: str, path: Path, number: int, today: dt.date, habits: dict[str, HabitHistory],
              said: tuple[Tracked, Tracked, Tracked, Tracked]) -> None:
    fields, separator = _fields(line)
    if len(fields) < 3:
        raise FormatError(path, number, "expected 'YYYY-MM-DD : habit : y|n|s', "
                          f"found {quoted(line)}")
    day = check_day(_date(fields[0].strip(), path, number, "date"), today, path, number)
    status = fields[2].strip().lower()
    if status not in _STATUSES:
        raise FormatError(path, number, f"the answer {quoted(fields[2].strip())} is not y, n or s")
    habit = _log_habit(fields[1].strip(), path, number, habits)
    comment, amount = _comment_and_amount(fields[3:], separator, path, number)
    if status == "y" and amount:
        check_value(amount, path, number, f"{habit.name}: ")
    entry = _check_in(status, comment, amount, habit)
    # harsh's life of a habit starts at its first line, whatever the answer: an 'n' is an
    # explicit miss, and it stays one here because the habit starts on or before it
    habit.start = day if habit.start is None else min(habit.start, day)
    missed, unused, again, bare = (found.setdefault(habit.name.casefold(), set())
                                   for found in said)
    if day in habit.days or day in missed:
        again.add(day)
    if status == "y" and not amount:
        bare.add(day)
    else:
        bare.discard(day)
    if status != "y" and amount:
        unused.add(day)
    else:
        unused.discard(day)
    if entry.is_empty:
        habit.days.pop(day, None)
        missed.add(day)
    else:
        habit.days[day] = entry
        missed.discard(day)


def _fields(line: str) -> tuple[list[str], str]:
    """The line's fields and the separator that made them.

    harsh itself writes `` : ``, which leaves a ``10:30`` inside a comment alone; a
    hand-typed line with tighter colons is split on every ``:`` instead.
    """
    fields = _HARSH_SEPARATOR.split(line)
    if len(fields) >= 3 and fields[2].strip().lower() in _STATUSES:
        return fields, " : "
    return line.split(":"), ":"


def _comment_and_amount(rest: list[str], separator: str, path: Path,
                        number: int) -> tuple[str, Fraction | None]:
    """Fields after the answer: a comment, then an amount (harsh may leave either empty).

    Past five fields the extra colons belong to the comment, and the last field is the
    amount only if it reads as one.
    """
    if not rest:
        return "", None
    if len(rest) == 1:
        return _clean(rest[0], path, number, comment=True), None
    last = rest[-1].strip()
    if len(rest) > 2 and last and _number(last) is None:
        return _clean(separator.join(rest), path, number, comment=True), None
    amount = _number(last)
    if last and amount is None:
        raise FormatError(path, number, f"the amount {quoted(last)} is not a number")
    if amount is not None and amount < 0:
        raise FormatError(path, number, f"the amount {quoted(last)} is negative")
    return _clean(separator.join(rest[:-1]), path, number, comment=True), amount


def _number(text: str) -> Fraction | None:
    """harsh's amount (Go's ParseFloat), exactly the decimal written: "5.2" is 26/5."""
    try:
        value = float(text)
    except ValueError:
        return None
    return exact(value) if math.isfinite(value) else None


def _log_habit(name: str, path: Path, number: int,
               habits: dict[str, HabitHistory]) -> HabitHistory:
    """The habit a log line names, ignoring case; a habit no longer listed is kept archived.

    People drop habits from ``habits`` but keep their log lines, and that history is theirs.
    """
    cleaned = _clean(name, path, number)
    key = cleaned.casefold()
    if key not in habits:
        habits[key] = HabitHistory(name=cleaned, archived=True, remarks=[LOG_ONLY_REMARK])
    return habits[key]


def _unused_amount_remark(n: int) -> str:
    return (plural(n, "'n' or 's' answer carries an amount, which a day not done or excused "
                      "can't hold here, so it was", "'n' or 's' answers carry an amount, which a "
                      "day not done or excused can't hold here, so they were") + " not imported")


def _check_in(status: str, comment: str, amount: Fraction | None,
              habit: HabitHistory) -> CheckIn:
    """``y`` holds the amount when there is one (harsh writes 0 for "no amount"), else it
    is done (1 for now; :func:`_measure` gives a measured habit's its target)."""
    if status == "s":
        return CheckIn(None, True, comment)
    if status == "n":
        return CheckIn(None, False, comment)
    value: Amount = thousandths(amount, habit) if amount else 1
    return CheckIn(value, False, comment)

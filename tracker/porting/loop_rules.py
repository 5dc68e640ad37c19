"""What Loop Habit Tracker's words and numbers mean here, shared by its CSV and backup readers.

Loop stores one integer per day (uhabits-core ``models/Entry.kt``): a state code for yes/no
habits, or the amount × 1000 for measurable ones, where 3 (``Entry.SKIP``) is a skip all
the same. Only what a person entered becomes history: Loop's ``YES_AUTO`` is its own
inference from the frequency ("not due today") and ``UNKNOWN`` is a blank, so neither is a
check-in, and the report counts the ticks left out; a note is kept whatever the day's value.

A measurable habit is measured here, with its target (a double in Loop, read through its
decimal text and held to three decimals), its unit and its target type: Loop's "at most"
is a limit, which a day of 0 keeps, so such a day is kept as a recorded 0. Amounts are
exact: the stored number / 1000.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from fractions import Fraction

from ..domain import CheckIn, HabitKind, Schedule, TrackerError
from ..domain.amounts import PLACES, Amount, format_amount, normalized
from ..domain.habits import (
    NAME_MAX, NOTE_MAX, TARGET_MAX, UNIT_MAX, clean_name, clean_text, clean_unit,
)
from ..domain.text import printable
from ..structs import field, replace, struct
from .loop_marker import Carried, read_marker, split_description
from .model import (
    FormatError, HabitHistory, check_day, check_value, missed_remark, plural, quoted,
    shown_amount,
)

YES_MANUAL, YES_AUTO, NO, UNKNOWN = 2, 1, 0, -1
SKIP = 3  # Loop's Entry.SKIP, for yes/no and measurable habits alike
DEV_SKIP = -3  # what some development builds of Loop 2 stored for a skip
SKIPS = frozenset({SKIP, DEV_SKIP})
YES_NO_CODES = frozenset({YES_MANUAL, YES_AUTO, NO, UNKNOWN, SKIP, DEV_SKIP})
WORDS = {"YES_MANUAL": YES_MANUAL, "YES_AUTO": YES_AUTO, "NO": NO, "SKIP": SKIP, "UNKNOWN": UNKNOWN}
WHY_MAX = 200
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Where = str | os.PathLike[str]


@struct(frozen=True)
class LoopHabit:
    """One habit as Loop describes it, before it is checked against our rules."""

    name: str
    question: str = ""
    description: str = ""
    num: int = 1
    den: int = 1
    numerical: bool = False
    target_value: Fraction = Fraction(0)  # exactly the decimal Loop wrote (or stored)
    at_most: bool = False
    unit: str = ""
    archived: bool = False


def schedule_from_frequency(num: int, den: int) -> Schedule:
    """Loop's "num times in den days". A month is 30 or 31 days in Loop's own files; n in
    n days is every day, as Loop itself reads it (7/7 and 30/30 too)."""
    if num == den:
        return Schedule.daily()
    if den == 7:
        return Schedule.per_week(num)
    if den in (30, 31):
        return Schedule.per_month(num)
    return Schedule.in_days(num, den)


def make_history(habit: LoopHabit, file: Where, line: int | None) -> HabitHistory:
    """Check a Loop habit against our rules and turn it into a history without days.

    Nothing is cut silently: a name too long is refused (a shortened name could collide
    with another habit), a long description is shortened with a remark."""
    history = HabitHistory(name=_name(habit.name, file, line), kind=HabitKind.PROMISE)
    try:
        history.schedule = schedule_from_frequency(habit.num, habit.den)
    except TrackerError as err:
        raise FormatError(file, line, f"habit {history.name!r} has Loop frequency "
                          f"{habit.num}/{habit.den}, which can't be tracked here: {err}") from None
    description, carried = split_description(habit.description)
    history.why = _why(replace(habit, description=description), history)
    history.archived = habit.archived
    if habit.numerical:
        history.measured, history.at_most = True, habit.at_most
        history.target = _target(habit, history)
        history.unit = _unit(habit.unit, history, file, line)
    if carried is not None:
        _take_back(read_marker(carried, history.name, file, line), habit, history)
    return history


def _take_back(carried: Carried, habit: LoopHabit, history: HabitHistory) -> None:
    """What our own export kept in the description, as long as Loop still agrees with it."""
    history.kind, history.for_whom, history.tags = carried.kind, carried.for_whom, carried.tags
    history.start, history.pauses = carried.start, carried.pauses
    if carried.measured is False and history.target == 1 and not history.at_most \
            and not history.unit:  # yes/no here, written measurable for its amounts
        history.measured = False
    if carried.schedule is not None:
        num, den = carried.schedule.window
        if (num, den) == (habit.num, habit.den) or (num == den and habit.num == habit.den):
            history.schedule = carried.schedule
        else:
            history.remarks.append(
                f"its schedule when exported ({carried.schedule.describe()}) is not Loop's "
                f"frequency now ({habit.num} in {habit.den} days), so Loop's was kept")
    if habit.archived:
        history.archived_on = carried.archived
    elif carried.archived is not None:
        history.remarks.append(f"it was archived on {carried.archived.isoformat()} when "
                               "exported, but it is active in Loop now, so it is active")


def _name(raw: str, file: Where, line: int | None) -> str:
    name = raw.strip()
    if not name:
        raise FormatError(file, line, "a habit has no name")
    if len(name) > NAME_MAX:
        raise FormatError(file, line, f"the habit name {quoted(name)} is {len(name)} characters; "
                          f"names here are at most {NAME_MAX}, so shorten it in Loop and export again")
    try:
        return clean_name(name)
    except TrackerError as err:
        raise FormatError(file, line, f"habit {name!r}: {err}") from None


def _why(habit: LoopHabit, history: HabitHistory) -> str:
    why = " — ".join(part for part in (habit.question.strip(), habit.description.strip()) if part)
    if len(why) > WHY_MAX:
        history.remarks.append(f"Loop's question and description came to {len(why)} characters; "
                               f"only the first {WHY_MAX} were kept as the habit's why")
        why = why[:WHY_MAX]
    return why


def _target(habit: LoopHabit, history: HabitHistory) -> Amount:
    """Loop's target to three decimals. Loop counts an "at least 0" as met by every day,
    and here a target is more than 0, so it becomes the least amount, 0.001 (any amount
    entered keeps it); a limit may be 0 (none at all)."""
    loop = habit.target_value
    shown = shown_amount(loop) if abs(loop) < 10**15 else f"{float(loop):g}"
    scale = 10**PLACES
    target = normalized(Fraction(math.floor(loop * scale + Fraction(1, 2)), scale))  # half up
    least = Fraction(1, scale)
    if target > TARGET_MAX:
        history.remarks.append(f"Loop's target of {shown} is above the largest target here "
                               f"({TARGET_MAX:,}), so it was set to {TARGET_MAX:,}")
        return TARGET_MAX
    if habit.at_most and target < 0:
        history.remarks.append(f"Loop's limit of at most {shown} is below 0, which no day can "
                               "keep; here it is at most 0 (none at all)")
        return 0
    if not habit.at_most and loop <= 0:
        history.remarks.append(f"Loop's target of at least {shown} is met by every day, even "
                               "one without an entry; here a target is more than 0, so it is "
                               "0.001: any amount entered keeps it")
        return least
    if not habit.at_most and target == 0:
        target = least
    if target != loop:
        history.remarks.append(f"Loop's target of {shown} has more than three decimals; it is "
                               f"{format_amount(target)} here (amounts here keep three)")
    return target


def _unit(raw: str, history: HabitHistory, file: Where, line: int | None) -> str:
    """Loop's unit, held to the rules for a typed one; a longer one is shortened, said."""
    unit = " ".join(raw.split())
    if len(unit) > UNIT_MAX:
        history.remarks.append(f"Loop's unit {unit!r} is {len(unit)} characters; units here are "
                               f"at most {UNIT_MAX}, so it is {unit[:UNIT_MAX].rstrip()!r}")
        unit = unit[:UNIT_MAX].rstrip()
    try:
        return clean_unit(unit)
    except TrackerError as err:
        raise FormatError(file, line, f"habit {history.name!r}: {err}") from None


def is_valid_code(code: int, numerical: bool) -> bool:
    """Yes/no habits hold state codes; measurable ones amounts, or UNKNOWN/SKIP."""
    if numerical:
        return code >= 0 or code in (UNKNOWN, DEV_SKIP)
    return code in YES_NO_CODES


def clean_note(note: str, file: Where, line: int | None, where: str = "") -> str:
    """A day's note held to the rules for typed ones (length, no hidden characters)."""
    try:
        return clean_text(note.replace("\r\n", "\n"), "note", NOTE_MAX)
    except TrackerError as err:
        raise FormatError(file, line, f"{where}{err}") from None


def checkin_for(code: int, note: str, numerical: bool, history: HabitHistory,
                amount: bool = False) -> CheckIn | None:
    """The check-in a person entered on a day Loop stored as ``code``, or None if nothing.
    ``note`` is already cleaned (:func:`clean_note`); ``amount``: the code is an amount ×
    1000 whatever its value (a number in the current CSV, where Loop writes its skip as
    SKIP, so a 3 there is 0.003)."""
    if code in SKIPS and not amount:  # 3 is a skip on a measurable habit too, not 0.003
        checkin = CheckIn(None, True, note)
    elif numerical:
        checkin = CheckIn(amount_of(code, history), False, note)
    else:
        checkin = CheckIn(1 if code == YES_MANUAL else None, False, note)
    return None if checkin.is_empty else checkin


def amount_of(code: int, history: HabitHistory) -> Amount | None:
    """A measurable day's stored number (amount × 1000), exactly; a 0 is a recorded none
    for a limit (it keeps it) and nothing for any other habit."""
    if code > 0:
        return normalized(Fraction(code, 10**PLACES))
    return 0 if code == 0 and history.at_most else None


def auto_remark(counts: list[tuple[str, int]]) -> str:
    """The report's line for Loop's YES_AUTO days, with how many of each habit's were left."""
    total = sum(n for _, n in counts)
    each = ", ".join(f"{printable(name)} {n}" for name, n in counts)
    return (f"{plural(total, 'day', 'days')} of Loop's automatic ticks ({each}) "
            f"{'was' if total == 1 else 'were'} not imported: a YES_AUTO is Loop's own "
            "inference from the frequency (a day it did not ask for), not something you entered")


@struct
class LoopDays:
    """One habit's Loop entries as they come in, day by day: what becomes history, and a
    count of what does not (Loop's automatic ticks; 'no' days, which are missed days here
    as long as the habit's life covers them, so its start moves back to the first).

    ``explicit_no``: a NO (0) is the person's own in Loop 2 and its backups; in the CSV of
    Loop 2.3.0 and before, every day without a repetition is written 0, so there it is a
    blank, like UNKNOWN."""

    history: HabitHistory
    numerical: bool
    explicit_no: bool = True
    autos: set[dt.date] = field(default_factory=set)
    misses: set[dt.date] = field(default_factory=set)

    def add(self, day: dt.date, code: int, note: str, file: Where, line: int | None,
            where: str = "", *, amount: bool = False) -> None:
        """The entry for ``day`` (replacing one already read for it: the later wins);
        ``amount``: see :func:`checkin_for`."""
        history = self.history
        history.days.pop(day, None)
        self.autos.discard(day)
        self.misses.discard(day)
        auto = code == YES_AUTO and not self.numerical
        blank = code == UNKNOWN or auto or (code == NO and not self.explicit_no)
        if auto:
            self.autos.add(day)
        if not blank:
            history.start = day if history.start is None else min(history.start, day)
            if code == NO and not note and not history.at_most:  # a limit's 0 keeps it
                self.misses.add(day)
        checkin = checkin_for(code, note, self.numerical, history, amount)
        add_day(history, day, checkin, file, line, where)

    def finish(self) -> None:
        """Say how many 'no' days there were, and where the habit's life starts because of one."""
        what = (("day of 0 without a note", "days of 0 without a note") if self.numerical
                else ("'no' day without a note", "'no' days without a note"))
        missed_remark(self.history, self.misses, what, "Loop")


def parse_day(text: str, today: dt.date, file: Where, line: int | None) -> dt.date:
    """Loop writes ``YYYY-MM-DD``; anything else is refused rather than guessed at."""
    text = text.strip()
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FormatError(file, line, f"{quoted(text)} is not a date (Loop writes YYYY-MM-DD)") from None
    return check_day(day, today, file, line)


def parse_new_day(text: str, today: dt.date, file: Where, line: int, seen: dict[dt.date, int]) -> dt.date:
    """A row's day (see ``parse_day``), refused when an earlier row of the file had it;
    ``seen`` remembers each day's line."""
    day = parse_day(text, today, file, line)
    if day in seen:
        raise FormatError(file, line, f"{day.isoformat()} appears twice, on lines "
                          f"{seen[day]} and {line}")
    seen[day] = line
    return day


def add_day(history: HabitHistory, day: dt.date, checkin: CheckIn | None, file: Where,
            line: int | None, where: str = "") -> None:
    """Keep the day's check-in, if any, refusing an amount larger than a day can hold."""
    if checkin is not None:
        if checkin.value is not None:
            check_value(checkin.value, file, line, where)
        history.days[day] = checkin

"""A habit's days laid out for the walk: one byte per day from the timeline's origin.

Ten years of a habit are 3,650 days, and a first ``status`` after a migration walks every
day of every habit. Asking a ``dict`` of check-ins about each day (a date made, a lookup,
attributes read) costs far more than the walk itself, so the check-ins are placed once,
each as a small code, into a ``bytearray``; running sums over those codes (C loops over
bytes) then answer "how many kept days in this window" in two lookups.

Shared check-ins (the store hands out one instance per plain amount) are coded once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from math import lcm

from .amounts import Amount
from .dates import run_of_days
from .habits import CheckIn, Habit
from .memo import cached

EXCUSED = 1  # a skipped check-in, or a day inside a pause
DONE = 2  # the recorded amount keeps the habit (only counts when not excused)
RECORDED = 4  # an amount is recorded (a recorded none included), the day not skipped
POSITIVE = 8  # the amount recorded is more than none
FRACTION = 16  # some, not all, of a target (never a limit): the score needs the amount


def _table(rule: Callable[[int], object]) -> bytes:
    """A ``bytes.translate`` table: each code to 1 where ``rule`` holds, else 0."""
    return bytes(1 if rule(code) else 0 for code in range(256))


ONLY_EXCUSED = _table(lambda c: c & EXCUSED)
ONLY_DONE = _table(lambda c: c & DONE and not c & EXCUSED)
ONLY_AVAILABLE = _table(lambda c: not c & EXCUSED)
WITH_EXCUSED = bytes(code | EXCUSED for code in range(256))  # a code as on a paused day


class DayCodes:
    """The days ``origin .. origin + length - 1`` of one habit, coded (see the flags)."""

    def __init__(self, habit: Habit, checkins: Mapping[dt.date, CheckIn], origin: dt.date,
                 length: int) -> None:
        self.habit = habit
        self.origin = origin
        self.length = length
        # C loops over the days, not a Python step per day: each day (the shared date
        # objects, the store's keys) finds its check-in or None; each distinct check-in
        # among them is coded by its id (the store shares one instance per plain amount;
        # ``found`` keeps them alive), each code worked out once per amount and skip; a
        # day without one (None) is 0. Only the days laid out are looked at: the store's
        # months may hold many more.
        days = run_of_days(origin, length)
        found = list(map(checkins.get, days))
        ids = list(map(id, found))
        by_kind: dict[tuple[Amount | None, bool], int] = {}  # (amount, skipped): the code
        code_of: dict[int, int] = {}
        flags = 0  # every flag some day's code holds
        for key, checkin in dict(zip(ids, found)).items():  # (notes make days distinct)
            if checkin is None:
                code_of[key] = 0
                continue
            kind = (checkin.value, checkin.skipped)
            if kind not in by_kind:
                by_kind[kind] = self._code(checkin)
                flags |= by_kind[kind]
            code_of[key] = by_kind[kind]
        codes = bytearray(map(code_of.__getitem__, ids))
        amounts: dict[int, Amount] = {}  # day -> amount, where it matters (see below)
        # the amounts that matter: all of them for a limit (the score weighs them) and for
        # an amount that adds up over a period; else only partial days' (their credit)
        wanted = POSITIVE if habit.at_most or habit.adds_up else FRACTION
        if flags & wanted:
            for index, code in enumerate(codes):
                if code & wanted and code & POSITIVE:
                    amounts[index] = checkins[days[index]].amount
        for pause in habit.pauses:
            first = max(0, (pause.first - origin).days)
            last = min(length - 1, (pause.last - origin).days)
            if first <= last:  # (a pause outside the days holds nothing here)
                codes[first:last + 1] = codes[first:last + 1].translate(WITH_EXCUSED)
        self.codes = codes
        self.amounts = amounts
        self.excused = bytes(codes.translate(ONLY_EXCUSED))  # 1 for each excused day
        # running counts as lists: an ``array`` of ints parses each one it is given and
        # makes a new int for each one read, both on every day of the walks
        self.done = list(accumulate(codes.translate(ONLY_DONE), initial=0))  # running

    @cached
    def available(self) -> list[int]:
        """Running count of the days not excused (only quotas ask: made when they do)."""
        return list(accumulate(self.codes.translate(ONLY_AVAILABLE), initial=0))

    def _code(self, checkin: CheckIn) -> int:
        if checkin.skipped:
            return EXCUSED
        value = checkin.value
        if value is None:
            return 0
        habit = self.habit
        code = RECORDED | (POSITIVE if value else 0) | (DONE if habit.keeps(value) else 0)
        if value and not code & DONE and not habit.at_most:
            code |= FRACTION
        return code

    # -- what the score adds up ------------------------------------------------------
    @cached
    def score_sums(self) -> tuple[Sequence[float], bool]:
        """Running sums of what the score weighs each day (``sums[i]`` covers the first
        ``i`` days): the day's share of its target, or for a limit its amount; an
        excused day holds nothing. Whole numbers stay whole (exact, and the same floats
        the score would add up); otherwise the floats are added in day order, as always.
        The flag says every day adds 0 or 1 (the sums are the kept days themselves)."""
        habit, excused, amounts = self.habit, self.excused, self.amounts
        if not habit.at_most:
            # (most habits hold no amounts here: nothing to look through)
            partial = amounts and any(not excused[i] for i, a in amounts.items() if 0 < a < habit.target)
            if not partial:
                return self.done, True  # every share is 0 or 1: the kept days themselves
            target = float(habit.target)
            credits = [float(d) for d in self.codes.translate(ONLY_DONE)]
            for index, amount in amounts.items():
                if not excused[index]:
                    credits[index] = min(1.0, float(amount) / target)
            return list(accumulate(credits, initial=0.0)), False
        shown = {i: a for i, a in amounts.items() if not excused[i]}
        if all(type(a) is int for a in shown.values()):
            whole = [0] * self.length
            for index, amount in shown.items():
                whole[index] = int(amount)
            return list(accumulate(whole, initial=0)), False
        floats = [0.0] * self.length
        for index, amount in shown.items():
            floats[index] = float(amount)
        return list(accumulate(floats, initial=0.0)), False

    def scaled_amounts(self) -> tuple[list[int], int]:
        """For an amount that adds up: running sums of the amounts on days not excused,
        times ``scale`` (a whole number that makes every amount and the target whole):
        exact sums, compared without fractions."""
        target = self.habit.target
        scale = lcm(target.denominator, *(a.denominator for a in self.amounts.values()))
        whole = [0] * self.length
        excused = self.excused
        for index, amount in self.amounts.items():
            if not excused[index]:
                whole[index] = int(amount * scale)
        return list(accumulate(whole, initial=0)), scale

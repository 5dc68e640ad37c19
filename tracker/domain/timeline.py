"""One habit's history read as facts: each day's status, streaks and the consistency score.

A ``Timeline`` is built from a habit, its check-ins and the day that counts as today, and
answers every question about that history. Its days are laid out once as one byte each
(:mod:`.daycodes`) with running sums over them, so each question costs little even with
ten years of days; streaks and the score are then one tight loop each over day offsets
(:mod:`.walk`, :mod:`.score`), not a status worked out per day.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter

from .amounts import Amount
from .checkpoint import Checkpoint, data_needed_from
from .dates import run_of_days
from .daycodes import DayCodes
from .habits import CheckIn, Habit
from .memo import cached
from .outcomes import DayStatus, PeriodOutcome, Streak, round_half_up
from .schedules import ScheduleKind, due_offsets, is_due_on, next_month, period_bounds
from .score import first_score, score_series, score_walk
from .walk import (FIXED_STEPS, Run, fixed_today, fold_days, fold_periods, fold_rolling, fold_step,
                   run_from, streaks_of)

ONE_DAY = dt.timedelta(days=1)
_UNITS = {ScheduleKind.PER_WEEK: "week", ScheduleKind.PER_MONTH: "month"}  # else "day"
_KEPT = {PeriodOutcome.MET: True, PeriodOutcome.SHORT: False}  # a period's step (else neither)
__all__ = ["DayStatus", "PeriodOutcome", "Streak", "Timeline", "round_half_up"]


class Timeline:
    """Everything derived from one habit's check-ins up to ``today``."""

    def __init__(self, habit: Habit, checkins: Mapping[dt.date, CheckIn], today: dt.date,
                 week_start: int = 0, *, checkpoint: Checkpoint | None = None,
                 origin: dt.date | None = None) -> None:
        """``checkpoint`` carries streaks and score from a checkpoint, so only the check-ins
        after it (and a short look-back) are needed. ``origin`` says check-ins before it
        are not known: statuses from ``status_origin`` on stay right, but streaks and
        score are then only right with a checkpoint."""
        self.habit = habit
        self.checkins = checkins
        self.today = today
        self.week_start = week_start
        self.checkpoint = checkpoint
        last_active = habit.archived if habit.archived and habit.archived < today else today
        self.end = last_active  # the last day whose facts are known
        self.origin = max(habit.start, data_needed_from(habit, checkpoint), origin or habit.start)
        self._walk_from = checkpoint.through + ONE_DAY if checkpoint else self.origin
        self._length = max(0, (self.end - self.origin).days + 1)
        self._walk_index = max(0, (self._walk_from - self.origin).days)  # the walk's first day
        self._today_index = (today - self.origin).days
        self._period_cache: dict[tuple[dt.date, dt.date], PeriodOutcome] = {}
        self._required: dict[tuple[dt.date, dt.date, int], int] = {}  # see required_in
        self._walks: dict[int, tuple[Run, float]] = {}  # the walk's state at a stop day
        self._final: tuple[Run, float] | None = None  # … and at the end

    # -- per-day raw facts -----------------------------------------------------------
    def days(self, first: dt.date | None = None) -> Iterator[dt.date]:
        """Each known day from ``first`` (default: the origin) to the end, oldest first."""
        begin = max(first or self.origin, self.origin)
        return (begin + dt.timedelta(days=i) for i in range((self.end - begin).days + 1))

    def _index(self, day: dt.date) -> int:
        return (day - self.origin).days

    @cached
    def _codes(self) -> DayCodes:
        """The known days, one code each, with their running sums (see :mod:`.daycodes`)."""
        return DayCodes(self.habit, self.checkins, self.origin, self._length)

    def is_excused(self, day: dt.date) -> bool:
        index = (day - self.origin).days
        if 0 <= index < self._length:
            return bool(self._codes.excused[index])
        checkin = self.checkins.get(day)
        return self.habit.is_paused(day) or bool(checkin and checkin.skipped)

    def value_on(self, day: dt.date) -> Amount:
        checkin = self.checkins.get(day)
        return 0 if checkin is None else checkin.amount

    def recorded_on(self, day: dt.date) -> Amount | None:
        """The amount recorded on a day that is not excused, or None if none was."""
        checkin = self.checkins.get(day)
        return None if checkin is None or checkin.skipped else checkin.value

    def _window_sum(self, sums: Sequence[int], first: dt.date, last: dt.date) -> int:
        """``sums`` (running, over the known days) over ``first..last``, clipped to them."""
        lo, hi = (first - self.origin).days, (last - self.origin).days + 1
        lo, hi = (lo if lo > 0 else 0), (hi if hi < self._length else self._length)
        return sums[hi] - sums[lo] if hi > lo else 0

    @cached
    def _scaled(self) -> tuple[list[int], int]:
        """Exact running sums of the amounts, and the scale that made them whole."""
        return self._codes.scaled_amounts()

    def is_scheduled(self, day: dt.date) -> bool:
        """Fixed schedules only: whether the rule names ``day`` (within the known life)."""
        return self.origin <= day <= self.end and is_due_on(self.habit.schedule, self.habit.start, day)

    # -- statuses --------------------------------------------------------------------
    def status(self, day: dt.date) -> DayStatus:
        habit = self.habit
        if day > self.today or not habit.is_active_on(day):
            return DayStatus.OFF
        if self.is_excused(day):
            return DayStatus.SKIPPED
        value = self.recorded_on(day)
        if value and self.habit.adds_up:  # a share of the period's total: kept once it adds up
            met = (self._rolling_outcome(day) if habit.schedule.kind is ScheduleKind.IN_DAYS
                   else self.period_outcome(day)) is PeriodOutcome.MET
            return DayStatus.DONE if met else DayStatus.PARTIAL
        if habit.keeps(value):
            return DayStatus.DONE
        if habit.at_most and value is not None:
            return DayStatus.MISSED  # past the limit: recorded, and not kept
        if value and not habit.at_most:
            return DayStatus.PARTIAL
        if not self._is_due(day):
            return DayStatus.OFF
        return DayStatus.PENDING if day == self.today else DayStatus.MISSED

    @cached
    def status_today(self) -> DayStatus:
        """Today's status: every report asks for it, and ``still_due`` with it."""
        return self.status(self.today)

    def _is_due(self, day: dt.date) -> bool:
        """A day with nothing kept: does it still ask for something?"""
        kind = self.habit.schedule.kind
        if self.habit.schedule.is_fixed:
            return self.is_scheduled(day)
        if kind is ScheduleKind.IN_DAYS:
            outcome = self._rolling_outcome(day)
            return outcome not in (PeriodOutcome.MET, PeriodOutcome.EXCUSED)
        # A quota asks for the week or month, not for any one of its days: only today, while
        # the period is still open, is pending; the days of a period that fell short are
        # not each a miss (its streak shows it, and the week counts it against the quota).
        outcome = self.period_outcome(day)
        return day == self.today and outcome not in (PeriodOutcome.MET, PeriodOutcome.EXCUSED)

    # -- quota periods ---------------------------------------------------------------
    def required_in(self, first: dt.date, last: dt.date, times: int) -> int:
        """The quota for ``first..last``, shrunk in proportion to excused and unlived days.

        A week with two excused days asks for ``round(times × 5/7)``; a habit started on a
        Thursday asks for ``round(times × 4/7)`` in its first week. Nobody owes a quota for
        days they were away or had not begun.
        """
        key = (first, last, times)  # (a report asks of today's period twice: its walk and still_due)
        required = self._required.get(key)
        if required is None:
            available = self._window_sum(self._codes.available, first, last)  # (known days)
            if last > self.end:  # and the days after them alive and not excused: each one is
                habit = self.habit  # only looked at with pauses or check-ins ahead (rare)
                lo = max(first, self.end + ONE_DAY, habit.start)
                days = run_of_days(lo, (min(last, habit.archived or last) - lo).days + 1)
                if habit.pauses or not self.checkins.keys().isdisjoint(days):
                    days = [day for day in days if not self.is_excused(day)]
                available += len(days)
            required = self._required[key] = round_half_up(times * available, (last - first).days + 1)
        return required

    def period_outcome(self, day: dt.date) -> PeriodOutcome:
        """The calendar period (week/month) holding ``day``: met, excused, open or short."""
        bounds = self._today_period if day == self.today else \
            period_bounds(self.habit.schedule, day, self.week_start)
        outcome = self._period_cache.get(bounds)
        if outcome is None:
            outcome = self._period_cache[bounds] = self._judge_period(*bounds)
        return outcome

    @cached
    def _today_period(self) -> tuple[dt.date, dt.date]:
        """Today's week or month (a report asks of it three times)."""
        return period_bounds(self.habit.schedule, self.today, self.week_start)

    def amount_in(self, first: dt.date, last: dt.date) -> Amount:
        """The exact sum of the amounts recorded from ``first`` to ``last`` (known days)."""
        days = range(max(0, self._index(first)), min(self._length, self._index(last) + 1))
        excused = self._codes.excused
        return sum((self.value_on(self.origin + dt.timedelta(days=i)) for i in days
                    if not excused[i]), start=0)

    def _met(self, first: dt.date, last: dt.date, required: int) -> bool:
        if self.habit.adds_up:  # the same sum as ``amount_in``, in whole numbers
            sums, scale = self._scaled
            return self._window_sum(sums, first, last) >= self.habit.target * scale
        return self._window_sum(self._codes.done, first, last) >= (required if required > 1 else 1)

    def _judge_period(self, first: dt.date, last: dt.date) -> PeriodOutcome:
        required = self.required_in(first, last, self.habit.schedule.times)
        if self._met(first, last, required):
            return PeriodOutcome.MET  # kept, even when excused days left nothing required
        if required == 0:
            return PeriodOutcome.EXCUSED
        closes = min(last, self.habit.archived or last)
        return PeriodOutcome.OPEN if closes >= self.today else PeriodOutcome.SHORT

    def _rolling_outcome(self, day: dt.date) -> PeriodOutcome:
        """For "X in any Y days": does the window of Y days ending on ``day`` hold enough?"""
        schedule = self.habit.schedule
        first = day - dt.timedelta(days=schedule.days - 1)
        required = self.required_in(first, day, schedule.times)
        if self._met(first, day, required):
            return PeriodOutcome.MET  # kept, even when excused days left nothing required
        if required == 0:
            return PeriodOutcome.EXCUSED
        return PeriodOutcome.OPEN if day >= self.today else PeriodOutcome.SHORT

    def still_due(self) -> tuple[Amount, str]:
        """How much is left to keep now, and over what: (2, "today"), (1, "this week")…"""
        schedule = self.habit.schedule
        if self.today > self.end or not self.habit.is_active_on(self.today):
            return 0, "today"
        if schedule.is_fixed:
            due = self.status_today in (DayStatus.PENDING, DayStatus.PARTIAL)
            if self.habit.at_most:  # a limit asks for a record of the day, not an amount
                return int(due), "today"
            return (self.habit.target - self.value_on(self.today) if due else 0), "today"
        if schedule.kind is ScheduleKind.IN_DAYS:
            first = self.today - dt.timedelta(days=schedule.days - 1)
            label = f"in {schedule.days} days"
        else:
            first, last = self._today_period
            label = "this month" if schedule.kind is ScheduleKind.PER_MONTH else "this week"
        last = self.today if schedule.kind is ScheduleKind.IN_DAYS else last
        required = self.required_in(first, last, schedule.times)
        if self.habit.adds_up:
            left = self.habit.target - self.amount_in(first, self.today)
            return (max(0, left) if required else 0), label
        return max(0, required - self._window_sum(self._codes.done, first, self.today)), label

    # -- streaks and score: one walk over the known life after the checkpoint -----------
    @property
    def streak_unit(self) -> str:
        return _UNITS.get(self.habit.schedule.kind, "day")

    @cached
    def _streaks(self) -> tuple[Streak, Streak]:
        """(current, best) at the end of the known life."""
        return streaks_of(self._walk(None)[0], self.origin.toordinal(), self.streak_unit)

    @property
    def current_streak(self) -> Streak:
        return self._streaks[0]

    @property
    def best_streak(self) -> Streak:
        return self._streaks[1]

    @property
    def score(self) -> float:
        return self._walk(None)[1]

    @cached
    def scores(self) -> list[float]:
        """The score at the end of each day from the walk's first day (Loop's habit
        strength), for the habit screen's trend: the walk itself keeps no such list."""
        sums, _whole = self._codes.score_sums
        return score_series(self.habit, sums, self._codes.excused, self._first_score,
                            self._walk_index, self._today_index)

    @property
    def _first_score(self) -> float:
        return self.checkpoint.score if self.checkpoint else first_score(self.habit)

    def checkpoint_at(self, day: dt.date, fingerprint: str) -> Checkpoint:
        """A checkpoint at the end of ``day`` (a past day that closes a period, see
        ``checkpoint_day``), to checkpoint later timelines with."""
        stop = self._walk_index + (day - self._walk_from).days
        run, score = self._walk(stop)
        current, best = streaks_of(run, self.origin.toordinal(), self.streak_unit)
        return Checkpoint(day, score, (current.length, current.first, current.last),
                          (best.length, best.first, best.last), fingerprint)

    def _walk(self, stop: int | None) -> tuple[Run, float]:
        """The streak run and the score at the end of day offset ``stop`` (None: of the
        last known day). One pass gives both a stop and the end, and both are kept: a
        report asks for a checkpoint, then for today's streaks."""
        if stop is None and self._final is not None:
            return self._final
        if stop is not None and stop in self._walks:
            return self._walks[stop]
        cut = self._length if stop is None else stop
        habit, codes = self.habit, self._codes
        if habit.schedule.is_calendar_quota:
            at_cut, final = self._walk_periods(cut)
        else:
            at_cut, final = self._walk_days(cut, rolling=habit.schedule.kind is ScheduleKind.IN_DAYS)
        sums, whole = codes.score_sums
        score_at_cut, score = score_walk(habit, sums, codes.excused, self._first_score,
                                         self._walk_index, self._today_index, cut, whole=whole)
        self._final = final, score
        if stop is not None:
            self._walks[stop] = at_cut, score_at_cut
            return at_cut, score_at_cut
        return self._final

    def _walk_days(self, cut: int, *, rolling: bool) -> tuple[Run, Run]:
        """Fixed schedules step on each day the rule names; "X in any Y days" on every day."""
        codes, length, today = self._codes, self._length, self._today_index
        run = run_from(self.checkpoint, self.origin.toordinal())
        begin, habit = self._walk_index, self.habit
        if not rolling:
            steps = codes.codes.translate(FIXED_STEPS)  # each day's step, were it scheduled
            if 0 <= today < length:
                steps[today] = fixed_today(codes.codes[today], habit.at_most)
            offsets = due_offsets(habit.schedule, habit.start, self.origin, begin, length)
            split = bisect_left(offsets, cut + 1)  # the days up to the cut, then the rest
            at_cut = fold_days(steps, offsets[:split], run)
            if split == len(offsets):  # (a report's walk: nothing after the cut)
                return at_cut, at_cut
            return at_cut, fold_days(steps, offsets[split:], at_cut)
        schedule = habit.schedule
        required = [round_half_up(schedule.times * n, schedule.days) for n in range(schedule.days + 1)]
        met_sums, need = self._held_sums
        split = min(max(begin, cut + 1), length)
        args = (schedule.days, required, codes.available, codes.excused, today, met_sums, need)
        at_cut = fold_rolling(run, range(begin, split), *args)
        return at_cut, fold_rolling(at_cut, range(max(begin, split), length), *args)

    def _walk_periods(self, cut: int) -> tuple[Run, Run]:
        """Quota schedules step on each calendar period: met, or short once closed. A
        period whose days are all known is judged from the running sums (``fold_periods``),
        as ``period_outcome`` judges it; the last ones (reaching past the known days) by it."""
        run = run_from(self.checkpoint, self.origin.toordinal())
        if self._length == 0:
            return run, run
        habit, length, base = self.habit, self._length, self.origin.toordinal()
        schedule = habit.schedule
        # A checkpoint ends a period, so the walk after it starts on a period's first day.
        first = self._walk_from if self.checkpoint else \
            period_bounds(schedule, self._walk_from, self.week_start)[0]
        periods = _periods(first, self.end, schedule.kind is ScheduleKind.PER_MONTH, self.week_start, base)
        closed = bisect_left(periods, length, key=itemgetter(1))  # every day of these known
        held_sums, need = self._held_sums
        archived = self._index(habit.archived) if habit.archived else length + 1
        run, at_cut = fold_periods(run, periods[:closed], cut, schedule.times, self._codes.available,
                                   held_sums, need, self._today_index, archived)
        today = self._today_index
        for lo, hi in periods[closed:]:
            # (a day of today's period asks of today's: the same period, its bounds kept)
            day = self.today if lo <= today <= hi else dt.date.fromordinal(base + lo)
            kept = _KEPT.get(self.period_outcome(day))
            if kept is not None:
                shown_last = min(hi, length - 1) if kept else hi
                if at_cut is None and shown_last > cut:
                    at_cut = run
                run = fold_step(run, kept, lo, shown_last)
        return (run if at_cut is None else at_cut), run

    @cached
    def _held_sums(self) -> tuple[Sequence[int], int | None]:
        """What meets a quota, as running sums: kept days, or (for an amount that adds up)
        the exact amounts, with the amount ``need``ed (None: kept days, at least 1)."""
        if self.habit.adds_up:
            sums, scale = self._scaled
            return sums, int(self.habit.target * scale)
        return self._codes.done, None


def _periods(first: dt.date, end: dt.date, monthly: bool, week_start: int,
             base: int) -> list[tuple[int, int]]:
    """The periods the walk steps on, from ``first`` (a period's first day) a week (or a
    month) at a time while on or before ``end``: each one's first day and the last day
    of its calendar period, as offsets from the ordinal ``base``."""
    if not monthly:
        start, rest = first.toordinal() - base, 6 - (first.weekday() - week_start) % 7
        return [(lo, lo + rest) for lo in range(start, end.toordinal() - base + 1, 7)]
    found = []
    while first <= end:
        following = next_month(first.replace(day=1))
        found.append((first.toordinal() - base, following.toordinal() - 1 - base))
        first = following if first.day == 1 else _month_on(first)  # (a month's first day: its next)
    return found


def _month_on(day: dt.date) -> dt.date:
    """``day`` a month on (the last day of a shorter month), as relativedelta(months=1)."""
    if day.day <= 28:
        return day.replace(year=day.year + (day.month == 12), month=day.month % 12 + 1)
    following = next_month(day.replace(day=1))
    return following.replace(day=min(day.day, (next_month(following) - ONE_DAY).day))

"""The reference walk: Trust Tracker's timeline as it was before the fast walk (issue #13),
kept word for word so the fast one can be checked against it on random histories.

Self-contained on purpose: its schedule days come from dateutil's own rrule (read from the
rule text), its periods from relativedelta and its score from the plain loop, so it shares
no shortcut with :mod:`tracker.domain.timeline`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from itertools import accumulate
from typing import TypeVar

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MO, TU, WE, TH, FR, SA, SU, rrule, rrulestr

from tracker.domain.amounts import Amount
from tracker.domain.checkpoint import Checkpoint, data_needed_from
from tracker.domain.habits import CheckIn, Habit
from tracker.domain.schedules import Schedule, ScheduleKind
from tracker.domain.score import HALF_LIFE_FACTOR, first_score
from tracker.domain.timeline import DayStatus, PeriodOutcome, Streak, round_half_up

# -- the schedule helpers as they were: rrule and relativedelta ------------------------
_RR_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)


def scheduled_days(rule_text: str, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    if last < first:
        return frozenset()
    rule = rrulestr(rule_text)
    assert isinstance(rule, rrule)
    begin = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last, dt.time())
    return frozenset(moment.date() for moment in rule.between(begin, end, inc=True))


def days_due(schedule: Schedule, start: dt.date, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    if not schedule.is_fixed or last < first:
        return frozenset()
    begin = max(start, first)
    if schedule.kind is ScheduleKind.EVERY_N_DAYS:
        behind = (begin - start).days
        begin = start + dt.timedelta(days=-(-behind // schedule.days) * schedule.days)
    return scheduled_days(schedule.rule_text(begin) or "", begin, last)


def period_bounds(schedule: Schedule, day: dt.date, week_start: int = 0) -> tuple[dt.date, dt.date]:
    if schedule.kind is ScheduleKind.PER_MONTH:
        first = day + relativedelta(day=1)
        return first, first + relativedelta(months=1, days=-1)
    first = day + relativedelta(weekday=_RR_WEEKDAYS[week_start](-1))
    return first, first + relativedelta(days=6)


ONE_DAY = dt.timedelta(days=1)
N = TypeVar("N", int, float)  # running sums of counts or of credits


class ReferenceTimeline:
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
        self._period_cache: dict[tuple[dt.date, dt.date], PeriodOutcome] = {}

    # -- per-day raw facts -----------------------------------------------------------
    def days(self, first: dt.date | None = None) -> Iterator[dt.date]:
        """Each known day from ``first`` (default: the origin) to the end, oldest first."""
        begin = max(first or self.origin, self.origin)
        return (begin + dt.timedelta(days=i) for i in range((self.end - begin).days + 1))

    def _index(self, day: dt.date) -> int:
        return (day - self.origin).days

    def is_excused(self, day: dt.date) -> bool:
        index = (day - self.origin).days
        if 0 <= index < self._length:
            return self._excused_days[index]
        checkin = self.checkins.get(day)
        return self.habit.is_paused(day) or bool(checkin and checkin.skipped)

    @cached_property
    def _by_index(self) -> list[CheckIn | None]:
        """The check-ins day by day from the origin (None: nothing): the running sums walk
        this list, so ten years of days cost no date arithmetic."""
        found: list[CheckIn | None] = [None] * self._length
        origin, length = self.origin, self._length
        for day, checkin in self.checkins.items():
            index = (day - origin).days
            if 0 <= index < length:
                found[index] = checkin
        return found

    @cached_property
    def _excused_days(self) -> list[bool]:
        """Excused or paused, day by day from the origin: asked of every day many times,
        so worked out once (years of history are hundreds of thousands of questions)."""
        flags = [checkin is not None and checkin.skipped for checkin in self._by_index]
        for pause in self.habit.pauses:
            first = max(0, (pause.first - self.origin).days)
            last = min(self._length - 1, (pause.last - self.origin).days)
            if first <= last:  # (a pause before the origin or after the end holds nothing here)
                flags[first:last + 1] = [True] * (last - first + 1)
        return flags

    def value_on(self, day: dt.date) -> Amount:
        checkin = self.checkins.get(day)
        return 0 if checkin is None else checkin.amount

    def recorded_on(self, day: dt.date) -> Amount | None:
        """The amount recorded on a day that is not excused, or None if none was."""
        checkin = self.checkins.get(day)
        return None if checkin is None or checkin.skipped else checkin.value

    def _counts(self, day: dt.date) -> bool:
        """Whether ``day`` can hold a keep: alive, not excused (future days included)."""
        return self.habit.is_active_on(day) and not self.is_excused(day)

    @cached_property
    def _done_sums(self) -> list[int]:
        """Running count of done days: ``sums[i]`` covers the first ``i`` days."""
        keeps, excused = self.habit.keeps, self._excused_days
        flags = (int(c is not None and not excused[i] and keeps(c.value))
                 for i, c in enumerate(self._by_index))
        return [0, *accumulate(flags)]

    @cached_property
    def _credit_sums(self) -> list[float]:
        """Running sum of each day's share of its target (partial days give partial credit)."""
        target, excused = float(self.habit.target), self._excused_days
        credits = (0.0 if c is None or excused[i] else min(1.0, float(c.amount) / target)
                   for i, c in enumerate(self._by_index))  # a paused day holds nothing
        return [0.0, *accumulate(credits)]

    @cached_property
    def _amount_sums(self) -> list[float]:
        """Running sum of the amounts recorded (a limit's score weighs what the days hold)."""
        excused = self._excused_days
        amounts = (0.0 if c is None or excused[i] else float(c.amount)
                   for i, c in enumerate(self._by_index))
        return [0.0, *accumulate(amounts)]

    @cached_property
    def _available_sums(self) -> list[int]:
        return [0, *accumulate(int(not excused) for excused in self._excused_days)]

    def _window_sum(self, sums: list[N], first: dt.date, last: dt.date) -> N:
        lo = max(0, self._index(first))
        hi = min(self._length, self._index(last) + 1)
        return sums[hi] - sums[lo] if hi > lo else 0

    @cached_property
    def _scheduled(self) -> frozenset[dt.date]:
        return days_due(self.habit.schedule, self.habit.start, self.origin, self.end)

    def is_scheduled(self, day: dt.date) -> bool:
        """Fixed schedules only: whether the rule names ``day`` (within the known life)."""
        return day in self._scheduled

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
        length = (last - first).days + 1
        known_last = min(last, self.end)
        available = self._window_sum(self._available_sums, first, known_last)
        later = max(first, known_last + ONE_DAY)
        available += sum(1 for i in range((last - later).days + 1)
                         if self._counts(later + dt.timedelta(days=i)))
        return round_half_up(times * available, length)

    def period_outcome(self, day: dt.date) -> PeriodOutcome:
        """The calendar period (week/month) holding ``day``: met, excused, open or short."""
        bounds = period_bounds(self.habit.schedule, day, self.week_start)
        if bounds not in self._period_cache:
            self._period_cache[bounds] = self._judge_period(*bounds)
        return self._period_cache[bounds]

    def amount_in(self, first: dt.date, last: dt.date) -> Amount:
        """The exact sum of the amounts recorded from ``first`` to ``last`` (known days)."""
        days = range(max(0, self._index(first)), min(self._length, self._index(last) + 1))
        return sum((self.value_on(self.origin + dt.timedelta(days=i)) for i in days
                    if not self._excused_days[i]), start=0)

    def _met(self, first: dt.date, last: dt.date, required: int) -> bool:
        if self.habit.adds_up:
            return self.amount_in(first, last) >= self.habit.target
        return self._window_sum(self._done_sums, first, last) >= max(required, 1)

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
            due = self.status(self.today) in (DayStatus.PENDING, DayStatus.PARTIAL)
            if self.habit.at_most:  # a limit asks for a record of the day, not an amount
                return int(due), "today"
            return (self.habit.target - self.value_on(self.today) if due else 0), "today"
        if schedule.kind is ScheduleKind.IN_DAYS:
            first = self.today - dt.timedelta(days=schedule.days - 1)
            label = f"in {schedule.days} days"
        else:
            first, last = period_bounds(schedule, self.today, self.week_start)
            label = "this month" if schedule.kind is ScheduleKind.PER_MONTH else "this week"
        last = self.today if schedule.kind is ScheduleKind.IN_DAYS else last
        required = self.required_in(first, last, schedule.times)
        if self.habit.adds_up:
            left = self.habit.target - self.amount_in(first, self.today)
            return (max(0, left) if required else 0), label
        return max(0, required - self._window_sum(self._done_sums, first, self.today)), label

    # -- streaks ---------------------------------------------------------------------
    @cached_property
    def _streaks(self) -> tuple[Streak, Streak]:
        """(current, best), walking the known life (after the checkpoint) once."""
        return self._fold(iter(self._step_list))

    @cached_property
    def _step_list(self) -> list[tuple[bool | None, dt.date, dt.date]]:
        """The walk's steps, kept: the streaks and a new checkpoint both fold them."""
        return list(self._steps())

    def _fold(self, steps: Iterator[tuple[bool | None, dt.date, dt.date]],
              stop: dt.date | None = None) -> tuple[Streak, Streak]:
        """Run the steps (after the checkpoint) into (current, best), up to ``stop`` if given."""
        unit = self.streak_unit
        current = best = Streak(unit=unit)
        if self.checkpoint is not None:
            current = Streak(self.checkpoint.current[0], unit, *self.checkpoint.current[1:])
            best = Streak(self.checkpoint.best[0], unit, *self.checkpoint.best[1:])
        for kept, first, last in steps:
            if stop is not None and last > stop:
                break
            if kept is None:
                continue  # neither breaks nor extends
            if not kept:
                current = Streak(unit=unit)
                continue
            current = Streak(current.length + 1, unit, current.first or first, last)
            if (current.length, current.span_days) > (best.length, best.span_days):
                best = current
        return current, best

    @property
    def streak_unit(self) -> str:
        kind = self.habit.schedule.kind
        return {ScheduleKind.PER_WEEK: "week", ScheduleKind.PER_MONTH: "month"}.get(kind, "day")

    def _steps(self) -> Iterator[tuple[bool | None, dt.date, dt.date]]:
        kind = self.habit.schedule.kind
        if self.habit.schedule.is_calendar_quota:
            return self._period_steps()
        if kind is ScheduleKind.IN_DAYS:
            return self._rolling_steps()
        return self._fixed_steps()

    def checkpoint_at(self, day: dt.date, fingerprint: str) -> Checkpoint:
        """A checkpoint at the end of ``day`` (a past day that closes a period, see
        ``checkpoint_day``), to checkpoint later timelines with."""
        current, best = self._fold(iter(self._step_list), stop=day)
        index = (day - self._walk_from).days
        if index >= 0:
            score = self.scores[min(index, len(self.scores) - 1)] if self.scores else 0.0
        else:
            score = self._first_score
        return Checkpoint(day, score, (current.length, current.first, current.last),
                    (best.length, best.first, best.last), fingerprint)

    @property
    def current_streak(self) -> Streak:
        return self._streaks[0]

    @property
    def best_streak(self) -> Streak:
        return self._streaks[1]

    def _fixed_steps(self) -> Iterator[tuple[bool | None, dt.date, dt.date]]:
        for day in sorted(d for d in self._scheduled if d >= self._walk_from):
            status = self.status(day)
            if status is DayStatus.DONE:
                yield True, day, day
            elif status is DayStatus.MISSED or (status is DayStatus.PARTIAL and day < self.today):
                yield False, day, day

    def _rolling_steps(self) -> Iterator[tuple[bool | None, dt.date, dt.date]]:
        for day in self.days(self._walk_from):
            outcome = self._rolling_outcome(day)
            if outcome is PeriodOutcome.MET:
                # A day whose window already holds the quota asks nothing; excusing it
                # changes nothing, so it extends the streak skipped or not.
                yield True, day, day
            elif outcome is PeriodOutcome.SHORT and not self.is_excused(day):
                yield False, day, day

    def _period_steps(self) -> Iterator[tuple[bool | None, dt.date, dt.date]]:
        if self._length == 0:
            return
        # A checkpoint ends a period, so the walk after it starts on a period's first day.
        first = self._walk_from if self.checkpoint else \
            period_bounds(self.habit.schedule, self._walk_from, self.week_start)[0]
        step = relativedelta(months=1) if self.habit.schedule.kind is ScheduleKind.PER_MONTH \
            else relativedelta(weeks=1)
        while first <= self.end:
            outcome = self.period_outcome(first)
            _, last = period_bounds(self.habit.schedule, first, self.week_start)
            if outcome is PeriodOutcome.MET:
                yield True, first, min(last, self.end)
            elif outcome is PeriodOutcome.SHORT:
                yield False, first, last
            first = first + step

    # -- the consistency score (see :mod:`.score`) -------------------------------------
    @cached_property
    def scores(self) -> list[float]:
        """The score at the end of each day of the habit's life (Loop's habit strength)."""
        sums = self._amount_sums if self.habit.at_most else self._credit_sums
        return score_series(self.habit, sums, self._excused_days, self._first_score,
                            max(0, self._index(self._walk_from)), self._index(self.today))

    @property
    def score(self) -> float:
        return self.scores[-1] if self.scores else self._first_score

    @property
    def _first_score(self) -> float:
        return self.checkpoint.score if self.checkpoint else first_score(self.habit)


def score_series(habit: Habit, sums: Sequence[float], excused: Sequence[bool], score: float,
                 first: int, today: int) -> list[float]:
    """The score at the end of each day from index ``first`` on, from ``score`` before it.

    ``sums`` are running sums over the days (``sums[i]`` covers the first ``i``): of each
    day's share of its target, or for a limit of its amount; ``today`` is today's index."""
    num, den = habit.score_window
    keep = 0.5 ** (math.sqrt(habit.schedule.frequency) / HALF_LIFE_FACTOR)
    at_most, limit = habit.at_most, float(habit.target)
    series = []
    for index in range(first, len(excused)):
        if not excused[index]:
            window = sums[index + 1] - sums[max(0, index + 1 - den)]  # the last den days
            if not at_most:
                share = min(1.0, window / num)
            elif limit > 0:
                share = min(1.0, max(0.0, 1 - (window - limit) / limit))
            else:
                share = 0.0 if window > 0 else 1.0
            fresh = score * keep + share * (1 - keep)
            score = max(score, fresh) if index == today else fresh
        series.append(score)
    return series

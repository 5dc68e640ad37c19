"""The schedule arithmetic names exactly what dateutil names: the stored rule text is
``str(rrule)``, the days due are the days that rule names, and weeks, months and month
steps are relativedelta's. And a command never loads dateutil's parser or time zones."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from itertools import combinations

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, FR, MO, SA, SU, TH, TU, WE, WEEKLY, rrule
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import schedules

from tracker.domain import Schedule
from tracker.domain.bounds import FIRST_DAY, LAST_DAY
from tracker.domain.schedules import (days_due, due_offsets, is_due_on, months_on, next_month,
                                      period_bounds, scheduled_days, week_start_of)
from tracker.domain.timeline import _month_on

D = dt.date
WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
day_in_range = st.dates(FIRST_DAY, LAST_DAY - dt.timedelta(days=400))


def test_the_rule_text_is_what_rrule_writes_for_every_fixed_schedule() -> None:
    for start in (D(1900, 1, 1), D(2026, 11, 26), D(2200, 12, 31), D(999 + 1000, 2, 3)):
        begin = dt.datetime.combine(start, dt.time())
        assert Schedule.daily().rule_text(start) == str(rrule(DAILY, dtstart=begin))
        for days in range(1, 367):
            assert Schedule.every_n_days(days).rule_text(start) == \
                str(rrule(DAILY, interval=days, dtstart=begin))
        for size in range(1, 8):
            for picked in combinations(range(7), size):
                assert Schedule.on_weekdays(set(picked)).rule_text(start) == \
                    str(rrule(WEEKLY, byweekday=tuple(WEEKDAYS[d] for d in picked), dtstart=begin))
    assert Schedule.per_week(3).rule_text(D(2026, 1, 1)) is None


@settings(max_examples=300, deadline=None)
@given(schedules, day_in_range, st.integers(-400, 400), st.integers(0, 120))
def test_the_days_due_are_the_days_the_rule_names(schedule: Schedule, start: D, offset: int,
                                                  span: int) -> None:
    first = start + dt.timedelta(days=offset)
    last = first + dt.timedelta(days=span)
    named = scheduled_days(schedule.rule_text(start) or "", first, last) if schedule.is_fixed \
        else frozenset()
    assert days_due(schedule, start, first, last) == named
    assert {d for d in (first + dt.timedelta(days=i) for i in range(span + 1))
            if is_due_on(schedule, start, d)} == named
    offsets = due_offsets(schedule, start, first, span // 3, span + 1)
    assert list(offsets) == sorted((d - first).days for d in named if (d - first).days >= span // 3)


@settings(max_examples=300, deadline=None)
@given(day_in_range, st.integers(0, 6), st.integers(-30, 30))
def test_weeks_months_and_month_steps_are_relativedeltas(day: D, week_start: int, count: int) -> None:
    assert week_start_of(day, week_start) == day + relativedelta(weekday=WEEKDAYS[week_start](-1))
    week = period_bounds(Schedule.per_week(2), day, week_start)
    assert week == (week[0], week[0] + relativedelta(days=6))
    first = day + relativedelta(day=1)
    assert period_bounds(Schedule.per_month(2), day) == (first, first + relativedelta(months=1, days=-1))
    assert next_month(first) == first + relativedelta(months=1)
    assert months_on(first, count) == first + relativedelta(months=count)
    assert _month_on(day) == day + relativedelta(months=1)


def test_a_status_loads_neither_dateutils_parser_nor_its_time_zones() -> None:
    code = """
import datetime as dt, sys
from tracker.domain import CheckIn, Habit, HabitKind, Schedule, Timeline, habit_report
from tracker.domain.checkpoint import rules_fingerprint
start = dt.date(2020, 1, 1)
for schedule in (Schedule.daily(), Schedule.on_weekdays({0, 2}), Schedule.every_n_days(3),
                 Schedule.per_week(2), Schedule.per_month(3), Schedule.in_days(2, 5)):
    habit = Habit("h", "Walk", HabitKind.PROMISE, schedule, start)
    days = {start + dt.timedelta(days=i): CheckIn(1) for i in range(0, 900, 2)}
    timeline = Timeline(habit, days, dt.date(2022, 6, 1))
    habit_report(timeline), timeline.checkpoint_at(dt.date(2022, 3, 31), rules_fingerprint(habit, 0))
print(" ".join(m for m in sys.modules if m.startswith(("dateutil.parser", "dateutil.tz", "dateutil.rrule"))))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []

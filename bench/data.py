"""Seeded synthetic histories, written straight into the on-disk layout (fast to build)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from tracker.domain import CheckIn, Habit, HabitKind, Schedule
from tracker.store.atomic import write_atomically
from tracker.store.layout import Layout, month_of
from tracker.store.schema import SCHEMA_VERSION, encode_checkin, habit_doc, main_data, month_data

SCHEDULES = (Schedule.daily(), Schedule.on_weekdays({0, 2, 4}), Schedule.per_week(3),
             Schedule.every_n_days(2), Schedule.in_days(3, 7), Schedule.per_month(8))


def build(folder: Path, habits: int, days: int, today: dt.date, seed: int = 7) -> Path:
    """A data set of ``habits`` habits with ``days`` days of history ending yesterday.

    Each day is kept with probability 0.8, excused 0.03; 5 % of check-ins carry a note.
    """
    rng = random.Random(seed)
    layout = Layout(folder / "tracker.json")
    start = today - dt.timedelta(days=days)
    people = ("Sam", "Alex", "Mum", "")
    made: list[Habit] = []
    months: dict[dt.date, dict[str, dict[str, Any]]] = {}
    for i in range(habits):
        person = people[i % len(people)]
        habit = Habit(
            id=f"h{i:04d}", name=f"Habit {i + 1}", start=start, position=i + 1,
            kind=HabitKind.ACTION if person else HabitKind.PROMISE, for_whom=person,
            schedule=SCHEDULES[i % len(SCHEDULES)], target=3 if i % 10 == 9 else 1,
        )
        made.append(habit)
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            roll = rng.random()
            if roll < 0.03:
                checkin = CheckIn(0, True)
            elif roll < 0.83:
                checkin = CheckIn(habit.target)
            else:
                continue
            if rng.random() < 0.05:
                checkin = CheckIn(checkin.value, checkin.skipped, f"note {rng.randrange(10**6)}")
            by_habit = months.setdefault(month_of(day), {}).setdefault(habit.id, {})
            by_habit[str(day.day)] = encode_checkin(checkin, 0)
    write_atomically(layout.main, json.dumps(main_data()))
    device = "bench"  # one device wrote it all
    records = {"meta": {"1": {"schema": SCHEMA_VERSION, "device": device}},
               "habits": {str(i + 1): habit_doc(h.id, h, 0) for i, h in enumerate(made)}}
    write_atomically(layout.habits_path(device), json.dumps(records))
    for month, by_habit in months.items():
        write_atomically(layout.month_path(month, device), json.dumps(month_data(month, by_habit)))
    return Path(layout.main)

"""Deciding what an import adds: pure, so a dry run and the real run say the same thing.

Merging never duplicates a habit or a day. A habit from the file joins the habit of the
same name (any case; an active one first, else an archived one); a day already recorded
the same way is left alone, and a day recorded differently keeps what the person has
here and is counted in the report ("yours kept"), never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from operator import lt

from ..domain import CheckIn, Habit, NewHabit, TrackerError
from ..domain.amounts import Amount, format_amount
from ..structs import field, struct
from .model import Bundle, HabitHistory, plural


def counted(n: int, word: str) -> str:
    """``1 day``, ``2 days``: the numbers an import report is made of."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@struct
class HabitPlan:
    """One habit of the file: what will be stored and what it brings."""

    habit: Habit  # as it will be stored (new, or the existing one, its start moved back if needed)
    is_new: bool
    days: dict[dt.date, CheckIn] = field(default_factory=dict)  # what will be written
    same: int = 0  # days already recorded exactly so
    kept_yours: list[dt.date] = field(default_factory=list)  # recorded differently: left as they are
    remarks: list[str] = field(default_factory=list)


@struct
class ImportPlan:
    """What an import would do, habit by habit, shown before anything is written."""

    source: str
    habits: list[HabitPlan]
    remarks: list[str] = field(default_factory=list)

    @property
    def new_habits(self) -> int:
        return sum(plan.is_new for plan in self.habits)

    @property
    def day_count(self) -> int:
        return sum(len(plan.days) for plan in self.habits)

    @property
    def changes_anything(self) -> bool:
        return any(plan.is_new or plan.days for plan in self.habits)

    def describe(self) -> list[str]:
        """The report a person reads: one line per habit, then what to know."""
        lines = []
        for plan in self.habits:
            what = "new habit" if plan.is_new else "joins your habit of that name"
            extra = [f"{counted(plan.same, 'day')} already recorded"] if plan.same else []
            if plan.kept_yours:
                extra.append(f"{counted(len(plan.kept_yours), 'day')} recorded differently here: "
                             f"yours kept (first {plan.kept_yours[0].isoformat()})")
            tail = f" ({'; '.join(extra)})" if extra else ""
            lines.append(f"  {plan.habit.name}: {what}, {counted(len(plan.days), 'day')} to add{tail}")
            lines.extend(f"    note: {remark}" for remark in plan.remarks)
        lines.extend(f"  note: {remark}" for remark in self.remarks)
        return lines


def plan_import(bundle: Bundle, existing: Sequence[Habit],
                recorded: Callable[[Habit], Mapping[dt.date, CheckIn]], today: dt.date,
                new_id: Callable[[], str]) -> ImportPlan:
    """What importing ``bundle`` into ``existing`` habits would store; refuses, whole, a
    file whose habits break our rules (with the habit named)."""
    known = list(existing)
    taken_ids = {h.id for h in known}
    claimed: dict[str, str] = {}  # existing habit id → the file's name that joins it
    position = max((h.position for h in known), default=0)
    plans: list[HabitPlan] = []
    for history in bundle.habits:
        match = _match(history, existing)
        if match is not None:
            if match.id in claimed:
                raise TrackerError(f"The file has two habits that are both {match.name!r} here "
                                   f"({claimed[match.id]!r} and {history.name!r}); rename one and try again.")
            claimed[match.id] = history.name
            plans.append(_join(history, match, recorded(match)))
            continue
        position += 1
        habit = _new_habit(history, known, taken_ids, position, today, new_id)
        known.append(habit)
        taken_ids.add(habit.id)
        plans.append(HabitPlan(habit, True, _entered(history.days), remarks=list(history.remarks)))
    return ImportPlan(bundle.source, plans, list(bundle.remarks))


def _match(history: HabitHistory, existing: Sequence[Habit]) -> Habit | None:
    folded = " ".join(history.name.split()).casefold()
    same = [h for h in existing if h.name.casefold() == folded]
    same.sort(key=lambda h: (h.archived is not None, -(h.archived or dt.date.min).toordinal()))
    return same[0] if same else None


def _entered(days: Mapping[dt.date, CheckIn]) -> dict[dt.date, CheckIn]:
    """The days with something recorded, oldest first: the history's own dict when it is
    so already (ours reads so), not a copy of ten years of days."""
    order = list(days)
    if isinstance(days, dict) and all(map(lt, order, order[1:])) and \
            not any(c.is_empty for c in dict(zip(map(id, days.values()), days.values())).values()):
        return days
    return {day: checkin for day, checkin in sorted(days.items()) if not checkin.is_empty}


def goal_text(measured: bool, target: Amount, unit: str, at_most: bool) -> str:
    """A habit's goal in words, for a report: "yes/no", "at least 2.5 km", "at most 0"."""
    if not measured:
        return "yes/no"
    unit_text = f" {unit}" if unit else ""
    return f"{'at most' if at_most else 'at least'} {format_amount(target)}{unit_text}"


def _join(history: HabitHistory, habit: Habit, recorded: Mapping[dt.date, CheckIn]) -> HabitPlan:
    plan = HabitPlan(habit, False, remarks=list(history.remarks))
    theirs = goal_text(history.measured or history.target != 1 or bool(history.unit)
                       or history.at_most, history.target, history.unit, history.at_most)
    yours = goal_text(habit.measured, habit.target, habit.unit, habit.at_most)
    if theirs != yours:
        plan.remarks.append(f"in the file it is {theirs}, here {yours}; yours stays, and the "
                            "file's days come in with their amounts as they are")
    nothing = 0
    for day, checkin in _entered(history.days).items():
        if checkin.value == 0 and not habit.at_most:  # the file's limit kept; not yours
            checkin = CheckIn(None, checkin.skipped, checkin.note)
            if checkin.is_empty:
                nothing += 1
                continue
        mine = recorded.get(day)
        if mine is None or mine.is_empty:
            plan.days[day] = checkin
        elif mine == checkin:
            plan.same += 1
        else:
            plan.kept_yours.append(day)
    if nothing:
        plan.remarks.append(plural(nothing, "day of 0 (none, which keeps the file's limit) "
                                   "means nothing for your habit, which is not a limit, so it "
                                   "was", "days of 0 (none, which keeps the file's limit) mean "
                                   "nothing for your habit, which is not a limit, so they were")
                            + " not added")
    # the file's own start counts too (harsh's first 'n', Loop's first 'no', our export's
    # start), when there are days to add (a change without them is not written)
    said = [history.start] if history.start is not None and history.original is None else []
    first = min([*plan.days, *said], default=None)
    if plan.days and first is not None and first < habit.start:
        plan.habit = habit.with_changes(start=first)
        plan.remarks.append(f"its start moves back to {plan.habit.start.isoformat()}, "
                            "the first day in the file")
    return plan


def _new_habit(history: HabitHistory, known: list[Habit], taken_ids: set[str], position: int,
               today: dt.date, new_id: Callable[[], str]) -> Habit:
    """A habit checked by the same rules as one typed in (name, person, target, tags)."""
    try:
        clean = NewHabit(history.name, history.kind, history.schedule, history.target,
                         history.for_whom, history.why, history.tags, unit=history.unit,
                         at_most=history.at_most, measured=history.measured).validated(
            [] if history.archived else known)
    except TrackerError as err:
        raise TrackerError(f"The habit {history.name!r} can't be imported: {err}") from None
    first = min([*history.days, history.start or today, today])
    original = history.original
    if original is not None:  # our own export: exactly as it was, under a fresh id if taken
        return original.with_changes(
            id=original.id if original.id not in taken_ids else new_id(),
            start=min(original.start, first), name=clean.name)
    archived = max(history.archived_on or today, first) if history.archived else None
    return Habit(id=new_id(), name=clean.name, kind=clean.kind, schedule=clean.schedule,
                 start=first, target=clean.target, for_whom=clean.for_whom, why=clean.why,
                 tags=clean.tags, pauses=history.pauses, archived=archived, position=position,
                 measured=clean.measured, unit=clean.unit, at_most=clean.at_most)

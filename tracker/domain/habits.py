"""Habits and check-ins: the facts a person records."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import lru_cache

from ..structs import field, replace, struct
from .amounts import Amount, format_amount, json_amount, stored_amount
from .bounds import RANGE_TEXT, VALUE_MAX, in_range, whole_number
from .errors import TrackerError
from .memo import cached
from .schedules import Schedule
from .text import is_hidden

NAME_MAX = 60
NOTE_MAX = 2000
TARGET_MAX = VALUE_MAX
UNIT_MAX = 20


class HabitKind(StrEnum):
    """Consistency actions are done for someone; self-trust promises are kept to oneself."""

    ACTION = "action"
    PROMISE = "promise"

    @property
    def label(self) -> str:
        return "consistency action" if self is HabitKind.ACTION else "self-trust promise"


@struct(frozen=True)
class Pause:
    """Days set aside (vacation, illness): they count as excused, like a skip."""

    first: dt.date
    last: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


@struct(frozen=True)
class Habit:
    """A habit as stored: what is asked, how often, of whom and since when."""

    id: str
    name: str
    kind: HabitKind
    schedule: Schedule
    start: dt.date
    target: Amount = 1  # a day's amount that keeps it (1 for a yes/no habit)
    for_whom: str = ""
    why: str = ""
    tags: tuple[str, ...] = ()
    pauses: tuple[Pause, ...] = ()
    archived: dt.date | None = None
    position: int = 0
    measured: bool = False  # amounts (a count, km, hours), not yes/no; see __post_init__
    unit: str = ""  # what a measured habit counts in: "km", "glasses"
    at_most: bool = False  # a limit kept: at most ``target`` (else at least)

    def __post_init__(self) -> None:
        """A target other than 1, a unit or a limit make a habit measured; a measured
        habit with a target of 1 says so itself (Loop's numerical habits may)."""
        if self.target != 1 or self.unit or self.at_most:
            object.__setattr__(self, "measured", True)

    def keeps(self, value: Amount | None) -> bool:
        """Whether a day's recorded amount keeps the habit (``None``: nothing recorded).
        A limit is kept by an amount within it, none at all included, once recorded."""
        if value is None:
            return False
        return value <= self.target if self.at_most else value >= self.target

    @property
    def adds_up(self) -> bool:
        """A measured habit asked once a week, a month or in any N days is kept by what
        the period adds up to, as Loop keeps "10 km a week": two walks of 5 km make it."""
        return (self.measured and not self.at_most and not self.schedule.is_fixed
                and self.schedule.times == 1)

    @property
    def goal_text(self) -> str:
        """The target over what it asks for: "2.5 km a day", "10 km a week"."""
        if not self.adds_up:
            return f"{self.target_text} a day"
        over = self.schedule.describe().removeprefix("once ")  # "a week", "in any 10 days"
        return f"{self.target_text} {over}"

    @property
    def tick_amount(self) -> Amount:
        """What a plain tick records: the target, or for a limit none at all."""
        return 0 if self.at_most else self.target

    def amount_text(self, value: Amount) -> str:
        """An amount with the habit's unit: "2.5 km", "3"."""
        return f"{format_amount(value)} {self.unit}" if self.unit else format_amount(value)

    @property
    def target_text(self) -> str:
        """The goal in words: "2.5 km", "at most 2 coffees", "3 times", "none at all"."""
        if self.at_most and self.target == 0:
            return "none at all"
        amount = self.amount_text(self.target) if self.unit else f"{format_amount(self.target)} times"
        return f"at most {amount}" if self.at_most else amount

    @cached  # (asked several times for every report: kept once made)
    def score_window(self) -> tuple[int, int]:
        """The score's window, Loop's (keeps, in days): a yes/no habit that is not daily
        is judged on twice its schedule's (3/7 on 6 keeps in 14 days), so a week kept on
        different days is still a kept week; a count habit on its own, as Loop judges a
        measurable one (``ScoreList.recompute``)."""
        num, den = self.schedule.window
        return (2 * num, 2 * den) if not self.measured and num < den else (num, den)

    @property
    def rule_text(self) -> str | None:
        return self.schedule.rule_text(self.start)

    def is_active_on(self, day: dt.date) -> bool:
        """Inside the habit's life: on or after its start, and not past its archive day."""
        return day >= self.start and (self.archived is None or day <= self.archived)

    def is_paused(self, day: dt.date) -> bool:
        return any(day in pause for pause in self.pauses)

    def with_changes(self, **changes: object) -> Habit:
        return replace(self, **changes)  # fields by name, checked by the struct's __init__

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "schedule": self.schedule.to_dict(self.start),
            "start": self.start.isoformat(),
            "target": json_amount(self.target),
            "measured": self.measured,
            "unit": self.unit,
            "at_most": self.at_most,
            "for": self.for_whom,
            "why": self.why,
            "tags": list(self.tags),
            "pauses": [[p.first.isoformat(), p.last.isoformat()] for p in self.pauses],
            "archived": self.archived.isoformat() if self.archived else None,
            "position": self.position,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Habit:
        """A stored habit, checked for every value the reports rely on: a value out of
        bounds raises ``ValueError`` (the store calls the file damaged) rather than
        failing later, in the middle of a report or after a write."""
        get = data.get  # (checked inline: a first open reads hundreds of habits)
        archived, schedule, tags, pauses = get("archived"), data["schedule"], get("tags", []), get("pauses", [])
        texts = habit_id, name, for_whom, why, unit = (
            data["id"], data["name"], get("for", ""), get("why", ""), get("unit", ""))
        if not (type(habit_id) is str and type(name) is str and type(for_whom) is str
                and type(why) is str and type(unit) is str):  # (JSON's text: no call each)
            habit_id, name, for_whom, why, unit = [_stored_str(text) for text in texts]
        if not isinstance(schedule, dict):
            raise ValueError(f"a schedule reads {schedule!r}")
        habit = cls(habit_id, name, _kind(data["kind"]), Schedule.from_dict(schedule),
                    _stored_day(data["start"]), stored_amount(get("target", 1)), for_whom, why,
                    tuple([_stored_str(t) for t in _stored_list(tags)]) if tags != [] else (),
                    tuple([_stored_pause(raw) for raw in _stored_list(pauses)]) if pauses != [] else (),
                    _stored_day(archived) if archived else None, whole_number(get("position", 0)),
                    _stored_flag(get("measured", False)), unit, _stored_flag(get("at_most", False)))
        if not habit_id or not name.strip():
            raise ValueError("a habit has no id or no name")
        if habit.target == 0 and not habit.at_most or len(unit) > UNIT_MAX:
            raise ValueError(f"{name!r} has a target of 0 or a unit too long")
        if habit.pauses and any(p.last < p.first for p in habit.pauses):
            raise ValueError(f"{name!r} has a pause that ends before it begins")
        if not (name.isascii() and for_whom.isascii() and why.isascii() and unit.isascii()) or habit.tags:
            _stored_text(name, for_whom, why, unit, *habit.tags)  # (ASCII holds no surrogate)
        return habit


def _kind(raw: object) -> HabitKind:
    found = _KINDS.get(str(raw))
    if found is None:
        raise ValueError(f"{raw!r} is not a kind of habit")
    return found


_KINDS = {kind.value: kind for kind in HabitKind}


def _stored_day(raw: object) -> dt.date:
    return _day_named(str(raw))


@lru_cache(maxsize=256)
def _day_named(text: str) -> dt.date:
    """A stored day (most of a person's habits share a start: each is read once)."""
    day = dt.date.fromisoformat(text)
    if not in_range(day):
        raise ValueError(f"the day {day.isoformat()} is outside {RANGE_TEXT}")
    return day


def _stored_flag(raw: object) -> bool:
    if not isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not true or false")
    return raw


def _stored_pause(raw: object) -> Pause:
    first, last = _stored_list(raw)
    return Pause(_stored_day(first), _stored_day(last))


def _stored_str(raw: object) -> str:
    if not isinstance(raw, str):
        raise ValueError(f"{raw!r} is not text")
    return raw


def _stored_list(raw: object) -> list[object]:
    if not isinstance(raw, list):
        raise ValueError(f"{raw!r} is not a list")
    return raw


def _stored_text(*texts: str) -> None:
    """Text that can be written back: no lone surrogates (they have no UTF-8 form)."""
    for text in texts:
        if text.isascii():
            continue  # (no surrogate is ASCII)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{text!r} holds a character that is not text") from None


@struct(frozen=True)
class CheckIn:
    """What a person recorded for one habit on one day.

    ``value`` is the amount recorded (1 for a kept yes/no habit, 2.5 for 2.5 km; 0 is a
    recorded none, which keeps a limit) or ``None`` when nothing was; ``skipped`` marks an
    excused day, ``note`` is the day's journal line. An empty check-in is the same as none.
    """

    value: Amount | None = None
    skipped: bool = False
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.skipped and not self.note

    @property
    def amount(self) -> Amount:
        """The amount that counts: nothing recorded and an excused day hold none."""
        return 0 if self.value is None or self.skipped else self.value

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"value": None if self.value is None else json_amount(self.value)}
        if self.skipped:
            data["skipped"] = True
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> CheckIn:
        raw = data.get("value")
        checkin = cls(
            value=None if raw is None else stored_amount(raw),
            skipped=bool(data.get("skipped", False)),
            note=str(data.get("note", "")),
        )
        checkin.check_stored()
        return checkin

    def check_stored(self) -> None:
        """``ValueError`` unless every value is one the reports can rely on."""
        if self.value is not None and not 0 <= self.value <= VALUE_MAX:
            raise ValueError(f"a day's value reads {self.value}")
        _stored_text(self.note)


# -- validation: the same rules and words for the CLI and the app ---------------------
def clean_text(text: str, what: str, limit: int, *, required: bool = False) -> str:
    """Trim and check a line of text typed by a person."""
    cleaned = " ".join(text.split()) if "\n" not in text else text.strip()
    if required and not cleaned:
        raise TrackerError(f"The {what} can't be empty.")
    if len(cleaned) > limit:
        raise TrackerError(f"The {what} is {len(cleaned)} characters; keep it to {limit}.")
    if any(is_hidden(ch) for ch in cleaned):
        raise TrackerError(f"The {what} contains a control character, which can't be shown "
                           "safely; use plain text.")
    return cleaned


def clean_name(name: str) -> str:
    cleaned = clean_text(name, "habit name", NAME_MAX, required=True)
    if "\n" in cleaned or "\t" in cleaned:
        raise TrackerError("A habit name must fit on one line.")
    return cleaned


def check_name_free(name: str, habits: list[Habit], *, except_id: str | None = None) -> None:
    """Active habits need distinct names (ignoring case), so a name always finds one habit."""
    folded = name.casefold()
    for habit in habits:
        if habit.archived is None and habit.id != except_id and habit.name.casefold() == folded:
            raise TrackerError(f"You already have a habit called {habit.name!r}.")


def clean_target(target: Amount, *, at_most: bool = False) -> Amount:
    """A target a person set: above 0 (a limit may be 0: none at all), at most TARGET_MAX."""
    if not (0 <= target if at_most else 0 < target) or target > TARGET_MAX:
        least = "0" if at_most else "more than 0"
        raise TrackerError(f"A {'limit' if at_most else 'target'} must be {least} and at most "
                           f"{TARGET_MAX:,}.")
    return target


def clean_unit(unit: str) -> str:
    cleaned = clean_text(unit, "unit", UNIT_MAX)
    if "\n" in cleaned or "\t" in cleaned:
        raise TrackerError("A unit must fit on one line.")
    return cleaned


def clean_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        cleaned = clean_text(tag, "tag", 30).lstrip("#")
        if cleaned and " " not in cleaned:
            seen.setdefault(cleaned.casefold(), cleaned)
        elif cleaned:
            raise TrackerError(f"A tag is one word; {tag!r} has a space.")
    return tuple(seen.values())


@struct
class NewHabit:
    """What a person fills in to start a habit, before it has an id."""

    name: str
    kind: HabitKind = HabitKind.PROMISE
    schedule: Schedule = field(default_factory=Schedule.daily)
    target: Amount = 1
    for_whom: str = ""
    why: str = ""
    tags: tuple[str, ...] = ()
    unit: str = ""
    at_most: bool = False
    measured: bool = False  # also implied by a target other than 1, a unit or a limit

    def validated(self, habits: list[Habit]) -> NewHabit:
        name = clean_name(self.name)
        check_name_free(name, habits)
        for_whom = clean_text(self.for_whom, "person's name", NAME_MAX)
        if for_whom and self.kind is HabitKind.PROMISE:
            raise TrackerError("A self-trust promise is kept for yourself; only actions name a person.")
        unit = clean_unit(self.unit)
        return NewHabit(
            name=name,
            kind=self.kind,
            schedule=self.schedule,
            target=clean_target(self.target, at_most=self.at_most),
            for_whom=for_whom,
            why=clean_text(self.why, "why", 200),
            tags=clean_tags(self.tags),
            unit=unit,
            at_most=self.at_most,
            measured=self.measured or self.target != 1 or bool(unit) or self.at_most,
        )

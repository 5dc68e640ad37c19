"""Reader for dijo (https://github.com/NerdyPepper/dijo): ``habit_record.json``.

dijo saves a JSON list of habits, each ``{"type": "Bit"|"Count"|"Float", "name": …,
"stats": {"YYYY-MM-DD": value}, "goal": …, "auto": bool}``. Habits that dijo's own
commands fill in (``auto``) live in ``habit_record[auto].json`` beside it; both are the
person's history, so both are read. A Float's numbers are stored as whole ``value``s
scaled by ``precision`` decimal places (``{"value": 25, "precision": 1}`` is 2.5).

A Count or Float habit is measured here, aiming at least at its goal; amounts and goals
keep their decimals (to three: a finer one is rounded to the thousandth, and counted).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..domain import CheckIn, TrackerError
from ..domain.amounts import Amount, format_amount, normalized
from ..domain.habits import TARGET_MAX, clean_name
from .model import (
    Bundle, FormatError, HabitHistory, Progress, check_day, check_value, exact, missed_remark,
    quoted, shown_amount, thousandths,
)
from .reading import load_json, read_file

SOURCE = "dijo"
MAIN_FILE = "habit_record.json"
AUTO_FILE = "habit_record[auto].json"
AUTO_REMARK = "dijo filled this habit in automatically"
KINDS = ("Bit", "Count", "Float")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PRECISION_MAX = 9  # dijo stores it in a u8; no real habit needs more places than this


class _Object(dict[str, Any]):
    """A JSON object that remembers keys it saw twice (``json`` silently keeps the last)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.repeated: list[str] = []
        if len(self) < len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.repeated.append(key)
                seen.add(key)


def read_dijo(path: Path, today: dt.date, progress: Progress | None = None) -> Bundle:
    """Read ``habit_record.json`` (and the auto-tracked file next to it) into a bundle."""
    bundle = Bundle(source=SOURCE)
    loaded = [(file, _load(file)) for file in _locate(Path(path))]
    total, done = sum(len(items) for _, items in loaded), 0
    where_named: dict[str, str] = {}
    for file, items in loaded:
        for index, item in enumerate(items, start=1):
            habit = _habit(item, f"habit {index}", file, today)
            key = habit.name.casefold()
            if key in where_named:
                raise FormatError(file, None, f"habit {index} ({habit.name!r}): the name is "
                                  f"used twice (also {where_named[key]})")
            where_named[key] = f"habit {index} in {file.name}"
            bundle.habits.append(habit)
            done += 1
            if progress is not None:
                progress(done, total)
    return bundle


def _locate(path: Path) -> list[Path]:
    """The files to read: the one given (or the folder's main file) and any auto file.

    The auto file is read whenever it is there: one that can't be read (a pipe in its
    place) is refused, not skipped, so no history is left behind without a word."""
    main = path / MAIN_FILE if path.is_dir() else path
    if not main.exists():
        raise FormatError(main, None, "there is no dijo habit file here; dijo keeps "
                          f"{MAIN_FILE} in ~/.local/share/dijo")
    auto = main.with_name(AUTO_FILE)
    return [main, auto] if main.name == MAIN_FILE and auto.exists() else [main]


def _load(file: Path) -> list[Any]:
    """The file's JSON list, refusing what is too big, not UTF-8 or not valid JSON."""
    parsed = load_json(read_file(file), file, "dijo writes UTF-8, so the file may be damaged",
                       hook=_Object)
    if not isinstance(parsed, list):
        raise FormatError(file, None, "dijo's habit file is a list of habits ([...]), "
                          "but this file holds something else")
    return parsed


def _habit(item: Any, where: str, file: Path, today: dt.date) -> HabitHistory:
    """One dijo habit, with its days; a day's zero or ``false`` records nothing."""
    if not isinstance(item, dict):
        raise FormatError(file, None, f"{where}: each habit should be an object")
    _no_repeats(item, where, file)
    name = item.get("name")
    if not isinstance(name, str):
        raise FormatError(file, None, f"{where}: 'name' should be text")
    where = f"{where} ({quoted(name)})"
    habit = HabitHistory(name=_name(name, where, file))
    kind = item.get("type")
    if kind not in KINDS:
        raise FormatError(file, None, f"{where}: the type {quoted(kind)} is not one of dijo's "
                          f"({', '.join(KINDS)})")
    stats = item.get("stats")
    if not isinstance(stats, dict):
        raise FormatError(file, None, f"{where}: 'stats' should be an object of dates")
    _no_repeats(stats, f"{where}: in 'stats'", file)
    auto = item.get("auto", False)
    if not isinstance(auto, bool):
        raise FormatError(file, None, f"{where}: 'auto' should be true or false")
    if auto:
        habit.remarks.append(AUTO_REMARK)
    habit.measured = kind != "Bit"
    habit.target = _target(kind, item, where, file, habit)
    missed: set[dt.date] = set()
    for key, raw in sorted(stats.items()):
        day = _day(key, where, file, today)
        habit.start = day if habit.start is None else min(habit.start, day)  # a 'not done' too
        value = _value(kind, raw, item, f"{where}: the value for {key}", file, habit)
        if value > 0:
            habit.days[day] = CheckIn(value)
        else:
            missed.add(day)
    missed_remark(habit, missed, ("day not done (false or 0)", "days not done (false or 0)"),
                  "dijo")
    return habit


def _no_repeats(obj: dict[str, Any], where: str, file: Path) -> None:
    if isinstance(obj, _Object) and obj.repeated:
        raise FormatError(file, None, f"{where}: {quoted(obj.repeated[0])} appears twice, so it "
                          "is not clear which one dijo meant")


def _name(name: str, where: str, file: Path) -> str:
    try:
        return clean_name(name)
    except TrackerError as err:
        raise FormatError(file, None, f"{where}: {err}") from None


def _day(key: str, where: str, file: Path, today: dt.date) -> dt.date:
    try:
        if not _DATE.fullmatch(key):
            raise ValueError(key)
        day = dt.date.fromisoformat(key)
    except ValueError:
        raise FormatError(file, None, f"{where}: {quoted(key)} in 'stats' is not a date "
                          "(dijo writes YYYY-MM-DD)") from None
    try:
        return check_day(day, today, file, None)
    except FormatError as err:
        raise FormatError(file, None, f"{where}: {err.reason}") from None


def _target(kind: str, item: dict[str, Any], where: str, file: Path,
            habit: HabitHistory) -> Amount:
    """A Bit is done or not; a Count or Float aims at least at its goal, decimals kept."""
    if kind == "Bit":
        return 1
    if "goal" not in item:
        raise FormatError(file, None, f"{where}: a {kind} habit needs a 'goal'")
    goal = _amount(kind, item["goal"], item, f"{where}: 'goal'", file)
    shown = shown_amount(goal) if goal < 10**15 else f"{float(goal):g}"
    if goal > TARGET_MAX:
        habit.remarks.append(f"dijo's goal of {shown} is above the largest target here "
                             f"({TARGET_MAX:,}), so the target is {TARGET_MAX:,}")
        return TARGET_MAX
    least = Fraction(1) if kind == "Count" else Fraction(1, 1000)
    target = max(least, Fraction(math.floor(goal * 1000 + Fraction(1, 2)), 1000))  # half up
    if goal == 0:
        habit.remarks.append(f"dijo's goal of 0 is reached by any day; here a target is more "
                             f"than 0, so it is {format_amount(normalized(least))}: any amount "
                             "recorded keeps it")
    elif target != goal:
        habit.remarks.append(f"dijo's goal of {shown} has more than three decimals; the "
                             f"target here is {format_amount(normalized(target))}")
    return normalized(target)


def _value(kind: str, raw: Any, item: dict[str, Any], where: str, file: Path,
           habit: HabitHistory) -> Amount:
    """A day's amount: ``true`` is 1; a Float keeps its decimals (to three)."""
    if kind == "Bit":
        if not isinstance(raw, bool):
            raise FormatError(file, None, f"{where} should be true or false")
        return int(raw)
    amount = check_value(_amount(kind, raw, item, where, file), file, None, f"{where}: ")
    return thousandths(Fraction(amount), habit)


def _amount(kind: str, raw: Any, item: dict[str, Any], where: str, file: Path) -> Fraction:
    """A Count's whole number, or a Float as a number or dijo's ``{value, precision}``,
    exactly the decimal dijo wrote."""
    if kind == "Float" and isinstance(raw, dict):
        _no_repeats(raw, where, file)
        places = raw.get("precision", item.get("precision", 0))
        if not _is_number(raw.get("value")) or not _is_places(places):
            raise FormatError(file, None, f"{where} should hold a number 'value' and a "
                              f"'precision' of 0 to {PRECISION_MAX}")
        amount = exact(raw["value"]) / 10 ** places
    elif _is_number(raw) and (kind == "Float" or float(raw).is_integer()):
        amount = exact(raw)
    else:
        expected = "a number" if kind == "Float" else "a whole number"
        raise FormatError(file, None, f"{where} should be {expected}, not {quoted(raw)}")
    if amount < 0:
        raise FormatError(file, None, f"{where} is negative ({shown_amount(amount)})")
    return amount


def _is_number(raw: Any) -> bool:
    """A finite JSON number (``true`` is not one; a 400-digit integer can't be a count)."""
    if not isinstance(raw, (int, float)) or isinstance(raw, bool):
        return False
    try:
        return math.isfinite(raw)
    except OverflowError:
        return False


def _is_places(raw: Any) -> bool:
    return isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= PRECISION_MAX

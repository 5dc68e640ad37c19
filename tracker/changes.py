"""What one change is made of, and how every change is made: under the lock, on top of
what is on disk now."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .structs import field, struct

if TYPE_CHECKING:
    from typing import Concatenate, ParamSpec, TypeVar

    from .writing import Writing

    P = ParamSpec("P")
    R = TypeVar("R")
    W = TypeVar("W", bound=Writing)


Image = dict[str, Any] | None  # a record as stored, or None for none


@struct
class Change:
    """What one request touched, before and after: the before-images put everything back;
    the after-images tell whether the change is still what is there (see ``outcome``)."""

    label: str
    habits: dict[str, Image] = field(default_factory=dict)
    checkins: list[tuple[str, str, Image]] = field(default_factory=list)
    after_habits: dict[str, Image] = field(default_factory=dict)
    after_checkins: list[tuple[str, str, Image]] = field(default_factory=list)

    def to_entry(self) -> dict[str, Any]:
        return {"label": self.label, "habits": self.habits,
                "checkins": [list(item) for item in self.checkins],
                "after": {"habits": self.after_habits,
                          "checkins": [list(item) for item in self.after_checkins]}}


WHOLE, NEVER_LANDED, CHANGED_SINCE = "whole", "never landed", "changed since"


def outcome(entry: dict[str, Any], habit_now: Callable[[str], Image],
            checkin_now: Callable[[str, str], Image]) -> str:
    """Whether an undo step's change is what is there now (WHOLE), is not there at all
    (NEVER_LANDED: a crash between writing the step and its change, or an undo cut short
    before it took the step away), or was changed again since (CHANGED_SINCE)."""
    after = entry.get("after")
    if not isinstance(after, dict):
        return WHOLE  # a step from before after-images were kept
    now = [habit_now(habit_id) for habit_id in after["habits"]]
    now += [checkin_now(habit_id, day) for habit_id, day, _ in after["checkins"]]
    afters = [*after["habits"].values(), *(image for _, _, image in after["checkins"])]
    befores = [*entry["habits"].values(), *(image for _, _, image in entry["checkins"])]
    if now == afters:
        return WHOLE
    if now == befores:
        return NEVER_LANDED
    return CHANGED_SINCE


def import_stop(day: dt.date, backup: str | None, new_habits: int, days: int) -> dict[str, Any]:
    """The step an import leaves at the bottom of the undo log: undo stops there (older
    steps would put back months the import has since filled) and says how to go back
    to before it. It changes nothing itself, so no before- or after-images.

    ``backup``: the backup the import took; ``""`` when there was no data to back up,
    None when it is not known."""
    what = f"{_counted(new_habits, 'new habit')} and {_counted(days, 'day')}"
    return {"label": f"import of {what}", "habits": {}, "checkins": [],
            "stop": {"kind": "import", "day": day.isoformat(), "backup": backup}}


def stop_text(entry: dict[str, Any], today: dt.date) -> str | None:
    """What undo says at a step it cannot go past (an import), or None for a change."""
    stop = entry.get("stop")
    if not isinstance(stop, dict):
        return None
    import shlex

    from .domain.days import day_words

    try:
        when = f" on {day_words(dt.date.fromisoformat(str(stop.get('day'))), today)}"
    except ValueError:
        when = ""
    where = f"Undo stops at the {entry.get('label') or 'import'}{when}"
    backup = stop.get("backup")
    if backup == "":
        return f"{where}; there was no data before it to go back to."
    if not isinstance(backup, str):
        return f"{where}; the backups from before it: trust-tracker backup list"
    return f"{where}; to go back to before it: trust-tracker backup restore {shlex.quote(backup)}"


def _counted(count: int, word: str) -> str:
    """``1 day``, ``2 days``: as the import's own report says them."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def writes(method: Callable[Concatenate[W, P], R]) -> Callable[Concatenate[W, P], R]:
    """A change: made under the data's lock, on top of whatever others wrote before it
    (compare and swap: a stale copy is never written over the newer one)."""

    @functools.wraps(method)
    def change(self: W, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.store.locked():
            self.refresh()
            return method(self, *args, **kwargs)

    return change

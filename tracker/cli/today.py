"""The commands that show where things stand: ``status`` (also a prompt's one line),
``due`` and ``week``. ``due`` and ``status`` leave their answers for the next shell
prompt (see :mod:`.prompt`)."""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain import DayReport, DayStatus, HabitReport
from ..domain.days import typed_day
from ..domain.report import to_go
from ..domain.text import printable
from ..service import Tracker
from . import prompt
from .handlers import Reply
from .render import day_json, day_text, week_json, week_text

DUE_FOUND, NOTHING_DUE = 0, 1  # like grep: 0 when there is something to show
NOTHING_DUE_TEXT = "Nothing is due today: every promise for today is kept or excused."


@dataclass(frozen=True)
class Answers:
    """A day's answers to a prompt's questions, as printed."""

    short: str  # status --short
    due: str  # due
    count: int  # due --count (and the exit code of every due)


def answers(day: DayReport) -> Answers:
    still = [r for r in day.habits if _still_open(r)]
    due = "\n".join(f"{r.habit.name} · {to_go(r)}" for r in still) if still else NOTHING_DUE_TEXT
    short = (f"{day.kept_today}/{day.due_today} kept · {len(still)} due · {day.stage.label}"
             if day.habits else "no habits yet")
    return Answers(printable(short, lines=True), printable(due, lines=True), len(still))


def _still_open(report: HabitReport) -> bool:
    """Something left to do for it today (a kept or excused day is never "due")."""
    return bool(report.still_due) and report.status not in (DayStatus.DONE, DayStatus.SKIPPED)


def status(t: Tracker, a: argparse.Namespace) -> Any:
    report = t.day_report()
    found = _left_for_prompt(t, a, report)
    if getattr(a, "short", False):
        return found.short
    return day_json(report) if getattr(a, "json", False) else day_text(report)


def due(t: Tracker, a: argparse.Namespace) -> Reply:
    """What is still due today; the exit code says whether anything is (0) or not (1)."""
    found = _left_for_prompt(t, a, t.day_report())
    code = DUE_FOUND if found.count else NOTHING_DUE
    if a.count:
        return Reply(str(found.count), code)
    return Reply("" if a.quiet else found.due, code)


def week(t: Tracker, a: argparse.Namespace) -> Any:
    summary = t.week(typed_day(a.date, t.today) if a.date is not None else None)
    return week_json(summary) if a.json else week_text(summary)


def _left_for_prompt(t: Tracker, a: argparse.Namespace, day: DayReport) -> Answers:
    """The answers, also left for the next prompt when the files were seen before they
    were read (``a.prompt_seen``, set by the command line) and nothing needed saying.
    A summary is a cache: one that cannot be written is simply not there."""
    found = answers(day)
    seen: prompt.Seen | None = getattr(a, "prompt_seen", None)
    if seen is None or t.store.recovered:
        return found
    text = prompt.summary_text(seen, day=t.today, short=found.short, due=found.due, count=found.count)
    if text is not None:
        from ..atomic_files import ensure_private_dir, write_atomically

        local = t.store.layout.local_dir
        with contextlib.suppress(OSError):
            ensure_private_dir(local)
            write_atomically(Path(local) / prompt.SUMMARY_FILE, text)
    return found

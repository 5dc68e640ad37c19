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
    were read (``a.prompt_seen``, set by the command line)."""
    found = answers(day)
    seen: prompt.Seen | None = getattr(a, "prompt_seen", None)
    if seen is not None:
        _leave(t, seen, found)
    return found


def after_change(t: Tracker, seen: prompt.Seen) -> None:
    """After a change from the shell, leave the next prompt its answers: the files are
    looked at first, then anything that came meanwhile is taken in, then today is
    worked out, so a file arriving later only makes the summary out of date (5 ms at
    50 habits, against a whole full answer at the next prompt)."""
    seen.files = prompt.data_state(seen.main)
    t.refresh()
    _leave(t, seen, answers(t.day_report()))


def _leave(t: Tracker, seen: prompt.Seen, found: Answers) -> None:
    """Write the summary when nothing needed saying (a summary is a cache: it is not made
    durable, and one that cannot be written is simply not there)."""
    if t.store.recovered:
        return
    text = prompt.summary_text(seen, day=t.today, short=found.short, due=found.due, count=found.count)
    if text is None:
        return
    from ..atomic_files import write_atomically

    with contextlib.suppress(OSError):
        write_atomically(Path(t.store.layout.local_dir) / prompt.SUMMARY_FILE, text, durable=False)

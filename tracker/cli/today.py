"""The commands that show where things stand: ``status`` (also a prompt's one line),
``due`` and ``week``. ``due`` and ``status`` leave their answers for the next shell
prompt (see :mod:`.summary`)."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain import DayReport
from ..domain.days import typed_day
from ..service import Tracker
from . import prompt, summary
from .handlers import Reply
from .render import day_json, day_text, week_json, week_text

DUE_FOUND, NOTHING_DUE = 0, 1  # like grep: 0 when there is something to show


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
    shown = t.week(typed_day(a.date, t.today) if a.date is not None else None)
    return week_json(shown) if a.json else week_text(shown)


def _left_for_prompt(t: Tracker, a: argparse.Namespace, day: DayReport) -> summary.Answers:
    """The answers, also left for the next prompt when the files were seen before they
    were read (``a.prompt_seen``, set by the command line)."""
    found = summary.answers([summary.part(report) for report in day.habits])
    seen: prompt.Seen | None = getattr(a, "prompt_seen", None)
    if seen is not None:
        summary.leave(t, seen, found)
    return found

"""Reports as JSON-ready data and as plain text. The JSON shapes are a public interface:
they are documented in the README and change only with a version bump."""

from __future__ import annotations

from typing import Any

from ..domain import DayReport, Habit, HabitReport, WeekSummary
from ..domain.amounts import json_amount
from ..domain.report import to_go
from ..glyphs import glyph, legend


def habit_json(habit: Habit) -> dict[str, Any]:
    return {
        "id": habit.id,
        "name": habit.name,
        "kind": habit.kind.value,
        "for": habit.for_whom or None,
        "why": habit.why or None,
        "tags": list(habit.tags),
        "schedule": habit.schedule.describe(),
        "target": json_amount(habit.target),
        "measured": habit.measured,
        "unit": habit.unit or None,
        "at_most": habit.at_most,
        "start": habit.start.isoformat(),
        "archived": habit.archived.isoformat() if habit.archived else None,
        "pauses": [[p.first.isoformat(), p.last.isoformat()] for p in habit.pauses],
    }


def report_json(report: HabitReport) -> dict[str, Any]:
    nxt = report.next
    return {
        **habit_json(report.habit),
        "status": report.status.value,
        "value": json_amount(report.value),
        "note": report.note or None,
        "streak": {"current": report.current.length, "best": report.best.length,
                   "unit": report.current.unit},
        "score": round(report.score, 4),
        "stage": report.stage.label,
        "next": None if nxt is None else {
            "stage": nxt.stage.label, "score_needed": nxt.score_needed,
            "span_needed_days": nxt.span_needed_days},
        "still_due": json_amount(report.still_due),
        "due_over": report.due_over,
    }


def day_json(day: DayReport) -> dict[str, Any]:
    return {
        "today": day.today.isoformat(),
        "kept": day.kept_today,
        "due": day.due_today,
        "stage": day.stage.label,
        "score": round(day.score, 4),
        "stages": {stage.label: count for stage, count in day.stage_counts.items()},
        "habits": [report_json(r) for r in day.habits],
    }


def week_json(week: WeekSummary) -> dict[str, Any]:
    return {
        "first": week.first.isoformat(),
        "last": week.last.isoformat(),
        "days": [d.isoformat() for d in week.days],
        "habits": [
            {
                "id": row.habit.id,
                "name": row.habit.name,
                "kind": row.habit.kind.value,
                "target": json_amount(row.habit.target),
                "unit": row.habit.unit or None,
                "at_most": row.habit.at_most,
                "cells": [
                    {"date": d.isoformat(), "status": s.value, "value": json_amount(v or 0),
                     "note": n or None}
                    for d, s, v, n in zip(week.days, row.statuses, row.values, row.notes)
                ],
                "kept": row.kept,
                "due": row.due,
            }
            for row in week.rows
        ],
        "kept_per_day": list(week.kept_per_day),
        "due_per_day": list(week.due_per_day),
        "kept": week.kept,
        "due": week.due,
    }


# -- text ----------------------------------------------------------------------------
def _label(habit: Habit) -> str:
    return f"{habit.name} (for {habit.for_whom})" if habit.for_whom else habit.name


def day_text(day: DayReport) -> str:
    if not day.habits:
        return "No habits yet. Start one with: trust-tracker add \"Journal\" --schedule daily"
    lines = [
        f"{day.today:%A %d %B %Y}: {day.kept_today} of {day.due_today} kept today"
        f" · you stand at {day.stage.label}",
    ]
    width = min(36, max(len(_label(r.habit)) for r in day.habits))
    for kind, title in (("action", "Consistency actions"), ("promise", "Self-trust promises")):
        group = [r for r in day.habits if r.habit.kind.value == kind]
        if not group:
            continue
        lines.append(f"\n{title}")
        for r in group:
            lines.append(f"  {glyph(r.status)} {_label(r.habit)[:width]:<{width}}  {_streak(r)}"
                         f"  {r.score:>4.0%}  {r.stage.label}{_due(r)}")
    return "\n".join(lines)


def _streak(r: HabitReport) -> str:
    return f"streak {r.current.describe():<9} best {r.best.length:<3}"


def _due(r: HabitReport) -> str:
    if not r.still_due:
        return ""
    return f" · {to_go(r)}"


def week_text(week: WeekSummary) -> str:
    header = f"Week of {week.first:%d %b} – {week.last:%d %b %Y}"
    if not week.rows:
        return f"{header}\nNo habits this week."
    width = min(30, max(4, *(len(row.habit.name) for row in week.rows)))
    days = " ".join(f"{d:%a}"[:2] for d in week.days)
    lines = [header, f"{'':<{width}}  {days}  kept"]
    for row in week.rows:
        cells = "  ".join(glyph(s) for s in row.statuses)
        lines.append(f"{row.habit.name[:width]:<{width}}  {cells}   {row.kept}/{row.due}")
    totals = "  ".join(str(k) if k < 10 else "+" for k in week.kept_per_day)
    lines.append(f"{'kept':<{width}}  {totals}   {week.kept}/{week.due}")
    lines.append(legend())
    return "\n".join(lines)


def habit_line(habit: Habit) -> str:
    extra = [habit.kind.label, habit.schedule.describe()]
    if habit.measured:
        extra.append(f"target {habit.target_text}")
    if habit.tags:
        extra.append(" ".join(f"#{t}" for t in habit.tags))
    if habit.archived:
        extra.append(f"archived {habit.archived.isoformat()}")
    return f"{_label(habit)}  ({'; '.join(extra)})"

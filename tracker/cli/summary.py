"""What a shell prompt is left: today's answers to its questions (see :mod:`.prompt`),
each habit's part in them, and how a change from the shell brings them up to date."""

from __future__ import annotations

import contextlib
import os
from itertools import compress
from operator import itemgetter, ne

from ..domain import DayStatus, HabitReport
from ..domain.loop import Stage, overall_stage
from ..domain.report import ASKED_TODAY, to_go
from ..domain.text import printable
from ..service import Tracker
from ..store.local import known_device
from ..structs import struct
from . import prompt

NOTHING_DUE_TEXT = "Nothing is due today: every promise for today is kept or excused."
STATUSES = {status.value: status for status in DayStatus}  # (by the text a part keeps)
STAGES = {int(stage): stage for stage in Stage}


@struct(frozen=True)
class Answers:
    """A day's answers to a prompt's questions, as printed, and each habit's part in them."""

    short: str  # status --short
    due: str  # due
    count: int  # due --count (and the exit code of every due)
    habits: list[Part]


# One habit's part in the answers: its id, today's status, its stage, whether something
# is still due, and its line in ``due`` (a list: as it is kept in the summary's JSON).
Part = list[object]


def part(report: HabitReport) -> Part:
    return [report.habit.id, report.status.value, int(report.stage), _still_open(report),
            printable(f"{report.habit.name} · {to_go(report)}", lines=True)]


def answers(parts: list[Part]) -> Answers:
    """The answers from every active habit's part, in the habits' order."""
    still = [str(line) for _, _, _, due, line in parts if due]
    due = "\n".join(still) if still else NOTHING_DUE_TEXT
    statuses = [STATUSES[str(status)] for _, status, _, _, _ in parts]
    kept = statuses.count(DayStatus.DONE)
    asked = sum(status in ASKED_TODAY for status in statuses)
    stage = overall_stage([STAGES[int(str(level))] for _, _, level, _, _ in parts])
    short = f"{kept}/{asked} kept · {len(still)} due · {stage.label}" if parts else "no habits yet"
    return Answers(printable(short, lines=True), printable(due, lines=True), len(still), parts)


def _still_open(report: HabitReport) -> bool:
    """Something left to do for it today (a kept or excused day is never "due")."""
    return bool(report.still_due) and report.status not in (DayStatus.DONE, DayStatus.SKIPPED)


def after_change(t: Tracker, seen: prompt.Seen, before: list[prompt.Identity] | None,
                 news: int) -> None:
    """After a change from the shell, leave the next prompt its answers. ``before``: the
    files as they were once this command held the data's lock, which it still holds;
    ``news``: how many times the store had taken in news from outside then.

    When the summary found was worked out from exactly those files, and since then only
    this device's own files changed (by this command: no one else writes them while the
    lock is held) and the store took in nothing from outside, it is brought up to date
    by working out again only the habits this command changed. Otherwise the files are
    looked at, anything that came meanwhile is taken in, and every habit is worked out,
    so a file arriving later only makes the summary out of date, never wrong."""
    # News taken in (another device's file read, a sync's copy merged into this device's
    # files) changed more than this command's habits, whatever the files now say.
    took_news = t.store.news_taken != news
    after = _files_after(t, seen, before, took_news)
    parts = None if took_news else _brought_up_to_date(t, seen, before, after)
    seen.files = after
    if parts is None:
        t.refresh()
        parts = [part(report) for report in t.day_report().habits]
    leave(t, seen, answers(parts))


def _files_after(t: Tracker, seen: prompt.Seen, before: list[prompt.Identity] | None,
                 took_news: bool) -> list[prompt.Identity] | None:
    """The files as this change leaves them. When nothing came from outside since
    ``before`` was looked at (the store took in nothing), they are ``before`` with the
    files this command wrote looked at again: years of month files are not looked at
    once more. A file a sync tool brought meanwhile, unseen, is then named as it was, so
    the next prompt's look finds it changed and takes the full path: out of date, never
    wrong. After news taken in, every file is looked at again."""
    if before is None or took_news:
        return prompt.data_state(seen.main)
    return prompt.restated(before, seen.main, {str(path) for path in t.store.written})


def _brought_up_to_date(t: Tracker, seen: prompt.Seen, before: list[prompt.Identity] | None,
                        after: list[prompt.Identity] | None) -> list[Part] | None:
    """The summary's parts with the changed habits' worked out again (see above), or None."""
    if before is None or after is None or t.store.recovered:
        return None
    earlier = prompt.earlier_summary(str(_summary_path(t)), seen, t.today)
    if earlier is None or earlier.get("files") != before:
        return None
    device = known_device(t.store.layout)
    if device is None:
        return None
    if any(not str(name).startswith(f"{device}/") for name in _changed_names(before, after)):
        return None  # another device's file came meanwhile (or the main file changed)
    habits = [habit_id for _, _, habit_id in t.listed()]  # (the others are not made: see
    kept = earlier.get("habits")  # store.stored_habits)
    if not (isinstance(kept, list) and len(kept) == len(habits) and all(map(_is_part, kept))
            and [found[0] for found in kept] == habits):
        return None
    return [part(t.report(t.find(habit_id))) if habit_id in t.changed_habits else found
            for found, habit_id in zip(kept, habits)]


def _changed_names(before: list[prompt.Identity], after: list[prompt.Identity]) -> set[object]:
    """The names of the files whose identity differs between two looks (a file there in
    one only, too). Both are in ``data_state``'s order, so when they name the same files
    they are compared side by side (years of month files: no table of either made)."""
    names = list(map(itemgetter(0), before))
    if names == list(map(itemgetter(0), after)):
        return set(compress(names, map(ne, before, after)))
    was = {found[0]: found for found in before}
    now = {found[0]: found for found in after}
    return {name for name in was.keys() | now.keys() if was.get(name) != now.get(name)}


def _is_part(found: object) -> bool:
    """A habit's part as a summary keeps it (anything else: the summary is not used)."""
    if not (isinstance(found, list) and len(found) == 5):
        return False
    habit_id, status, level, due, line = found
    return (isinstance(habit_id, str) and isinstance(status, str) and status in STATUSES
            and type(level) is int and level in STAGES and type(due) is bool and isinstance(line, str))


def _summary_path(t: Tracker) -> str:
    return os.path.join(t.store.layout.local_dir, prompt.SUMMARY_FILE)


def leave(t: Tracker, seen: prompt.Seen, found: Answers) -> None:
    """Write the summary when nothing needed saying (a summary is a cache: it is not made
    durable, and one that cannot be written is simply not there)."""
    if t.store.recovered:
        return
    text = prompt.summary_text(seen, day=t.today, short=found.short, due=found.due, count=found.count,
                               habits=found.habits)
    if text is None:
        return
    from ..atomic_files import write_atomically

    with contextlib.suppress(OSError):
        write_atomically(_summary_path(t), text, durable=False)

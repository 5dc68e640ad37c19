"""A shell prompt's questions, answered from the summary the last full answer left.

A prompt may run ``trust-tracker due --count`` (or ``due``, ``due --quiet``, ``status
--short``) before every line it draws. The full answer opens the data and works out
today's reports; so every full answer of ``due`` or ``status`` leaves a small summary in
this device's state folder: its three answers for that day, with the identity (inode,
size, times) of every data file and of the settings file it was worked out from, taken
before they were read. The next prompt reads the summary with the standard library
alone, and prints from it only when the day, the settings and every file are still as
they were; a tick, a file a sync tool brought, a new day, another setting, an option
this module does not know (anything at all it cannot be sure of) takes the full path,
which leaves a new summary.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

from .. import __version__
from ..places import (APP_NAME, CONFIG_ENV, DB_ENV, DEVICES, FOLDERS, LEGACY_MONTHS, MAIN_FILE,
                      SETTINGS_FILE, STATE_ENV, local_dir_name, plain_xdg_dir, spelled, stem_of)
from ..wall import day_at, wall_time

SUMMARY_FILE = "prompt.json"  # in this device's state folder for the data
SUMMARY_FORMAT = 2  # 2: each habit's part of the answers too
SUMMARY_MAX = 1024 * 1024  # a summary larger than this is not ours
FORMS = {("due",): "list", ("due", "--count"): "count", ("due", "--quiet"): "quiet",
         ("due", "-q"): "quiet", ("status", "--short"): "short"}
COMMON = ("--db", "--today")  # the options every command takes, each with a value

Identity = list[object]  # [name, inode, size, mtime_ns, ctime_ns], or [name] for none


def answer(argv: list[str]) -> int | None:
    """Print the answer and return the exit code, or None: then the full path answers."""
    asked = _asked(argv)
    if asked is None:
        return None
    form, options = asked
    try:
        summary = _fresh_summary(options)
    except (OSError, ValueError, TypeError, KeyError, OverflowError):
        return None
    if summary is None:
        return None
    count, due, short = summary["count"], summary["due"], summary["short"]
    if not (isinstance(count, int) and isinstance(due, str) and isinstance(short, str)):
        return None
    text = {"list": due, "count": str(count), "quiet": "", "short": short}[form]
    if text:
        sys.stdout.write(text + "\n")
    return 0 if form == "short" or count else 1  # due: 0 something is due, 1 nothing


def _asked(argv: list[str]) -> tuple[str, dict[str, str]] | None:
    """The question and its ``--db``/``--today``, when ``argv`` is one of the forms above
    exactly (any other spelling, even one argparse would take, goes the full way)."""
    words: list[str] = []
    options: dict[str, str] = {}
    rest = iter(argv)
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name in COMMON:
            given = value if equals else next(rest, None)
            if given is None or (not equals and given.startswith("-")):
                return None  # argparse would say what is missing
            options[name] = given  # the last one counts, as in argparse
        else:
            words.append(arg)
    form = FORMS.get(tuple(words))
    return (form, options) if form else None


def _fresh_summary(options: dict[str, str]) -> dict[str, object] | None:
    main = _main_file(options.get("--db"))
    folder = _state_folder(main)
    settings = _settings_file()
    if main is None or folder is None or settings is None:
        return None
    summary = _summary_for(os.path.join(folder, SUMMARY_FILE), main, identity(settings))
    if summary is None:
        return None
    if "--today" in options:
        day = dt.date.fromisoformat(options["--today"])
    else:
        hour = summary["day_starts_at"]
        if not isinstance(hour, int):
            return None
        day = day_at(wall_time(), hour)
    if summary.get("day") != day.isoformat() or summary.get("files") != data_state(main):
        return None
    return summary


def _summary_for(path: str, main: str, settings: Identity) -> dict[str, object] | None:
    """The summary at ``path`` when it is this version's, of this data and these settings."""
    with open(path, "rb") as handle:
        summary = json.loads(handle.read(SUMMARY_MAX + 1)[:SUMMARY_MAX])
    if not (isinstance(summary, dict) and summary.get("format") == SUMMARY_FORMAT
            and summary.get("version") == __version__ and summary.get("db") == os.path.realpath(main)
            and summary.get("settings") == settings):
        return None
    return summary


def earlier_summary(path: str, seen: Seen, day: dt.date) -> dict[str, object] | None:
    """The summary a command found at ``path``, when it is of this data, these settings and
    this day (which files it was worked out from is the caller's to compare)."""
    try:
        summary = _summary_for(path, seen.main, seen.settings)
    except (OSError, ValueError, TypeError, OverflowError):
        return None
    if summary is None or summary.get("day") != day.isoformat() \
            or summary.get("day_starts_at") != seen.day_starts_at:
        return None
    return summary


def _main_file(given: str | None) -> str | None:
    """The data's main file, as ``tracker.store.paths`` finds it (None: only it can)."""
    if given:
        return spelled(os.path.expanduser(given))
    if env := os.environ.get(DB_ENV):
        return spelled(os.path.expanduser(env))
    folder = plain_xdg_dir(*FOLDERS["data"][:2])
    return None if folder is None else spelled(os.path.join(folder, MAIN_FILE))


def _state_folder(main: str | None) -> str | None:
    """This device's folder for the data, as ``tracker.store.layout`` names it."""
    if main is None:
        return None
    base = os.environ.get(STATE_ENV) or plain_xdg_dir(*FOLDERS["state"][:2])
    return None if base is None else os.path.join(os.path.expanduser(base), local_dir_name(main))


def _settings_file() -> str | None:
    if env := os.environ.get(CONFIG_ENV):
        return os.path.expanduser(env)
    folder = plain_xdg_dir(*FOLDERS["config"][:2])
    return None if folder is None else os.path.join(folder, SETTINGS_FILE)


def identity(path: str, name: str | None = None) -> Identity:
    """What tells a file's content changed: a write by rename makes a new inode, one in
    place a new change time (which no one can set back)."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return [name or path]
    return _identity(name or path, found)


def _identity(name: str, found: os.stat_result) -> Identity:
    return [name, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def data_state(main: str, looked: dict[str, os.stat_result] | None = None) -> list[Identity] | None:
    """The identity of every file today's reports are worked out from: the main file and
    every file in every device's folder. None for data in an older layout (the full path
    moves it first). ``looked``: given, it takes what the look found of each device's
    file, by ``DEVICE/NAME`` (a change holding the lock checks its checkpoints with it)."""
    folder, name = os.path.split(main)
    stem = stem_of(name)
    if os.path.exists(os.path.join(folder, stem + LEGACY_MONTHS)):
        return None
    found = [identity(main, name)]
    devices = os.path.join(folder, stem + DEVICES)
    try:
        with os.scandir(devices) as entries:
            device_folders = sorted(entry.name for entry in entries if entry.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        return found
    for device in device_folders:  # (each file stat'ed from its folder's listing: years of
        with os.scandir(os.path.join(devices, device)) as entries:  # months, on every prompt)
            listed = sorted((entry.name, entry) for entry in entries)
        for file_name, entry in listed:
            name = f"{device}/{file_name}"
            try:
                stat = entry.stat()
            except FileNotFoundError:
                found.append([name])
                continue
            found.append(_identity(name, stat))
            if looked is not None:
                looked[name] = stat
    return found


def restated(files: list[Identity], main: str, written: set[str]) -> list[Identity]:
    """``files`` (as ``data_state`` gave them) with the data's files among ``written``
    (paths) looked at again, in the order ``data_state`` gives."""
    folder, name = os.path.split(main)
    devices = os.path.join(folder, stem_of(name) + DEVICES)
    found = {str(identity[0]): identity for identity in files}
    for path in written:
        where, file_name = os.path.split(path)
        if path == main:
            found[name] = identity(path, name)
        elif os.path.dirname(where) == devices:
            device_file = f"{os.path.basename(where)}/{file_name}"
            found[device_file] = identity(path, device_file)
    first = found.pop(name)
    return [first, *(found[key] for key in sorted(found, key=lambda key: key.split("/", 1)))]


class Seen:
    """The files a full answer is about to read (the settings, then the data), as they
    were just before: a change made while it reads leaves a summary that no longer
    matches, never a wrong one. (A plain class: a prompt loads nothing it can do without.)
    A change looks at the data's files itself, once it holds the lock (``data=False``)."""

    def __init__(self, main: str, settings: str, *, data: bool = True) -> None:
        self.main = main
        self.settings = identity(settings)
        self.files = data_state(main) if data else None
        self.day_starts_at = 0  # what the settings said, once they were read


def summary_text(seen: Seen, *, day: dt.date, short: str, due: str, count: int,
                 habits: list[list[object]]) -> str | None:
    """The summary to leave for the next prompt (None when the files could not be told).
    ``habits``: each habit's part of the answers, so a change of one habit from the shell
    can bring the summary up to date by working out that habit alone."""
    if seen.files is None:
        return None
    return json.dumps({"format": SUMMARY_FORMAT, "version": __version__, "app": APP_NAME,
                       "db": os.path.realpath(seen.main), "settings": seen.settings,
                       "day": day.isoformat(), "day_starts_at": seen.day_starts_at,
                       "files": seen.files, "short": short, "due": due, "count": count,
                       "habits": habits})

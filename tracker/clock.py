"""Where "today" comes from. Injected everywhere so tests and ``--today`` can fix it.

Every entry point — the command line, the app, ``due`` and ``status --short`` — gets its
clock from :func:`configured`: the person's settings (``day_starts_at``: a 1 a.m. tick
still counts for yesterday) over the wall clock, or the day ``--today`` names. So a late
tick from the shell lands on the day the app shows.

The wall clock is the local time, unless ``TRUST_TRACKER_NOW`` holds one
(``2026-12-02T02:30``): a hook for tests, read in :mod:`tracker.wall` alone, that lets a
real subprocess run "at 02:30" without depending on the real date. It never touches the
stamps that order changes between devices, only the day that counts as today.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from . import wall
from .domain.errors import TrackerError
from .structs import struct

if TYPE_CHECKING:
    from .store.settings import Settings


class Clock(Protocol):
    def today(self) -> dt.date: ...


def wall_time() -> dt.datetime:
    """The local time now, or the one ``TRUST_TRACKER_NOW`` holds (see :mod:`tracker.wall`)."""
    try:
        return wall.wall_time()
    except ValueError as err:
        raise TrackerError(str(err)) from None


@struct(frozen=True)
class SystemClock:
    """The real date, with a day that may begin late: a 1 a.m. tick counts for yesterday."""

    day_starts_at_hour: int = 0

    def today(self) -> dt.date:
        return wall.day_at(wall_time(), self.day_starts_at_hour)


@struct(frozen=True)
class FixedClock:
    """The same day always: what ``--today`` and the tests give."""

    day: dt.date

    def today(self) -> dt.date:
        return self.day


def clock_for(settings: Settings, today: dt.date | None = None) -> Clock:
    """The one rule for every entry point: ``--today`` wins, else the wall clock with the
    settings' hour a day begins."""
    return FixedClock(today) if today is not None else SystemClock(settings.day_starts_at)


@struct(frozen=True)
class Configured:
    """What an entry point starts from: the settings, the clock over them, and why the
    settings file could not be used (then the defaults are)."""

    settings: Settings
    clock: Clock
    problem: str | None = None


def configured(today: dt.date | None = None) -> Configured:
    """Read ``settings.toml`` (a small file and ``tomllib``: cheap enough for a shell
    prompt's ``due``) and make the clock over it. A file that does not read gives the
    defaults and says why; ``TRUST_TRACKER_NOW`` is checked here, so a bad one is said
    before anything is opened."""
    from .store.settings import Settings, SettingsError, load_settings

    problem = None
    try:
        settings = load_settings()
    except SettingsError as err:
        settings, problem = Settings(), str(err)
    clock = clock_for(settings, today)
    clock.today()  # a TRUST_TRACKER_NOW that does not read is said now, in one line
    return Configured(settings, clock, problem)

"""Running a command: open the data, call the command's handler, close the data.

Each handler takes the service and the parsed arguments and returns text, JSON-ready
data, a :class:`Reply` (text with an exit code) or None, and raises ``TrackerError`` for a
problem the person can fix. A handler's module is imported only when its command runs,
so ``check`` never loads the readers of other trackers' files, nor ``status`` the lock.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ..domain.errors import TrackerError
from ..structs import struct

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..clock import Configured
    from ..service import Tracker
    from .prompt import Seen

# Each command's handler: (module in tracker.cli, function).
HANDLERS: dict[str | None, tuple[str, str]] = {
    "add": ("habits", "add"), "list": ("habits", "list_"), "check": ("habits", "check"),
    "note": ("habits", "note"), "pause": ("habits", "pause"), "undo": ("habits", "undo"),
    "archive": ("habits", "archive"), "restore": ("habits", "restore"),
    None: ("today", "status"), "status": ("today", "status"), "due": ("today", "due"),
    "week": ("today", "week"),
    "export": ("transfer", "export"), "import": ("transfer", "import_"), "merge": ("transfer", "merge"),
}
READ_ONLY = frozenset({None, "list", "status", "week", "due", "export"})
# The commands that build a whole history in memory (or copy one) run with the cyclic
# collector, which the command line starts without (see ``tracker.entry``).
BULK = frozenset({"import", "merge", "export", "backup"})


@struct(frozen=True)
class Reply:
    """Output with an exit code other than 0 (``due`` says "nothing due" with 1)."""

    text: str
    code: int


def run(args: argparse.Namespace, setup: Configured) -> Any:
    """Open the data, run the command, close the data; problems come back as TrackerError.
    ``setup`` holds the settings and the clock the app uses too, so both agree on what
    today is (and on the day a week begins)."""
    if args.command in BULK:
        gc.freeze()  # what loaded so far joins the oldest generation without a scan
        gc.unfreeze()
        gc.enable()
    if args.command == "backup":
        from .backup import backup

        return backup(args)
    from ..service import Tracker
    from ..store.errors import STORAGE_ERRORS

    module, name = HANDLERS[args.command]
    handler = getattr(import_module(f"{__package__}.{module}"), name)
    try:
        tracker = Tracker.open(getattr(args, "db", None), setup.clock, setup.settings.week_start,
                               writable=args.command not in READ_ONLY, eager=False)
    except STORAGE_ERRORS as err:
        raise TrackerError(str(err)) from err
    except OSError as err:
        raise TrackerError(f"cannot open the data: {err.strerror or err}") from err
    if tracker.store.recovered:
        from ..terminal import say_error

        say_error(f"trust-tracker: {tracker.store.recovered}")
    try:
        seen = getattr(args, "prompt_seen", None)
        if seen is None or args.command in READ_ONLY:
            output = handler(tracker, args)
        else:
            output = _change_for_prompt(tracker, args, handler, seen)
        tracker.save_checkpoints()  # a cache, for the next command: read-only ones too
        return output
    except STORAGE_ERRORS as err:  # damage found midway (an older month, the undo log)
        raise TrackerError(str(err)) from err
    except KeyboardInterrupt:
        raise Interrupted(tracker.store.saving, tracker.store.saved_changes > 0) from None
    finally:
        try:
            tracker.close()
        except KeyboardInterrupt:
            raise Interrupted(tracker.store.saving, tracker.store.saved_changes > 0) from None


def _change_for_prompt(tracker: Tracker, args: argparse.Namespace, handler: Callable[..., Any],
                       seen: Seen) -> Any:
    """A change that leaves the next prompt its answers: the data's lock is held from just
    before the files are looked at until the summary is written, so no other Trust
    Tracker on this device changes anything in between (see ``summary.after_change``)."""
    from ..store.errors import STORAGE_ERRORS
    from .prompt import data_state
    from .summary import after_change

    with tracker.store.locked():
        looked: dict[str, os.stat_result] = {}
        before, news = data_state(seen.main, looked), tracker.store.news_taken
        with tracker.store.looking_at(looked if before is not None else None):
            output = handler(tracker, args)
        with contextlib.suppress(TrackerError, OSError, *STORAGE_ERRORS):  # only a cache:
            after_change(tracker, seen, before, news)  # what went wrong: the next command says
    return output


class Interrupted(Exception):
    """Ctrl+C in the middle of a command, with what it had written by then."""

    def __init__(self, unsure: bool, saved: bool) -> None:
        super().__init__("interrupted")
        self.unsure, self.saved = unsure, saved

    def message(self, command: str | None) -> str:
        if self.unsure and command == "backup":
            return "Stopped during the restore: it may be half done; check with: trust-tracker backup list"
        if self.unsure:
            return "Stopped while saving: the change may have been saved; check with: trust-tracker status"
        if self.saved:
            return "Stopped after the change was saved."
        return STOPPED.get(command or "", "Stopped; nothing was changed.")


STOPPED = {  # what Ctrl+C means for a command that had written nothing yet
    "import": "Stopped: nothing was imported; your data is as it was.",
    "export": "Stopped: nothing was written.",
    "merge": "Stopped: nothing was merged; your data is as it was.",
}

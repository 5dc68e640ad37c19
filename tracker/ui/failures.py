"""What the app says when something goes wrong: a change refused, a write that failed,
a screen that could not show an outcome, the writer gone, data that would not open.

Every message is plain text (the app's ``notify`` shows it with ``markup=False`` and
without control characters), and none of them says "saved" unless it is on disk.
"""

from __future__ import annotations

from typing import Literal

from ..domain.text import printable
from ..structs import struct

Severity = Literal["information", "warning", "error"]
FOREVER = 10 ** 7  # seconds: a notice that stays until the person dismisses it


@struct(frozen=True)
class Notice:
    message: str
    title: str = ""
    severity: Severity = "warning"
    timeout: float | None = None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def change_failed(error: Exception) -> Notice:
    """A change the writer could not make (nothing was changed)."""
    from ..domain import TrackerError
    from ..store import STORAGE_ERRORS

    if isinstance(error, TrackerError):
        return Notice(str(error))
    if isinstance(error, STORAGE_ERRORS):
        return Notice(str(error), "Your data is safe; nothing was changed", "error", 12)
    if isinstance(error, OSError):
        return Notice(f"Nothing was saved: {_reason(error)}. Your data is as it was.",
                      severity="error", timeout=12)
    return Notice(f"Something went wrong: {error}", severity="error", timeout=12)


def showing_failed(error: Exception, *, saved: bool) -> Notice:
    """A change's outcome reached the app, but showing it went wrong."""
    first = "What it changed is saved" if saved else "Nothing was changed"
    return Notice(f"{first}, but the screen could not show it: {_reason(error)}",
                  severity="error", timeout=12)


def reports_failed(error: Exception) -> Notice:
    return Notice(f"The screens could not be brought up to date: {_reason(error)}",
                  severity="error", timeout=12)


def writer_lost(error: BaseException | None, waiting: int) -> Notice:
    why = f" ({_reason(error)})" if error is not None else ""
    lost = f" {waiting} change{'s' * (waiting != 1)} waiting could not be saved." if waiting else ""
    return Notice(f"Trust Tracker can no longer save your changes{why}; what you change "
                  f"now would be lost.{lost} Quit with q and open it again.",
                  "Changes are not being saved", "error", FOREVER)


def refused(what: str) -> Notice:
    return Notice(f"{what} not saved: Trust Tracker can no longer save changes. "
                  "Quit with q and open it again.", "Nothing changed", "error", 8)


def exit_problem(error: BaseException | None, lost: int) -> str:
    """The one line the command line prints when the writer stopped during the session."""
    why = f" ({_reason(error)})" if error is not None else ""
    what = (f"{lost} change{'s' * (lost != 1)} asked for after that {'were' if lost != 1 else 'was'}"
            " not saved" if lost else "nothing asked for after that was lost")
    return printable(f"the app stopped saving changes{why}; {what}")


def unfinished(count: int) -> str:
    """The one line for changes the writer had not reached when the app closed."""
    return (f"{count} change{'s' * (count != 1)} {'were' if count != 1 else 'was'} still "
            "waiting to be written when the app closed and may not be saved")


def open_failure_message(error: Exception) -> str:
    """The one line the command line prints when the data would not open."""
    from ..store import STORAGE_ERRORS

    if isinstance(error, STORAGE_ERRORS):
        return printable(str(error))
    if isinstance(error, OSError):
        return printable(f"cannot open the data: {error.strerror or error}")
    return printable(f"cannot open the data: {error}")


def screen_failed(error: Exception) -> Notice:
    return Notice(f"A screen could not be brought up to date: {_reason(error)}",
                  severity="error", timeout=12)

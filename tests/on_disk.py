"""Where one database's records are on disk (data version 4), for the tests that reach in.

Since version 4 the main file holds only the data's version; each device writes its own
folder, ``<stem>-devices/<device>/``: ``habits.json`` and one file per month of check-ins
(see ``tracker.store.layout``). A test that hand-edits, damages or inspects the data goes
through these helpers, so the path logic lives in one place and no test names a device.

Two ways to find a folder:

- ``device_dir(db)``: this device's folder for ``db``, the one a change made here writes
  (its id is in this device's state folder, made at the first change);
- ``habits_file(db)`` / ``month_file(db, month)``: the file on disk that holds the habits
  or that month's check-ins, whichever device wrote it (data copied from a template was
  written by the template's device). Exactly one device must have it; a test with more
  passes ``device=``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.store.layout import Layout
from tracker.store.local import device_id


def own_device(db: Path) -> str:
    """This device's id for ``db``: only once a change was made to it from here (asking
    never makes one, so it never leaves a file a test did not expect)."""
    layout = Layout(db)
    assert Path(layout.device_path).is_file(), f"no change was made to {db} from this device yet"
    return device_id(layout)


def only_device(db: Path) -> str:
    """The one device whose folder holds ``db``'s records."""
    devices = Layout(db).devices()
    assert len(devices) == 1, f"expected one device folder beside {db}, found {devices}"
    return devices[0]


def device_dir(db: Path, device: str | None = None) -> Path:
    """A device's folder (this device's, by default)."""
    return Path(Layout(db).devices_dir) / (device or own_device(db))


def _month(month: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(f"{month}-01") if isinstance(month, str) else month.replace(day=1)


def _the_one(db: Path, path_of: Callable[[str], str], what: str) -> Path:
    found = [Path(path_of(device)) for device in Layout(db).devices() if Path(path_of(device)).exists()]
    assert len(found) == 1, f"expected one device's {what} beside {db}, found {found}"
    return found[0]


def habits_file(db: Path, device: str | None = None) -> Path:
    """The habits file (of ``device``, or of the one device that has one)."""
    layout = Layout(db)
    if device is not None:
        return Path(layout.habits_path(device))
    return _the_one(db, layout.habits_path, "habits file")


def month_file(db: Path, month: dt.date | str, device: str | None = None) -> Path:
    """The check-ins of ``month`` (a date in it, or ``"2026-11"``): ``device``'s file, or
    the one device's that has that month."""
    layout, first = Layout(db), _month(month)
    if device is not None:
        return Path(layout.month_path(first, device))
    return _the_one(db, lambda d: layout.month_path(first, d), f"{first:%Y-%m} file")


def edit_json(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Hand-edit a JSON file, as a person (or a bad tool) might: ``change`` edits the data
    in place, or returns the data to write instead. Lone surrogates are written as their
    ``\\u`` escapes."""
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = change(data)
    path.write_text(json.dumps(data if changed is None else changed), encoding="utf-8")


def edit_habit(db: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Hand-edit the first habit's record in the habits file (``change`` edits it in place)."""
    def edit(data: dict[str, Any]) -> None:
        change(next(iter(data["habits"].values())))

    edit_json(habits_file(db), edit)

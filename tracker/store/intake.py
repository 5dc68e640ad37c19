"""Records that arrive from outside this device's own files, taken in record by record:
data in an older layout (migrated), copies a sync tool left when two devices changed one
file, and another data folder or export merged by hand (``trust-tracker merge``).

Taking in is the same every time: each incoming version that is later than the one the
data holds (or that the data lacks) is written into this device's files with the time
it carries, so taking the same thing in twice, or in any order, changes nothing more.
A backup is taken first; what cannot be read is left where it is and reported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import TYPE_CHECKING, Any

from ..domain import CheckIn
from ..domain.versions import Stamp, Version, merged
from ..structs import field, struct
from .atomic import DamagedFileError, remove_file, write_atomically
from .backups import begin, end, take_backup
from .files import read_regular_file
from .layout import DataFile, Layout
from .migrate import split_local, split_v1
from .records import DayVersions, HabitVersions, day_versions, habit_versions, later_ones
from .schema import (SCHEMA_VERSION, SchemaError, encode_checkin, habit_doc, main_data,
                     month_data, read_habit_records, read_habits, read_month, schema_version)

if TYPE_CHECKING:
    from .tiny import TinyStore

FILE_LIMIT = 64 * 1024 * 1024  # larger than any month or habits file of ours
OLDER = ""  # the device of versions from before version 4: older than any device's


@struct
class Incoming:
    """Versions from elsewhere: habits, and days by month."""

    habits: HabitVersions = field(default_factory=dict)
    months: dict[dt.date, DayVersions] = field(default_factory=dict)

    def add(self, other: Incoming) -> None:
        self.habits = merged([self.habits, other.habits])
        for month, days in other.months.items():
            self.months[month] = merged([self.months.get(month, {}), days])


@struct(frozen=True)
class Taken:
    """How much a look at other devices' files took in."""

    habits: int = 0
    days: int = 0

    def describe(self) -> str:
        parts = [f"{self.days} check-in{'' if self.days == 1 else 's'}" if self.days else "",
                 f"{self.habits} habit{'' if self.habits == 1 else 's'}" if self.habits else ""]
        return " and ".join(p for p in parts if p) or "nothing newer"


def _json(path: str) -> dict[str, Any]:
    try:
        data = json.loads(read_regular_file(path, FILE_LIMIT))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SchemaError(f"not valid JSON: {err}") from None
    except RecursionError:
        raise SchemaError("nested too deeply to be ours") from None
    if not isinstance(data, dict):
        raise SchemaError("not a Trust Tracker file")
    return data


def read_file(path: str, file: DataFile) -> Incoming:
    """One device file (or a copy of one): ``SchemaError`` or ``OSError`` if it is not."""
    data = _json(path)
    if file.month is None:
        return Incoming(habits=habit_versions(file.device, read_habit_records(data)))
    return Incoming(months={file.month: day_versions(file.device, read_month(data, file.month))})


def _older_month(data: dict[str, Any], month: dt.date) -> DayVersions:
    return day_versions(OLDER, read_month(data, month, stamped=False))


def read_folder(layout: Layout) -> Incoming:
    """Everything another data folder holds (any version), without changing it."""
    main = _json(layout.main)
    version = schema_version(main)
    if version > SCHEMA_VERSION:
        raise SchemaError(f"it was written by a newer Trust Tracker (data version {version})")
    incoming = Incoming()
    if version < 4:
        months = {m: _json(p) for m, p in layout.legacy_month_files().items()}
        if version == 1:
            main, months = split_v1(main)
        older = {h: Version(habit, Stamp(0, OLDER)) for h, habit in read_habits(main).items()}
        incoming.habits = older
        incoming.months = {month: _older_month(data, month) for month, data in months.items()}
        return incoming
    for path, file in layout.listing().items():
        try:
            incoming.add(read_file(path, file))
        except SchemaError as err:
            raise SchemaError(f"{path}: {err}") from None
    return incoming


def take(store: TinyStore, incoming: Incoming, *, dry_run: bool = False) -> tuple[Taken, str | None]:
    """Write every incoming version later than the data's into this device's files, after
    a backup, all under the lock; what that is (or would be), and the backup's name."""
    def later() -> tuple[HabitVersions, dict[dt.date, DayVersions]]:
        return (later_ones(incoming.habits, store.habit_versions()),
                {month: found for month, days in incoming.months.items()
                 if (found := later_ones(days, store.day_versions(month)))})

    if dry_run:
        habits, months = later()
        return Taken(len(habits), sum(len(days) for days in months.values())), None
    with store.writing():
        habits, months = later()
        taken = Taken(len(habits), sum(len(days) for days in months.values()))
        if not (taken.habits or taken.days):
            return taken, None
        backup = take_backup(store.layout, "merge", now=_now(store))
        begin(store.layout, "merge", backup.name if backup else "")  # cut short: put back
        for habit_id, version in habits.items():
            store.put_habit_version(habit_id, version.value, version.stamp.time)
        for month, days in sorted(months.items()):
            by_habit: dict[str, dict[dt.date, tuple[CheckIn, int]]] = {}
            for (habit_id, day), kept in days.items():
                by_habit.setdefault(habit_id, {})[day] = (kept.value or CheckIn(), kept.stamp.time)
            for habit_id, chunk in sorted(by_habit.items()):
                store.put_day_versions(month, habit_id, chunk)
    end(store.layout)
    return taken, backup.name if backup else None


def _now(store: TinyStore) -> dt.datetime:
    """Backups are named for the day that counts (``--today``), at the time of day."""
    return dt.datetime.combine(store.today(), dt.datetime.now().time())


# -- opening: older layouts and sync tools' copies --------------------------------------
def take_in_foreign(store: TinyStore, copies: dict[str, DataFile]) -> tuple[str | None, list[str]]:
    """With the lock held: merge the copies sync tools left (and older files a sync
    brought back), remove them; what came in, to say, and the copies left unread."""
    layout = store.layout
    found = list(copies.items())
    found += [(path, DataFile(OLDER, month)) for month, path in layout.legacy_month_files().items()]
    incoming, readable, left, said = Incoming(), [], [], []
    for path, file in found:
        try:
            if file.device == OLDER:
                assert file.month is not None
                incoming.add(Incoming(months={file.month: _older_month(_json(path), file.month)}))
            else:
                incoming.add(read_file(path, file))
            readable.append(path)
        except (OSError, SchemaError) as err:
            left.append(path)
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            said.append(f"A copy a sync tool left, {path}, could not be read ({reason}); "
                        "it is left where it is.")
    taken, _ = take(store, incoming)
    for path in readable:
        remove_file(path)
    _drop_empty_legacy(layout)
    if readable and (taken.habits or taken.days):
        said.insert(0, f"Merged {taken.describe()} from another device's copy of your data.")
    return " ".join(said) or None, left


def migrate(store: TinyStore, data: dict[str, Any], version: int) -> None:
    """An older layout into this device's folder, every record as of time 0 (older than
    any change made since). Backed up first; the main file is written last, so a crash
    midway leaves the old version in place, to be migrated again.

    Version 4 files read as version 5 ones (amounts with decimals came in beside the
    whole ones), so from 4 only the main file's version moves on: older copies of the
    app then stop at "written by a newer version" instead of reading a decimal as damage."""
    layout = store.layout
    if version == 4:
        take_backup(layout, "migration")
        write_atomically(layout.main, json.dumps(main_data(), ensure_ascii=False))
        return
    checked = store.checked  # names the file on damage, with the backup to restore
    months: dict[dt.date, dict[str, Any]] = {}
    if version == 1:
        data, months = checked(layout.main, lambda: split_v1(data))
    for month, path in layout.legacy_month_files().items():
        months[month] = checked(path, lambda: _json_checked(path))
    habits = checked(layout.main, lambda: read_habits(data))
    _, undo = checked(layout.main, lambda: split_local(data))
    take_backup(layout, "migration")
    device = store.device
    legacy = layout.legacy_month_files()
    for month, month_doc in months.items():
        days = checked(legacy.get(month, layout.main), lambda: read_month(month_doc, month, stamped=False))
        encoded = {habit_id: {str(day.day): encode_checkin(checkin, 0)
                              for day, (checkin, _) in by_day.items()}
                   for habit_id, by_day in days.items()}
        write_atomically(layout.month_path(month, device),
                         json.dumps(month_data(month, encoded), ensure_ascii=False))
    docs = {str(i): habit_doc(habit.id, habit, 0) for i, habit in enumerate(habits.values(), 1)}
    write_atomically(layout.habits_path(device), json.dumps(
        {"meta": {"1": {"schema": SCHEMA_VERSION, "device": device,
                        "months": [f"{m:%Y-%m}" for m in sorted(months)]}}, "habits": docs},
        ensure_ascii=False))
    if version <= 2:  # the undo log left the main file in version 3
        write_atomically(layout.undo_path, json.dumps(undo, ensure_ascii=False))
    write_atomically(layout.main, json.dumps(main_data(), ensure_ascii=False))
    for path in layout.legacy_month_files().values():
        remove_file(path)
    _drop_empty_legacy(layout)


def _drop_empty_legacy(layout: Layout) -> None:
    """The older layout's months folder, once nothing is left in it."""
    if os.path.isdir(layout.legacy_months_dir) and not os.listdir(layout.legacy_months_dir):
        os.rmdir(layout.legacy_months_dir)


def _json_checked(path: str) -> dict[str, Any]:
    try:
        return _json(path)
    except OSError as err:
        raise DamagedFileError(path, err.strerror or str(err)) from None

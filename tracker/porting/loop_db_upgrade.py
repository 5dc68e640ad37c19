"""An older Loop backup brought up to the layout we read, the way Loop itself does it.

Loop opens a backup by running its migrations (uhabits-core ``assets/main/migrations/NN.sql``,
one per database version) on it up to its own version. A backup from Loop 1.x (version
15 and before) has no ``Repetitions.value``: every row there is a day done. The steps that
touch what we read are:

* 16: ``Habits.type`` (0, yes/no) and ``Repetitions.value`` (2, YES_MANUAL) are added;
* 18: ``target_type``, ``target_value`` and ``unit`` are added (0, 0, '');
* 22: rows of no habit, or without a habit or a timestamp, are deleted, and of two rows
  for one habit on one day only the first (lowest rowid) is kept;
* 23: the ``description`` becomes the ``question`` (Loop 1.x showed it as the question).

The others keep scores, streaks, colours, reminders, uuids and groups, none of which we
read. They run on a copy in memory (``sqlite3``'s backup of the private copy, never the
person's file), under the same time budget and field limit as the read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .model import plural

CURRENT = 26  # nothing to upgrade: every column we read is where Loop now has it
NEEDS_UPGRADE = 23  # the last version whose migration changes what we read


def columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]).lower() for row in connection.execute(f"PRAGMA table_info({table})")}


def schema_version(connection: sqlite3.Connection) -> int:
    """Loop's database version: ``user_version`` as Android keeps it; for a file without
    one, 15 if its ``Repetitions`` has no ``value`` (Loop 1.x), else today's (columns
    added later are read with the defaults Loop gave them). Views in place of the tables
    are never upgraded: the read refuses or bounds them as they are."""
    kinds = dict(connection.execute("SELECT lower(name), type FROM sqlite_master WHERE "
                                    "lower(name) IN ('habits', 'repetitions')").fetchall())
    if kinds != {"habits": "table", "repetitions": "table"}:
        return CURRENT
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if isinstance(version, int) and version > 0:
        return version
    return 15 if "value" not in columns(connection, "Repetitions") else CURRENT


def upgraded(connection: sqlite3.Connection, version: int, limit: Callable[[sqlite3.Connection], None]
             ) -> tuple[sqlite3.Connection, list[str]]:
    """An in-memory copy of ``connection`` with Loop's migrations after ``version`` done,
    and the report's lines on what they left out. ``limit`` sets the read's bounds on it."""
    memory = sqlite3.connect(":memory:")
    try:
        limit(memory)
        connection.backup(memory)
        memory.execute("PRAGMA trusted_schema = OFF")
        remarks = _migrate(memory, version)
    except BaseException:
        memory.close()
        raise
    stated = connection.execute("PRAGMA user_version").fetchone()[0] == version
    what = f"database version {version}" if stated else "Loop 1.x, by its tables"
    remarks.insert(0, f"this backup is from an older Loop ({what}); it was read the way Loop "
                      "reads it, upgraded first (in a copy in memory; the file is untouched)")
    return memory, remarks


def _migrate(db: sqlite3.Connection, version: int) -> list[str]:
    remarks: list[str] = []
    habits = columns(db, "Habits")
    if version < 16:
        if "type" not in habits:
            db.execute("ALTER TABLE Habits ADD COLUMN type INTEGER NOT NULL DEFAULT 0")
        if "value" not in columns(db, "Repetitions"):
            db.execute("ALTER TABLE Repetitions ADD COLUMN value INTEGER NOT NULL DEFAULT 2")
    if version < 18:
        for column, kind in (("target_type", "INTEGER NOT NULL DEFAULT 0"),
                             ("target_value", "REAL NOT NULL DEFAULT 0"),
                             ("unit", "TEXT NOT NULL DEFAULT ''")):
            if column not in habits:
                db.execute(f"ALTER TABLE Habits ADD COLUMN {column} {kind}")
    if version < 22:
        orphans = db.execute("DELETE FROM Repetitions WHERE habit IS NULL OR timestamp IS NULL "
                             "OR habit NOT IN (SELECT id FROM Habits WHERE id IS NOT NULL)").rowcount
        twice = db.execute("DELETE FROM Repetitions WHERE rowid NOT IN (SELECT min(rowid) FROM "
                           "Repetitions GROUP BY habit, timestamp)").rowcount
        if orphans > 0:
            remarks.append(plural(orphans, "entry belongs to no habit of the backup (Loop shows "
                                  "it nowhere), so it was", "entries belong to no habit of the "
                                  "backup (Loop shows them nowhere), so they were")
                           + " not imported")
        if twice > 0:
            remarks.append(plural(twice, "entry was for a day", "entries were for days")
                           + " that already had one; Loop's upgrade keeps the first of a day, "
                           "and so did this import")
    if version < 23 and "question" not in habits:
        db.execute("ALTER TABLE Habits ADD COLUMN question TEXT")
        db.execute("UPDATE Habits SET question = description, description = NULL")
    return remarks

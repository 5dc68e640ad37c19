"""What a transaction leans on: the storage behind each TinyDB, putting files back when a
change could not be written whole, and the message for a file that does not read."""

from __future__ import annotations

from tinydb import TinyDB

from .atomic import AtomicJSONStorage, DamagedFileError, remove_file, write_atomically
from .files import read_regular_file
from .layout import Layout


def damaged(layout: Layout, path: str, reason: str) -> DamagedFileError:
    """The error for an unreadable file, pointing at the newest good backup."""
    from .backups import newest_good  # (the backups load only when one is named or taken)

    error = DamagedFileError(path, reason)
    backup = newest_good(layout)
    if backup is not None:
        error.args = (f"{error.args[0]} The newest good backup is {backup.name!r}; restore it "
                      f"with: trust-tracker --db {layout.main} backup restore {backup.name}",)
    else:
        error.args = (f"{error.args[0]} No backup was found beside it.",)
    return error


def atomic_storage(db: TinyDB) -> AtomicJSONStorage:
    storage = db.storage
    assert isinstance(storage, AtomicJSONStorage)  # every TinyDB here is opened with it
    return storage


def bytes_or_none(path: str) -> bytes | None:
    try:
        return read_regular_file(path)
    except FileNotFoundError:
        return None


def put_back(written: list[AtomicJSONStorage], before: dict[str, bytes | None]) -> bool:
    """After a later file of a change failed, return the files already written to how they
    were, so the change is all-or-nothing on disk too; False when that could not be done
    whole (the disk may be full), and the change may be half on disk."""
    whole = True
    for storage in written:
        old = before[storage.path]
        try:
            if old is None:
                remove_file(storage.path)
            else:
                write_atomically(storage.path, old.decode("utf-8"))
        except OSError:
            whole = False
    return whole

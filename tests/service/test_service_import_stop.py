"""Undo stops at an import, every time, and says how to go back to before it: the backup
the import took (as noted for a crash), none when there was no data, or the list of
backups when it is not known. Changes after the import are undone as ever."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.domain import CheckIn, Habit, NewHabit, TrackerError
from tracker.service import Tracker
from tracker.store.backups import begin, end

TODAY = dt.date(2026, 11, 26)


def incoming(tracker: Tracker) -> list[tuple[Habit, dict[dt.date, CheckIn]]]:
    """Swim, new, with two kept days; and two more days for the Journal already here."""
    swim = Habit.from_dict({**tracker.find("Journal").to_dict(), "id": "swim00000001",
                            "name": "Swim", "position": 2})
    journal = tracker.find("Journal")
    return [(swim, {dt.date(2026, 11, 21): CheckIn(1), dt.date(2026, 11, 22): CheckIn(1)}),
            (journal, {dt.date(2026, 11, 23): CheckIn(1), dt.date(2026, 11, 24): CheckIn(1)})]


@pytest.fixture
def journal(tracker: Tracker) -> Tracker:
    tracker.check(tracker.add(NewHabit("Journal"), dt.date(2026, 11, 20)), dt.date(2026, 11, 25))
    return tracker


def stops(tracker: Tracker) -> str:
    with pytest.raises(TrackerError) as caught:
        tracker.undo()
    return str(caught.value)


def test_undo_stops_at_the_import_and_names_the_backup_it_took(journal: Tracker) -> None:
    begin(journal.store.layout, "import", "2026-11-26-101500-before-import")
    journal.import_habits(incoming(journal))
    end(journal.store.layout)
    said = ("Undo stops at the import of 1 new habit and 4 days on Thu 26 Nov; to go back "
            "to before it: trust-tracker backup restore 2026-11-26-101500-before-import")
    assert stops(journal) == said
    assert stops(journal) == said, "the stop stays: undo never passes it"
    assert {h.name for h in journal.habits()} == {"Journal", "Swim"}


def test_changes_after_the_import_are_undone_then_undo_stops(journal: Tracker, db_path: Path) -> None:
    begin(journal.store.layout, "import", "b")
    journal.import_habits(incoming(journal))
    end(journal.store.layout)
    journal.check(journal.find("Swim"), TODAY)
    journal.close()
    later = Tracker.open(db_path, journal.clock)  # the next process
    try:
        assert later.undo() == "check Swim on 2026-11-26"
        assert stops(later).startswith("Undo stops at the import of 1 new habit and 4 days")
        assert dt.date(2026, 11, 25) in later.checkins(later.find("Journal")), \
            "the change before the import stays"
    finally:
        later.close()


def test_into_empty_data_there_is_nothing_to_go_back_to(journal: Tracker) -> None:
    begin(journal.store.layout, "import", "")  # no data, so no backup
    journal.import_habits(incoming(journal))
    end(journal.store.layout)
    assert stops(journal).endswith("; there was no data before it to go back to.")


def test_without_a_noted_backup_it_points_to_the_list(journal: Tracker) -> None:
    journal.import_habits(incoming(journal))
    assert stops(journal).endswith("; the backups from before it: trust-tracker backup list")

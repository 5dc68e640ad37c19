"""``trust-tracker merge PATH``: another copy of the data (another device's folder, an old
one, an export) taken in record by record, the later change winning, after a backup."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import Cli


def week_marks(run: Cli, db: Path | None = None, date: str = "2026-11-26") -> dict:
    """{habit: {day: (status, note)}} for the week of ``date``, as the command line shows it."""
    week = run.json("week", "--date", date, db=db)
    return {row["name"]: {cell["date"]: (cell["status"], cell["note"]) for cell in row["cells"]}
            for row in week["habits"]}


def other_copy(seeded: Cli, tmp_path: Path) -> Path:
    """The same data copied to another folder: another device, from its first change on."""
    other = tmp_path / "other" / seeded.db.name
    shutil.copytree(seeded.db.parent, other.parent, ignore=shutil.ignore_patterns("*.lock", "env-guard", "other"))
    return other


def test_a_merge_takes_in_the_later_change_of_each_record_and_nothing_twice(seeded: Cli, tmp_path: Path) -> None:
    other = other_copy(seeded, tmp_path)
    seeded.ok("check", "Journal", "--date", "2026-11-24")  # here only
    seeded.ok("check", "Journey", "--date", "2026-11-25")  # here, then changed there later
    seeded.ok("check", "Journey", "--date", "2026-11-25", "--skip", "--note", "ill", db=other)
    seeded.ok("check", "Steps", "--date", "2026-11-23", "--value", "2", db=other)  # there only
    seeded.ok("add", "Read", db=other)
    before = week_marks(seeded)

    dry = seeded.ok("merge", str(other.parent), "--dry-run")
    assert "2 check-ins and 1 habit would come in" in dry and "Nothing was changed" in dry
    assert week_marks(seeded) == before

    said = seeded.ok("merge", str(other.parent))
    assert said.startswith("Merged 2 check-ins and 1 habit from ")
    assert "backup restore" in said and "before-merge" in said
    marks = week_marks(seeded)
    assert marks["Journal"]["2026-11-24"][0] == "done"  # ours stays
    assert marks["Journey"]["2026-11-25"] == ("skipped", "ill")  # theirs was later
    assert marks["Steps"]["2026-11-23"][0] == "partial"
    assert "Read" in marks
    assert "Nothing in" in seeded.ok("merge", str(other.parent))  # again: nothing new
    assert "Nothing in" in seeded.ok("merge", str(other))  # its main file names it too


def test_merging_both_ways_gives_both_copies_the_same_data(seeded: Cli, tmp_path: Path) -> None:
    other = other_copy(seeded, tmp_path)
    seeded.ok("check", "Journal", "--date", "2026-11-24", "--note", "here")
    seeded.ok("check", "Journal", "--date", "2026-11-24", "--undo", db=other)  # a clear, later
    seeded.ok("check", "Steps", "--date", "2026-11-22", db=other)
    seeded.ok("merge", str(other.parent))
    shutil.copytree(seeded.db.parent, tmp_path / "mine", ignore=shutil.ignore_patterns("*.lock", "env-guard", "other"))
    seeded.ok("merge", str(tmp_path / "mine"), db=other)
    assert week_marks(seeded) == week_marks(seeded, db=other)
    assert seeded.json("list") == seeded.json("list", db=other)


def test_an_export_brings_only_what_is_missing_and_keeps_yours(seeded: Cli, tmp_path: Path) -> None:
    seeded.ok("check", "Journal", "--date", "2026-11-24", "--note", "exported")
    seeded.ok("check", "Steps", "--date", "2026-11-22", "--value", "3")
    export = tmp_path / "export.json"
    seeded.ok("export", "--out", str(export))
    seeded.ok("check", "Journal", "--date", "2026-11-24", "--skip")  # changed since: ours stays
    seeded.ok("check", "Steps", "--date", "2026-11-22", "--undo")  # cleared since: stays cleared
    data = json.loads(export.read_text(encoding="utf-8"))
    assert data["checkins"], "the export holds check-ins"
    assert "Nothing in" in seeded.ok("merge", str(export))
    assert week_marks(seeded)["Journal"]["2026-11-24"][0] == "skipped"
    other = other_copy(seeded, tmp_path)  # an export from another copy, with a day we lack
    seeded.ok("check", "Journey", "--date", "2026-11-21", "--note", "from there", db=other)
    seeded.ok("export", "--out", str(tmp_path / "there.json"), db=other)
    assert seeded.ok("merge", str(tmp_path / "there.json")).startswith("Merged 1 check-in ")
    assert week_marks(seeded, date="2026-11-21")["Journey"]["2026-11-21"] == ("done", "from there")


def test_what_cannot_be_merged_is_refused_in_one_line_with_nothing_changed(seeded: Cli, tmp_path: Path) -> None:
    assert "no such file" in seeded.error("merge", str(tmp_path / "nowhere"))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "holds no Trust Tracker data" in seeded.error("merge", str(empty))
    assert "this data itself" in seeded.error("merge", str(seeded.db))
    broken = tmp_path / "broken" / "tracker.json"
    broken.parent.mkdir()
    broken.write_text('{"meta": {"1": {"schema": 99}}}', encoding="utf-8")
    assert "newer Trust Tracker" in seeded.error("merge", str(broken))
    broken.write_text("not json", encoding="utf-8")
    assert "cannot be merged" in seeded.error("merge", str(broken))


def test_a_damaged_file_in_the_other_folder_is_named_and_nothing_is_merged(seeded: Cli, tmp_path: Path) -> None:
    other = other_copy(seeded, tmp_path)
    seeded.ok("check", "Journal", "--date", "2026-11-24", db=other)
    [month] = [p for p in other.parent.rglob("2026-11.json") if "backups" not in str(p)]
    month.write_text('{"meta": {"1": {"month": "2026-11"}}, "checkins": {"1": {"habit": 5}}}',
                     encoding="utf-8")
    said = seeded.error("merge", str(other))
    assert "cannot be merged" in said and "2026-11.json" in said

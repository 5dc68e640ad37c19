"""Our own export is read with a limit of its own, far past the one for other trackers'
files (a line a check-in: 200 habits × 20 years is 69 MB), so a large export imports back
whole; a file read whole (not laid out as ours are) keeps the other formats' limit. The
limits are patched small here, so the files can stay small."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_round_trip import TODAY, stored

from tracker import transfer
from tracker.clock import FixedClock
from tracker.domain import CheckIn, Habit, HabitKind, Schedule
from tracker.porting import model, native
from tracker.porting.model import FormatError
from tracker.service import Tracker


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path]:
    """Three habits with a year and a half of days each (a note now and then), exported:
    the data and its export (some 100 KB)."""
    source, out = tmp_path / "a" / "t.json", tmp_path / "export.json"
    tracker = Tracker.open(source, FixedClock(TODAY))
    with tracker.store.transaction():
        for number in range(3):
            habit = Habit(f"habit{number:07d}", f"Habit {number}", HabitKind.PROMISE,
                          Schedule.daily(), dt.date(2025, 6, 1), position=number)
            tracker.store.put_habit(habit)
            tracker.store.put_days(habit.id, {
                dt.date(2025, 6, 1) + dt.timedelta(days=n): CheckIn(
                    value=n % 3 or None, skipped=n % 11 == 0, note="rain" if n % 7 == 0 else "")
                for n in range(540)})
    tracker.close()
    tracker = Tracker.open(source, FixedClock(TODAY), writable=False)
    transfer.export(tracker, "json", out)
    tracker.close()
    return source, out


def refusal(path: Path) -> str:
    with pytest.raises(FormatError) as caught:
        transfer.read_source(path, "json", TODAY)
    return str(caught.value)


def test_an_export_past_the_limit_for_other_files_imports_back_whole(
        exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, out = exported
    size = out.stat().st_size
    monkeypatch.setattr(model, "MAX_FILE_BYTES", size // 4)  # other trackers' files: far less
    copy = tmp_path / "b" / "t.json"
    target = Tracker.open(copy, FixedClock(TODAY))
    transfer.apply(target, transfer.plan(target, transfer.read_source(out, "auto", TODAY)))
    target.close()
    assert stored(copy) == stored(source)
    monkeypatch.setattr(native, "MAX_EXPORT_BYTES", size - 1)  # the limit it is read with
    assert refusal(out) == (f"{out}: the file is larger than the {size - 1:,} bytes limit; a "
                            "habit history is far smaller, so it was not read")


def test_a_large_file_not_laid_out_as_ours_is_not_read_whole(
        exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read whole, a file takes many times its size in memory: past the limit for other
    trackers' files, only a file laid out as our exports are is read."""
    _, out = exported
    data = json.loads(out.read_text(encoding="utf-8"))
    odd = tmp_path / "odd.json"  # the check-ins before the habits: read only whole
    odd.write_text(json.dumps(dict(reversed(list(data.items())))), encoding="utf-8")
    whole = transfer.read_source(odd, "json", TODAY)
    ours = transfer.read_source(out, "json", TODAY)
    assert [h.days for h in whole.habits] == [h.days for h in ours.habits]
    monkeypatch.setattr(model, "MAX_FILE_BYTES", odd.stat().st_size - 1)
    assert refusal(odd) == (f"{odd}: it can't be read as our exports are laid out (one "
                            f"check-in a line), and a file past {odd.stat().st_size - 1:,} "
                            "bytes is read no other way; it may be damaged")
    assert len(transfer.read_source(out, "json", TODAY).habits) == 3  # ours still reads


def test_a_large_export_of_a_newer_version_says_so(
        exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = exported
    out.write_text(out.read_text(encoding="utf-8").replace('"version": 2', '"version": 3', 1),
                   encoding="utf-8")
    said = refusal(out)
    assert said.endswith("this export is version 3; this Trust Tracker reads up to version 2 "
                         "(update it to read this file)")
    monkeypatch.setattr(model, "MAX_FILE_BYTES", out.stat().st_size // 4)
    assert refusal(out) == said

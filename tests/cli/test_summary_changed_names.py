"""A change from the shell brings the prompt's summary up to date only when no file but
this device's own changed: which files changed is told from two looks at them."""

from __future__ import annotations

from tracker.cli.prompt import Identity
from tracker.cli.summary import _changed_names

BEFORE: list[Identity] = [["t.json", 1, 10, 5, 5], ["a/2026-10.json", 2, 20, 6, 6],
                          ["a/2026-11.json", 3, 30, 7, 7], ["b/2026-11.json", 4, 40, 8, 8]]


def test_the_same_files_are_compared_side_by_side() -> None:
    after = [list(found) for found in BEFORE]
    assert _changed_names(BEFORE, after) == set()
    after[2] = ["a/2026-11.json", 9, 31, 9, 9]
    after[0] = ["t.json", 1, 10, 5, 6]
    assert _changed_names(BEFORE, after) == {"a/2026-11.json", "t.json"}


def test_a_file_there_in_one_look_only_is_changed() -> None:
    new = ["a/2026-12.json", 5, 50, 9, 9]
    assert _changed_names(BEFORE, [*BEFORE[:3], new, BEFORE[3]]) == {"a/2026-12.json"}
    assert _changed_names(BEFORE, BEFORE[:3]) == {"b/2026-11.json"}
    gone = ["b/2026-11.json"]  # (a file gone between the look and the read: its name alone)
    assert _changed_names(BEFORE, [*BEFORE[:3], gone]) == {"b/2026-11.json"}

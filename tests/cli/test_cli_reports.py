"""status and week, as text and JSON, and the issue's done-when scenario.

Today is Thursday 2026-11-26; weeks start on Monday.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

DAY_KEYS = {"today", "kept", "due", "stage", "score", "stages", "habits"}
REPORT_KEYS = {"id", "name", "kind", "for", "schedule", "status", "value", "streak", "score",
               "stage", "next", "still_due", "due_over"}
# README: status --json adds, to every field of a habit in list --json, where it stands
LIST_KEYS = {"id", "name", "kind", "for", "why", "tags", "schedule", "target", "measured", "unit",
             "at_most", "start",
             "archived", "pauses"}
WEEK_KEYS = {"first", "last", "days", "habits", "kept_per_day", "due_per_day", "kept", "due"}
DUE = {"done", "partial", "missed", "pending"}
STAGES = ["consistency", "predictability", "safety", "trust"]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def loop_score(start: str, today: str, kept: set[str], skipped: set[str], num: int,
               den: int) -> float:
    """DESIGN §2 by hand: score = score·m + v·(1−m), m = 0.5 ** (sqrt(num/den) / 13),
    v = min(1, kept in the last den days / num), over twice the window for these yes/no
    habits below daily (Loop's); a skipped day freezes the score, and today joins only if
    it raises it (a day still open never counts against anyone)."""
    m = 0.5 ** (math.sqrt(num / den) / 13)
    if num < den:
        num, den = 2 * num, 2 * den
    kept_days = {d(k) for k in kept}
    score, day = 0.0, d(start)
    while day <= d(today):
        if day.isoformat() not in skipped:
            window = sum(day - dt.timedelta(days=den - 1) <= k <= day for k in kept_days)
            fresh = score * m + min(1.0, window / num) * (1 - m)
            score = max(score, fresh) if day == d(today) else fresh
        day += dt.timedelta(days=1)
    return score


# -- the done-when scenario -----------------------------------------------------------------
@pytest.fixture(scope="module")
def scenario_template(tmp_path_factory: pytest.TempPathFactory, make_cli) -> Path:
    """Built once per module through the CLI, then copied for each test."""
    folder = tmp_path_factory.mktemp("scenario")
    run = make_cli(folder / "x.json", tmp_path_factory.mktemp("guard") / "tracker.json")
    run.ok("add", "Call Sam", "--for", "Sam", "--start", "2026-11-13")
    run.ok("add", "Run", "--schedule", "3/week", "--start", "2026-11-09")
    run.ok("add", "Journal", "--schedule", "mon,thu", "--start", "2026-11-09")
    for day in ("13", "14", "15", "16", "17", "18", "19", "21", "22", "23", "24", "25"):
        run.ok("check", "call", "--date", f"2026-11-{day}")
    run.ok("check", "call", "--skip", "--date", "2026-11-20")
    for day in ("09", "11", "13", "17", "19", "20", "23", "25"):
        run.ok("check", "run", "--date", f"2026-11-{day}")
    for day in ("09", "12", "19", "23"):
        run.ok("check", "journal", "--date", f"2026-11-{day}")
    run.ok("check", "journal")  # today, Thursday 26
    return run.db


@pytest.fixture
def scenario(run, scenario_template: Path, copy_template):
    copy_template(scenario_template, run.db)
    return run


def test_done_when_scenario_status_json(scenario):
    status = scenario.json("status", "--today", "2026-11-26")
    sam, run_, journal = status["habits"]
    assert [h["name"] for h in status["habits"]] == ["Call Sam", "Run", "Journal"]

    # Call Sam, daily from Fri 13: kept 13–19, skipped 20, kept 21–25, today still open.
    # Scheduled days 13..26; the skip neither breaks nor extends; today pending doesn't
    # count yet: 7 + 5 = 12 days. Best is the same run (it never broke).
    assert sam["kind"] == "action" and sam["for"] == "Sam"
    assert (sam["status"], sam["value"], sam["still_due"], sam["due_over"]) == \
        ("pending", 0, 1, "today")
    assert sam["streak"] == {"current": 12, "best": 12, "unit": "day"}
    # score: 12 kept days from 0, skip frozen, today can't lower it: 1 − m¹², m = 0.5^(1/13)
    assert sam["score"] == pytest.approx(1 - 0.5 ** (12 / 13), abs=1e-4)  # ≈ 0.4726
    # stage: score ≥ 0.40 and best streak spans 13..25 = 13 days ≥ 7 → predictability
    assert sam["stage"] == "predictability"
    assert sam["next"] == {"stage": "safety", "score_needed": 0.65, "span_needed_days": 21}

    # Run, 3 a week from Mon 9: week 9–15 kept 9, 11, 13 (3: met); week 16–22 kept 17, 19,
    # 20 (3: met); this week 23–29 kept 23, 25 (2 of 3: still open, neither counts).
    # Current streak 2 weeks, best 2; one more run due this week.
    assert (run_["status"], run_["still_due"], run_["due_over"]) == ("pending", 1, "this week")
    assert run_["streak"] == {"current": 2, "best": 2, "unit": "week"}
    run_kept = {f"2026-11-{x}" for x in ("09", "11", "13", "17", "19", "20", "23", "25")}
    run_score = loop_score("2026-11-09", "2026-11-26", run_kept, set(), 3, 7)
    assert run_["score"] == pytest.approx(run_score, abs=1e-4)
    # stage: the two met weeks span 9..22 = 14 days ≥ 7, but judged on 6 runs in any 14
    # days the score is still under 0.40 → consistency
    assert run_score < 0.40
    assert run_["stage"] == "consistency"

    # Journal, Mon+Thu from Mon 9: due 9 ✓, 12 ✓, 16 ✗ (missed), 19 ✓, 23 ✓, 26 ✓ today.
    # The miss on 16 breaks the first run (2); current 19, 23, 26 = 3, best 3.
    assert (journal["status"], journal["value"], journal["still_due"]) == ("done", 1, 0)
    assert journal["streak"] == {"current": 3, "best": 3, "unit": "day"}
    journal_kept = {f"2026-11-{x}" for x in ("09", "12", "19", "23", "26")}
    journal_score = loop_score("2026-11-09", "2026-11-26", journal_kept, set(), 2, 7)
    assert journal["score"] == pytest.approx(journal_score, abs=1e-4)
    # stage: best streak spans 19..26 = 8 days, but the score is under 0.40 → consistency
    assert journal_score < 0.40
    assert journal["stage"] == "consistency"
    assert journal["next"]["stage"] == "predictability"

    # The person: stages sorted high to low are [pred, cons, cons]; the stage at least half
    # reached is the middle one → consistency. Kept today 1 (Journal) of 3 due.
    assert status["today"] == "2026-11-26"
    assert (status["kept"], status["due"]) == (1, 3)
    assert status["stage"] == "consistency"
    assert status["stages"] == {"consistency": 2, "predictability": 1, "safety": 0, "trust": 0}
    expected_mean = (1 - 0.5 ** (12 / 13) + run_score + journal_score) / 3
    assert status["score"] == pytest.approx(expected_mean, abs=1e-4)


def test_done_when_scenario_status_text(scenario):
    text = scenario.ok("status")
    lines = text.splitlines()
    assert lines[0] == ("Thursday 26 November 2026: 1 of 3 kept today"
                        " · you stand at consistency")
    assert "Consistency actions" in lines and "Self-trust promises" in lines
    assert lines.index("Consistency actions") < lines.index("Self-trust promises")
    [sam] = [line for line in lines if "Call Sam (for Sam)" in line]
    assert sam.lstrip().startswith("○")
    assert "streak 12 days" in sam and "best 12" in sam and "47%" in sam
    assert sam.endswith("predictability · 1 to go today")
    [run_] = [line for line in lines if " Run " in line]
    assert "streak 2 weeks" in run_ and run_.endswith("· 1 to go this week")
    [journal] = [line for line in lines if "Journal" in line]
    assert journal.lstrip().startswith("✓") and journal.endswith("consistency")


def test_done_when_scenario_week(scenario):
    week = scenario.json("week", "--date", "2026-11-18")
    assert (week["first"], week["last"]) == ("2026-11-16", "2026-11-22")
    rows = {h["name"]: [c["status"] for c in h["cells"]] for h in week["habits"]}
    assert rows["Call Sam"] == ["done"] * 4 + ["skipped", "done", "done"]
    # Run met its quota that week, so the days it didn't run ask nothing
    assert rows["Run"] == ["off", "done", "off", "done", "done", "off", "off"]
    assert rows["Journal"] == ["missed", "off", "off", "done", "off", "off", "off"]
    assert (week["kept"], week["due"]) == (10, 11)
    text = scenario.ok("week", "--date", "2026-11-18")
    assert text.splitlines()[0] == "Week of 16 Nov – 22 Nov 2026"
    assert "10/11" in text.splitlines()[-2]


# -- shapes ---------------------------------------------------------------------------
def test_status_json_shape(scenario):
    status = scenario.json("status")
    assert set(status) == DAY_KEYS
    assert list(status["stages"]) == STAGES
    assert status["stage"] in STAGES and 0 <= status["score"] <= 1
    for habit in status["habits"]:
        assert REPORT_KEYS <= set(habit)
        assert set(habit) == LIST_KEYS | REPORT_KEYS | {"note"}
        assert set(habit["streak"]) == {"current", "best", "unit"}
        assert habit["streak"]["current"] <= habit["streak"]["best"]
        assert habit["stage"] in STAGES
        assert set(habit["next"]) == {"stage", "score_needed", "span_needed_days"}
        assert isinstance(habit["still_due"], int) and isinstance(habit["due_over"], str)
    assert status["kept"] == sum(h["status"] == "done" for h in status["habits"])
    assert status["due"] == sum(h["status"] in {"done", "partial", "pending", "missed"}
                                for h in status["habits"])
    assert sum(status["stages"].values()) == len(status["habits"])


def test_status_on_an_empty_file(run):
    status = run.json("status")
    assert status == {"today": "2026-11-26", "kept": 0, "due": 0, "stage": "consistency",
                      "score": 0, "stages": dict.fromkeys(STAGES, 0), "habits": []}
    assert not run.db.exists()


def test_week_json_shape_and_totals(scenario):
    scenario.ok("check", "run", "--skip", "--date", "2026-11-24")
    week = scenario.json("week")
    assert set(week) == WEEK_KEYS
    assert (week["first"], week["last"]) == ("2026-11-23", "2026-11-29")
    assert week["days"] == [f"2026-11-{n}" for n in range(23, 30)]
    for habit in week["habits"]:
        assert {"id", "name", "kind", "cells", "kept", "due"} <= set(habit)
        assert [c["date"] for c in habit["cells"]] == week["days"]
        for c in habit["cells"]:
            assert set(c) == {"date", "status", "value", "note"}
        assert [c["status"] for c in habit["cells"][4:]] == ["off"] * 3  # the future
        assert habit["kept"] == sum(c["status"] == "done" for c in habit["cells"])
        assert habit["due"] == sum(c["status"] in DUE for c in habit["cells"])
    for i in range(7):
        assert week["kept_per_day"][i] == sum(h["cells"][i]["status"] == "done"
                                              for h in week["habits"])
        assert week["due_per_day"][i] == sum(h["cells"][i]["status"] in DUE
                                             for h in week["habits"])
    assert week["kept"] == sum(week["kept_per_day"]) == sum(h["kept"] for h in week["habits"])
    assert week["due"] == sum(week["due_per_day"]) == sum(h["due"] for h in week["habits"])
    # Call Sam 23–25 done, 26 pending; Run 23 done, 24 skipped, 25 done, 26 pending;
    # Journal Mon 23 done, Thu 26 done (Tue, Wed not its days)
    assert week["kept_per_day"] == [3, 1, 2, 1, 0, 0, 0]
    assert week["due_per_day"] == [3, 1, 2, 3, 0, 0, 0]
    assert (week["kept"], week["due"]) == (7, 9)


@pytest.mark.parametrize(("day", "first"), [
    ("2026-11-02", "2026-11-02"),  # a Monday starts its own week
    ("2026-11-08", "2026-11-02"),  # a Sunday ends it
    ("2026-12-31", "2026-12-28"),  # across a year's end
])
def test_week_date_picks_the_week(run, day, first):
    week = run.json("week", "--date", day)
    assert week["first"] == first
    assert week["days"][0] == first and len(week["days"]) == 7


def test_week_text(run):
    run.ok("add", "Read", "--start", "2026-11-23")
    run.ok("check", "read", "--date", "2026-11-24")
    run.ok("check", "read", "--skip", "--date", "2026-11-25")
    lines = run.ok("week").splitlines()
    assert lines[0] == "Week of 23 Nov – 29 Nov 2026"
    assert lines[1].split() == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "kept"]
    # Mon missed, Tue kept, Wed excused, Thu due today, then the future
    assert lines[2].split() == ["Read", "·", "✓", "~", "○", "1/3"]
    assert lines[3].split() == ["kept", "0", "1", "0", "0", "0", "0", "0", "1/3"]
    assert lines[4].startswith("✓ kept")


def test_week_on_an_empty_file(run):
    assert run.ok("week") == "Week of 23 Nov – 29 Nov 2026\nNo habits this week.\n"
    week = run.json("week")
    assert (week["habits"], week["kept"], week["due"]) == ([], 0, 0)


# once: the totals row was padded to the longest name, so under 'kept' it shifted right
def test_week_text_columns_line_up_with_short_names(run):
    run.ok("add", "Run", "--start", "2026-11-23")
    header, row, totals = run.ok("week").splitlines()[1:4]
    assert row.index("·") == header.index("Mo")
    assert totals.index("0") == header.index("Mo")

"""One notion of today: the command line reads the app's settings, so a late tick from the
shell lands on the day the app shows.

Each command runs in a real subprocess at a wall-clock time given by ``TRUST_TRACKER_NOW``
(``run(..., today=None, now=...)``), never the real one: 02:30 on Wednesday 2 December
2026, with "new day at 4 a.m." in ``settings.toml``, is still Tuesday 1 December.
"""

from __future__ import annotations

import pytest

LATE = "2026-12-02T02:30"  # Wednesday, before 4 a.m.: still Tuesday 1 December
MORNING = "2026-12-02T04:30"  # Wednesday has begun
NEW_DAY_AT_4 = "day_starts_at = 4\n"


@pytest.fixture
def late(run):
    """Walk, daily since 20 November, and "new day at 4 a.m." in the settings."""
    run.ok("add", "Walk", "--start", "2026-11-20")
    run.settings(NEW_DAY_AT_4)
    return run


def cells(run, now: str) -> dict[str, str]:
    """Walk's week, day by day, as ``week --json`` reports it at ``now``."""
    [row] = run.json("week", today=None, now=now)["habits"]
    return {cell["date"]: cell["status"] for cell in row["cells"]}


def test_a_tick_at_half_past_two_counts_for_the_day_before(late) -> None:
    assert late.ok("check", "walk", today=None, now=LATE) == \
        "Walk: 2026-12-01 kept. Streak 1 day, consistency.\n"
    days = cells(late, LATE)
    assert days["2026-12-01"] == "done" and days["2026-12-02"] == "off"
    [walk] = late.json("status", today=None, now=LATE)["habits"]
    assert (walk["status"], walk["streak"]["current"]) == ("done", 1)


def test_due_and_the_short_status_see_the_late_tick(late) -> None:
    late.ok("check", "walk", today=None, now=LATE)
    due = late("due", today=None, now=LATE)
    assert (due.returncode, due.stdout, due.stderr) == \
        (1, "Nothing is due today: every promise for today is kept or excused.\n", "")
    count = late("due", "--count", today=None, now=LATE)
    assert (count.returncode, count.stdout) == (1, "0\n")
    assert late.ok("status", "--short", today=None, now=LATE) == "1/1 kept · 0 due · consistency\n"


def test_once_the_new_day_begins_it_is_due_again(late) -> None:
    late.ok("check", "walk", today=None, now=LATE)
    due = late("due", today=None, now=MORNING)
    assert (due.returncode, due.stdout) == (0, "Walk · 1 to go today\n")
    assert late.ok("status", "--short", today=None, now=MORNING) == "0/1 kept · 1 due · consistency\n"
    assert late.ok("check", "walk", today=None, now=MORNING).startswith("Walk: 2026-12-02 kept.")


def test_yesterday_is_the_day_before_the_one_that_counts(late) -> None:
    assert late.ok("check", "walk", "--date", "yesterday", today=None, now=LATE) \
        .startswith("Walk: 2026-11-30 kept.")


def test_without_the_setting_a_new_day_begins_at_midnight(run) -> None:
    run.ok("add", "Walk", "--start", "2026-11-20")
    assert run.ok("check", "walk", today=None, now=LATE).startswith("Walk: 2026-12-02 kept.")


def test_today_given_wins_over_the_settings_and_the_clock(late) -> None:
    assert late.ok("check", "walk", today="2026-11-25", now=LATE).startswith("Walk: 2026-11-25 kept.")


def test_the_future_is_judged_by_the_day_that_counts(late) -> None:
    """At 02:30 Wednesday has not begun: checking it is checking a day to come."""
    line = late.error("check", "walk", "--date", "2026-12-02", today=None, now=LATE)
    assert line == ("trust-tracker: 2026-12-02 hasn't come yet; only today and past days "
                    "can be checked.")


def test_the_week_begins_on_the_settings_day_too(run) -> None:
    run.ok("add", "Walk", "--start", "2026-11-20")
    run.settings('week_start = "sunday"\n')
    week = run.json("week", today=None, now=LATE)
    assert (week["first"], week["last"]) == ("2026-11-29", "2026-12-05")  # Sunday to Saturday


def test_settings_that_do_not_read_are_said_and_the_defaults_used(late) -> None:
    late.settings("day_starts_at = 9\n")
    done = late("check", "walk", today=None, now=LATE)
    assert done.returncode == 0
    assert done.stdout.startswith("Walk: 2026-12-02 kept.")  # midnight, the default
    assert done.stderr == (f"trust-tracker: {late.settings_file}: day_starts_at must be an "
                           "hour from 0 to 6.\n")


@pytest.mark.parametrize(("command", "code"), [(("check", "walk"), 1), (("due",), 2),
                                               (("status", "--short"), 1)])
def test_a_wall_clock_given_wrong_is_one_line_and_changes_nothing(late, command, code) -> None:
    before = late.snapshot()
    done = late(*command, today=None, now="half past two")
    assert (done.returncode, done.stdout) == (code, "")
    assert done.stderr == ("trust-tracker: TRUST_TRACKER_NOW='half past two' is not a time "
                           "like 2026-12-02T02:30; unset it to use the real clock.\n")
    assert late.snapshot() == before

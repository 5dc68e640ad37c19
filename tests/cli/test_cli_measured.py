"""Measured habits from the shell: decimal targets and amounts, units, limits."""

from __future__ import annotations


def report(run, name: str) -> dict:
    return next(h for h in run.json("status", "--json")["habits"] if h["name"] == name)


def test_a_decimal_target_with_a_unit_and_exact_amounts(run):
    assert run.ok("add", "Walk", "--target", "2.5", "--unit", "km") == \
        "Added Walk  (self-trust promise; every day; target 2.5 km).\n"
    assert run.ok("check", "Walk", "--value", "1,25") == \
        "Walk: 2026-11-26 recorded (1.25/2.5 km). Streak 0 days, consistency. 1.25 km to go today.\n"
    walk = report(run, "Walk")
    assert (walk["target"], walk["unit"], walk["value"], walk["still_due"]) == (2.5, "km", 1.25, 1.25)
    assert walk["status"] == "partial"
    assert "kept (1.75/2.5 km)" not in run.ok("check", "Walk")  # a plain check adds a step, 0.5
    assert report(run, "Walk")["value"] == 1.75
    assert "kept (2.5/2.5 km)" in run.ok("check", "Walk", "--value", "2.5")
    assert run("due").stdout == "Nothing is due today: every promise for today is kept or excused.\n"


def test_thousandths_are_kept_exactly_over_many_days(run):
    run.ok("add", "Salt", "--target", "0.002", "--unit", "kg", "--start", "2026-11-01")
    for day in range(1, 26):
        run.ok("check", "Salt", "--date", f"2026-11-{day:02d}", "--value", "0.001")
    cells = [c for h in run.json("week", "--json", "--date", "2026-11-20")["habits"]
             for c in h["cells"] if h["name"] == "Salt"]
    assert [c["value"] for c in cells] == [0.001] * 7
    assert {c["status"] for c in cells} == {"partial"}


def test_a_limit_is_kept_by_recording_none_or_less(run):
    run.ok("add", "Coffee", "--at-most", "--target", "2", "--unit", "cups")
    assert report(run, "Coffee")["status"] == "pending"
    assert run.ok("due") == "Coffee · today's amount to record\n"
    assert "kept (0 · at most 2 cups)" in run.ok("check", "Coffee", "--value", "0")
    assert report(run, "Coffee")["status"] == "done"
    assert "kept (2 · at most 2 cups)" in run.ok("check", "Coffee", "--value", "2")
    assert "recorded (3 · at most 2 cups)" in run.ok("check", "Coffee", "--value", "3")
    coffee = report(run, "Coffee")
    assert (coffee["status"], coffee["at_most"], coffee["value"]) == ("missed", True, 3)
    assert "cleared" in run.ok("check", "Coffee", "--undo")
    assert report(run, "Coffee")["status"] == "pending"


def test_a_limit_of_none_at_all(run):
    assert "target none at all" in run.ok("add", "No scrolling", "--at-most", "--target", "0")
    assert "kept" in run.ok("check", "No scrolling")  # a plain check records none
    assert report(run, "No scrolling")["status"] == "done"


def test_a_limit_passed_today_is_still_counted_as_asked_of_today(run):
    run.ok("add", "Coffee", "--at-most", "--target", "2")
    run.ok("add", "Walk")
    run.ok("check", "Coffee", "--value", "3")
    status = run.json("status", "--json")
    assert (status["kept"], status["due"]) == (0, 2)


def test_a_weekly_total_is_kept_by_what_the_week_adds_up_to(run):
    run.ok("add", "Run", "--schedule", "1/week", "--target", "10", "--unit", "km",
           "--start", "2026-11-16")
    run.ok("check", "Run", "--date", "2026-11-23", "--value", "4.5")
    assert "5.5 km to go this week" in run.ok("status")
    run.ok("check", "Run", "--date", "2026-11-25", "--value", "5.5")
    [row] = run.json("week", "--json")["habits"]
    assert [c["status"] for c in row["cells"][:4]] == ["done", "off", "done", "off"]
    assert (row["kept"], row["due"]) == (1, 1)

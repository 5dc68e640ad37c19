"""The habit screen: opened from Today, it shows the facts; archiving and restoring are stored."""

from __future__ import annotations

import datetime as dt

from textual.widgets import OptionList, Static
from ui_support import TODAY, stored

from tracker.domain import DayStatus, NewHabit
from tracker.domain.amounts import parse_amount
from tracker.glyphs import glyph
from tracker.ui.screens.habit import HabitScreen
from tracker.ui.screens.habit_form import HabitForm
from tracker.ui.screens.today import TodayScreen
from tracker.ui.widgets.confirm import ConfirmDialog
from tracker.ui.widgets.heatmap import Heatmap


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_from_today(pilot, app, name: str) -> None:
    options = app.screen.query_one("#today-list", OptionList)
    habit = app.session.read(lambda t: t.find(name))
    options.highlighted = options.get_option_index(habit.id)
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()
    await app.session.settled()  # the habit's history is asked of the writer


def archived_on(app, name: str) -> dt.date | None:
    reopened = stored(app)
    try:
        habit = next(h for h in reopened.habits() + reopened.habits(archived=True) if h.name == name)
        return habit.archived
    finally:
        reopened.close()


async def test_o_opens_the_highlighted_habit_with_its_facts(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_today(pilot, app, "Journal")
        assert isinstance(app.screen, HabitScreen)
        report = app.session.read(lambda t: t.report(t.find("Journal")))
        assert app.screen.habit_id == report.habit.id
        assert "Journal" in text(app, "#habit-title")
        assert report.current.describe() in text(app, "#habit-streak")
        assert report.best.describe() in text(app, "#habit-best")
        assert report.stage.label in text(app, "#habit-stage")
        assert f"{report.score:.0%}" in text(app, "#habit-score")
        assert report.next is not None and report.next.describe() in text(app, "#habit-next")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_the_heatmap_shows_each_days_status(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_today(pilot, app, "Journal")
        heatmap = app.screen.query_one(Heatmap)
        expected = app.session.read(lambda t: t.statuses_from(t.find("Journal"), TODAY - dt.timedelta(days=20)))
        for back in range(20):
            day = TODAY - dt.timedelta(days=back)
            assert heatmap._statuses[day] is expected.status(day)
        lines = heatmap.render().plain.splitlines()
        thursday_row = lines[1 + TODAY.weekday()]  # weeks start on Monday here
        assert thursday_row.rstrip().endswith(glyph(DayStatus.PENDING))
        legend = "\n".join(lines[8:])  # a young habit's narrow grid explains its marks in two lines
        assert len(lines) in (9, 10)
        for status in (DayStatus.DONE, DayStatus.MISSED, DayStatus.SKIPPED, DayStatus.PENDING):
            assert f"{glyph(status)} " in legend


async def test_recent_notes_are_newest_first_and_follow_changes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_today(pilot, app, "Journal")
        habit = app.session.read(lambda t: t.find("Journal"))
        app.change(lambda t: t.note(habit, None, "Wrote two pages."))
        await app.session.settled()
        await pilot.pause()
        notes = text(app, "#habit-notes").splitlines()
        assert "Wrote two pages." in notes[0] and f"{TODAY.day} {TODAY:%b}" in notes[0]
        assert 1 < len(notes) <= 5


async def test_x_and_yes_archives_and_goes_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_today(pilot, app, "Journal")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await app.session.settled()
        await pilot.pause()
        assert archived_on(app, "Journal") == TODAY
        assert isinstance(app.screen, TodayScreen)
        shown = [o.id for o in app.screen.query_one("#today-list", OptionList).options]
        archived_id = app.session.read(lambda t: t.find("Journal", archived=True).id)
        assert archived_id not in shown and len(shown) > 1


async def test_x_and_no_keeps_the_habit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_today(pilot, app, "Journal")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")
        await app.session.settled()
        await pilot.pause()
        assert isinstance(app.screen, HabitScreen)
        assert archived_on(app, "Journal") is None


async def test_x_on_an_archived_habit_restores_it(make_app) -> None:
    app = make_app()
    tracker = app.session.tracker
    habit = tracker.archive(tracker.find("Call Mum"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_habit(habit.id)
        await pilot.pause()
        await app.session.settled()
        assert "archived" in text(app, "#habit-title")
        assert app.screen.active_bindings["x"].binding.action == "restore"
        await pilot.press("x")
        await app.session.settled()
        await pilot.pause()
        assert archived_on(app, "Call Mum") is None
        assert isinstance(app.screen, HabitScreen)
        assert "archived" not in text(app, "#habit-title")
        assert app.screen.active_bindings["x"].binding.action == "archive"


async def test_a_keymap_moves_archive_and_restore_together(make_app) -> None:
    from tracker.store.settings import Settings

    app = make_app(settings=Settings(keys={"habit.archive": "z"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_today(pilot, app, "Journal")
        assert app.screen.active_bindings["z"].binding.action == "archive"
        assert "x" not in app.screen.active_bindings
        await pilot.press("z", "y")
        await app.session.settled()
        assert archived_on(app, "Journal") == TODAY
        habit_id = app.session.read(lambda t: t.find("Journal", archived=True).id)
        app.open_habit(habit_id)
        await pilot.pause()
        await app.session.settled()
        assert app.screen.active_bindings["z"].binding.action == "restore"


async def test_e_opens_the_form_for_this_habit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_today(pilot, app, "Call Mum")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, HabitForm)
        assert app.screen.habit is not None and app.screen.habit.name == "Call Mum"


async def test_ascii_glyphs_reach_the_heatmap(make_app) -> None:
    from tracker.store.settings import Settings

    app = make_app(settings=Settings(ascii_glyphs=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_today(pilot, app, "Journal")
        drawn = app.screen.query_one(Heatmap).render().plain
        assert glyph(DayStatus.DONE, ascii_only=True) in drawn and "✓" not in drawn


def _open(name: str):
    async def run_before(pilot) -> None:
        habit_id = pilot.app.session.read(lambda t: t.find(name).id)
        pilot.app.open_habit(habit_id)
        await pilot.pause()
        await pilot.app.session.settled()  # the habit's history is asked of the writer
        await pilot.pause()

    return run_before


def test_habit_looks_right_at_80x24(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_open("Evening check-in"))


def test_habit_looks_right_wide(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=_open("Say thank you"))


def _paused(app):
    """Evening check-in paused from two days ago to tomorrow, and for a week in December."""
    tracker = app.session.tracker
    habit = tracker.pause(tracker.find("Evening check-in"), TODAY - dt.timedelta(days=2),
                          TODAY + dt.timedelta(days=1))
    tracker.pause(habit, dt.date(2026, 12, 20), dt.date(2026, 12, 27))
    return app


def test_a_paused_habit_looks_right_at_80x24(make_app, snap_compare) -> None:
    assert snap_compare(_paused(make_app()), terminal_size=(80, 24),
                        run_before=_open("Evening check-in"))


def test_the_pause_dialog_looks_right_at_80x24(make_app, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await _open("Evening check-in")(pilot)
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(_paused(make_app()), terminal_size=(80, 24), run_before=run_before)


def test_a_long_history_looks_right_at_80x24(make_app, snap_compare) -> None:
    """Four months up to a Tuesday, 1 December: every week that fits, December's name over
    its first days, the legend clear of the numbers, and where the habit stands now."""
    import random

    today = dt.date(2026, 12, 1)
    app = make_app(empty=True, today=today)
    tracker, rng = app.session.tracker, random.Random(5)
    start = today - dt.timedelta(days=130)
    with tracker.store.transaction():
        habit = tracker.add(NewHabit("Walk", target=parse_amount("2.5"), unit="km",
                                     why="Air, and an hour that is only mine."), start)
        for offset in range(130):
            roll, day = rng.random(), start + dt.timedelta(days=offset)
            if roll < 0.05:
                tracker.skip(habit, day)
            elif roll < 0.15:
                tracker.check(habit, day, parse_amount("1.5"))
            elif roll < 0.85:
                tracker.check(habit, day, habit.target, "Along the river." if roll > 0.8 else None)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open("Walk"))

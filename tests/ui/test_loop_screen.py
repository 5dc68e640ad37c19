"""The loop: the person's stage, habits per stage, this week's promises, each habit's next step."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from tracker.domain import Stage
from tracker.ui.screens.habit import HabitScreen
from tracker.ui.screens.loop import LoopScreen
from tracker.ui.widgets.loop_diagram import LoopDiagram


async def show_loop(pilot, app) -> None:
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, LoopScreen)


def headline(app) -> str:
    return str(app.screen.query_one("#loop-headline", Static).render())


async def test_l_shows_the_loop_with_the_domains_counts(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_loop(pilot, app)
        day = app.session.read(lambda t: t.day_report())
        diagram = app.screen.query_one(LoopDiagram)
        assert diagram.counts == day.stage_counts
        assert diagram.current is day.stage
        drawn = diagram.render().plain
        for stage, count in day.stage_counts.items():
            assert stage.label in drawn
            assert (f"{count} habit" if count else "no habits") in drawn
        assert drawn.count("you are here") == 1
        assert "┏" in drawn  # the current stage has the heavy frame, not only a colour
        assert day.stage.meaning in str(app.screen.query_one("#loop-meaning", Static).render())


async def test_the_headline_has_the_score_and_this_weeks_promises(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_loop(pilot, app)
        day, week = app.session.read(lambda t: (t.day_report(), t.week()))
        line = headline(app)
        assert f"{day.score:.0%}" in line
        assert f"{week.kept} of {week.due}" in line
        assert day.stage.label in line


async def test_each_habit_shows_its_stage_and_next_step(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_loop(pilot, app)
        day = app.session.read(lambda t: t.day_report())
        options = app.screen.query_one("#loop-habits", OptionList)
        assert options.option_count == len(day.habits)
        for report in day.habits:
            prompt = str(options.get_option(report.habit.id).prompt)
            assert report.habit.name in prompt and report.stage.label in prompt
            wants = report.next.describe() if report.next else "Trust reached"
            assert wants in prompt


async def test_the_loop_catches_up_with_changes_made_on_today(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_loop(pilot, app)
        before = app.session.read(lambda t: t.week().kept)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("space")  # ticks the first habit
        await app.session.settled()
        await show_loop(pilot, app)
        assert f"{before + 1} of" in headline(app)


async def test_enter_opens_the_highlighted_habit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_loop(pilot, app)
        options = app.screen.query_one("#loop-habits", OptionList)
        options.focus()
        options.highlighted = 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HabitScreen)
        assert app.screen.habit_id == options.get_option_at_index(2).id


async def test_with_no_habits_the_loop_starts_at_consistency(make_app) -> None:
    app = make_app(empty=True)
    async with app.run_test(size=(100, 30)) as pilot:
        app.switch_mode("loop")
        await pilot.pause()
        diagram = app.screen.query_one(LoopDiagram)
        assert diagram.current is Stage.CONSISTENCY and not any(diagram.counts.values())
        assert "No habits yet" in headline(app)


async def _show_loop_only(pilot) -> None:
    await pilot.press("l")
    await pilot.pause()


def test_loop_looks_right_at_80x24(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_show_loop_only)


def test_loop_looks_right_wide(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=_show_loop_only)


async def test_each_habit_says_what_it_still_needs_and_a_first_day_reads_as_a_start(make_app) -> None:
    from tracker.domain import NewHabit

    app = make_app(empty=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")  # past the welcome
        app.change(lambda t: t.add(NewHabit("Walk")))
        await app.session.settled()
        walk = app.session.read(lambda t: t.find("Walk"))
        app.change(lambda t: t.check(walk))
        await app.session.settled()
        await show_loop(pilot, app)
        assert "so far, climbing with each kept day" in headline(app)
        assert "overall score" not in headline(app)
        options = app.screen.query_one("#loop-habits", OptionList)
        row = str(options.get_option_at_index(0).prompt)
        assert "Predictability is 6 more days of streak and" in row  # a day of 7 kept
        assert "score 40%" in str(app.screen.query_one(LoopDiagram).render())

"""Showing only a tag's habits or one person's actions, on Today and Week alike."""

from __future__ import annotations

from textual.widgets import OptionList

from tracker.domain import NewHabit
from tracker.ui.filter import FilterDialog

SIZE = (100, 30)


def today_names(app) -> list[str]:
    options = app.screen.query_one("#today-list", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    return [r.habit.name for r in app.reports.day.habits if r.habit.id in ids]


async def choose(pilot, label: str) -> None:
    await pilot.press("f")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, FilterDialog)
    found = dialog.query_one(OptionList)
    labels = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
    found.highlighted = labels.index(label)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_person_and_a_tag_filter_today_and_week_until_cleared(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.change(lambda t: t.add(NewHabit("Walk [b]fast[/]", tags=("self-trust",))))
        await app.session.settled()
        await pilot.pause()
        assert len(today_names(app)) == 6
        await choose(pilot, "for Sam")
        assert today_names(app) == ["Evening check-in", "Say thank you"]
        assert "for Sam only" in str(app.screen.query_one("#today-summary").render())
        await pilot.press("w")
        await pilot.pause()
        grid = app.screen.query_one("#week-grid")
        assert len(grid.habit_ids) == 2 and "for Sam only" in str(app.screen.query_one("#week-title").render())
        await choose(pilot, "#self-trust")
        assert [r.habit.name for r in app.screen._week.rows] == ["Walk [b]fast[/]"]
        await pilot.press("d")
        await pilot.pause()
        assert today_names(app) == ["Walk [b]fast[/]"]  # the name shown as typed
        await choose(pilot, "Every habit")
        assert len(today_names(app)) == 6
        assert "only" not in str(app.screen.query_one("#today-summary").render())


async def test_escape_keeps_the_filter_as_it_was(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose(pilot, "for Mum")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert today_names(app) == ["Call Mum"]

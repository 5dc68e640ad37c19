"""The journal: every note, newest first, across habits; searched, opened and edited from it.
And the palette, which finds habits by tag and by the person they are for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList, Static, TextArea
from ui_support import TODAY, seed_history, stored

from tracker.clock import FixedClock
from tracker.domain import CheckIn, HabitKind, NewHabit, Schedule
from tracker.service import Tracker
from tracker.store.settings import Settings
from tracker.ui.app import TrustTrackerApp
from tracker.ui.commands import TrackerCommands
from tracker.ui.screens.habit import HabitScreen
from tracker.ui.screens.journal import PAGE, JournalList, JournalScreen
from tracker.ui.screens.note import NoteDialog
from tracker.ui.screens.today import TodayScreen

YESTERDAY = TODAY - dt.timedelta(days=1)
LAST_YEAR = dt.date(2025, 12, 30)  # a Tuesday, in the year before the fixed today


def add_notes(app: TrustTrackerApp) -> None:
    """On top of the seeded history (its notes all read "We talked it through."): a note
    today, one of two lines yesterday, and one from last year on a habit begun back then."""
    tracker = app.session.tracker
    tracker.note(tracker.find("Journal"), TODAY, "Wrote two pages.")
    tracker.note(tracker.find("Call Mum"), YESTERDAY, "She laughed at the old story.\nI did too.")
    old = tracker.add(NewHabit("Keep my own boundary", tags=("self-trust",)), dt.date(2025, 12, 1))
    tracker.note(old, LAST_YEAR, "Said no, kindly.")


async def open_journal(pilot, app: TrustTrackerApp) -> JournalScreen:
    await pilot.press("j")
    await pilot.pause()
    await app.session.settled()  # the notes are asked of the writer
    await pilot.pause()
    assert isinstance(app.screen, JournalScreen)
    return app.screen


def entry_ids(app: TrustTrackerApp) -> list[str]:
    options = app.screen.query_one(JournalList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


def shown_lines(app: TrustTrackerApp) -> list[str]:
    """The list's lines as drawn (the visible part), without trailing blanks."""
    options = app.screen.query_one(JournalList)
    return [options.render_line(y).text.rstrip() for y in range(options.scrollable_content_region.height)]


def summary(app: TrustTrackerApp) -> str:
    return str(app.screen.query_one("#journal-summary", Static).render())


def key(app: TrustTrackerApp, name: str, day: dt.date) -> str:
    return f"{day.isoformat()}/{app.session.read(lambda t: t.find(name).id)}"


async def search(pilot, text: str) -> None:
    await pilot.press("slash", *text)
    await pilot.pause()


def terminal_output(app: TrustTrackerApp) -> str:
    """Everything the app would write to the terminal for the current screen, in full."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    return update.render_segments(app.console)


# -- what it shows -------------------------------------------------------------------
async def test_every_note_newest_first_across_habits_with_its_day(make_app) -> None:
    app = make_app()
    add_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot, app)
        notes = app.session.read(lambda t: t.all_notes())
        ids = entry_ids(app)
        assert len(notes) == 24 and len(ids) == 24  # 21 seeded, and the three above
        assert "24 notes, newest first" in summary(app)
        assert ids[:2] == [key(app, "Journal", TODAY), key(app, "Call Mum", YESTERDAY)]
        assert ids[-1] == key(app, "Keep my own boundary", LAST_YEAR)
        days = [dt.date.fromisoformat(i.split("/")[0]) for i in ids]
        assert days == sorted(days, reverse=True)
        lines = shown_lines(app)
        assert lines[0].strip().startswith("Thu 26 Nov   Journal")
        assert lines[1].strip() == "Wrote two pages."
        assert lines[2].strip() == "Wed 25 Nov   Call Mum · for Mum"
        assert app.screen.query_one(JournalList).highlighted == 0
        await pilot.press("end")  # the oldest note is from another year: it says which
        await pilot.pause()
        assert "Tue 30 Dec 2025   Keep my own boundary" in "\n".join(shown_lines(app))


async def test_a_note_of_two_lines_shows_on_two_lines(make_app) -> None:
    app = make_app()
    add_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot, app)
        lines = [line.strip() for line in shown_lines(app)]
        at = lines.index("She laughed at the old story.")
        assert lines[at - 1] == "Wed 25 Nov   Call Mum · for Mum"
        assert lines[at + 1] == "I did too."


async def test_markup_and_control_characters_in_notes_and_names_show_literally(tmp_path: Path) -> None:
    db = tmp_path / "data" / "tracker.json"
    tracker = Tracker.open(db, FixedClock(TODAY))
    seed_history(tracker)
    habit = tracker.add(NewHabit("odd", HabitKind.ACTION, Schedule.daily(), for_whom="Sam"))
    with tracker.store.transaction():  # as an old import could have left them: no check
        tracker.store.put_habit(habit.with_changes(name="[reverse]flip", for_whom="x[/]y"))
        tracker.store.put_checkin(habit.id, TODAY,
                                  CheckIn(1, note="[bold]x[/] and \x1b]0;pwned\x07 [@click=app.quit]C[/]"))
    tracker.close()
    app = TrustTrackerApp(Tracker.open(db, FixedClock(TODAY)), Settings(), save_settings_file=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_journal(pilot, app)
            lines = [line.strip() for line in shown_lines(app)]
            assert lines[0] == "Thu 26 Nov   [reverse]flip · for x[/]y"
            assert lines[1] == "[bold]x[/] and \ufffd]0;pwned\ufffd [@click=app.quit]C[/]"
            drawn = terminal_output(app)
            assert "\x1b]0;pwned" not in drawn and "\x07" not in drawn
            await search(pilot, "[bold]")
            assert entry_ids(app) == [f"{TODAY.isoformat()}/{habit.id}"]
            assert "1 of 22 notes match “[bold]”" in summary(app)
            assert app.is_running
    finally:
        app.session.close()


async def test_an_empty_journal_says_how_to_write_a_note(make_app) -> None:
    app = make_app(empty=True)
    app.session.tracker.add(NewHabit("Journal"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot, app)
        message = str(app.screen.query_one("#journal-empty", Static).render())
        assert "No notes yet." in message
        assert "n on any habit writes the day's note" in message
        assert not app.screen.query_one(JournalList).display
        assert not app.screen.query_one(Input).display  # nothing to search yet
        await pilot.press("n", "o", "slash")  # nothing to act on: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


# -- searching -----------------------------------------------------------------------
async def test_search_narrows_the_list_by_note_or_habit_and_says_how_many(make_app) -> None:
    app = make_app()
    add_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot, app)
        await search(pilot, "LAUGHED")  # any case
        assert entry_ids(app) == [key(app, "Call Mum", YESTERDAY)]
        assert "1 of 24 notes match “LAUGHED”" in summary(app)
        field = app.screen.query_one(Input)
        assert field.has_focus
        await pilot.press(*["backspace"] * 7, *"call mum")  # a habit's name finds its notes
        await pilot.pause()
        found = entry_ids(app)
        mum = app.session.read(lambda t: t.find("Call Mum").id)
        assert found and all(i.endswith(mum) for i in found)
        assert f"{len(found)} of 24 notes match “call mum”" in summary(app)
        await pilot.press(*["backspace"] * 8, *"nothing like this")
        await pilot.pause()
        assert not app.screen.query_one(JournalList).display
        assert "No note or habit mentions “nothing like this”" in str(
            app.screen.query_one("#journal-empty", Static).render())
        await pilot.press(*["backspace"] * 17, *"two pages")
        await pilot.pause()
        await pilot.press("escape")  # out of the box; the search stays
        await pilot.pause()
        assert app.screen.query_one(JournalList).has_focus and field.value == "two pages"
        assert isinstance(app.screen, JournalScreen)
        assert entry_ids(app) == [key(app, "Journal", TODAY)]
        await pilot.press("escape")  # then back to where the journal was opened
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_years_of_notes_are_listed_a_page_at_a_time_and_all_searched(make_app) -> None:
    app = make_app()
    tracker = app.session.tracker
    start = TODAY - dt.timedelta(days=3 * 365)
    habit = tracker.add(NewHabit("Evening pages"), start)
    with tracker.store.transaction():
        for back in range(3 * 365):
            tracker.note(habit, TODAY - dt.timedelta(days=back), f"day {back} of the pages")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot, app)
        total = 3 * 365 + 21
        assert f"{total:,} notes, newest first" in summary(app)
        options = app.screen.query_one(JournalList)
        assert options.option_count == PAGE  # not all of them at once
        for _ in range(PAGE):
            await pilot.press("down")
        await pilot.pause()
        assert options.highlighted == PAGE and options.option_count == 2 * PAGE  # it grows
        options.scroll_end(animate=False)  # as the mouse wheel would
        await pilot.pause()
        assert options.option_count == 3 * PAGE
        await search(pilot, "day 1000 of")  # the search looks beyond what is listed
        assert entry_ids(app) == [f"{(TODAY - dt.timedelta(days=1000)).isoformat()}/{habit.id}"]


# -- acting from it ------------------------------------------------------------------
async def test_enter_or_o_opens_the_habit_and_escape_comes_back(make_app) -> None:
    app = make_app()
    add_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot, app)
        await pilot.press("down")  # Call Mum's note
        await pilot.press("enter")
        await pilot.pause()
        await app.session.settled()
        assert isinstance(app.screen, HabitScreen)
        assert app.screen.habit_id == app.session.read(lambda t: t.find("Call Mum").id)
        await pilot.press("escape")
        await pilot.pause()
        await app.session.settled()
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.query_one(JournalList).highlighted == 1  # where it was
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, HabitScreen)
        await pilot.press("j")  # the journal again: back to the one already open
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert sum(isinstance(s, JournalScreen) for s in app.screen_stack) == 1


async def test_n_edits_the_note_and_the_journal_shows_what_is_stored(make_app) -> None:
    app = make_app()
    add_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot, app)
        await pilot.press("down", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        box = app.screen.query_one(TextArea)
        assert box.text == "She laughed at the old story.\nI did too."
        box.text = "She laughed.\nSo did I."
        await pilot.press("ctrl+s")
        await app.session.settled()
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        reopened = stored(app)
        assert reopened.checkins(reopened.find("Call Mum"))[YESTERDAY].note == "She laughed.\nSo did I."
        reopened.close()
        lines = [line.strip() for line in shown_lines(app)]
        assert lines[3:5] == ["She laughed.", "So did I."]
        assert app.screen.query_one(JournalList).highlighted == 1  # the cursor stays on it


async def test_a_note_written_elsewhere_joins_the_journal(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot, app)
        assert "21 notes" in summary(app)
        habit = app.session.read(lambda t: t.find("Lights out by 11"))
        app.change(lambda t: t.note(habit, TODAY, "In bed by ten."))
        await app.session.settled()
        await pilot.pause()
        assert entry_ids(app)[0] == f"{TODAY.isoformat()}/{habit.id}"
        assert "22 notes" in summary(app)


async def test_the_journal_key_can_be_remapped(make_app) -> None:
    app = make_app(settings=Settings(keys={"journal": "f6"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)


async def test_j_waits_while_a_dialog_is_open(make_app) -> None:
    from tracker.ui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark", "j")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert not any(isinstance(s, JournalScreen) for s in app.screen_stack)


# -- the palette ---------------------------------------------------------------------
async def hits(app: TrustTrackerApp, query: str) -> list[str]:
    provider = TrackerCommands(app.screen)
    return [str(hit.match_display) async for hit in provider.search(query)]


async def test_the_palette_finds_habits_by_tag_and_by_person(make_app) -> None:
    app = make_app()
    tracker = app.session.tracker
    tracker.add(NewHabit("Keep my own boundary", tags=("self-trust", "boundaries")))
    tracker.add(NewHabit("Walk together", HabitKind.ACTION, for_whom="Alex Morgan"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await hits(app, "#self-trust") == ["Open habit: Keep my own boundary · #self-trust"]
        assert "Open habit: Keep my own boundary · #self-trust" in await hits(app, "trust")
        assert "Open habit: Keep my own boundary · #boundaries" in await hits(app, "#bound")
        by_sam = await hits(app, "Sam")
        assert {"Open habit: Evening check-in · for Sam",
                "Open habit: Say thank you · for Sam"} <= set(by_sam)
        assert not any("Call Mum" in hit for hit in by_sam)
        assert "Open habit: Walk together · for Alex Morgan" in await hits(app, "for morgan")
        assert "Open habit: Call Mum" in await hits(app, "call mum")  # names as before
        assert "Show the week" in await hits(app, "week")  # and the other commands
        assert "Open the journal" in await hits(app, "journal")


async def test_a_habit_found_by_its_person_opens_from_the_palette(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = TrackerCommands(app.screen)
        found = [hit async for hit in provider.search("for mum")]
        assert [str(hit.match_display) for hit in found] == ["Open habit: Call Mum · for Mum"]
        found[0].command()
        await pilot.pause()
        await app.session.settled()
        assert isinstance(app.screen, HabitScreen)
        assert app.screen.habit_id == app.session.read(lambda t: t.find("Call Mum").id)


async def test_the_palette_opens_the_journal(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = TrackerCommands(app.screen)
        found = [hit async for hit in provider.search("journal")]
        command = next(hit for hit in found if str(hit.match_display) == "Open the journal")
        command.command()
        await pilot.pause()
        await app.session.settled()
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert "21 notes" in summary(app)


# -- how it looks --------------------------------------------------------------------
async def _open_journal(pilot) -> None:
    await pilot.press("j")
    await pilot.pause()
    await pilot.app.session.settled()
    await pilot.pause()


def test_the_journal_looks_right_at_80x24(make_app, snap_compare) -> None:
    app = make_app()
    add_notes(app)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open_journal)

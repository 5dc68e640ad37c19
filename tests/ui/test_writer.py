"""The writer thread: nothing a job or its callback does stops it; if it stops anyway the app
says so and refuses edits; and the event loop never waits for it (Events hold the job)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, Label, OptionList
from ui_support import highlight, status_today

from tracker.domain import DayStatus
from tracker.ui.screens.transfer import ExportDialog, ImportDialog
from tracker.ui.screens.week import WeekScreen
from tracker.ui.session import WriteJob


def messages(app) -> str:
    return "\n".join(f"{n.title} {n.message}" for n in app._notifications)


async def tick(pilot, app, name: str) -> None:
    await highlight(pilot, app, name)
    await pilot.press("space")
    await app.session.settled()


async def test_an_import_refused_with_a_markup_name_in_its_message_leaves_ticks_saving(make_app, tmp_path: Path) -> None:
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text("x[/]y\n[@click=app.quit]Q[/]: 1\n")  # line 1 is refused
    (folder / "log").write_text("")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_import()
        await pilot.pause()
        field = app.screen.query_one("#import-path", Input)
        field.value = str(folder)
        field.focus()
        await pilot.press("enter")
        await app.session.settled()
        assert isinstance(app.screen, ImportDialog)
        error = app.screen.query_one(".error", Label).visual
        assert "found 'x[/]y'" in str(error)  # quoted literally, in place
        await pilot.press("escape")
        await tick(pilot, app, "Journal")
        assert "1 of" in str(app.screen.query_one("#today-summary").render())
    assert status_today(app, "Journal") is DayStatus.DONE


async def test_a_failing_done_callback_is_said_and_the_next_change_is_stored(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        def broken(_: object) -> None:
            raise ValueError("the screen fell over")

        journal = next(h for h in app.reports.habits if h.name == "Journal")
        app.change(lambda t: t.check(journal), broken)
        await app.session.settled()
        assert "the screen fell over" in messages(app) and "saved" in messages(app)
        await tick(pilot, app, "Lights out by 11")
        assert app.is_running
    assert status_today(app, "Journal") is DayStatus.DONE  # the first change was saved
    assert status_today(app, "Lights out by 11") is DayStatus.DONE  # and so was the next


async def test_a_failing_failed_callback_is_said_and_the_next_change_is_stored(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        def refuse(_: object) -> None:
            raise OSError(28, "No space left on device")

        def broken(_: Exception) -> None:
            raise ValueError("could not say why")

        app.submit(WriteJob(refuse, lambda _: None, broken))
        await app.session.settled()
        assert "could not say why" in messages(app) and "Nothing was changed" in messages(app)
        await tick(pilot, app, "Journal")
    assert status_today(app, "Journal") is DayStatus.DONE


class WriterKilled(BaseException):
    """Not an Exception: what no job is expected to raise, so it ends the writer's loop."""


async def test_once_the_writer_stops_edits_are_refused_with_a_notice_and_quitting_fails(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        def kill(_: object) -> None:
            raise WriterKilled("the disk went away")

        app.session.submit(WriteJob(kill, lambda _: None, lambda _: None))
        for _ in range(100):
            await pilot.pause(0.02)
            if app.session.lost and "can no longer save" in messages(app):
                break
        assert "can no longer save" in messages(app) and "the disk went away" in messages(app)
        assert "NOT being saved" in app.sub_title  # in the header, on every screen
        await highlight(pilot, app, "Journal")
        await pilot.press("space")
        await pilot.pause()
        assert "not saved" in messages(app).split("can no longer save", 1)[1]
        assert app.session.pending == 1  # only the job that killed it: the tick was never queued
        await pilot.press("q")
    app.session.close()
    assert app.return_code == 1
    problem = app.exit_problem()
    assert problem is not None and "1 change" in problem and "not saved" in problem
    assert status_today(app, "Journal") is DayStatus.PENDING  # and indeed it was not


def hold_the_writer(app) -> tuple[threading.Event, threading.Event, threading.Event]:
    """A change that holds the data (the writer's lock) until ``release`` is set."""
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def slow(_: object) -> None:
        started.set()
        release.wait(10)
        finished.set()

    app.change(slow)
    return started, release, finished


async def wait_for(event: threading.Event) -> None:
    for _ in range(500):
        if event.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the writer never started the job")


async def test_keys_are_handled_while_a_slow_job_holds_the_data(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_export()
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        started, release, finished = hold_the_writer(app)
        await wait_for(started)
        path = app.screen.query_one("#export-path", Input)
        await pilot.press("x")  # the path field works this out from the data's today
        assert path.value.endswith("x") and not finished.is_set()
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)  # its habits come from the reports
        listed = app.screen.query_one("CommandList", OptionList)
        assert any("Open habit: Journal" in str(listed.get_option_at_index(i).prompt)
                   for i in range(listed.option_count))
        assert not finished.is_set()
        release.set()
        await app.session.settled()
        assert finished.is_set()


async def test_the_week_pages_and_resizes_while_a_slow_job_holds_the_data(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WeekScreen)
        started, release, finished = hold_the_writer(app)
        await wait_for(started)
        await pilot.resize_terminal(110, 32)
        await pilot.pause()
        await pilot.press("left_square_bracket")  # asked of the writer, which is busy
        await pilot.pause()
        title = str(screen.query_one("#week-title").render())
        assert "This week" in title and not finished.is_set()  # what it had, meanwhile
        release.set()
        await app.session.settled()
        assert "Last week" in str(screen.query_one("#week-title").render())

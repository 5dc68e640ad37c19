"""Export and import from the command palette: what lands on disk, and errors shown in place."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from textual.widgets import Button, Input, Label, Static
from ui_support import stored

from tracker.ui.screens.transfer import ExportDialog, ImportDialog


async def run_palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    for key in words:
        await pilot.press(key if key != " " else "space")
    await pilot.pause(0.2)
    await pilot.press("enter")
    await pilot.pause(0.2)


async def type_path(pilot, app, selector: str, path: Path) -> None:
    field = app.screen.query_one(selector, Input)
    field.value = str(path)
    field.focus()
    await pilot.pause()


async def settle(pilot, app) -> None:
    await app.session.settled()
    await pilot.pause(0.1)


async def test_export_from_the_palette_writes_a_private_file_with_every_habit(make_app, tmp_path) -> None:
    app = make_app()
    out = tmp_path / "mine.json"
    async with app.run_test(size=(100, 30)) as pilot:
        await run_palette(pilot, "export your")
        assert isinstance(app.screen, ExportDialog)
        await type_path(pilot, app, "#export-path", out)
        await pilot.press("enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, ExportDialog)  # closed once written
    data = json.loads(out.read_text())
    assert {h["name"] for h in data["habits"]} == {"Evening check-in", "Say thank you", "Call Mum",
                                                   "Journal", "Lights out by 11"}
    assert len(data["checkins"]) > 100
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


async def test_an_export_to_a_missing_folder_is_refused_in_place_keeping_the_path(make_app, tmp_path) -> None:
    app = make_app()
    out = tmp_path / "nowhere" / "mine.json"
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_export()
        await pilot.pause()
        await type_path(pilot, app, "#export-path", out)
        await pilot.click("#export")
        await settle(pilot, app)
        assert isinstance(app.screen, ExportDialog)
        assert "There is no folder" in str(app.screen.query_one(".error", Label).render())
        assert app.screen.query_one("#export-path", Input).value == str(out)
    assert not out.parent.exists()


def harsh_folder(tmp_path: Path, log: str) -> Path:
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text("! Body\nStretch: 3/7\nJournal: 1\n")
    (folder / "log").write_text(log)
    return folder


async def preview(pilot, app, folder: Path) -> None:
    """Open the import dialog (as the palette does), name the folder, press enter."""
    app.action_import()
    await pilot.pause()
    await type_path(pilot, app, "#import-path", folder)
    await pilot.press("enter")
    await settle(pilot, app)


async def test_import_previews_then_adds_and_joins_by_name(make_app, tmp_path) -> None:
    app = make_app()
    folder = harsh_folder(tmp_path, "2026-11-20 : Stretch : y : slow\n2026-11-21 : Stretch : s\n")
    async with app.run_test(size=(100, 30)) as pilot:
        await preview(pilot, app, folder)
        preview_text = str(app.screen.query_one("#import-preview", Static).render())
        assert "Stretch: new habit, 2 days to add" in preview_text
        assert "Journal: joins your habit of that name, 0 days to add" in preview_text
        assert stored_names(app) == 5  # nothing written by a preview
        await pilot.press("enter")  # the Import button has the focus now
        await settle(pilot, app)
        assert not isinstance(app.screen, ImportDialog)
    reopened = stored(app)
    stretch = reopened.find("Stretch")
    days = reopened.full_history(stretch)
    assert [(d.isoformat(), c.value, c.skipped, c.note) for d, c in sorted(days.items())] == [
        ("2026-11-20", 1, False, "slow"), ("2026-11-21", None, True, "")]
    assert stretch.tags == ("body",) and len(reopened.habits()) == 6
    reopened.close()


def stored_names(app) -> int:
    reopened = stored(app)
    try:
        return len(reopened.habits())
    finally:
        reopened.close()


async def test_a_bad_file_is_refused_whole_with_its_line(make_app, tmp_path) -> None:
    app = make_app()
    folder = harsh_folder(tmp_path, "2026-11-20 : Stretch : y\n2026-11-21 : Stretch : maybe\n")
    async with app.run_test(size=(100, 30)) as pilot:
        await preview(pilot, app, folder)
        error = str(app.screen.query_one(".error", Label).render())
        assert "log, line 2" in error
        assert app.screen.query_one("#import", Button).disabled
    assert stored_names(app) == 5


def footer_keys(app) -> dict[str, str]:
    from textual.widgets._footer import FooterKey

    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


async def test_ctrl_s_exports(make_app, tmp_path) -> None:
    app = make_app()
    out = tmp_path / "mine.json"
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_export()
        await pilot.pause()
        assert footer_keys(app) == {"Cancel": "esc", "Export": "^s"}  # its own keys
        await type_path(pilot, app, "#export-path", out)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, ExportDialog)
    assert json.loads(out.read_text())["habits"]


async def test_an_export_problem_goes_once_the_path_is_changed(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_export()
        await pilot.pause()
        await type_path(pilot, app, "#export-path", tmp_path / "nowhere" / "mine.json")
        await pilot.press("enter")
        await settle(pilot, app)
        error = app.screen.query_one(".error", Label)
        assert "There is no folder" in str(error.render())
        await pilot.press("backspace")
        await pilot.pause()
        assert str(error.render()) == ""


async def test_tab_then_enter_previews_and_ctrl_s_imports(make_app, tmp_path) -> None:
    app = make_app()
    folder = harsh_folder(tmp_path, "2026-11-20 : Stretch : y : slow\n")
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_import()
        await pilot.pause()
        await type_path(pilot, app, "#import-path", folder)
        assert footer_keys(app)["Preview"] == "^s"
        await pilot.press("tab")  # from the path on to Preview
        assert app.screen.focused is app.screen.query_one("#preview", Button)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Stretch: new habit" in str(app.screen.query_one("#import-preview", Static).render())
        assert footer_keys(app)["Import"] == "^s"  # the footer says what ctrl+s does now
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, ImportDialog)
    assert stored_names(app) == 6

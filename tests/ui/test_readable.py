"""Everyone can read it: states in marks, not colour alone; plain marks draw nothing but ASCII;
a dialog's styles stay its own; keys shown as they are bound."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Label, Static
from textual.widgets._footer import FooterKey
from ui_support import stored

from tracker.domain import DayStatus
from tracker.glyphs import ASCII, UNICODE, glyph, legend, marks
from tracker.service import Tracker
from tracker.store.settings import Settings
from tracker.ui.app import TrustTrackerApp
from tracker.ui.plain_marks import MarksHeader
from tracker.ui.screens.dialog import Dialog
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.note import NoteDialog
from tracker.ui.screens.too_small import TooSmallScreen
from tracker.ui.widgets.confirm import ConfirmDialog
from tracker.ui.widgets.marks import MarkedCheckbox, MarkedRadioButton

PLAIN = Settings(ascii_glyphs=True)
SIZE = (100, 30)


def screen_text(app) -> list[str]:
    """What the terminal shows, line by line (as App.export_screenshot draws it)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True,
                                                       screen_stack=app._background_screens))
    return console.export_text(styles=False).splitlines()


def drawn_by(app, *widgets: Widget) -> str:
    """The cells the widgets cover on screen (a dialog without the view behind it)."""
    lines = screen_text(app)
    parts = []
    for widget in widgets:
        region = widget.region
        parts += [line[region.x:region.right] for line in lines[region.y:region.bottom]]
    return "\n".join(parts)


def not_ascii(text: str) -> list[str]:
    return sorted({char for char in text if not char.isascii()})


def footer_keys(app) -> dict[str, str]:
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


# -- the marks themselves ------------------------------------------------------------------

def test_kept_is_not_an_x_and_every_ascii_mark_differs() -> None:
    assert glyph(DayStatus.DONE, ascii_only=True) == "+"
    assert "x" not in ASCII.values()
    assert len(set(ASCII.values())) == len(ASCII) and all(m.isascii() for m in ASCII.values())
    assert legend(ascii_only=True) == "+ kept  / part way  ~ excused  o due today  . not kept"


@pytest.mark.parametrize("text, plain", [
    ("Trust Tracker — small promises, kept", "Trust Tracker - small promises, kept"),
    ("Gathering your habits…", "Gathering your habits..."),
    ("Mon 23 – Sun 29 Nov · 11 of 17", "Mon 23 - Sun 29 Nov - 11 of 17"),
    ("consistency → predictability", "consistency -> predictability"),
    ("80 × 24, “quoted”, it’s", '80 x 24, "quoted", it\'s'),
    ("✓ kept ◐ part way ○ due", "+ kept / part way o due"),
    ("Café, Łódź, naïve", "Cafe, Lodz, naive"),
    ("散歩 🏃", "???? ??"),  # as many cells as it had
])
def test_plain_marks_turn_text_into_ascii(text: str, plain: str) -> None:
    assert marks(text, ascii_only=True) == plain
    assert marks(text, ascii_only=False) == text


def test_every_unicode_day_mark_reads_as_its_ascii_one() -> None:
    for status, mark in UNICODE.items():
        if status is not DayStatus.MISSED:  # "·" in running text parts words: "-"
            assert marks(mark, ascii_only=True) == ASCII[status]


# -- states in marks: radio buttons, checkboxes, the welcome's picks ------------------------

@pytest.mark.parametrize("settings, off, on", [(Settings(), "▐ ▌", "▐✓▌"), (PLAIN, "[ ]", "[x]")])
async def test_a_checkbox_shows_its_state_in_its_mark(make_app, settings, off, on) -> None:
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        box = app.screen.query_one("#ascii-glyphs", MarkedCheckbox)
        shown = {str(box.render()).strip()}
        box.toggle()
        await pilot.pause()
        shown.add(str(box.render()).strip())
        assert shown == {f"{off} off", f"{on} on"}  # the mark, and the word


@pytest.mark.parametrize("settings, off, on", [(Settings(), "▐ ▌", "▐●▌"), (PLAIN, "( )", "(*)")])
async def test_a_radio_button_shows_its_state_in_its_mark(make_app, settings, off, on) -> None:
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        monday, sunday = app.screen.query(MarkedRadioButton)
        assert str(monday.render()).startswith(on) and str(sunday.render()).startswith(off)


# -- plain marks: nothing but ASCII --------------------------------------------------------

def test_today_in_plain_marks_looks_right_at_80x24(make_app, snap_compare) -> None:
    assert snap_compare(make_app(settings=PLAIN), terminal_size=(80, 24))


OTHERS = ("the header's icon (screens/view.py: MarksHeader for Header), $edge-round/$edge-solid "
          "borders in the view's .tcss, and its own text through glyphs.marks / ascii_only=")


@pytest.mark.parametrize("keys", [
    pytest.param((), id="today"),
    pytest.param(("w",), id="week"),
    pytest.param(("l",), id="loop"),
])
async def test_each_view_draws_nothing_but_ascii(make_app, keys) -> None:
    app = make_app(settings=PLAIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause(0.1)
        assert not_ascii("\n".join(screen_text(app))) == []


async def open_note(pilot) -> None:
    await pilot.press("n")


async def open_settings_with_a_list_open(pilot) -> None:
    await pilot.press("comma")
    await pilot.pause()
    pilot.app.screen.query_one("#theme").focus()
    await pilot.press("enter")


async def open_export(pilot) -> None:
    pilot.app.action_export()


async def open_import(pilot) -> None:
    pilot.app.action_import()


async def open_help(pilot) -> None:
    await pilot.press("question_mark")


async def open_help_at_the_end(pilot) -> None:
    await pilot.press("question_mark")
    await pilot.pause()
    await pilot.press("end")


@pytest.mark.parametrize("opening", [open_help, open_help_at_the_end, open_note,
                                     open_settings_with_a_list_open, open_export, open_import])
async def test_each_dialog_draws_nothing_but_ascii(make_app, opening) -> None:
    """What the dialog draws: its box, any list it opened and its footer (the view behind
    is the view's own, see above)."""
    app = make_app(settings=PLAIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await opening(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, Dialog)
        drawn = drawn_by(app, *app.screen.query(".dialog"), *app.screen.query("SelectOverlay"),
                         *app.screen.query("KeysFooter"))
        assert drawn.strip() and not_ascii(drawn) == []


async def test_the_welcome_and_the_too_small_cover_draw_nothing_but_ascii(make_app) -> None:
    app = make_app(empty=True, settings=PLAIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "down", "space")
        await pilot.pause()
        welcome = screen_text(app)
        assert "[x]" in "\n".join(welcome) and not_ascii("\n".join(welcome)) == []
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert not_ascii("\n".join(screen_text(app))) == []


async def test_a_notification_draws_nothing_but_ascii(make_app) -> None:
    app = make_app(settings=PLAIN)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify("Journal: Tue 1 Dec · “kept”", title="Undone — twice")
        await pilot.pause(0.2)
        toast = app.screen.query_one("Toast")
        assert not_ascii(drawn_by(app, toast)) == []


async def test_switching_plain_marks_redraws_the_header_and_the_footer_at_once(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        app.screen.query_one("#ascii-glyphs", MarkedCheckbox).toggle()
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert app.has_class("-plain")
        assert "Trust Tracker - small promises, kept" in screen_text(app)[0]
        header = MarksHeader()  # the one a view gets once screens/view.py uses it
        await app.screen.mount(header)
        await pilot.pause()
        assert header.icon == "o"


def test_keys_are_named_in_ascii_with_plain_marks() -> None:
    def never_opened() -> Tracker:
        raise AssertionError("no data is needed to name keys")

    plain = TrustTrackerApp(never_opened, PLAIN, save_settings_file=False)
    fancy = TrustTrackerApp(never_opened, Settings(), save_settings_file=False)
    for key, shown in (("shift+up", "shift+up"), ("left", "left"), ("enter", "enter"),
                       ("ctrl+s", "^s"), ("question_mark", "?"), ("left_square_bracket", "[")):
        assert plain.get_key_display(Binding(key, "noop")) == shown
    assert fancy.get_key_display(Binding("shift+up", "noop")) == "shift+↑"  # Textual's own
    for app in (plain, fancy):
        app.session.close()


# -- a dialog's styles are its own; its footer shows its keys ------------------------------

async def test_the_too_small_cover_keeps_its_own_background_after_help(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.styles.background.a < 1  # a dialog lets its view show through
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert app.screen.styles.background.a == 1  # the dialogs' backdrop did not reach it


async def test_q_quits_on_the_too_small_cover(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "press q to quit" in str(app.screen.query_one("#too-small", Static).render())
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_dialogs_footer_shows_its_own_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert "Done" in footer_keys(app)
        for key, wanted in (("n", {"Cancel": "esc", "Save": "^s"}),
                            ("comma", {"Close": "esc", "Save": "^s"}),
                            ("question_mark", {"Close": "esc"})):
            await pilot.press(key)
            await pilot.pause(0.1)
            assert footer_keys(app) == wanted, key
            await pilot.press("escape")
            await pilot.pause(0.1)


# -- keys as they are bound -----------------------------------------------------------------

REMAPPED = Settings(keys={"toggle": "x", "help": "f1", "mode.week": "f2"})


async def test_remapped_keys_show_in_the_footer_and_in_help(make_app) -> None:
    app = make_app(settings=REMAPPED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        keys = footer_keys(app)
        assert (keys["Done"], keys["Help"], keys["Week"]) == ("x", "f1", "f2")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {str(row.query_one(".help-words", Static).render()):
                str(row.query_one(".help-key", Label).render())
                for row in app.screen.query(".help-row")}
        assert rows["tick or untick the highlighted habit (enter or a click too; a limit: none today)"] == "x"
        assert rows["this page"] == "f1" and rows["the Week"] == "f2"
        assert rows["excuse today (press again to take it back)"] == "s"  # as bound by default


async def test_help_shows_the_marks_in_use(make_app) -> None:
    app = make_app(settings=PLAIN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        keys = [str(label.render()) for label in app.screen.query(".help-key.-mark")]
        assert keys == ["+", "/", "~", "o", "."]


# -- escape never throws typed work away unasked -------------------------------------------

async def test_escape_asks_before_dropping_a_changed_note(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, Dialog)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"slow start")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Discard this note?" in str(app.screen.query_one(".dialog-title", Label).render())
        await pilot.press("n")  # keep writing
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#note-text").text == "slow start"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await app.session.settled()
        assert not isinstance(app.screen, Dialog)
    reopened = stored(app)
    try:
        assert not any("slow start" in note for _, note in reopened.recent_notes(
            reopened.find("Evening check-in"), 10))
    finally:
        reopened.close()

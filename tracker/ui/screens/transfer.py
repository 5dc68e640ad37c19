"""Export and import dialogs, from the command palette: the same work as the CLI's commands.

The work runs on the writer thread (it reads or writes every month of history); progress
comes back as messages, which are safe to post from any thread and never wait for the
screen, so a long export can't stall the app or be stalled by it. Both are SavingDialogs:
escape cancels, ctrl+s does the dialog's next step (export; preview, then import).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from ..plain import plain
from ..widgets.marks import MarkedSelect
from .saving import SavingDialog

EXPORT_CHOICES = [("JSON: everything, reads back with import", "json"),
                  ("CSV: two files for a spreadsheet", "csv"),
                  ("Loop Habit Tracker's CSV (ZIP)", "loop-csv")]
IMPORT_CHOICES = [("Tell from the file", "auto"), ("Loop Habit Tracker", "loop"),
                  ("harsh", "harsh"), ("dijo", "dijo"), ("Trust Tracker export (JSON)", "json")]


class Progressed(Message):
    """How far the work on the writer thread has come."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class TransferDialog(SavingDialog):
    """What both dialogs share: a path, a format, a progress bar, a place for errors."""

    busy = False

    def _working(self, on: bool) -> None:
        self.busy = on
        self.query_one(ProgressBar).display = on
        self.query_one(ProgressBar).update(total=None, progress=0)
        for button in self.query(Button):
            button.disabled = on and button.id != "cancel"

    def _progress(self) -> Callable[[int, int], None]:
        def progressed(done: int, total: int) -> None:  # on the writer thread
            self.post_message(Progressed(done, total))

        return progressed

    def on_progressed(self, event: Progressed) -> None:
        self.query_one(ProgressBar).update(total=event.total or None, progress=event.done)

    def _error(self, text: str) -> None:
        """A problem, in place: its words may quote imported names, shown as they are.
        (Closed meanwhile with Cancel: said in a notification instead.)"""
        if not self.is_attached:
            self.app.notify(text, severity="warning", timeout=8)
            return
        self._working(False)
        self.query_one(".error", Label).update(plain(text, lines=True,
                                                     ascii_only=self.app.ascii_only))

    @on(Input.Changed)
    @on(Select.Changed)
    def _mending(self) -> None:
        """A problem said in place goes as soon as what it was about is changed."""
        if not self.busy:
            self.query_one(".error", Label).update("")

    def _run(self, job: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        """Run ``job(tracker)`` on the writer thread; a problem is shown here, in place."""
        from ...domain import TrackerError

        def guarded(tracker: Any) -> Any:
            try:
                return job(tracker)
            except (TrackerError, OSError) as err:
                return err

        def landed(result: Any) -> None:
            if isinstance(result, TrackerError):
                self._error(str(result))
            elif isinstance(result, OSError):
                self._error(f"That didn't work: {result.strerror or result}. Your data is as it was.")
            else:
                if self.is_attached:
                    self._working(False)
                done(result)

        def failed(err: Exception) -> None:  # anything else: said here too, never stuck busy
            self._error(f"That didn't work: {err}. Your data is as it was.")

        self.query_one(".error", Label).update("")
        self._working(True)
        self.app.change(guarded, landed, failed=failed)


class ExportDialog(TransferDialog):
    BINDINGS = [Binding("ctrl+s", "save", "Export", id="dialog.save")]

    def __init__(self, home: Path | None = None) -> None:
        super().__init__()
        self.home = home or Path.home()
        self._typed = False  # once the person edits the path, a format change leaves it alone

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label("Export your data", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("As", classes="form-label")
                yield MarkedSelect(EXPORT_CHOICES, value="json", allow_blank=False,
                                   id="export-format", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("To", classes="form-label")
                yield Input(str(self._default("json")), id="export-path", compact=True)
            yield Static("Your notes are private: the file is readable by you alone.",
                         classes="dialog-hint")
            yield ProgressBar(id="transfer-progress", show_eta=False)
            yield Label("", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._working(False)
        self.query_one("#export-path", Input).focus()

    def _default(self, fmt: str) -> Path:
        from ...transfer import default_export_name

        reports = self.app.reports  # the writer's latest
        today = reports.today if reports is not None else dt.date.today()
        return self.home / default_export_name(fmt, today.isoformat())

    @on(Input.Changed, "#export-path")
    def _path_typed(self, event: Input.Changed) -> None:
        self._typed = self._typed or event.value != str(self._default(self._format()))

    @on(Select.Changed, "#export-format")
    def _format_chosen(self) -> None:
        if not self._typed:
            self.query_one("#export-path", Input).value = str(self._default(self._format()))

    def _format(self) -> str:
        return str(self.query_one("#export-format", Select).value)

    @on(Button.Pressed, "#export")
    def action_save(self) -> None:
        """Export (the button, enter in the path, ctrl+s)."""
        from ... import transfer

        if self.busy:
            return
        fmt = self._format()
        out = Path(self.query_one("#export-path", Input).value.strip()).expanduser()
        progress = self._progress()

        def write(tracker: Any) -> str:
            transfer.check_export_target(out, fmt)
            return transfer.export(tracker, fmt, out, progress)

        def finished(message: str) -> None:
            self.app.notify(message, timeout=6)
            if self.is_active:  # not closed with Cancel meanwhile
                self.dismiss()

        self._run(write, finished)


class ImportDialog(TransferDialog):
    """Read, show what would be added, then add it: nothing is written before "Import"."""

    # ctrl+s takes the next step, and the footer says which (see check_action)
    BINDINGS = [Binding("ctrl+s", "step('preview')", "Preview", id="dialog.save"),
                Binding("ctrl+s", "step('import')", "Import", id="dialog.save")]

    def __init__(self) -> None:
        super().__init__()
        self._plan: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-dialog"):
            yield Label("Import from another tracker", classes="dialog-title")
            # the format comes first, so Tab from the path goes on to Preview
            with Horizontal(classes="form-row"):
                yield Label("From", classes="form-label")
                yield MarkedSelect(IMPORT_CHOICES, value="auto", allow_blank=False,
                                   id="import-from", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("File", classes="form-label")
                yield Input(placeholder="the file or folder to read", id="import-path",
                            compact=True)
            yield Static("A Loop export (ZIP or .db), a harsh folder, dijo's habit_record.json "
                         "or a Trust Tracker JSON export.", classes="dialog-hint")
            # read with the arrow keys once it holds more than it shows; Tab skips it until then
            with VerticalScroll(id="import-preview-box", can_focus=False):
                yield Static("", id="import-preview")
            yield Static("Nothing is written before Import, and a backup comes first.",
                         classes="dialog-hint")
            yield ProgressBar(id="transfer-progress", show_eta=False)
            yield Label("", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Preview", id="preview", variant="primary", compact=True)
                yield Button("Import", id="import", compact=True, disabled=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._working(False)
        self.query_one("#import-path", Input).focus()

    def _working(self, on: bool) -> None:
        super()._working(on)
        self.query_one("#import", Button).disabled = on or self._plan is None

    @on(Input.Changed, "#import-path")
    @on(Select.Changed, "#import-from")
    def _forget_preview(self) -> None:
        self._plan = None
        self.query_one("#import", Button).disabled = True
        self.query_one("#import-preview", Static).update("")
        self.refresh_bindings()  # ctrl+s previews again

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.preview()  # enter in the path always reads it again

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Of the two ctrl+s bindings, the one for the step in hand (so the footer says it)."""
        if action == "step":
            return parameters == ("import",) if self._plan is not None else parameters == ("preview",)
        return True

    def action_step(self, step: str) -> None:
        self.action_save()

    def action_save(self) -> None:
        """The next step, as the buttons show it: import what is shown, else preview."""
        if self._plan is not None:
            self.do_import()
        else:
            self.preview()

    @on(Button.Pressed, "#preview")
    def preview(self) -> None:
        from ... import transfer

        if self.busy:
            return
        path = Path(self.query_one("#import-path", Input).value.strip()).expanduser()
        source = str(self.query_one("#import-from", Select).value)
        progress = self._progress()

        def read(tracker: Any) -> Any:
            bundle = transfer.read_source(path, source, tracker.today, progress)
            return bundle, transfer.plan(tracker, bundle)

        self._run(read, self._show_plan)

    def _show_plan(self, read: Any) -> None:
        if not self.is_attached:  # closed meanwhile: nothing was written, nothing to show
            return
        bundle, planned = read
        lines = [f"From {bundle.source}:", *planned.describe()]
        if not planned.changes_anything:
            lines.append("Nothing new to import; your data is as it is.")
        self.query_one("#import-preview", Static).update(
            plain("\n".join(lines), lines=True, ascii_only=self.app.ascii_only))
        self._plan = planned if planned.changes_anything else None
        self.refresh_bindings()  # ctrl+s now imports what is shown
        self.call_after_refresh(self._focusable_if_long)
        button = self.query_one("#import", Button)
        button.disabled = self._plan is None
        if self._plan is not None:
            button.focus()  # enter now imports what is shown

    def _focusable_if_long(self) -> None:
        """A preview longer than its box is read with the arrow keys: Tab reaches it then."""
        box = self.query_one("#import-preview-box", VerticalScroll)
        box.can_focus = box.max_scroll_y > 0

    @on(Button.Pressed, "#import")
    def do_import(self) -> None:
        from ... import transfer
        from ...porting.merge import counted

        planned = self._plan
        if planned is None or self.busy:
            return

        def apply(tracker: Any) -> str:
            backup = transfer.apply(tracker, planned)  # streaks worked out there, not on screen
            kept = f" Undo stops here; the backup {backup} holds your data from just before." if backup else ""
            return (f"Imported {counted(planned.new_habits, 'new habit')} and "
                    f"{counted(planned.day_count, 'day')}.{kept}")

        def finished(message: str) -> None:
            self.app.notify(message, timeout=8)
            if self.is_active:  # not closed with Cancel meanwhile
                self.dismiss()

        self._run(apply, finished)

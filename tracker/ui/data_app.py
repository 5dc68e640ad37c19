"""An App over a Session: changes and questions go to the writer; reports and outcomes
come back as messages, so the event loop never waits for the data.

``reports`` always holds the writer's latest ``Reports``; the screens render from it and
are refreshed (``refresh_data``) whenever a change lands. A job's ``done``/``failed``
callback runs here, on the app's thread, and whatever it raises is said in a notification
and goes no further: the writer has already moved on to the next job. If the writer's
thread ends while the app runs, the app says so at once and for good, refuses every
further change, and quitting reports it (``exit_problem``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from textual.app import App
from textual.worker import Worker, WorkerState

from . import failures
from .failures import Notice, open_failure_message
from .plain import shown
from .reports import Reports
from .session import Session, WriteJob

if TYPE_CHECKING:  # the service, domain and TinyDB load on the writer thread
    from textual.dom import DOMNode

    from ..service import Tracker


class DataApp(App[None]):
    def __init__(self, data: Tracker | Callable[[], Tracker]) -> None:
        super().__init__()
        self.session = Session(data)
        self.reports: Reports | None = None  # the writer's latest
        self.open_failure: str | None = None  # why the data could not be opened, for the CLI
        self._refused = 0  # changes refused once the writer was lost
        self._outside_failure: str | None = None  # the last outside change that did not read

    OUTSIDE_CHECK = 1.0  # seconds between looks for changes made elsewhere

    # -- the writer ------------------------------------------------------------------
    def start_writer(self) -> None:
        if self.session.is_open:  # data handed in open (tests, tools): shown at once
            self.reports = self.session.first_reports()
            self._watch_outside()
        self.run_worker(lambda: self.session.run_writer(self.post_message),
                        thread=True, group="writer", name="writer", exit_on_error=False)

    def _watch_outside(self) -> None:
        self.set_interval(self.OUTSIDE_CHECK, self.check_outside, name="outside changes")

    def check_outside(self) -> None:
        """Take in what the command line, another window or a sync wrote (when the writer
        is idle: a stat per file, nothing read unless something changed)."""
        if self.session.pending or self.session.lost or not self.session.is_open:
            return

        def said(changed: bool) -> None:
            self._outside_failure = None
            if changed:
                self.notify("Brought up to date with changes made elsewhere.", timeout=3)
                self.tell_notice()

        def failed(error: Exception) -> None:
            if str(error) != self._outside_failure:  # said once, not every second
                self._outside_failure = str(error)
                self.show_failure(error)

        self.session.submit(WriteJob(lambda t: t.refresh(), said, failed,
                                     changes_data=False, reports_if_true=True))

    def on_session_opened(self, message: Session.Opened) -> None:
        if message.error is not None:
            self.open_failure = open_failure_message(message.error)
            self.exit(return_code=1)
            return
        self.reports = message.reports
        self._watch_outside()
        self.data_opened()
        self.tell_notice()

    def tell_notice(self) -> None:
        """Say what the data did by itself (merged a sync tool's copies, finished an
        import a crash cut short), once."""
        def told(notice: str | None) -> None:
            if notice:
                self.notify(notice, title="Your data", timeout=8)

        self.session.submit(WriteJob(lambda t: t.pop_notice(), told, self.show_failure,
                                     changes_data=False))

    def data_opened(self) -> None:
        """The first reports are in ``reports``."""
        self.refresh_screens()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The writer's thread ended while the app runs: say so at once and for good."""
        if event.worker.name != "writer" or not event.worker.is_finished:
            return
        if event.state is WorkerState.ERROR and self.session.died is None:
            self.session.died = event.worker.error  # (run_writer lets nothing escape)
        if self.session.lost:
            self.sub_title = "changes are NOT being saved"
            self.say(failures.writer_lost(self.session.died, self.session.unwritten))

    def exit_problem(self) -> str | None:
        """After the app (and ``session.close()``): what the command line must report."""
        if self.open_failure is not None:
            return self.open_failure
        if self.session.lost:
            return failures.exit_problem(self.session.died,
                                         self.session.unwritten + self._refused)
        if self.session.unwritten:  # still queued when closing gave up waiting
            return failures.unfinished(self.session.unwritten)
        return None

    async def action_quit(self) -> None:
        """Quitting after the writer was lost is not a success (see ``exit_problem``)."""
        self.exit(return_code=1 if self.session.lost else 0)

    # -- changes and questions -------------------------------------------------------
    def change(self, change: Callable[[Tracker], Any], done: Callable[[Any], None] | None = None,
               message: str | None = None, failed: Callable[[Exception], None] | None = None) -> None:
        """Queue a change for the writer thread; every screen is refreshed when it lands.
        A failure is said in a notification unless ``failed`` says it."""

        def landed(result: Any) -> None:
            if done is not None:
                done(result)
            if message:
                self.notify(message, timeout=2)

        self.submit(WriteJob(change, landed, failed or self.show_failure))

    def ask(self, question: Callable[[Tracker], Any], answer: Callable[[Any], None],
            failed: Callable[[Exception], None], owner: DOMNode) -> bool:
        """Ask the writer about data the reports don't hold. ``answer`` (or ``failed``) is
        called here once every change asked for before has landed, unless ``owner`` has
        left the screen by then. False if it can't be asked (the writer is lost)."""
        return self.session.submit(WriteJob(question, answer, failed, changes_data=False,
                                            owner=owner))

    def submit(self, job: WriteJob, what: str = "That change") -> None:
        """Queue a job, or say plainly that it can't be saved."""
        if not self.session.submit(job):
            self._refused += 1
            self.say(failures.refused(what))

    def on_session_landed(self, message: Session.Landed) -> None:
        """A job's outcome, on the app's thread; nothing raised here goes further."""
        job = message.job
        try:
            if message.reports is not None:
                self.reports = message.reports
            owner = job.owner
            if owner is None or (owner.is_attached and owner.is_running):
                try:
                    if message.error is None:
                        job.done(message.value)
                    else:
                        job.failed(message.error)
                except Exception as err:
                    self.say(failures.showing_failed(
                        err, saved=message.error is None and job.changes_data))
            if message.reports_error is not None:
                self.say(failures.reports_failed(message.reports_error))
            if job.changes_data or message.reports is not None:
                self.refresh_screens()
        finally:
            self.session.landed()

    def refresh_screens(self) -> None:
        """Each screen of the current stack shows the latest reports; one that can't says
        so, and the others still show."""
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                try:
                    refresh()
                except Exception as err:
                    self.say(failures.screen_failed(err))

    # -- saying things ---------------------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications carry habit names and notes as typed: never read as markup, and
        never a control character. (Narrower than App.notify: no markup at all.)"""
        ascii_only = bool(getattr(self, "ascii_only", False))  # plain marks (TrustTrackerApp)
        super().notify(shown(message, lines=True, ascii_only=ascii_only),
                       title=shown(title, ascii_only=ascii_only),
                       severity=severity,  # type: ignore[arg-type]  # str, as App.notify's callers pass
                       timeout=timeout, markup=False)

    def say(self, notice: Notice) -> None:
        self.notify(notice.message, title=notice.title, severity=notice.severity,
                    timeout=notice.timeout)

    def show_failure(self, error: Exception) -> None:
        self.say(failures.change_failed(error))

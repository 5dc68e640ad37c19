"""The app's hold on the data: one service, one writer thread, and messages back.

Every change runs on a single writer thread, in the order it was asked for, so the event
loop never waits on the disk and two quick ticks can never land out of order. After a
change the writer works out fresh ``Reports`` and posts them, with the change's outcome,
in one ``Session.Landed`` message: the screens render from what they are handed and
never take the data's lock. A question about data not in the reports (another week, one
habit's history) is a job too (``changes_data=False``): its answer comes back the same
way, after every change asked for before it.

Nothing a job or its report does can stop the writer: a failure is carried back in the
message, and whatever happens on the app's side happens there. Should the thread end
anyway, ``lost`` says so and ``submit`` refuses: nothing is queued that would not be saved.

The app starts with an *opener* rather than open data: the writer thread opens the data
(and imports the service, the domain and TinyDB) after the first frame is painted, so the
person sees the app at once; ``Session.Opened`` brings the first reports.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from textual.message import Message

from ..structs import struct
from .reports import Reports, gather

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from ..service import Tracker

T = TypeVar("T")
Post = Callable[[Message], object]


class CollectorPause:
    """The cyclic garbage collector off while the app starts, until today's habits are on
    screen (the app's side) and while the data opens and the first reports are worked out
    (the writer's), as for a long read (see ``tracker.store.reading.bulk_reading``).

    Start-up makes tens of thousands of objects that live on (Textual's screens and styles,
    the service's modules, the data read), next to no garbage; left to itself the
    collector scans them again and again as they pile up, and once they are many,
    everything the app holds: one full collection was a third of the writer's time to the
    first reports at 200 habits. So it is paused, and what was made meanwhile joins the
    oldest generation at once (``freeze`` then ``unfreeze``: no scan), where the next full
    collection looks at it as at any other old object: nothing escapes collection. It runs
    again afterwards as it was (two pauses may overlap: the collector is on again once the
    one that found it on has ended). ``stop`` is safe to call again, or without a start."""

    def __init__(self) -> None:
        self._was_on: bool | None = None  # None: not paused by this one

    def start(self) -> None:
        if self._was_on is None:
            self._was_on = gc.isenabled()
            gc.disable()

    def stop(self) -> None:
        if self._was_on is not None:
            gc.freeze()
            gc.unfreeze()
            if self._was_on:
                gc.enable()
            self._was_on = None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """A ``CollectorPause`` for the block."""
    pause = CollectorPause()
    pause.start()
    try:
        yield
    finally:
        pause.stop()


@struct
class WriteJob:
    change: Callable[[Tracker], Any]
    done: Callable[[Any], None]
    failed: Callable[[Exception], None]
    changes_data: bool = True  # False for questions and the settings file: no fresh reports
    reports_if_true: bool = False  # fresh reports only when the job returns something true
    owner: DOMNode | None = None  # its callbacks are dropped once this has left the screen


class Session:
    class Opened(Message):
        """The data is open (``reports`` are the first), or could not be (``error``)."""

        def __init__(self, error: Exception | None, reports: Reports | None) -> None:
            super().__init__()
            self.error, self.reports = error, reports

    class Landed(Message):
        """A job has run: its value or error, and the reports as they now stand."""

        def __init__(self, job: WriteJob, value: Any, error: Exception | None,
                     reports: Reports | None, reports_error: Exception | None) -> None:
            super().__init__()
            self.job, self.value, self.error = job, value, error
            self.reports, self.reports_error = reports, reports_error

    def __init__(self, data: Tracker | Callable[[], Tracker]) -> None:
        """``data`` is open data (tests, tools) or an opener the writer thread calls first."""
        self.lock = threading.RLock()  # held by the writer for each job; ``read`` takes it
        self._jobs: queue.Queue[WriteJob | None] = queue.Queue()
        self.pending = 0  # (app's thread) submitted, not yet reported back
        self._unwritten = 0  # queued, not yet run by the writer
        self._count = threading.Lock()
        self._writer: threading.Thread | None = None
        self._opened = threading.Event()
        self.open_error: Exception | None = None
        self.stop_requested = False
        self.died: BaseException | None = None  # what ended the writer, if not stop()
        self._ended = threading.Event()  # the writer's loop is over ...
        self._finished = False  # ... because it was asked to (or the data never opened)
        if callable(data):
            self._opener: Callable[[], Tracker] | None = data
        else:
            self._opener, self._tracker = None, data
            self._opened.set()

    @property
    def is_open(self) -> bool:
        return self._opened.is_set() and self.open_error is None

    @property
    def tracker(self) -> Tracker:
        self._opened.wait()
        if self.open_error is not None:
            raise RuntimeError("the data could not be opened") from self.open_error
        return self._tracker

    def read(self, question: Callable[[Tracker], T]) -> T:
        """Ask the data directly, waiting for the writer's current job (tests and tools
        only: the app's screens ask through ``submit`` and never wait on the event loop)."""
        tracker = self.tracker
        with self.lock:
            return question(tracker)

    def first_reports(self) -> Reports:
        """For data handed in open (tests, tools): the first reports, gathered by the
        caller before the writer starts, so nothing waits for them."""
        assert self._writer is None and self._opener is None
        return gather(self._tracker)

    @property
    def lost(self) -> bool:
        """The writer has ended without being asked to: nothing more can be saved."""
        return self.died is not None or (self._ended.is_set() and not self._finished)

    @property
    def unwritten(self) -> int:
        """Jobs asked for that the writer has not run (after ``close()``: never will)."""
        with self._count:
            return self._unwritten

    def submit(self, job: WriteJob) -> bool:
        """Queue a job; its outcome comes back as ``Session.Landed``. False (nothing
        queued) once the writer is lost or stopping."""
        if self.lost or self.stop_requested:
            return False
        self.pending += 1
        with self._count:
            self._unwritten += 1
        self._jobs.put(job)
        return True

    # -- the writer thread -----------------------------------------------------------
    def run_writer(self, post: Post) -> None:
        """The writer thread's loop: one job at a time until ``stop()``.

        A change asked for just before quitting is still written: ``close()`` waits for
        this loop to drain the queue, and a report that can no longer reach the closed
        app is dropped (the change itself is on disk). Nothing escapes this function:
        whatever ends it early is kept in ``died`` for the app to tell."""
        self._writer = threading.current_thread()
        try:
            if self._opener is not None:
                reports = self._open()
                self._post(post, self.Opened(self.open_error, reports))
                if self.open_error is None:
                    self._keep_checkpoints()
            if self.open_error is None:
                while (job := self._jobs.get()) is not None:
                    self._post(post, self._run(job))
            self._finished = True
        except BaseException as err:  # the thread ends; the app says so and refuses edits
            self.died = err
        finally:
            self._ended.set()

    def _open(self) -> Reports | None:
        """Open the data and gather the first reports (every streak is worked out here, off
        the event loop; this week is not: see ``Reports.week``); a failure is kept for the app."""
        assert self._opener is not None
        try:
            with collector_paused():
                self._tracker = self._opener()
                with self.lock:
                    return gather(self._tracker, week=False)  # this week follows (the app asks)
        except Exception as err:  # reported by the app, which then closes cleanly
            self.open_error = err
            return None
        finally:
            self._opened.set()

    def _keep_checkpoints(self) -> None:
        """The first reports worked out every streak: keep the checkpoints that brought, so
        the next open reads a few months, not years. After the reports are posted, so the
        person does not wait for it; only a cache, so a failure waits for the next change
        (which saves them too) and never costs the writer."""
        try:
            with self.lock:
                self._tracker.save_checkpoints()
        except Exception:
            pass

    def _run(self, job: WriteJob) -> Landed:
        value: Any = None
        error = reports_error = None
        reports = None
        try:
            with self.lock:
                try:
                    value = job.change(self._tracker)
                except Exception as err:  # reported to the person, never a traceback
                    error = err
                if job.changes_data or (job.reports_if_true and value):  # after a failure too
                    try:
                        reports = gather(self._tracker)
                    except Exception as err:
                        reports_error = err
        finally:
            with self._count:
                self._unwritten -= 1
        return self.Landed(job, value, error, reports, reports_error)

    @staticmethod
    def _post(post: Post, message: Message) -> None:
        try:
            post(message)
        except Exception:  # the app has already closed: the report has nowhere to go
            pass

    # -- the app's side ----------------------------------------------------------------
    def landed(self) -> None:
        """A job's outcome has been handled on the app's thread."""
        self.pending -= 1

    def stop(self) -> None:
        self.stop_requested = True
        self._jobs.put(None)

    async def settled(self, timeout: float = 5.0) -> None:
        """Wait until every queued job has run and been reported back (for tests)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.pending and loop.time() < deadline:
            await asyncio.sleep(0.01)

    def close(self, timeout: float = 10.0) -> None:
        """Finish every queued change, then release the data (and its lock)."""
        self.stop()
        if self._writer is not None and self._writer is not threading.current_thread():
            # the loop's end, not the thread's: a worker thread outlives its function
            self._ended.wait(timeout)
        if self._opened.is_set() and self.open_error is None:
            with self.lock:
                self._tracker.close()

"""The app's hold on the data: one service, one writer thread, one lock.

Every change runs on a single worker thread, in the order it was asked for, so the event
loop never waits on the disk and two quick ticks can never land out of order. Reads take
the same lock, so a screen never sees a change half applied.

The app starts with an *opener* rather than open data: the writer thread opens the data
(and imports the service, the domain and TinyDB) after the first frame is painted, so the
person sees the app at once. Reads wait for that (a few hundred ms at most).
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..service import Tracker

T = TypeVar("T")


@dataclass
class WriteJob:
    change: Callable[[Tracker], Any]
    done: Callable[[Any], None]
    failed: Callable[[Exception], None]


class Session:
    def __init__(self, data: Tracker | Callable[[], Tracker]) -> None:
        """``data`` is open data (tests, tools) or an opener the writer thread calls first."""
        self.lock = threading.RLock()
        self._jobs: queue.Queue[WriteJob | None] = queue.Queue()
        self.pending = 0
        self._writer: threading.Thread | None = None
        self._opened = threading.Event()
        self.open_error: Exception | None = None
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
        tracker = self.tracker
        with self.lock:
            return question(tracker)

    def submit(self, job: WriteJob) -> None:
        """Queue a change; ``done``/``failed`` are called back on the app's thread."""
        self.pending += 1
        self._jobs.put(job)

    def run_writer(self, post: Callable[[Callable[[], None]], None],
                   when_open: Callable[[Exception | None], None]) -> None:
        """The writer thread's loop: one change at a time until ``stop()``.

        A change asked for just before quitting is still written: ``close()`` waits for
        this loop to drain the queue, and a report that can no longer reach the closed
        app is dropped (the change itself is on disk)."""
        self._writer = threading.current_thread()
        if self._opener is not None:
            self._open()
        self._report(post, lambda: when_open(self.open_error))
        if self.open_error is not None:
            return
        while (job := self._jobs.get()) is not None:
            try:
                with self.lock:
                    result = job.change(self._tracker)
            except Exception as err:  # reported to the person, never a traceback
                self._report(post, lambda job=job, err=err: self._finish(job.failed, err))
            else:
                self._report(post, lambda job=job, result=result: self._finish(job.done, result))

    def _open(self) -> None:
        """Open the data on this thread; a failure is kept for the app to report."""
        assert self._opener is not None
        try:
            self._tracker = self._opener()
        except Exception as err:  # reported by the app, which then closes cleanly
            self.open_error = err
        finally:
            self._opened.set()

    @staticmethod
    def _report(post: Callable[[Callable[[], None]], None], callback: Callable[[], None]) -> None:
        try:
            post(callback)
        except RuntimeError:  # the app has already closed
            pass

    def _finish(self, callback: Callable[[Any], None], value: Any) -> None:
        self.pending -= 1
        callback(value)

    def stop(self) -> None:
        self._jobs.put(None)

    async def settled(self, timeout: float = 5.0) -> None:
        """Wait until every queued change has been written and reported back (for tests)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.pending and loop.time() < deadline:
            await asyncio.sleep(0.01)

    def close(self, timeout: float = 10.0) -> None:
        """Finish every queued change, then release the data (and its lock)."""
        self.stop()
        if self._writer is not None and self._writer is not threading.current_thread():
            self._writer.join(timeout)
        if self._opened.is_set() and self.open_error is None:
            with self.lock:
                self._tracker.close()

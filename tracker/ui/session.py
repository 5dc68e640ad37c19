"""The app's hold on the data: one service, one writer thread, one lock.

Every change runs on a single worker thread, in the order it was asked for, so the event
loop never waits on the disk and two quick ticks can never land out of order. Reads take
the same lock, so a screen never sees a change half applied.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..service import Tracker

T = TypeVar("T")


@dataclass
class WriteJob:
    change: Callable[[Tracker], Any]
    done: Callable[[Any], None]
    failed: Callable[[Exception], None]


class Session:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self.lock = threading.RLock()
        self._jobs: queue.Queue[WriteJob | None] = queue.Queue()
        self.pending = 0
        self._writer: threading.Thread | None = None

    def read(self, question: Callable[[Tracker], T]) -> T:
        with self.lock:
            return question(self.tracker)

    def submit(self, job: WriteJob) -> None:
        """Queue a change; ``done``/``failed`` are called back on the app's thread."""
        self.pending += 1
        self._jobs.put(job)

    def run_writer(self, post: Callable[[Callable[[], None]], None]) -> None:
        """The writer thread's loop: one change at a time until ``stop()``.

        A change asked for just before quitting is still written: ``close()`` waits for
        this loop to drain the queue, and a report that can no longer reach the closed
        app is dropped (the change itself is on disk)."""
        self._writer = threading.current_thread()
        while (job := self._jobs.get()) is not None:
            try:
                with self.lock:
                    result = job.change(self.tracker)
            except Exception as err:  # reported to the person, never a traceback
                self._report(post, lambda job=job, err=err: self._finish(job.failed, err))
            else:
                self._report(post, lambda job=job, result=result: self._finish(job.done, result))

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
        with self.lock:
            self.tracker.close()

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

    def read(self, question: Callable[[Tracker], T]) -> T:
        with self.lock:
            return question(self.tracker)

    def submit(self, job: WriteJob) -> None:
        """Queue a change; ``done``/``failed`` are called back on the app's thread."""
        self.pending += 1
        self._jobs.put(job)

    def run_writer(self, post: Callable[[Callable[[], None]], None]) -> None:
        """The writer thread's loop: one change at a time until ``stop()``."""
        while (job := self._jobs.get()) is not None:
            try:
                with self.lock:
                    result = job.change(self.tracker)
            except Exception as err:  # reported to the person, never a traceback
                post(lambda job=job, err=err: self._finish(job.failed, err))
            else:
                post(lambda job=job, result=result: self._finish(job.done, result))

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

    def close(self) -> None:
        with self.lock:
            self.tracker.close()

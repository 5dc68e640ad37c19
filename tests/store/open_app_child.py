"""An app left open across midnight, for the kill-point test of a day's first change made
from what the open process knows of the files (see ``tracker.store.livefiles``).

    python tests/store/open_app_child.py DB DAY

Opens the data with DAY as today and makes that day's first change (Steps on DAY), says
``ready`` and waits for a line on stdin; then the day moves on to DAY + 1, and it makes
that day's first change (Journal on 2026-11-03), says ``done N`` (N: how many times that
change looked at every file of the data, not from what it knew) and exits.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass

from tracker.service import Tracker
from tracker.store import livefiles


@dataclass
class MovingClock:
    day: dt.date

    def today(self) -> dt.date:
        return self.day


def main(db: str, day: dt.date) -> None:
    clock = MovingClock(day)
    tracker = Tracker.open(db, clock)
    try:
        tracker.check(tracker.find("Steps"), day, value=day.day % 5 + 1)
        os.write(1, b"ready\n")
        sys.stdin.readline()
        looks, look = [], livefiles._look
        livefiles._look = lambda layout: looks.append(1) or look(layout)
        clock.day = day + dt.timedelta(days=1)
        tracker.check(tracker.find("Journal"), dt.date(2026, 11, 3))
        os.write(1, f"done {len(looks)}\n".encode())
    finally:
        tracker.close()


if __name__ == "__main__":
    main(sys.argv[1], dt.date.fromisoformat(sys.argv[2]))

"""The victim of the crash test: ticks habits in a loop until someone SIGKILLs it.

    python tests/store/crash_child.py DB SEED      tick until killed
    python tests/store/crash_child.py --serve DB   fork one ticking child per "fork SEED" line

Every line goes to stdout with one ``os.write`` (atomic on a pipe), so a kill never leaves
half a line:

    pid <pid>                        first, once
    saving <habit-id> <date> <value> before ``Tracker.check`` is called
    saved <habit-id> <date> <value>  after it returned: the tick is promised to be on disk

The server mode exists only to keep 200+ kills fast: it imports the tracker once, then for
each request forks a fresh process (the one that gets killed), waits for it and reports
``dead <pid> <wait-status>``. The forked child runs exactly the code the plain mode runs.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys

from tracker.clock import FixedClock
from tracker.service import Tracker

TODAY = dt.date(2026, 11, 26)
FIRST_DAY = dt.date(2025, 1, 1)
# A small pool of days spread over two years of months, so ticks often land on a day
# ticked before (the later tick must win) and on month files of every age.
DAY_POOL = [FIRST_DAY + dt.timedelta(days=d) for d in range(0, (TODAY - FIRST_DAY).days + 1, 7)]


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def tick_forever(db: str, seed: int) -> None:
    rng = random.Random(seed)
    say(f"pid {os.getpid()}")
    tracker = Tracker.open(db, FixedClock(TODAY))
    habits = tracker.habits()
    n = 0
    while True:
        habit = habits[n % len(habits)]  # alternate between the habits
        n += 1
        day = rng.choice(DAY_POOL)
        value = rng.randint(1, habit.target + 3)
        say(f"saving {habit.id} {day.isoformat()} {value}")
        tracker.check(habit, day, value)
        say(f"saved {habit.id} {day.isoformat()} {value}")


def serve(db: str) -> None:
    for request in sys.stdin:
        word, seed = request.split()
        assert word == "fork"
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                tick_forever(db, int(seed))
            except BaseException as err:  # only a real failure ends a ticking child
                os.write(2, f"crash child failed: {err!r}\n".encode())
                code = 3
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        say(f"dead {pid} {status}")


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve(sys.argv[2])
    else:
        tick_forever(sys.argv[1], int(sys.argv[2]))

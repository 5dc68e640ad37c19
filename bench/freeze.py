"""How long the app's event loop stalls for one key while a 2 s job holds the writer.

``python -m bench.freeze`` — for each of: a key in the export dialog's path field, a
terminal resize on the Week screen, ctrl+p and a letter in the palette, it prints how long
the key took to be handled and the longest stall of the event loop meanwhile (a 5 ms
ticker). Before the writer handed reports to the screens each was about 2 s: the screen
read the data under the lock the writer held for the whole job.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.data import build

TODAY = dt.date(2026, 11, 26)
CASES = ("export", "week", "palette")


async def stall(case: str, db: Path) -> tuple[float, float]:
    from tracker.clock import FixedClock
    from tracker.service import Tracker
    from tracker.store.settings import Settings
    from tracker.ui.app import TrustTrackerApp

    app = TrustTrackerApp(Tracker.open(db, FixedClock(TODAY)), Settings(), save_settings_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        if case == "export":
            app.action_export()
        elif case == "week":
            await pilot.press("w")
        await pilot.pause(0.3)
        started = threading.Event()

        def slow(_: object) -> None:
            started.set()
            time.sleep(2)

        app.change(slow)
        while not started.is_set():
            await asyncio.sleep(0.005)
        gaps: list[float] = []
        done = asyncio.Event()

        async def ticker() -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        task = asyncio.create_task(ticker())
        began = time.perf_counter()
        if case == "export":
            await pilot.press("x")
        elif case == "week":
            await pilot.resize_terminal(110, 32)
        else:
            await pilot.press("ctrl+p", "j")
        took = time.perf_counter() - began
        await asyncio.sleep(0.05)
        done.set()
        await task
        await app.session.settled()
    app.session.close()
    return took, max(gaps)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="trust-tracker-freeze-"))
    for case in CASES:
        db = build(folder / case, habits=10, days=120, today=TODAY)
        took, longest = asyncio.run(stall(case, db))
        print(f"{case:<8} key handled in {took:.3f} s; longest event-loop stall {longest:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

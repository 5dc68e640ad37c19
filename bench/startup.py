"""Start an app headless and say how long after its launch its first frame was painted.

``python -m bench.startup LAUNCHED bare`` — the floor: Textual with a Header, a Static, a Footer.
``python -m bench.startup LAUNCHED tracker DB YYYY-MM-DD [data]`` — Trust Tracker on that data,
started the way ``trust-tracker`` starts it (the command line's ``run_app``: arguments,
settings, the app; the data opens after the first frame), headless. With ``data``, the moment is when today's habits (streaks
and all) are painted instead.

``LAUNCHED`` is the parent's ``time.time()`` just before it started this process, so the
figure printed (ms) covers interpreter start, imports and the first paint, but not the
tear-down after it, which no person waits for.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def _report(launched: float) -> None:
    print(f"{(time.time() - launched) * 1000:.1f}", flush=True)


def peak_kb() -> float:
    """This process's peak resident memory since it started this program, in kB.

    ``VmHWM`` belongs to the memory of the running program, so unlike ``ru_maxrss`` it does
    not keep the size of the (large) parent this process was forked from."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    import resource

    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def bare(launched: float) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_ready(self) -> None:
            _report(launched)
            self.exit()

    Bare().run(headless=True, size=(100, 30))


def tracker(launched: float, db: str, today: str, with_data: bool) -> None:
    import tracker.cli.parser as parser
    import tracker.cli.run as cli
    import tracker.ui.app as ui_app

    class Timed(ui_app.TrustTrackerApp):
        def on_ready(self) -> None:
            if not with_data:
                _report(launched)
                self.exit()

        def on_today_screen_shown(self, _: object) -> None:
            def painted() -> None:  # the frame with every habit on it
                _report(launched)
                self.exit()

            self.call_after_refresh(painted)

    ui_app.TrustTrackerApp = Timed  # type: ignore[misc]  # make_app builds ours
    real_run = Timed.run
    Timed.run = lambda self, **_: real_run(self, headless=True, size=(100, 30))  # type: ignore[method-assign]
    code = cli.run_app(parser.parse(["--db", db, "--today", today]))
    if code:
        raise SystemExit(code)


if __name__ == "__main__":
    started = float(sys.argv[1])
    try:
        if sys.argv[2] == "bare":
            bare(started)
        else:
            tracker(started, sys.argv[3], sys.argv[4], len(sys.argv) > 5 and sys.argv[5] == "data")
    finally:
        print(f"{peak_kb():.0f}")  # after the frame time: the parent reads both

"""Start an app headless and quit as soon as its first frame is painted (``Ready``).

``python -m bench.startup bare`` — the floor: Textual with a Header, a Static, a Footer.
``python -m bench.startup tracker DB YYYY-MM-DD [data]`` — Trust Tracker on that data; with
``data``, quit once today's habits (streaks and all) are painted, not at the first frame.
The parent times the whole process and reads its peak memory.
"""

from __future__ import annotations

import sys


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_ready(self) -> None:
            self.exit()

    Bare().run(headless=True, size=(100, 30))


def tracker(db: str, today: str) -> None:
    import datetime as dt

    from tracker.clock import FixedClock
    from tracker.service import Tracker
    from tracker.store.settings import Settings
    from tracker.ui.app import TrustTrackerApp

    from tracker.ui.screens.today import TodayScreen

    with_data = len(sys.argv) > 4 and sys.argv[4] == "data"

    class Timed(TrustTrackerApp):
        def on_ready(self) -> None:
            if not with_data:
                self.exit()

        def on_today_screen_shown(self, _: TodayScreen.Shown) -> None:
            self.call_after_refresh(self.exit)  # the frame with every habit painted

    opened = Tracker.open(db, FixedClock(dt.date.fromisoformat(today)))
    app = Timed(opened, Settings(), save_settings_file=False)
    try:
        app.run(headless=True, size=(100, 30))
    finally:
        app.session.close()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        tracker(sys.argv[2], sys.argv[3])

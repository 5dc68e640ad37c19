"""Settings: week start, the hour a day begins, plain marks and the theme."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, RadioSet, Select, Static

from ..plain import filled
from ..widgets.marks import MarkedCheckbox, MarkedRadioButton, MarkedSelect
from .saving import SavingDialog


def hour_label(hour: int) -> str:
    return "midnight" if hour == 0 else f"{hour} a.m."


def on_off(value: bool) -> str:
    return "on" if value else "off"


class SettingsScreen(SavingDialog):
    # its own binding ids (public: the [keys] table names them), in place of the dialog's
    BINDINGS = [Binding("escape", "cancel", "Close", id="settings.close"),
                Binding("ctrl+s", "save", "Save", id="settings.save")]

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        themes = sorted(self.app.available_themes)
        theme = settings.theme if settings.theme in themes else self.app.theme
        ascii_only = self.app.ascii_only
        with Vertical(classes="dialog", id="settings-dialog"):
            yield Label("Settings", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Week starts", classes="form-label")
                yield RadioSet(MarkedRadioButton("Monday", settings.week_start != 6, id="week-monday"),
                               MarkedRadioButton("Sunday", settings.week_start == 6, id="week-sunday"),
                               id="week-start", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("New day at", classes="form-label")
                yield MarkedSelect([(hour_label(h), h) for h in range(7)],
                                   value=settings.day_starts_at, allow_blank=False,
                                   id="day-start", compact=True)
                yield Label("late nights count for the day before", classes="form-after")
            with Horizontal(classes="form-row"):
                yield Label("Theme", classes="form-label")
                yield MarkedSelect([(name, name) for name in themes], value=theme,
                                   allow_blank=False, id="theme", compact=True)
            with Horizontal(classes="form-row", id="ascii-row"):
                yield Label("Plain marks", classes="form-label")
                yield MarkedCheckbox(on_off(settings.ascii_glyphs), settings.ascii_glyphs,
                                     id="ascii-glyphs", compact=True)
                yield Label("ASCII only, for terminals without Unicode", classes="form-after")
            yield Static("Week start and the hour a new day begins take effect the next time "
                         "you open Trust Tracker.", id="settings-note")
            yield Static(filled("[dim]Saved in[/] $path", path=self.app.settings_file,
                                ascii_only=ascii_only), id="settings-path")
            with Horizontal(classes="dialog-buttons"):
                yield Label(filled("ctrl+s saves · escape cancels", ascii_only=ascii_only),
                            classes="dialog-hint")
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#week-start", RadioSet).focus()

    @on(Checkbox.Changed, "#ascii-glyphs")
    def _said_on_or_off(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = on_off(event.value)

    def action_save(self) -> None:
        app = self.app
        sunday = self.query_one("#week-sunday", MarkedRadioButton).value
        hour = self.query_one("#day-start", Select).value
        theme = self.query_one("#theme", Select).value
        changes: dict[str, object] = {
            "week_start": 6 if sunday else 0,
            "day_starts_at": hour if isinstance(hour, int) else 0,
            "ascii_glyphs": self.query_one("#ascii-glyphs", Checkbox).value,
        }
        if isinstance(theme, str):
            changes["theme"] = theme
        app.update_settings(app.settings.with_changes(**changes))
        if isinstance(theme, str) and theme != app.theme:
            app.theme = theme
        self.dismiss()
        app.refresh_screens()  # glyphs change at once

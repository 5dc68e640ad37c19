"""The person's settings: a small TOML file in the platform's config folder.

```toml
week_start = "monday"      # or "sunday"
day_starts_at = 0          # hour (0-6) when a new day begins: 1 a.m. still counts for yesterday
theme = "textual-dark"
ascii_glyphs = false       # plain marks for terminals without Unicode
[keys]                     # binding id = keys, e.g. toggle = "x,space"
```

A file that does not parse is reported and left alone; the app runs on defaults.
"""

from __future__ import annotations

import os

from ..places import CONFIG_ENV, SETTINGS_FILE, user_folder
from ..structs import field, replace, struct
from .files import read_regular_file

WEEK_STARTS = {"monday": 0, "sunday": 6}


class SettingsError(Exception):
    pass


@struct(frozen=True)
class Settings:
    """The person's settings, as the settings file gives them (defaults where it is silent)."""

    week_start: int = 0
    day_starts_at: int = 0
    theme: str = "textual-dark"
    ascii_glyphs: bool = False
    keys: dict[str, str] = field(default_factory=dict)

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # fields by name, checked by the struct's __init__


def settings_path() -> str:
    if env := os.environ.get(CONFIG_ENV):
        return os.path.expanduser(env)
    return os.path.join(user_folder("config"), SETTINGS_FILE)


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    path = os.fspath(path) if path else settings_path()
    try:
        text = read_regular_file(path).decode("utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"{path} could not be read ({err}); using the defaults.") from None
    import tomllib  # only when there is a file (a few ms of a shell prompt's command)

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{path} could not be read ({err}); using the defaults.") from None
    return _from_toml(raw, path)


def _from_toml(raw: dict[str, object], path: str) -> Settings:
    week = str(raw.get("week_start", "monday")).lower()
    hour = raw.get("day_starts_at", 0)
    keys = raw.get("keys", {})
    if week not in WEEK_STARTS:
        raise SettingsError(f"{path}: week_start must be \"monday\" or \"sunday\".")
    if not isinstance(hour, int) or not 0 <= hour <= 6:
        raise SettingsError(f"{path}: day_starts_at must be an hour from 0 to 6.")
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise SettingsError(f"{path}: [keys] must map binding ids to key strings.")
    return Settings(week_start=WEEK_STARTS[week], day_starts_at=hour,
                    theme=str(raw.get("theme", "textual-dark")),
                    ascii_glyphs=bool(raw.get("ascii_glyphs", False)),
                    keys={str(k): v for k, v in keys.items()})


def save_settings(settings: Settings, path: str | os.PathLike[str] | None = None) -> None:
    path = os.fspath(path) if path else settings_path()
    week = "sunday" if settings.week_start == 6 else "monday"
    lines = [
        "# Trust Tracker settings",
        f'week_start = "{week}"',
        f"day_starts_at = {settings.day_starts_at}",
        f"theme = {_quote(settings.theme)}",
        f"ascii_glyphs = {'true' if settings.ascii_glyphs else 'false'}",
        "",
        "[keys]",
        *(f"{_quote(key)} = {_quote(value)}" for key, value in sorted(settings.keys.items())),
    ]
    from .atomic import write_atomically  # TinyDB comes with it; the app's start does not need it

    write_atomically(path, "\n".join(lines) + "\n")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

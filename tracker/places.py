"""Where Trust Tracker keeps things, by name: the environment variables that move them,
the files beside the main data file, and this device's own folder for that data.

Standard library only, and nothing costly: the shell prompt's quick answer (see
:mod:`tracker.cli.prompt`) finds its summary through these names without loading the
store. The store (:mod:`tracker.store.layout`, :mod:`tracker.store.paths`,
:mod:`tracker.store.settings`) uses the same names, so the two can never disagree.
"""

from __future__ import annotations

import os
import sys

APP_NAME = "trust-tracker"
DB_ENV = "TRUST_TRACKER_DB"  # the data's main file
STATE_ENV = "TRUST_TRACKER_STATE"  # this device's own state (undo log, caches)
CONFIG_ENV = "TRUST_TRACKER_CONFIG"  # the settings file
MAIN_FILE = "tracker.json"
SETTINGS_FILE = "settings.toml"
DEVICES = "-devices"  # beside the main file: <stem>-devices/<device>/…
LEGACY_MONTHS = "-checkins"  # versions 2 and 3 kept every device's check-ins here
BACKUPS = "-backups"


def local_dir_name(main: str) -> str:
    """The name of this device's folder for the data whose main file is ``main``: named
    for where the data is (its real path), so a copy elsewhere is other data."""
    from .digest import hex_digest

    real = os.path.realpath(os.path.expanduser(main))
    digest = hex_digest("sha256", os.fsencode(real))[:16]
    return f"{stem_of(os.path.basename(main))}-{digest}"


def spelled(path: str) -> str:
    """``path`` as ``pathlib`` would spell it, without loading it (the store's paths are
    strings, see ``tracker.store.layout``): no empty or ``.`` parts, so no trailing slash
    (``a//b/./c/`` is ``a/b/c``); ``..`` kept, as it may follow a link; two leading
    slashes kept, as POSIX leaves them to the system; nothing at all is ``.``."""
    if "/" not in path:
        return path or "."
    rooted = "//" if path[:2] == "//" and path[2:3] != "/" else "/" if path[:1] == "/" else ""
    return rooted + "/".join(part for part in path.split("/") if part not in ("", ".")) or "."


def stem_of(name: str) -> str:
    """A file name without its last suffix, as pathlib's ``stem`` (``tracker.json``:
    ``tracker``), which names the folders beside the main file."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


FOLDERS = {  # kind: (XDG variable, its fallback under HOME, platformdirs' function)
    "data": ("XDG_DATA_HOME", ".local/share", "user_data_dir"),
    "state": ("XDG_STATE_HOME", ".local/state", "user_state_dir"),
    "config": ("XDG_CONFIG_HOME", ".config", "user_config_dir"),
}


def user_folder(kind: str) -> str:
    """The platform's folder of this ``kind`` for Trust Tracker: ``platformdirs``' answer,
    worked out directly where that is plain (see below), so a command need not load it."""
    variable, fallback, function = FOLDERS[kind]
    found = plain_xdg_dir(variable, fallback)
    if found is not None:
        return found
    import platformdirs

    return str(getattr(platformdirs, function)(APP_NAME, appauthor=False))


def plain_xdg_dir(variable: str, fallback: str) -> str | None:
    """The user folder ``platformdirs`` gives on Linux (``$XDG_STATE_HOME/trust-tracker``,
    else ``~/.local/state/trust-tracker``), worked out without importing it (10 ms of a
    prompt's 30), for the plain cases only: None on other systems, or when ``HOME`` is
    missing or relative, where only ``platformdirs`` knows the answer. A test holds this
    to ``platformdirs``' own answers."""
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home.rstrip("/") or "/", fallback)
    return os.path.join(base, APP_NAME)

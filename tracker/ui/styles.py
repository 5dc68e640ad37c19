"""Finding the stylesheets, whether the app runs from a wheel or from a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def styles_dir() -> Path:
    """``tracker/styles`` inside an installed wheel, else the checkout's top-level ``styles/``."""
    packaged = _PACKAGE / "styles"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "styles"


def stylesheet(name: str) -> Path:
    """The path of one ``styles/*.tcss`` file, for a screen's ``CSS_PATH``."""
    path = styles_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"stylesheet {name!r} is missing from {styles_dir()}")
    return path

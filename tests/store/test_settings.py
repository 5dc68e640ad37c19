"""Settings survive a save and a reload, and a bad file is reported, never crashes the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.store.settings import Settings, SettingsError, load_settings, save_settings


def test_settings_round_trip_including_dotted_binding_ids(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    wanted = Settings(week_start=6, day_starts_at=2, theme="nord", ascii_glyphs=True,
                      keys={"mode.week": "f2", "toggle": "x,space"})
    save_settings(wanted, path)
    assert load_settings(path) == wanted
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.toml") == Settings()


@pytest.mark.parametrize("text", ["week_start = ", 'week_start = "friday"', "day_starts_at = 9",
                                  '[keys]\ntoggle = 3'])
def test_a_bad_file_is_reported_with_its_path(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match="settings.toml"):
        load_settings(path)
    assert path.read_text() == text  # left as the person wrote it

"""The settings file written by each released version of desk is read by the current code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desk.ui.settings import SETTINGS_VERSION, Settings

UPGRADE = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
RELEASES = sorted(p for p in UPGRADE.iterdir() if (p / "desk-ui.ini").is_file())


def test_there_are_released_settings() -> None:
    assert RELEASES, f"no released settings files under {UPGRADE}"


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.name)
def test_released_settings_keep_the_language_and_the_window(
    qapp, release: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "desk-ui.ini"
    shutil.copyfile(release / "desk-ui.ini", copy)
    settings = Settings(copy)
    assert settings.language == "ja"  # every fixture was written with Japanese chosen
    geometry = settings.geometry
    assert geometry is not None and bytes(geometry.data()).endswith(b"fixture-geometry")
    settings.sync()
    assert int(QSettings(str(copy), QSettings.Format.IniFormat).value("settings_version")) == (
        SETTINGS_VERSION
    )

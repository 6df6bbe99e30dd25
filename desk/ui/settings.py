"""The app's own settings (language, window geometry), versioned like Picard's.

Stored with :class:`QSettings` in an INI file: ``DESK_SETTINGS_FILE`` when set (tests,
portable installs), else ``desk-ui.ini`` in the per-user config directory. Every file
carries ``settings_version``; :func:`upgrade` brings an older file up to
:data:`SETTINGS_VERSION` one step at a time, so a renamed key never loses a choice.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_config_dir
from PySide6.QtCore import QByteArray, QSettings

SETTINGS_VERSION = 2
LANGUAGE_CHOICES = ("system", "ja", "en")


def settings_path() -> Path:
    override = os.environ.get("DESK_SETTINGS_FILE")
    if override:
        return Path(override)
    return Path(user_config_dir("desk", appauthor=False)) / "desk-ui.ini"


def _v0_to_v1(s: QSettings) -> None:
    # version 0 (unversioned) kept the language under a top-level "lang" key
    if s.contains("lang"):
        s.setValue("ui/language", s.value("lang"))
        s.remove("lang")


def _v1_to_v2(s: QSettings) -> None:
    # version 1 stored "" for "follow the system"; version 2 names it
    if s.value("ui/language", "") in ("", None):
        s.setValue("ui/language", "system")


UPGRADES: dict[int, Callable[[QSettings], None]] = {0: _v0_to_v1, 1: _v1_to_v2}


def upgrade(s: QSettings) -> int:
    """Apply pending upgrade steps; returns the version the file had."""
    try:
        found = int(str(s.value("settings_version", 0)))
    except ValueError:
        found = 0
    version = found
    while version < SETTINGS_VERSION:
        UPGRADES[version](s)
        version += 1
    s.setValue("settings_version", SETTINGS_VERSION)
    return found


class Settings:
    """Typed access to the few settings the app keeps."""

    def __init__(self, path: Path | None = None):
        self.path = path or settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._s = QSettings(str(self.path), QSettings.Format.IniFormat)
        upgrade(self._s)

    @property
    def language(self) -> str:
        value = str(self._s.value("ui/language", "system"))
        return value if value in LANGUAGE_CHOICES else "system"

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGE_CHOICES:
            raise ValueError(value)
        self._s.setValue("ui/language", value)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    def sync(self) -> None:
        self._s.sync()

"""The app's own settings (language, window geometry, each registry's search and filters),
versioned like Picard's.

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
CALENDAR_CHOICES = ("gregorian", "japanese")  # desk.domain.localtime.CALENDARS
DEFAULT_TIMEZONE = "Asia/Tokyo"


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
    def timezone(self) -> str:
        """The IANA zone times are shown in (Japan time unless chosen otherwise)."""
        from desk.domain.localtime import zone_name

        return str(self._s.value("ui/timezone", "") or zone_name())

    @timezone.setter
    def timezone(self, value: str) -> None:
        self._s.setValue("ui/timezone", value)

    @property
    def calendar(self) -> str:
        """``gregorian`` (2026-12-07) or ``japanese`` (令和8年12月7日, in Japanese text)."""
        value = str(self._s.value("ui/calendar", "gregorian"))
        return value if value in CALENDAR_CHOICES else "gregorian"

    @calendar.setter
    def calendar(self, value: str) -> None:
        if value not in CALENDAR_CHOICES:
            raise ValueError(value)
        self._s.setValue("ui/calendar", value)

    def apply_time(self) -> None:
        """Make the chosen zone and calendar the process's (desk.domain.localtime); what
        was never chosen follows ``DESK_TIMEZONE``/``DESK_CALENDAR`` (Japan time, 西暦); a
        zone the system does not know falls back to Japan time."""
        from desk.domain.errors import InvalidInput
        from desk.domain.localtime import set_calendar, set_zone

        chosen_zone = self._s.value("ui/timezone") if self._s.contains("ui/timezone") else None
        try:
            set_zone(str(chosen_zone) if chosen_zone else None)
        except InvalidInput:
            set_zone(DEFAULT_TIMEZONE)
        set_calendar(self.calendar if self._s.contains("ui/calendar") else None)

    def header_state(self, key: str) -> QByteArray | None:
        """A table's column widths and order (``QHeaderView.saveState``)."""
        value = self._s.value(f"columns/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_header_state(self, key: str, value: QByteArray) -> None:
        self._s.setValue(f"columns/{key}", value)

    def registry_query(self, key: str) -> tuple[str, dict[str, str]]:
        """The search and filters registry ``key`` showed when desk last closed."""
        import json

        search = str(self._s.value(f"queries/{key}/search", "") or "")
        try:
            filters = json.loads(str(self._s.value(f"queries/{key}/filters", "") or "{}"))
        except ValueError:
            filters = {}
        if not isinstance(filters, dict):
            filters = {}
        return search, {str(k): str(v) for k, v in filters.items() if v}

    def set_registry_query(self, key: str, search: str, filters: dict[str, str]) -> None:
        import json

        self._s.setValue(f"queries/{key}/search", search)
        self._s.setValue(
            f"queries/{key}/filters", json.dumps(filters, ensure_ascii=False, sort_keys=True)
        )

    def splitter_state(self, key: str) -> QByteArray | None:
        value = self._s.value(f"splitters/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_splitter_state(self, key: str, value: QByteArray) -> None:
        self._s.setValue(f"splitters/{key}", value)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    def sync(self) -> None:
        self._s.sync()

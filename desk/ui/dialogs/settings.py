"""The settings dialog: institution name, interface language, time zone and calendar."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from desk.domain.i18n import N_, _

LANGUAGE_LABELS = {
    "system": N_("Follow the system"),
    "ja": "日本語",  # each language is named in itself
    "en": "English",
}
CALENDAR_LABELS = {
    "gregorian": N_("Western calendar (2026-12-07)"),
    "japanese": N_("Japanese era calendar in Japanese text (令和8年12月7日)"),
}
TIMEZONES = {
    "Asia/Tokyo": N_("Japan time (Asia/Tokyo)"),
    "UTC": N_("Coordinated Universal Time (UTC)"),
}


class SettingsDialog(QDialog):
    def __init__(
        self,
        language: str,
        parent: QWidget | None = None,
        *,
        institution: str = "",
        timezone: str = "Asia/Tokyo",
        calendar: str = "gregorian",
    ):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        self.institution_box = QLineEdit(institution, self)
        self.institution_box.setObjectName("institutionBox")
        self.language_box = QComboBox(self)
        self.language_box.setObjectName("languageBox")
        for key, label in LANGUAGE_LABELS.items():
            self.language_box.addItem(_(label), key)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))
        self.timezone_box = QComboBox(self)
        self.timezone_box.setObjectName("timezoneBox")
        for key, label in TIMEZONES.items():
            self.timezone_box.addItem(_(label), key)
        if self.timezone_box.findData(timezone) < 0:
            self.timezone_box.addItem(timezone, timezone)
        self.timezone_box.setCurrentIndex(self.timezone_box.findData(timezone))
        self.calendar_box = QComboBox(self)
        self.calendar_box.setObjectName("calendarBox")
        for key, label in CALENDAR_LABELS.items():
            self.calendar_box.addItem(_(label), key)
        self.calendar_box.setCurrentIndex(max(0, self.calendar_box.findData(calendar)))
        form = QFormLayout(self)
        form.addRow(_("Institution:"), self.institution_box)
        form.addRow(_("Language:"), self.language_box)
        form.addRow(_("Time zone:"), self.timezone_box)
        form.addRow(_("Dates:"), self.calendar_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def language(self) -> str:
        return str(self.language_box.currentData())

    def institution(self) -> str:
        return self.institution_box.text().strip()

    def timezone(self) -> str:
        return str(self.timezone_box.currentData())

    def calendar(self) -> str:
        return str(self.calendar_box.currentData())

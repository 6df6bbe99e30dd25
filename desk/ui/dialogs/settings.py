"""The settings dialog: the interface language, time zone and calendar (this computer's
preferences), the
institution's name printed on every record (stored in the database, for every user), and
this computer's data-safety settings (the key that signs records, with its public key's
fingerprint; the automatic backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
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

BACKUP_EVERY_LABELS = {
    "daily": N_("Once a day"),
    "start": N_("Each time desk starts"),
    "off": N_("Never"),
}


class SettingsDialog(QDialog):
    def __init__(
        self,
        language: str,
        parent: QWidget | None = None,
        local: Any = None,
        *,
        timezone: str = "Asia/Tokyo",
        calendar: str = "gregorian",
    ):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
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
        form.addRow(_("Language:"), self.language_box)
        form.addRow(_("Time zone:"), self.timezone_box)
        form.addRow(_("Dates:"), self.calendar_box)
        # filled once the database has answered (set_institution); until then read-only
        self.institution_edit = QLineEdit(self)
        self.institution_edit.setObjectName("institutionEdit")
        self.institution_edit.setMaxLength(200)
        self.institution_edit.setEnabled(False)
        self.institution_edit.setToolTip(
            _("The institution's name printed on every record; stored in the database.")
        )
        self._institution_loaded: str | None = None
        form.addRow(_("Institution (printed on records):"), self.institution_edit)
        self.local = local
        if local is not None:
            self._data_safety(form, local)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def language(self) -> str:
        return str(self.language_box.currentData())

    def timezone(self) -> str:
        return str(self.timezone_box.currentData())

    def calendar(self) -> str:
        return str(self.calendar_box.currentData())

    def set_institution(self, name: str | None) -> None:
        """The stored name, read from the database: the field becomes editable."""
        self._institution_loaded = name or ""
        self.institution_edit.setText(name or "")
        self.institution_edit.setEnabled(True)

    def institution_change(self) -> str | None:
        """The new name when the user changed it (an empty string removes it), else None."""
        if self._institution_loaded is None:
            return None
        text = self.institution_edit.text().strip()
        return None if text == self._institution_loaded else text

    def _data_safety(self, form: QFormLayout, local: Any) -> None:
        self.signing_key = QLineEdit(str(local.signing_key or ""), self)
        self.signing_key.setObjectName("signingKey")
        self.fingerprint = QLabel(self)
        self.fingerprint.setObjectName("keyFingerprint")
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setText(key_text(local))
        self.backup_every = QComboBox(self)
        self.backup_every.setObjectName("backupEvery")
        for key, label in BACKUP_EVERY_LABELS.items():
            self.backup_every.addItem(_(label), key)
        self.backup_every.setCurrentIndex(max(0, self.backup_every.findData(local.backup_every)))
        self.backup_keep = QSpinBox(self)
        self.backup_keep.setObjectName("backupKeep")
        self.backup_keep.setRange(1, 999)
        self.backup_keep.setValue(local.backup_keep)
        self.backup_folder = QLineEdit(str(local.backups), self)
        self.backup_folder.setObjectName("backupFolder")
        form.addRow(_("Signing key file:"), self.signing_key)
        form.addRow(_("Public key fingerprint:"), self.fingerprint)
        form.addRow(_("Automatic backups:"), self.backup_every)
        form.addRow(_("Backups kept:"), self.backup_keep)
        form.addRow(_("Backup folder:"), self.backup_folder)

    def local_settings(self) -> Any:
        """The data-safety settings as chosen (None when the dialog does not show them)."""
        if self.local is None:
            return None
        key = self.signing_key.text().strip()
        folder = self.backup_folder.text().strip()
        return self.local.with_(
            signing_key=Path(key) if key else None,
            backup_every=str(self.backup_every.currentData()),
            backup_keep=self.backup_keep.value(),
            backup_folder=Path(folder) if folder else None,
        )


def key_text(local: Any) -> str:
    """The configured key's fingerprint, or why there is none."""
    from desk.domain.errors import DeskError
    from desk.services.records import key_info

    try:
        info = key_info(local)
    except DeskError as exc:
        return str(exc)
    if info is None:
        return _("No signing key: records are not signed (desk keys generate).")
    return info.shown

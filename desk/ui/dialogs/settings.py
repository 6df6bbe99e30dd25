"""The settings dialog: the interface language (this computer's preference) and the
institution's name printed on every record (stored in the database, for every user)."""

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


class SettingsDialog(QDialog):
    def __init__(self, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        self.language_box = QComboBox(self)
        self.language_box.setObjectName("languageBox")
        for key, label in LANGUAGE_LABELS.items():
            self.language_box.addItem(_(label), key)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))
        form = QFormLayout(self)
        form.addRow(_("Language:"), self.language_box)
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def language(self) -> str:
        return str(self.language_box.currentData())

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

"""The settings dialog: the interface language (more preferences can join it)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QWidget

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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def language(self) -> str:
        return str(self.language_box.currentData())

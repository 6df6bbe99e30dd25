"""The detail pane beside a registry's table: the selected record's labelled fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import _
from desk.services import registers as registries


class DetailPane(QWidget):
    """The selected row's labelled fields, read-only (selectable text).

    A record with sections (a case: its current assessment and the reasons) gets a
    second tab for them; the tab bar is hidden otherwise. The tab a person chose stays
    chosen as they move from row to row (the assessment tab is the first choice).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self._form = QFormLayout()
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._fields_page = self._scroll_page(self._form)
        self._sections_box = QVBoxLayout()
        self._sections_page = self._scroll_page(self._sections_box)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(self._fields_page, "")
        self.tabs.currentChanged.connect(self._on_tab)
        self._rebuilding = False
        self.prefer_sections = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.sections: list[QGroupBox] = []
        self.detail: registries.Detail | None = None
        self.retranslate()
        self.show_placeholder()

    def _scroll_page(self, content: QFormLayout | QVBoxLayout) -> QScrollArea:
        # parented from the start, so that Qt, not the Python wrapper, owns the pages while
        # they move in and out of the tab widget
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(area)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 4, 4, 4)
        outer.addLayout(content)
        outer.addStretch(1)
        area.setWidget(body)
        area.hide()  # shown by the tab widget once added as a page
        return area

    def _on_tab(self, index: int) -> None:
        if not self._rebuilding and self.tabs.count() > 1:
            self.prefer_sections = index == 1

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Details"))
        self.tabs.setAccessibleName(_("Details"))
        self._fields_page.setAccessibleName(_("Details"))

    def show_placeholder(self) -> None:
        self.detail = None
        self._clear()
        self.title.setText(_("Select a row to see its details."))

    def _clear(self) -> None:
        self._rebuilding = True
        while self._form.rowCount():
            self._form.removeRow(0)
        for box in self.sections:
            self._sections_box.removeWidget(box)
            box.deleteLater()
        self.sections = []
        if self.tabs.count() > 1:
            self.tabs.removeTab(1)
        self._rebuilding = False

    @staticmethod
    def _value_label(value: str) -> QLabel:
        text = QLabel(value or "—")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return text

    def show_detail(self, detail: registries.Detail) -> None:
        self.detail = detail
        self._clear()
        self.title.setText(detail.title)
        for label, value in detail.fields:
            self._form.addRow(f"{label}:", self._value_label(value))
        if not detail.sections:
            return
        for section in detail.sections:
            box = QGroupBox(section.title)
            box.setObjectName("detailSection")
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for label, value in section.fields:
                form.addRow(f"{label}:", self._value_label(value))
            self._sections_box.addWidget(box)
            self.sections.append(box)
        self._rebuilding = True
        self.tabs.addTab(self._sections_page, detail.sections[0].title)
        self._sections_page.setAccessibleName(detail.sections[0].title)
        self.tabs.setCurrentIndex(1 if self.prefer_sections else 0)
        self._rebuilding = False

    def show_sections_tab(self) -> None:
        if self.tabs.count() > 1:
            self.tabs.setCurrentIndex(1)

    def field_texts(self) -> dict[str, str]:
        """Label → shown value (what a person reads in the pane)."""
        return self._form_texts(self._form)

    def section_texts(self) -> dict[str, dict[str, str]]:
        """Section title → (label → shown value), for the groups below the fields."""
        out: dict[str, dict[str, str]] = {}
        for box in self.sections:
            form = box.layout()
            assert isinstance(form, QFormLayout)
            out[box.title()] = self._form_texts(form)
        return out

    @staticmethod
    def _form_texts(form: QFormLayout) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label and field and label.widget() and field.widget():
                out[label.widget().text().rstrip(":")] = field.widget().text()
        return out

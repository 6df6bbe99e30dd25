"""Queues and filters above the registries, and searching by status words, in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox

from desk.services.registers import CaseCol


def show_cases(qtbot, window):  # type: ignore[no-untyped-def]
    view = window.view("cases")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    return view


def refs(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [view.model.index(r, CaseCol.REF).data() for r in range(view.model.rowCount())]


def choose(qtbot, view, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    box = view.filter_bar.boxes[key]
    assert isinstance(box, QComboBox)
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        box.setCurrentIndex(box.findData(value))


def test_status_and_department_filters(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = show_cases(qtbot, window)
    assert refs(view) == ["C-2025-001", "C-2025-002"]
    status = view.filter_bar.boxes["status"]
    assert [status.itemText(i) for i in range(3)] == ["All", "Draft", "Submitted"]
    choose(qtbot, view, "status", "draft")
    assert refs(view) == ["C-2025-002"]
    assert view.count_label.text() == "1 matching"
    choose(qtbot, view, "status", "")
    qtbot.waitUntil(lambda: view.filter_bar.boxes["department"].count() == 3)
    department = view.filter_bar.boxes["department"]
    engineering = department.findText("Graduate School of Engineering")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        department.setCurrentIndex(engineering)
    assert refs(view) == ["C-2025-001"]


def test_a_date_box_sits_beside_its_label(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = show_cases(qtbot, window)
    bar = view.filter_bar
    for key in ("from", "to"):
        label, box = bar.labels[key], bar.boxes[key]
        assert label.buddy() is box
        gap = box.geometry().left() - label.geometry().right()
        assert 0 < gap <= 12, (key, gap)
        assert abs(box.geometry().center().y() - label.geometry().center().y()) <= 4
        assert box.text() == "—"  # no limit until a day is chosen


def test_a_japanese_status_word_finds_the_cases(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.set_language_choice("ja")
    view = show_cases(qtbot, window)
    view.search.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("一次審査")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        QApplication.sendEvent(view.search, event)
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert refs(view) == ["C-2025-001"]
    assert view.filter_bar.labels["status"].text() == "状態:"


def test_filters_and_search_are_remembered_across_restarts(  # type: ignore[no-untyped-def]
    qtbot, window, sample_db_url: str
) -> None:
    from desk.ui.app import create_main_window

    view = show_cases(qtbot, window)
    qtbot.waitUntil(lambda: view.filter_bar.boxes["department"].count() == 3)
    department = view.filter_bar.boxes["department"]
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        department.setCurrentIndex(department.findText("Graduate School of Engineering"))
    choose(qtbot, view, "status", "first_review")
    view.search.setText("C-2025")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert refs(view) == ["C-2025-001"]
    window.runner.wait_idle()
    window.close()  # the layout, the search and the filters are kept (QSettings)

    again = create_main_window(sample_db_url, lang="en")
    qtbot.addWidget(again)
    try:
        with qtbot.waitSignal(again.ready, timeout=10000):
            again.show()
        cases = show_cases(qtbot, again)
        assert cases.search.text() == "C-2025"
        assert cases.filter_bar.boxes["status"].currentData() == "first_review"
        assert refs(cases) == ["C-2025-001"]
        assert cases.count_label.text() == "1 matching"
        # the department is chosen again once the departments are read
        qtbot.waitUntil(
            lambda: (
                cases.filter_bar.boxes["department"].currentText()
                == "Graduate School of Engineering"
            ),
            timeout=5000,
        )
        # another registry kept nothing: it opens unfiltered
        people = again.view("people")
        assert people.search.text() == "" and people.model.filters == {}
    finally:
        again.runner.wait_idle()
        again.context.close()

"""What an officer reads in the app: a case's current assessment explained, names
screened in the "Screen a name" dialog, the stored list versions and their age, and
labels instead of codes, in English and Japanese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from desk.services.registers import CaseCol, OrganizationCol

pytestmark = pytest.mark.gui


def commit(line_edit: QLineEdit, text: str) -> None:
    # qtbot.keyClicks with non-ASCII text aborts the test process; a Japanese IME
    # delivers text as an input-method commit anyway
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(line_edit, event)


@pytest.fixture
def assessed_db_url(tmp_path: Path, fixtures_dir: Path) -> str:
    from desk.screening import load_list_csv
    from desk.services.cases import assess_cases, import_cases
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'assessed.sqlite3'}"
    with open_context(url) as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / f"{n}.json" for n in ("S16", "S18")])
        fixture = load_list_csv(fixtures_dir / "cases" / "lists" / "eul-fixture.csv")
        assess_cases(ctx, lists=[fixture])
    return url


@pytest.fixture
def cases_window(qtbot, assessed_db_url: str):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(assessed_db_url, lang="en")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    view = win.view("cases")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        qtbot.keyClick(win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    yield win
    win.runner.wait_idle()
    win.context.close()
    apply_language("en")


def select_case(qtbot, view, ref: str) -> None:  # type: ignore[no-untyped-def]
    refs = [view.model.index(r, CaseCol.REF).data() for r in range(view.model.rowCount())]
    with qtbot.waitSignal(view.detail_shown, timeout=5000):
        view.select_row(refs.index(ref))


def test_case_detail_explains_the_assessment_in_both_languages(qtbot, cases_window) -> None:  # type: ignore[no-untyped-def]
    view = cases_window.current_view()
    select_case(qtbot, view, "S16")
    pane = view.detail
    # the assessment tab is in front, beside the case's own details
    assert [pane.tabs.tabText(i) for i in range(pane.tabs.count())] == [
        "Details",
        "Current assessment",
    ]
    assert pane.tabs.currentIndex() == 1 and pane.tabs.isVisible()
    shown = pane.section_texts()
    assessment = shown["Current assessment"]
    assert assessment["Outcome"] == "Licence required (list control)"
    assert assessment["Controlled because"] == "Provided abroad, Recipient is a non-resident"
    assert assessment["Exemptions claimed"].startswith(
        "Fundamental research (Art. 9(2)(x)): Rejected — "
    )
    assert "aims_at_specific_product is true" in assessment["Exemptions claimed"]
    assert assessment["Rule set"].startswith("jp-fefta ")
    assert assessment["Lists"].startswith("jp-eul ")
    reasons = shown["Reasons and citations"]
    assert len(reasons) >= 2 and all("Citation: " in text for text in reasons.values())

    select_case(qtbot, view, "S18")
    hits = view.detail.section_texts()["Current assessment"]["List screening"]
    assert "Xinhai Aerospace Polytechnic University (score 1.00, match)" in hits

    # a person who reads the case's own fields keeps that tab while moving on
    pane.tabs.setCurrentIndex(0)
    select_case(qtbot, view, "S16")
    assert pane.tabs.currentIndex() == 0
    assert pane.field_texts()["Channels"] == "e-mail, cloud"
    pane.tabs.setCurrentIndex(1)

    # Japanese: the table is read again (status, outcome) and the same case stays selected
    with qtbot.waitSignal(view.detail_shown, timeout=5000):
        cases_window.set_language_choice("ja")
    row = view.selected_row()
    assert row is not None and row.cells[CaseCol.REF] == "S16"
    assert row.cells[CaseCol.OUTCOME] == "許可申請要（リスト規制）"
    assert pane.tabs.tabText(1) == "現在の判定"
    assessment = pane.section_texts()["現在の判定"]
    assert assessment["仕向地とみなす国・地域"] == "KR 韓国"
    claim = assessment["適用を求める例外"]
    assert claim.startswith("基礎科学分野の研究活動（貿易外省令第9条第2項第10号）: 適用不可 — ")
    assert "自然現象の原理の解明を主目的としていない" in assessment["適用を求める例外"]
    reasons = pane.section_texts()["判定理由と根拠法令等"]
    assert all("根拠法令等: " in text for text in reasons.values())


def test_screen_a_name_dialog(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.dialogs.screen_name import ScreenDialog

    action = window.actions_by_id["screen.name"]
    assert action.isEnabled()
    assert action.shortcut().toString() == "Ctrl+Shift+N"
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.findChild(ScreenDialog, "screenDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Screen a name"

    # a name in Chinese characters finds the list entry by its local name
    commit(dialog.name, "示例理工学院")
    with qtbot.waitSignal(dialog.screened, timeout=10000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    ((band, score, lst, no, name, country, evidence),) = dialog.hit_texts()
    assert (band, score, lst, no) == ("match", "1.00", "jp-eul 2025-09-29", "2")
    assert (name, country) == ("Example Institute of Technology", "CN China")
    assert evidence.startswith("local name “示例理工学院”, by ")
    assert dialog.summary.text() == "示例理工学院: 1 hit in jp-eul 2025-09-29."
    # the list in use was published more than 12 months ago
    assert dialog.warning.isVisible() and "2025-09-29" in dialog.warning.text()

    # a name that is on no list, with its country
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Solid Battery Works")
    qtbot.keyClicks(dialog.country, "de")
    with qtbot.waitSignal(dialog.screened, timeout=10000):
        qtbot.mouseClick(dialog.screen_button, Qt.MouseButton.LeftButton)
    assert dialog.hit_texts() == []
    assert dialog.summary.text() == "Solid Battery Works (DE): no hits in jp-eul 2025-09-29."

    # an unknown country code is said in place, not as a crash
    dialog.country.setText("XX")
    with qtbot.waitSignal(window.runner.idle, timeout=10000):
        dialog.run_screen()
    assert "XX" in dialog.summary.text()
    assert dialog.screen_button.isEnabled()

    # Japanese: the dialog follows the window's language
    window.set_language_choice("ja")
    assert dialog.windowTitle() == "名称のリスト照合"
    assert dialog.table.horizontalHeaderItem(0).text() == "照合区分"
    dialog.country.clear()
    dialog.name.clear()
    commit(dialog.name, "示例理工学院")
    with qtbot.waitSignal(dialog.screened, timeout=10000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    ((band, *_rest, country, evidence),) = dialog.hit_texts()
    assert (band, country) == ("一致", "CN 中国")
    assert evidence.startswith("現地語表記「示例理工学院」と一致")
    assert "12か月以上前" in dialog.warning.text()


def test_lists_registry_shows_versions_and_age_warning(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.view("lists")
    assert view.versions is not None
    with qtbot.waitSignal(view.versions.loaded, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    panel = view.versions
    assert panel.row_texts() == [
        ("jp-eul", "2024-01-01", "—", "1", "aaaaaaaaaaaa…", ""),
        ("jp-eul", "2025-09-29", "—", "2", "bbbbbbbbbbbb…", "Yes"),
    ]
    assert panel.table.item(1, 4).toolTip() == "b" * 64
    assert panel.warning.isVisible()
    assert panel.warning.text().startswith("⚠ The list jp-eul in use was published on 2025-09-29")
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        window.set_language_choice("ja")
    assert panel.title.text() == "保存済みのリスト版"
    assert panel.row_texts()[1][-1] == "はい"
    assert "12か月以上前" in panel.warning.text()


def test_tables_show_country_names_and_labels(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.view("organizations")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    rows = {
        view.model.index(r, 0).data(): (
            view.model.index(r, OrganizationCol.COUNTRY).data(),
            view.model.index(r, OrganizationCol.KIND).data(),
        )
        for r in range(view.model.rowCount())
    }
    assert rows == {
        "清华大学": ("CN China", "University"),
        "Acme Robotics GmbH": ("DE Germany", "Company"),
    }
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        window.set_language_choice("ja")
    rows = {
        view.model.index(r, 0).data(): view.model.index(r, OrganizationCol.COUNTRY).data()
        for r in range(view.model.rowCount())
    }
    assert rows == {"清华大学": "CN 中国", "Acme Robotics GmbH": "DE ドイツ"}

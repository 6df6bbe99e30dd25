"""Home (ダッシュボード) in the real window: the first view, counts by role, items that open
their case with the mouse or the keyboard, counts read again after a change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk.services.registers import CaseCol


@pytest.fixture
def home_url(tmp_path: Path) -> str:
    from tests.home_sample import populate

    url = f"sqlite:///{tmp_path / 'home.sqlite3'}"
    populate(url)
    return url


@pytest.fixture
def office_window(qtbot, home_url: str, monkeypatch):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language, create_main_window

    monkeypatch.setenv("LOGNAME", "off")  # the acting user: the office
    monkeypatch.setenv("USER", "off")
    win = create_main_window(home_url, lang="en")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    yield win
    win.runner.wait_idle()
    win.context.close()
    apply_language("en")


def texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


def test_the_window_opens_on_home_with_the_office_queue(office_window) -> None:  # type: ignore[no-untyped-def]
    win = office_window
    home = win.current_view()
    assert home is win.home and win.nav.currentItem().text() == "Home"
    assert home.boxes["first_review"].title() == "To review (first level) (4)"
    assert home.boxes["to_file"].title() == "To file (3)"
    assert home.boxes["to_record"].title() == "Decisions to record (1)"
    assert texts(home.lists["to_record"]) == ["DEC2 Case DEC2 — 王伟"]
    overdue = texts(home.lists["overdue"])
    assert overdue[0].startswith("waiting ") and overdue[0].endswith("S1 Case S1 — 王伟")
    assert "Licence L-1: DEC2" in texts(home.lists["licences_expiring"])[0]
    assert texts(home.lists["recent_imports"])[0].endswith("Case files imported: 2: S1, DEC2")
    # nothing to act on in Home: the case actions are off
    assert not win.actions_by_id["case.edit"].isEnabled()


def test_the_heading_names_the_institution_from_the_start(office_window) -> None:  # type: ignore[no-untyped-def]
    # the database's office setting, read with Home: no need to open the settings first
    heading = office_window.home.heading.text()
    assert heading.startswith("北関東科学技術大学 — Today, ")
    assert heading.endswith(": what needs doing")


def test_an_expiring_declaration_opens_its_person(qtbot, office_window) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.models.registry_table import Role

    win = office_window
    box = win.home.boxes["declarations_expiring"]
    assert box.title() == "Declarations expiring (1)"
    declarations = win.home.lists["declarations_expiring"]
    assert texts(declarations)[0].endswith("王伟: pledge")
    declarations.setFocus()
    declarations.setCurrentRow(0)
    people = win.view("people")
    with qtbot.waitSignal(people.detail_shown, timeout=5000):
        qtbot.keyClick(declarations, Qt.Key.Key_Return)
    assert win.current_view() is people and people.search.text() == "王伟"
    row = people.selected_row()
    assert row is not None and "王伟" in row.cells
    assert people.model.index(people.table.currentIndex().row(), 0).data(Role.ROW_ID) == row.id


def test_enter_on_an_item_opens_its_case(qtbot, office_window) -> None:  # type: ignore[no-untyped-def]
    win = office_window
    queue = win.home.lists["to_record"]
    queue.setFocus()
    queue.setCurrentRow(0)
    cases = win.view("cases")
    with qtbot.waitSignal(cases.detail_shown, timeout=5000):
        qtbot.keyClick(queue, Qt.Key.Key_Return)
    assert win.current_view() is cases
    assert cases.selected_row().cells[CaseCol.REF] == "DEC2"
    assert cases.search.text() == "DEC2"
    # back to Home with the keyboard
    qtbot.keyClick(win, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert win.current_view() is win.home


def test_double_click_opens_a_case_and_home_search_searches_cases(qtbot, office_window) -> None:  # type: ignore[no-untyped-def]
    win = office_window
    second = win.home.lists["second_review"]
    qtbot.waitUntil(lambda: second.isVisible() and second.viewport().height() > 20)
    rect = second.visualItemRect(second.item(0))
    cases = win.view("cases")
    qtbot.mouseClick(second.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(cases.detail_shown, timeout=5000):
        qtbot.mouseDClick(second.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert cases.selected_row().cells[CaseCol.REF] == "SR"
    qtbot.keyClick(win, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.home.search.hasFocus()
    qtbot.keyClicks(win.home.search, "Case DEC")
    with qtbot.waitSignal(cases.model.loaded, timeout=5000):
        qtbot.keyClick(win.home.search, Qt.Key.Key_Return)
    assert win.current_view() is cases
    refs = sorted(cases.model.index(r, CaseCol.REF).data() for r in range(cases.model.rowCount()))
    assert refs == ["DEC1", "DEC2"]


def test_counts_update_after_a_change_made_in_the_app(  # type: ignore[no-untyped-def]
    qtbot, office_window, fixtures_dir: Path
) -> None:
    win = office_window
    assert win.home.counts()["to_file"] == 3
    win.app_actions.ask_case_files = lambda: [str(fixtures_dir / "cases" / "S16.json")]
    qtbot.waitUntil(win.actions_by_id["file.import_cases"].isEnabled)
    with qtbot.waitSignal(win.home.loaded, timeout=10000):
        win.actions_by_id["file.import_cases"].trigger()
    assert win.home.counts()["to_file"] == 4  # the imported case is a draft
    assert win.home.boxes["to_file"].title() == "To file (4)"
    assert texts(win.home.lists["recent_imports"])[0].endswith("Case files imported: 1: S16")


def test_a_researcher_sees_their_own_drafts_only(qtbot, home_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language, create_main_window

    monkeypatch.setenv("LOGNAME", "res1")
    monkeypatch.setenv("USER", "res1")
    win = create_main_window(home_url, lang="ja")
    qtbot.addWidget(win)
    try:
        with qtbot.waitSignal(win.ready, timeout=10000):
            win.show()
        assert win.nav.item(0).text() == "ホーム"
        assert sorted(win.home.boxes) == sorted(
            [
                "to_file",
                "overdue",
                "re_review",
                "licences_expiring",
                "declarations_expiring",
                "lists",
                "recent_imports",
            ]
        )
        assert win.home.boxes["to_file"].title() == "提出する案件（2）"
    finally:
        win.runner.wait_idle()
        win.context.close()
        apply_language("en")

"""Help ▸ Manual (F1): the manual opens in the app's language, with the tasks of each role,
and follows a change of language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = [
    pytest.mark.gui,
    # F1 again raises the open window, which the offscreen platform cannot do
    pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)$"),
]

ROLES_JA = (
    "研究者",
    "事務局",
    "部局責任者",
    "該非確認責任者",
    "統括責任者",
    "安全保障輸出管理委員会",
    "監査担当",
    "管理者",
)
ROLES_EN = (
    "Researcher",
    "Export control office",
    "Department head",
    "Classification officer",
    "Chief export control officer",
    "Committee",
    "Auditor",
    "Administrator",
)


def headings(manual) -> list[str]:  # type: ignore[no-untyped-def]
    doc = manual.text.document()
    out = []
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            out.append(block.text())
        block = block.next()
    return out


def test_f1_opens_the_manual_in_the_apps_language(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.dialogs.manual import ManualWindow

    window.set_language_choice("ja")
    assert window.actions_by_id["help.manual"].text() == "マニュアル(&M)"
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    manual = window.manual
    assert isinstance(manual, ManualWindow) and manual.isVisible()
    assert not manual.isModal()  # followed while working
    assert manual.windowTitle() == "desk マニュアル"
    titles = headings(manual)
    assert titles[0] == "desk 操作マニュアル"
    for role in ROLES_JA:  # every role's tasks, under its own heading
        assert role in titles, role
    assert "事前確認を入力（ウィザード）" in manual.text.toPlainText()
    # F1 again brings the same window forward, no second one
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.manual is manual
    assert len(window.findChildren(ManualWindow)) == 1

    # the language changed in the app: the manual follows
    window.set_language_choice("en")
    assert manual.windowTitle() == "desk manual"
    titles = headings(manual)
    assert titles[0] == "desk manual"
    for role in ROLES_EN:
        assert role in titles, role
    manual.close()
    qtbot.waitUntil(lambda: window.manual is None, timeout=5000)

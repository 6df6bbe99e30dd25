"""Case ▸ Link cleared shipment…: the case's minimum-use-technology exemption linked to a
shipment the office cleared, picked from the cleared ones only, removed again, a refusal
said in the dialog with the choice kept, and the link (or the warning) in the detail pane."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from tests.gui.test_app_actions import _window, select_case, trigger
from tests.storage.test_case_shipment_link import _case, _shipment


def _url(tmp_path: Path) -> str:
    from desk.services.cases import import_cases
    from desk.services.context import open_context
    from desk.services.goods import save_shipment
    from desk.services.reviews import decide_shipment, submit_shipment

    url = f"sqlite:///{tmp_path / 'link.sqlite3'}"
    path = tmp_path / "C1.json"
    path.write_text(json.dumps(_case("C1", True)), encoding="utf-8")
    with open_context(url) as ctx:
        import_cases(ctx, [path])
        save_shipment(ctx, _shipment("S1"))
        save_shipment(ctx, _shipment("S2"))
        state = submit_shipment(ctx, "S1")
        decide_shipment(ctx, "S1", level="first", decision="approve", seen=state.seen)
    return url


def _open(qtbot, win):  # type: ignore[no-untyped-def]
    from desk.ui.dialogs.case_shipment_link import CaseShipmentLinkDialog

    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=10000) as opened:
        trigger(qtbot, win.actions_by_id["case.link_shipment"])
    dialog = opened.args[0]
    assert isinstance(dialog, CaseShipmentLinkDialog)
    return dialog


def _pane(win) -> str:  # type: ignore[no-untyped-def]
    texts = win.view("cases").detail.field_texts()
    return next((v for k, v in texts.items() if "Minimum use technology" in k), "")


def test_link_a_cleared_shipment_from_the_case_menu(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desk.services.context import open_context
    from desk.services.goods import case_shipment_link
    from desk.services.reviews import move_shipment

    url = _url(tmp_path)
    win = _window(qtbot, url)
    select_case(qtbot, win, "C1")
    assert "names no cleared shipment" in _pane(win)  # the claim is unbacked: warned

    dialog = _open(qtbot, win)
    # only the cleared shipment is offered; the undecided S2 is not
    assert [dialog.shipment.itemData(i) for i in range(dialog.shipment.count())] == ["S1"]
    assert dialog.clear.isHidden()
    assert dialog.warning_label() is not None
    # keyboard: Enter in the dialog is OK
    dialog.shipment.setFocus()
    with qtbot.waitSignal(win.app_actions.finished, timeout=10000) as done:
        qtbot.keyClick(dialog.shipment, Qt.Key.Key_Return)
    assert done.args[0] == "case.link_shipment" and done.args[1].shipment_ref == "S1"
    with open_context(url) as ctx:
        assert case_shipment_link(ctx, "C1").cleared
    qtbot.waitUntil(lambda: "S1" in _pane(win) and "approved on" in _pane(win), timeout=10000)

    # the shipment is reopened while the dialog is open: refused in the dialog, choice kept
    dialog = _open(qtbot, win)
    assert dialog.clear.isVisibleTo(dialog)
    with open_context(url) as ctx:
        move_shipment(ctx, "S1", "first_review", note="reopened")
    with qtbot.waitSignal(win.app_actions.failed, timeout=10000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.problem.isVisibleTo(dialog)
    assert "S1" in dialog.problem.text()
    assert dialog.shipment.currentData() == "S1"

    # the link removed from the same dialog
    dialog.clear.setChecked(True)
    assert not dialog.shipment.isEnabled()
    with qtbot.waitSignal(win.app_actions.finished, timeout=10000) as done:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert done.args[1].shipment_ref is None
    with open_context(url) as ctx:
        assert case_shipment_link(ctx, "C1").shipment_ref is None


def test_the_detail_pane_says_the_link_in_japanese(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desk.services.context import open_context
    from desk.services.goods import link_case_shipment

    url = _url(tmp_path)
    with open_context(url) as ctx:
        link_case_shipment(ctx, "C1", "S1")
    win = _window(qtbot, url, lang="ja")
    select_case(qtbot, win, "C1")
    texts = win.view("cases").detail.field_texts()
    shown = next(v for k, v in texts.items() if "貨物の使用に必要な最小限の技術" in k)
    assert shown.startswith("貨物の輸出 S1（") and shown.endswith("承認済み）に基づく")

"""The "Internal audit…" dialog, driven as a person would: open it from the File menu, write
the plan, answer the checklist, add a finding and a corrective action, close the action and
sign off; what is stored is read back through the service."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QWidget

pytestmark = pytest.mark.gui


def commit(widget: QWidget, text: str) -> None:
    """Japanese text arrives as an input method's commit string (keyClicks with non-ASCII
    text aborts the test process)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def audit_db_url(tmp_path: Path) -> str:
    from desk.services.context import default_actor, open_context
    from desk.services.reviews import add_user

    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    with open_context(url, actor="office1") as ctx:
        add_user(ctx, "office1", ["office"])
        # the app acts as the login it runs under: the auditor, who is also in the office
        add_user(ctx, default_actor(), ["auditor", "office"], display_name="監査 太郎")
    return url


@pytest.fixture
def audit_window(qtbot, audit_db_url: str):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(audit_db_url, lang="en")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    yield win
    win.runner.wait_idle()
    win.context.close()
    apply_language("en")


def click(qtbot, dialog, button) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.changed, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_plan_check_find_correct_and_sign_off_from_the_app(qtbot, audit_window) -> None:  # type: ignore[no-untyped-def]
    from desk.services.internal_audit import get_audit, list_audits

    win = audit_window
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=10000) as opened:
        win.actions_by_id["file.internal_audit"].trigger()
    dialog = opened.args[0]
    assert "No internal audit" in dialog.title.text()
    assert not dialog.add_finding.isEnabled() and not dialog.save_checks.isEnabled()

    commit(dialog.plan, "全部局の取引審査票を確認する。")
    commit(dialog.auditors, "監査 太郎")
    qtbot.keyClicks(dialog.audit_on, "2026-11-20")
    click(qtbot, dialog, dialog.save_plan)
    ref = dialog.view.ref
    assert ref.startswith("IA-") and dialog.checks.rowCount() >= 20

    # the checklist: 不適 for one item with a note, 適 for the rest
    for r in range(dialog.checks.rowCount()):
        box = dialog.checks.cellWidget(r, 2)
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(box.findData("nonconform" if r == 0 else "conform"))
    dialog.checks.item(0, 3).setText("no policy issued")
    click(qtbot, dialog, dialog.save_checks)

    commit(dialog.finding_text, "基本方針が文書化されていない。")
    dialog.finding_check.setCurrentIndex(dialog.finding_check.findData("1-1"))
    dialog.finding_severity.setCurrentIndex(dialog.finding_severity.findData("major"))
    click(qtbot, dialog, dialog.add_finding)
    assert dialog.action_finding.isEnabled()

    commit(dialog.action_text, "基本方針を制定する。")
    commit(dialog.action_owner, "輸出管理室")
    qtbot.keyClicks(dialog.action_due, "2027-03-31")
    click(qtbot, dialog, dialog.add_action)
    assert dialog.findings.item(0, 3).text() == "基本方針を制定する。"
    assert dialog.open_actions.count() == 1

    click(qtbot, dialog, dialog.sign_off)
    assert not dialog.add_finding.isEnabled() and not dialog.plan.isEnabled()
    assert "Signed off" in dialog.signed.text()

    qtbot.keyClicks(dialog.follow_up, "done")
    click(qtbot, dialog, dialog.close_action)
    assert dialog.open_actions.count() == 0

    ctx = win.context
    view = get_audit(ctx, ref)
    assert view.plan == "全部局の取引審査票を確認する。" and view.auditors == "監査 太郎"
    assert view.audit_on is not None and view.audit_on.isoformat() == "2026-11-20"
    assert view.checks[0].result == "nonconform" and view.checks[0].notes == "no policy issued"
    assert all(c.result == "conform" for c in view.checks[1:])
    f = view.findings[0]
    assert (f.text, f.check_code, f.severity) == ("基本方針が文書化されていない。", "1-1", "major")
    assert f.actions[0].owner == "輸出管理室" and f.actions[0].status == "closed"
    assert f.actions[0].follow_up == "done"
    assert view.signed_off and [a.signed_off for a in list_audits(ctx)] == [True]


def test_a_bad_due_date_is_named_and_nothing_is_stored(qtbot, audit_window) -> None:  # type: ignore[no-untyped-def]
    from desk.services.internal_audit import add_finding, create_audit, get_audit

    win = audit_window
    ref = create_audit(win.context, 2026).ref
    add_finding(win.context, ref, "指摘")
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=10000) as opened:
        win.actions_by_id["file.internal_audit"].trigger()
    dialog = opened.args[0]
    assert dialog.view.ref == ref
    qtbot.keyClicks(dialog.action_text, "fix it")
    qtbot.keyClicks(dialog.action_owner, "office")
    qtbot.keyClicks(dialog.action_due, "31/03/2027")
    qtbot.mouseClick(dialog.add_action, Qt.MouseButton.LeftButton)
    assert "31/03/2027" in dialog.problem.text()
    assert get_audit(win.context, ref).findings[0].actions == ()
    _ = QMessageBox  # the service's refusals come as a message box (see test_review_dialog)

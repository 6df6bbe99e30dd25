"""Keeping data safe from the app: the audit-log viewer (read-only, filters, search, CSV,
reachable by an auditor with the keyboard), File ▸ Back up… / Restore…, Retention…"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.storage.case_files import write_case

pytestmark = pytest.mark.gui


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services.cases import assess_cases, import_cases
    from desk.services.context import open_context
    from desk.services.reviews import add_user

    url = f"sqlite:///{tmp_path / 'keeping.sqlite3'}"
    with open_context(url, actor="office1") as ctx:
        import_cases(ctx, [write_case(tmp_path, id=r) for r in ("K1", "K2")])
        assess_cases(ctx, lists=[])
        add_user(ctx, "office1", ["office"])
        add_user(ctx, "aud", ["auditor"])
    return url


def _window(qtbot, url: str, login: str, monkeypatch):  # type: ignore[no-untyped-def]
    from desk.ui.app import create_main_window

    monkeypatch.setenv("LOGNAME", login)
    monkeypatch.setenv("USER", login)
    win = create_main_window(url, lang="en")
    win.auto_backup = False
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    win.runner.wait_idle()
    qtbot.wait(20)
    return win


def _dialog(qtbot, win, action_id: str):  # type: ignore[no-untyped-def]
    """Open the dialog of ``action_id`` and wait until its table is filled."""
    seen: list[int] = []

    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=5000) as opened:
        win.actions_by_id[action_id].trigger()
    dialog = opened.args[0]
    dialog.loaded.connect(seen.append)
    qtbot.waitUntil(lambda: bool(seen) or dialog.table.rowCount() > 0, timeout=10000)
    return dialog


def _apply(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.apply()


def test_an_auditor_reads_filters_searches_and_exports_the_audit_log(
    qtbot, url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, url, "aud", monkeypatch)
    try:
        assert win.read_only  # an auditor …
        assert win.actions_by_id["file.audit_log"].isEnabled()  # … reads the log
        assert not win.actions_by_id["file.backup"].isEnabled()
        dialog = _dialog(qtbot, win, "file.audit_log")
        table = dialog.table
        assert table.rowCount() >= 3
        assert table.editTriggers() == table.EditTrigger.NoEditTriggers
        actions = {table.item(r, 3).data(Qt.ItemDataRole.UserRole) for r in range(table.rowCount())}
        assert {"case.import", "case.assess"} <= actions
        # shown in words, not as the stored code
        shown = {table.item(r, 3).text() for r in range(table.rowCount())}
        assert {"cases: imported", "cases: assessed"} <= shown
        # keyboard: the Case field by its mnemonic, Enter applies
        dialog.case.setFocus()
        qtbot.keyClicks(dialog.case, "K2")
        with qtbot.waitSignal(dialog.loaded, timeout=10000):
            qtbot.keyClick(dialog.case, Qt.Key.Key_Return)
        assert table.rowCount() >= 1
        assert all("K2" in table.item(r, 5).text() or table.item(r, 4).text()
                   for r in range(table.rowCount()))  # fmt: skip
        dialog.case.clear()
        dialog.kind.setCurrentIndex(dialog.kind.findData("case"))
        _apply(qtbot, dialog)
        kinds = {table.item(r, 3).data(Qt.ItemDataRole.UserRole) for r in range(table.rowCount())}
        assert kinds and all(k.startswith("case.") for k in kinds)
        dialog.kind.setCurrentIndex(0)
        qtbot.keyClicks(dialog.search, "office1")
        _apply(qtbot, dialog)
        assert table.rowCount() >= 1
        qtbot.keyClicks(dialog.since, "2026-W36-2")
        dialog.apply()
        qtbot.wait(20)
        assert dialog.message.isVisible() and "YYYY-MM-DD" in dialog.message.text()
        dialog.since.clear()
        out = tmp_path / "log.csv"
        dialog.ask_csv_path = lambda suggested: str(out)
        with qtbot.waitSignal(dialog.exported, timeout=10000):
            dialog.export_csv()
        text = out.read_text(encoding="utf-8-sig")
        assert text.startswith("seq,at,actor,action") and "office1" in text
        dialog.close()
    finally:
        win.runner.wait_idle()
        if win.context is not None:
            win.context.close()


def test_back_up_and_restore_from_the_app(qtbot, url: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk.services.cases import import_cases, list_cases
    from desk.services.context import open_context

    win = _window(qtbot, url, "office1", monkeypatch)
    try:
        backup = tmp_path / "app.bak"
        win.app_actions.ask_backup_path = lambda suggested: str(backup)
        with qtbot.waitSignal(win.app_actions.finished, timeout=20000):
            win.actions_by_id["file.backup"].trigger()
        assert backup.exists()
        with open_context(url, actor="office1") as ctx:
            import_cases(ctx, [write_case(tmp_path, id="K3")])
        win.app_actions.ask_restore_file = lambda: str(backup)
        asked: list[str] = []
        win.app_actions.confirm_restore = lambda file: asked.append(file) or True
        # Home reads its counts again after the backup: the action waits for that to end
        qtbot.waitUntil(lambda: win.actions_by_id["file.restore"].isEnabled(), timeout=10000)
        with qtbot.waitSignal(win.app_actions.finished, timeout=20000) as restored:
            win.actions_by_id["file.restore"].trigger()
        assert asked == [str(backup)] and restored.args[0] == "file.restore"
        qtbot.waitUntil(lambda: win.context is not None, timeout=10000)
        win.runner.wait_idle()
        with open_context(url, actor="office1") as ctx:
            assert sorted(c.ref for c in list_cases(ctx)) == ["K1", "K2"]
    finally:
        win.runner.wait_idle()
        if win.context is not None:
            win.context.close()


def test_the_retention_dialog_puts_a_legal_hold(qtbot, url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk.services.context import open_context
    from desk.services.retention import legal_holds
    from desk.services.reviews import add_user, move_case

    with open_context(url, actor="office1") as ctx:
        add_user(ctx, "rev", ["chief"])
        for status in ("submitted", "first_review", "second_review"):
            move_case(ctx, "K1", status)
    with open_context(url, actor="rev") as ctx:
        move_case(ctx, "K1", "decided")
        with ctx.transaction() as s:  # decided eight years ago
            from sqlalchemy import text

            s.execute(text("UPDATE cases SET updated_at = '2018-01-05 00:00:00.000000'"))
    win = _window(qtbot, url, "office1", monkeypatch)
    try:
        dialog = _dialog(qtbot, win, "file.retention")
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "K1"
        dialog.table.selectRow(0)
        dialog.ask_reason = lambda ref: "litigation"
        with qtbot.waitSignal(dialog.loaded, timeout=10000):
            dialog.hold_selected()
        assert dialog.table.item(0, 4).text() == "litigation"
        with open_context(url, actor="office1") as ctx:
            assert [h.ref for h in legal_holds(ctx)] == ["K1"]
        dialog.close()
    finally:
        win.runner.wait_idle()
        if win.context is not None:
            win.context.close()

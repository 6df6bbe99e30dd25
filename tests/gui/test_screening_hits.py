"""Recording a screening from the "Screen a name" dialog, and deciding its hits in the
"Screening hits" dialog: clear with a reason, confirm; refused when the role is missing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


def test_record_then_clear_and_confirm(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.dialogs.screen_name import ScreenDialog
    from desk.ui.dialogs.screening_hits import HitsDialog

    window.actions_by_id["screen.name"].trigger()
    screen = window.findChild(ScreenDialog, "screenDialog")
    qtbot.keyClicks(screen.name, "Example Institute of Technology")
    with qtbot.waitSignal(screen.recorded, timeout=20000) as blocker:
        qtbot.mouseClick(screen.record_button, Qt.MouseButton.LeftButton)
    record = blocker.args[0]
    assert record.hits and record.status == "open"
    assert screen.summary.text().startswith(f"Recorded as screening record #{record.id}: ")

    action = window.actions_by_id["screen.hits"]
    assert action.isEnabled() and action.text() == "Screening &hits…"
    with qtbot.waitSignal(window.runner.idle, timeout=20000):
        action.trigger()
    dialog = window.findChild(HitsDialog, "hitsDialog")
    assert dialog is not None and dialog.isVisible()
    window.runner.wait_idle()
    assert [h.id for h in dialog.hits] == sorted((h.id for h in record.hits), reverse=True)
    first = record.hits[0]
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[1] == "open" and row[3] == "Example Institute of Technology"

    # nothing selected: no decision possible; clearing needs a reason
    dialog.table.clearSelection()
    assert not dialog.confirm_button.isEnabled() and not dialog.clear_button.isEnabled()
    dialog.select_hit(first.id)
    assert dialog.confirm_button.isEnabled() and not dialog.clear_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "a different institute in another city")
    assert dialog.clear_button.isEnabled()
    with (
        qtbot.waitSignal(dialog.loaded, timeout=20000),
        qtbot.waitSignal(dialog.decided, timeout=20000) as decided,
    ):
        qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    cleared = next(h for h in decided.args[0].hits if h.id == first.id)
    assert (cleared.status, cleared.reason) == ("cleared", "a different institute in another city")
    assert first.id not in [h.id for h in dialog.hits]  # only open ones are shown

    # all hits, then confirm another one (if there is one) or see the cleared one
    with qtbot.waitSignal(dialog.loaded, timeout=20000):
        dialog.only_open.setChecked(False)
    assert first.id in [h.id for h in dialog.hits]
    dialog.select_hit(first.id)
    assert not dialog.confirm_button.isEnabled()  # already decided

    # a reader without the role is refused in place, and nothing changes
    from desk.services.reviews import add_user
    from desk.services.screening import record_screening, screening_hits

    second = record_screening(window.context, "Example Institute of Technology")
    add_user(window.context, window.context.actor, ["auditor"])
    with qtbot.waitSignal(dialog.loaded, timeout=20000):
        dialog.refresh()
    dialog.select_hit(second.hits[0].id)
    with qtbot.waitSignal(window.runner.idle, timeout=20000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert (
        dialog.summary.text().startswith("⚠ ") and "read-only role Auditor" in dialog.summary.text()
    )
    assert {h.id for h in screening_hits(window.context, open_only=True)} == {
        h.id for h in second.hits
    }


def test_hits_dialog_in_japanese(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from desk.services.screening import record_screening
    from desk.ui.dialogs.screening_hits import HitsDialog

    record_screening(window.context, "Example Institute of Technology")
    window.set_language_choice("ja")
    with qtbot.waitSignal(window.runner.idle, timeout=20000):
        window.actions_by_id["screen.hits"].trigger()
    dialog = window.findChild(HitsDialog, "hitsDialog")
    window.runner.wait_idle()
    assert dialog.windowTitle() == "照合の該当候補"
    assert dialog.table.item(0, 1).text() == "未完了"


def test_import_dialog_takes_the_list_source_and_date_from_a_un_file(  # type: ignore[no-untyped-def]
    qtbot, window, fixtures_dir
) -> None:
    from PySide6.QtCore import QDate

    window.app_actions.ask_list_file = lambda current="": str(
        fixtures_dir / "lists" / "un-consolidated.xml"
    )
    with qtbot.waitSignal(window.app_actions.dialog_opened, timeout=10000) as opened:
        window.actions_by_id["file.import_list"].trigger()
    dialog = opened.args[0]
    assert dialog.source.text() == "jp-eul"
    qtbot.mouseClick(dialog.file.browse, Qt.MouseButton.LeftButton)
    assert dialog.source.text() == "un-sc"
    assert dialog.published.date() == QDate(2025, 10, 1)  # the list's dateGenerated
    with qtbot.waitSignal(window.app_actions.dialog_opened, timeout=30000) as shown:
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert "Stored un-sc 2025-10-01: 13 entries" in shown.args[0].text.toPlainText()
    shown.args[0].close()
    window.runner.wait_idle()

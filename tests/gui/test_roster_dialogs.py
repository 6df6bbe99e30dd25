"""File → Import roster… (preview, then import, with progress), Edit → Review doubtful
pairs… (accept merges), File → Export register… and the registers' "Show retired" filter,
driven as a person would."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from desk.ui.dialogs.roster import RosterImportDialog, RosterReviewDialog
from tests.gui.test_app_actions import _window
from tests.gui.test_register_forms import _opened


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'roster.sqlite3'}"
    with open_context(url):
        pass
    return url


def _people(qtbot, url: str):  # type: ignore[no-untyped-def]
    win = _window(qtbot, url)
    with qtbot.waitSignal(win.view("people").model.loaded, timeout=5000):
        win.show_registry("people")
    return win


def _wait(qtbot, win, click: Any) -> Any:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.register_actions.finished, timeout=20000) as blocker:
        click()
    return blocker.args[1]


def test_preview_then_import_a_roster(qtbot, url: str, fixtures_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = _people(qtbot, url)
    roster = tmp_path / "students.xlsx"
    shutil.copy(fixtures_dir / "rosters" / "students-2026-spring.xlsx", roster)
    dialog = _opened(qtbot, win, "register.import_roster")
    assert isinstance(dialog, RosterImportDialog)
    assert not dialog.import_button.isEnabled()
    dialog.file.edit.setText(str(roster))
    preview = _wait(qtbot, win, dialog.preview_button.click)
    assert not preview.applied
    assert dialog.table.rowCount() == 4
    assert dialog.table.item(0, 1).text() == "张伟"
    assert "4 new" in dialog.summary.text() and "Preview" in dialog.summary.text()
    assert dialog.columns["born_on"].placeholderText() == "生年月日"
    assert dialog.import_button.isEnabled()
    assert win.view("people").model.total == 0, "a preview stores nothing"
    loaded = win.view("people").model.loaded
    with qtbot.waitSignal(loaded, timeout=20000):
        done = _wait(qtbot, win, dialog.import_button.click)
    assert done.applied and done.created == 4
    assert dialog.imported and not dialog.import_button.isEnabled()
    assert dialog.progress.maximum() == 4 or not dialog.progress.isVisible()
    assert win.view("people").model.total == 4


def test_a_broken_roster_is_named_in_the_dialog(qtbot, url: str, fixtures_dir: Path) -> None:  # type: ignore[no-untyped-def]
    win = _people(qtbot, url)
    dialog = _opened(qtbot, win, "register.import_roster")
    dialog.file.edit.setText(str(fixtures_dir / "rosters" / "broken-date.xlsx"))
    with qtbot.waitSignal(win.register_actions.failed, timeout=20000):
        dialog.preview_button.click()
    assert "row 4, column D" in dialog.problem.text()
    assert not dialog.import_button.isEnabled()
    # a column named by the user overrides the headers
    dialog.columns["born_on"].setText("Nothing Like It")
    with qtbot.waitSignal(win.register_actions.failed, timeout=20000):
        dialog.preview_button.click()
    assert "no column Nothing Like It" in dialog.problem.text()


def test_review_pairs_accept_merges_and_retired_are_hidden_until_asked(  # type: ignore[no-untyped-def]
    qtbot, url: str, tmp_path: Path
) -> None:
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        kept = reg.add(ctx, "person", {"name": "Ivan Petrov"})
        gone = reg.add(ctx, "person", {"name": "Old Visitor"})
        reg.retire(ctx, "person", gone.id)
        (tmp_path / "r.csv").write_text("Name\nPETROV Ivan\n", encoding="utf-8")
        reg.import_roster(ctx, tmp_path / "r.csv")
    win = _people(qtbot, url)
    view = win.view("people")
    assert view.model.total == 2, "the retired person is hidden"
    assert view.show_retired is not None
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.show_retired.setChecked(True)
    assert view.model.total == 3
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.show_retired.setChecked(False)

    acts = win.register_actions
    with qtbot.waitSignal(acts.dialog_opened, timeout=5000) as blocker:
        win.actions_by_id["register.review_pairs"].trigger()
    dialog = blocker.args[0]
    assert isinstance(dialog, RosterReviewDialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert "Ivan Petrov" in dialog.table.item(0, 2).text()
    with qtbot.waitSignal(view.model.loaded, timeout=20000):
        item = _wait(qtbot, win, dialog.accept_button.click)
    assert item.status == "accepted" and item.candidate["id"] == kept.id
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    assert dialog.empty.isVisible()
    assert view.model.total == 1

    out = tmp_path / "people.csv"
    acts.ask_export_path = lambda _suggested: str(out)
    done = _wait(qtbot, win, win.actions_by_id["register.export"].trigger)
    assert done.rows == 1 and out.is_file()

"""The officer's actions from the app, driven as a person would: import case files and
a list version, assess a case again, issue its record, write the audit report, export.
File dialogs are replaced by patching the ``ask_*`` methods that open them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desk.services.registers import CaseCol
from desk.ui.actions.file_menu import fiscal_year_of

pytestmark = pytest.mark.gui


def _window(qtbot, url: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    from desk.ui.app import create_main_window

    win = create_main_window(url, lang=lang)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    view = win.view("cases")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("cases")
    win.runner.wait_idle()
    qtbot.wait(20)  # the roles read at start-up are delivered
    return win


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'actions.sqlite3'}"
    with open_context(url):
        pass
    return url


@pytest.fixture
def win(qtbot, empty_url: str):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language

    w = _window(qtbot, empty_url)
    yield w
    w.runner.wait_idle()
    w.context.close()
    apply_language("en")


@pytest.fixture
def case_dir(tmp_path: Path, fixtures_dir: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for ref in ("S03", "S18"):
        shutil.copy(fixtures_dir / "cases" / f"{ref}.json", folder / f"{ref}.json")
    return folder


def refs_shown(win) -> list[str]:  # type: ignore[no-untyped-def]
    model = win.view("cases").model
    return sorted(model.index(r, CaseCol.REF).data() for r in range(model.rowCount()))


def trigger(qtbot, action) -> None:  # type: ignore[no-untyped-def]
    """Use an action as a person would: once it is enabled (background loads finished)."""
    qtbot.waitUntil(action.isEnabled, timeout=10000)
    action.trigger()


def shortcut(qtbot, win, keys: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(keys)[0]
    shortcuts = {a.shortcut().toString(): a for a in win.actions_by_id.values()}
    if keys in shortcuts:  # a shortcut of a disabled action does nothing: wait as a person would
        qtbot.waitUntil(shortcuts[keys].isEnabled, timeout=10000)
    win.activateWindow()  # a message box closed just before leaves no window active
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    qtbot.keyClick(win, combo.key(), combo.keyboardModifiers())


def message(win, name: str) -> QMessageBox:  # type: ignore[no-untyped-def]
    boxes = [b for b in win.findChildren(QMessageBox, name) if b.isVisible()]
    assert boxes, f"no {name} box on screen"
    return boxes[-1]


def import_files(qtbot, win, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    win.app_actions.ask_case_files = lambda: [str(p) for p in paths]
    view = win.view("cases")
    with qtbot.waitSignals(
        [win.app_actions.finished, view.model.loaded], timeout=10000, order="none"
    ):
        shortcut(qtbot, win, "Ctrl+O")


def select_case(qtbot, win, ref: str):  # type: ignore[no-untyped-def]
    view = win.current_view()
    with qtbot.waitSignal(view.detail_shown, timeout=5000):
        view.select_row(
            [view.model.index(r, CaseCol.REF).data() for r in range(view.model.rowCount())].index(
                ref
            )
        )
    return view


def press_ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_import_case_files_shows_the_new_rows_and_counts(qtbot, win, case_dir) -> None:  # type: ignore[no-untyped-def]
    assert refs_shown(win) == []
    assert win.actions_by_id["file.import_cases"].isEnabled()
    import_files(qtbot, win, [case_dir / "S03.json", case_dir / "S18.json"])
    assert refs_shown(win) == ["S03", "S18"]
    box = message(win, "actionResult")
    assert box.text() == "Imported 2 cases (2 new, 0 updated)."
    box.close()

    import_files(qtbot, win, [case_dir / "S03.json"])
    assert "Imported 1 case (0 new, 1 updated)." == message(win, "actionResult").text()
    assert refs_shown(win) == ["S03", "S18"]


def test_an_invalid_case_file_is_named_and_nothing_is_stored(qtbot, win, case_dir) -> None:  # type: ignore[no-untyped-def]
    bad = case_dir / "broken.json"
    doc = json.loads((case_dir / "S03.json").read_text(encoding="utf-8"))
    doc["id"] = "S99"
    doc["provision"]["place"] = "on the moon"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    win.app_actions.ask_case_files = lambda: [str(case_dir / "S03.json"), str(bad)]
    with qtbot.waitSignal(win.app_actions.failed, timeout=10000):
        shortcut(qtbot, win, "Ctrl+O")
    box = message(win, "errorMessage")
    assert "broken.json" in box.text() and "provision.place" in box.text()
    box.close()
    # one transaction: the good file next to it was not stored either
    with qtbot.waitSignal(win.view("cases").model.loaded, timeout=5000):
        shortcut(qtbot, win, "F5")
    assert refs_shown(win) == []


def test_assess_again_updates_the_current_assessment_tab(qtbot, win, case_dir) -> None:  # type: ignore[no-untyped-def]
    import_files(qtbot, win, [case_dir / "S03.json"])
    message(win, "actionResult").close()
    assert not win.actions_by_id["case.assess"].isEnabled()  # no case selected yet
    view = select_case(qtbot, win, "S03")
    assert "Current assessment" not in view.detail.section_texts()  # never assessed
    assert win.actions_by_id["case.assess"].isEnabled()
    with qtbot.waitSignal(view.detail_shown, timeout=10000):
        shortcut(qtbot, win, "Ctrl+Shift+A")
    current = view.detail.section_texts()["Current assessment"]
    assert any("Exemption applies" in v for v in current.values()), current
    row = view.selected_row()
    assert row is not None and row.cells[CaseCol.REF] == "S03"
    assert win.statusBar().currentMessage() == "Case S03 assessed again."


def test_issue_record_writes_a_pdf_that_verifies(qtbot, win, case_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desk.services.records import verify_record

    import_files(qtbot, win, [case_dir / "S03.json"])
    message(win, "actionResult").close()
    view = select_case(qtbot, win, "S03")
    with qtbot.waitSignal(view.detail_shown, timeout=10000):
        trigger(qtbot, win.actions_by_id["case.assess"])

    opened_folders: list[Path] = []
    win.app_actions.open_folder = opened_folders.append
    target = tmp_path / "out" / "S03-record.pdf"
    target.parent.mkdir()
    asked: list[str] = []

    def ask(suggested: str) -> str:
        asked.append(suggested)
        return str(target)

    win.app_actions.ask_record_path = ask
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=5000) as opened:
        shortcut(qtbot, win, "Ctrl+Shift+P")
    dialog = opened.args[0]
    dialog.kind.setCurrentIndex(dialog.kind.findData("classification"))
    assert dialog.out.text().endswith("S03_classification_en.pdf")  # the suggested name
    qtbot.mouseClick(dialog.out.browse, Qt.MouseButton.LeftButton)
    assert asked and asked[0].endswith("S03_classification_en.pdf")
    assert dialog.out.text() == str(target)
    with qtbot.waitSignal(win.app_actions.finished, timeout=20000):
        press_ok(qtbot, dialog)
    box = message(win, "openFolderQuestion")
    assert "for case S03 was written to" in box.text() and str(target) in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Open), Qt.MouseButton.LeftButton)
    assert opened_folders == [target.parent]
    assert target.read_bytes().startswith(b"%PDF")
    check = verify_record(win.context, target)
    assert check.ok and check.case_ref == "S03", check.message


def test_audit_report_defaults_to_the_current_fiscal_year(qtbot, win, case_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_files(qtbot, win, [case_dir / "S03.json"])
    message(win, "actionResult").close()
    win.app_actions.open_folder = lambda folder: pytest.fail("the folder was opened")
    target = tmp_path / "audit.pdf"
    win.app_actions.ask_audit_path = lambda suggested: str(target)
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=5000) as opened:
        trigger(qtbot, win.actions_by_id["file.audit_report"])
    dialog = opened.args[0]
    assert dialog.year.value() == fiscal_year_of(dt.date.today())
    dialog.language.setCurrentIndex(dialog.language.findData("ja"))
    assert dialog.out.text().endswith(f"FY{fiscal_year_of(dt.date.today())}_ja.pdf")
    qtbot.mouseClick(dialog.out.browse, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(win.app_actions.finished, timeout=30000):
        press_ok(qtbot, dialog)
    box = message(win, "openFolderQuestion")
    assert f"FY{fiscal_year_of(dt.date.today())}" in box.text() and str(target) in box.text()
    box.close()  # Close: nothing is opened
    assert target.read_bytes().startswith(b"%PDF")


def test_fiscal_year_runs_from_april_to_march() -> None:
    assert fiscal_year_of(dt.date(2027, 3, 31)) == 2026
    assert fiscal_year_of(dt.date(2027, 4, 1)) == 2027


def test_export_case_files_writes_one_file_per_case(qtbot, win, case_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desk.domain.case import load_case_file

    import_files(qtbot, win, [case_dir / "S03.json", case_dir / "S18.json"])
    message(win, "actionResult").close()
    out = tmp_path / "export"
    win.app_actions.ask_export_dir = lambda: str(out)
    with qtbot.waitSignal(win.app_actions.finished, timeout=10000):
        trigger(qtbot, win.actions_by_id["file.export_cases"])
    assert "Exported 2 case files to" in message(win, "openFolderQuestion").text()
    assert sorted(p.name for p in out.iterdir()) == ["S03.json", "S18.json"]
    assert load_case_file(out / "S18.json").id == "S18"


def test_import_list_version_shows_the_impact(qtbot, win, case_dir, fixtures_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_files(qtbot, win, [case_dir / "S03.json", case_dir / "S18.json"])
    message(win, "actionResult").close()
    lists = win.view("lists")
    with qtbot.waitSignal(lists.model.loaded, timeout=5000):
        win.show_registry("lists")
    csv = tmp_path / "fixture-2026-01-15.csv"
    shutil.copy(fixtures_dir / "cases" / "lists" / "eul-fixture.csv", csv)
    win.app_actions.ask_list_file = lambda current="": str(csv)
    # the Lists view also loads its stored versions in the background: trigger() waits
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=5000) as opened:
        trigger(qtbot, win.actions_by_id["file.import_list"])
    dialog = opened.args[0]
    assert dialog.source.text() == "jp-eul"
    press_ok(qtbot, dialog)  # no file yet: the dialog says so and stays open
    assert dialog.isVisible() and dialog.problem.text() == "Choose the list file."
    qtbot.mouseClick(dialog.file.browse, Qt.MouseButton.LeftButton)
    assert dialog.published.date() == QDate(2026, 1, 15)  # from the file's name
    dialog.source.setText("uni-fixture")
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=30000) as shown:
        press_ok(qtbot, dialog)
    impact = shown.args[0]
    assert impact.objectName() == "impactReport"
    text = impact.text.toPlainText()
    assert "Stored uni-fixture 2026-01-15" in text
    assert "Hits:" in text and "open cases affected:" in text
    assert "Xinhai" in text  # S18's recipient is affiliated with a listed university
    impact.close()
    win.runner.wait_idle()

    def versions_shown() -> list[str]:
        table = lists.versions.table
        return [
            " ".join(
                table.item(r, c).text() for c in range(table.columnCount()) if table.item(r, c)
            )
            for r in range(table.rowCount())
        ]

    # the registry and its "Stored list versions" were read again
    qtbot.waitUntil(lambda: any("uni-fixture" in v for v in versions_shown()), timeout=5000)
    qtbot.waitUntil(
        lambda: any(
            "Xinhai" in (lists.model.index(r, c).data() or "")
            for r in range(lists.model.rowCount())
            for c in range(lists.model.columnCount())
        ),
        timeout=5000,
    )


def test_an_auditor_reads_and_reports_but_cannot_change(qtbot, tmp_path, case_dir) -> None:  # type: ignore[no-untyped-def]
    from desk.services.cases import import_cases
    from desk.services.context import default_actor, open_context
    from desk.services.reviews import add_user
    from desk.ui.app import apply_language

    url = f"sqlite:///{tmp_path / 'auditor.sqlite3'}"
    with open_context(url) as ctx:
        import_cases(ctx, [case_dir / "S03.json"])
        add_user(ctx, default_actor(), ["auditor"])
    w = _window(qtbot, url)
    try:
        qtbot.waitUntil(lambda: w.app_actions.read_only, timeout=5000)
        select_case(qtbot, w, "S03")
        a = w.actions_by_id
        assert not a["file.import_cases"].isEnabled()
        assert not a["file.import_list"].isEnabled()
        assert not a["case.assess"].isEnabled()
        assert not a["case.issue_record"].isEnabled()
        assert not a["case.review"].isEnabled()
        assert a["file.audit_report"].isEnabled() and a["file.export_cases"].isEnabled()
    finally:
        w.runner.wait_idle()
        w.context.close()
        apply_language("en")


def test_case_actions_only_in_the_cases_registry(qtbot, win, case_dir) -> None:  # type: ignore[no-untyped-def]
    import_files(qtbot, win, [case_dir / "S03.json"])
    message(win, "actionResult").close()
    select_case(qtbot, win, "S03")
    assert win.actions_by_id["case.issue_record"].isEnabled()
    people = win.view("people")
    with qtbot.waitSignal(people.model.loaded, timeout=5000):
        win.show_registry("people")
    assert not win.actions_by_id["case.assess"].isEnabled()
    assert not win.actions_by_id["case.issue_record"].isEnabled()


def test_the_actions_read_in_japanese(qtbot, empty_url, case_dir) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language

    w = _window(qtbot, empty_url, lang="ja")
    try:
        assert w.actions_by_id["file.import_cases"].text() == "案件ファイルを取り込む(&I)…"
        assert w.actions_by_id["case.assess"].text() == "再判定(&A)"
        import_files(qtbot, w, [case_dir / "S03.json"])
        assert (
            message(w, "actionResult").text() == "1件の案件を取り込みました（新規 1件、更新 0件）。"
        )
    finally:
        w.runner.wait_idle()
        w.context.close()
        apply_language("en")


def test_a_record_for_an_unassessed_case_is_refused_clearly(qtbot, win, case_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_files(qtbot, win, [case_dir / "S03.json"])
    message(win, "actionResult").close()
    select_case(qtbot, win, "S03")
    target = tmp_path / "never.pdf"
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=5000) as opened:
        trigger(qtbot, win.actions_by_id["case.issue_record"])
    dialog = opened.args[0]
    dialog.out.edit.setText(str(target))  # typed instead of browsing
    with qtbot.waitSignal(win.app_actions.failed, timeout=10000):
        press_ok(qtbot, dialog)
    box = message(win, "errorMessage")
    assert "Case S03 has not been assessed yet; assess it first" in box.text()
    box.close()
    assert not target.exists()


def test_long_import_shows_its_label_beside_the_busy_indicator(
    qtbot, win, case_dir, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from desk.services import cases
    from desk.ui.operations import PROGRESS_DELAY_MS

    release = threading.Event()
    real = cases.import_cases

    def slow(ctx, paths):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real(ctx, paths)

    monkeypatch.setattr(cases, "import_cases", slow)
    win.app_actions.ask_case_files = lambda: [str(case_dir / "S03.json")]
    win.actions_by_id["file.import_cases"].trigger()
    qtbot.waitUntil(win.progress.isVisible, timeout=PROGRESS_DELAY_MS + 3000)
    assert win.statusBar().currentMessage() == "Importing case files…"
    assert not win.actions_by_id["file.import_cases"].isEnabled()  # one at a time
    with qtbot.waitSignal(win.app_actions.finished, timeout=10000):
        release.set()
    qtbot.waitUntil(lambda: not win.progress.isVisible(), timeout=5000)
    assert message(win, "actionResult").text() == "Imported 1 case (1 new, 0 updated)."

"""A day of each user, end to end in the real window (issue 10): everything done through
the app's sign-in, Home, menus and dialogs; the services only set the database up.

- a researcher signs in, files a self-assessment through the wizard and sees their own
  cases, not another researcher's;
- the review chain works from Home's queues: the department head's first review, the
  chief's second review, the office issues the record, and the record verifies;
- an auditor reads the audit log (filter, search, export) and can change nothing: every
  writing action is off, and says why.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWizard

from desk.services.registers import CaseCol
from tests.gui.test_app_actions import message, refs_shown, shortcut
from tests.gui.test_case_form import commit, set_date
from tests.gui.test_questionnaire import _case, next_page, pick_country

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "^This plugin does not support raise\\(\\)$",
        "^This plugin does not support grabbing the keyboard$",
    ),
]

PASSWORD = "a long day's secret 1"
PEOPLE = (
    ("root", ["admin"], "Root Admin", None),
    ("off", ["office"], "Oki Office", None),
    ("ren", ["researcher"], "Ren Researcher", "ENG"),
    ("rin", ["researcher"], "Rin Other", "ENG"),
    ("dean", ["dept_head"], "Dana Dean", "ENG"),
    ("chief", ["chief"], "Chie Chief", None),
    ("aud", ["auditor"], "Aki Auditor", None),
)


@pytest.fixture
def day_url(tmp_path: Path, fixtures_dir: Path) -> str:
    """Accounts with passwords for every role; another researcher's draft; a case of
    ren's (R3) submitted for review."""
    from desk.services import users
    from desk.services.cases import assess_cases, import_cases, save_case
    from desk.services.context import open_context, sign_in
    from desk.services.reviews import submit_case
    from tests.classified import confirm_listed_items

    url = f"sqlite:///{tmp_path / 'day.sqlite3'}"
    with open_context(url, actor="root") as ctx:
        for login, roles, name, department in PEOPLE:
            users.add_user(ctx, login, roles, display_name=name, department=department)
    with open_context(url, actor="rin") as ctx:
        save_case(ctx, _case("EC-2026-0200", "Rin's visitor"))
    with open_context(url, actor="ren") as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])
        assess_cases(ctx, ["S02"], lists=[])
        submit_case(ctx, "S02")
    with open_context(url, actor="root") as ctx:
        # the second review decides listed technology on a confirmed classification
        confirm_listed_items(ctx)
        users.set_password(ctx, "root", PASSWORD)
        root = sign_in(ctx, "root", PASSWORD)
        for login, *_rest in PEOPLE[1:]:
            users.set_password(root, login, PASSWORD)
    return url


@pytest.fixture
def app(qtbot, day_url: str):  # type: ignore[no-untyped-def]
    """The window as desk opens it: asking who is there before anything is shown."""
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(day_url, lang="en")
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.wait_idle()
    if win.context is not None:
        win.context.close()
    apply_language("en")


def sign_in(qtbot, win, login: str) -> None:  # type: ignore[no-untyped-def]
    dialog = win.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.login.clear()
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(win.app_actions.acting_changed, timeout=10000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert win.context.actor == login
    qtbot.waitUntil(lambda: not win.runner.in_flight, timeout=10000)
    if win.current_view() is win.home:
        home_read_for(qtbot, win)


def home_read_for(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """Home shows the queues of the one signed in (read again when they signed in, or
    when Home is next shown)."""
    qtbot.waitUntil(
        lambda: (
            not win.runner.in_flight
            and win.home.summary is not None
            and win.home.summary.user == win.context.actor
        ),
        timeout=10000,
    )


def switch_user(qtbot, win, login: str) -> None:  # type: ignore[no-untyped-def]
    action = win.actions_by_id["file.switch_user"]
    qtbot.waitUntil(action.isEnabled, timeout=10000)
    action.trigger()
    sign_in(qtbot, win, login)


def texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


def queue(win, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    widget = win.home.lists.get(key)
    return [] if widget is None else texts(widget)


def open_from_home(qtbot, win, key: str, ref: str):  # type: ignore[no-untyped-def]
    """Go Home (Ctrl+0), find ``ref`` in the queue ``key`` and open it with Enter."""
    shortcut(qtbot, win, "Ctrl+0")
    assert win.current_view() is win.home
    home_read_for(qtbot, win)
    qtbot.waitUntil(lambda: any(t.startswith(ref) for t in queue(win, key)), timeout=10000)
    widget = win.home.lists[key]
    widget.setFocus()
    widget.setCurrentRow(next(i for i, t in enumerate(texts(widget)) if t.startswith(ref)))
    cases = win.view("cases")
    with qtbot.waitSignal(cases.detail_shown, timeout=10000):
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert win.current_view() is cases
    assert cases.selected_row().cells[CaseCol.REF] == ref
    win.runner.wait_idle()
    return cases


def review(qtbot, win, step: str, decision: str):  # type: ignore[no-untyped-def]
    """Case ▸ Review case… on the selected case: the step offered, a decision, OK."""
    action = win.actions_by_id["case.review"]
    qtbot.waitUntil(action.isEnabled, timeout=10000)
    with qtbot.waitSignal(win.review_dialog_opened, timeout=10000) as opened:
        action.trigger()
    dialog = opened.args[0]
    assert dialog.step_box.currentData() == step  # the step the case waits for
    dialog.decision_box.setCurrentIndex(dialog.decision_box.findData(decision))
    with qtbot.waitSignal(win.review_done, timeout=10000) as done:
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert not dialog.isVisible()
    win.runner.wait_idle()
    return done.args[0]


def test_a_researchers_day(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    win = app
    win.set_language_choice("ja")
    sign_in(qtbot, win, "ren")
    assert "Ren Researcher（ren）— 研究者" in win.user_label.text()
    # Home: nothing of anyone else's to file
    assert win.current_view() is win.home
    assert queue(win, "to_file") == ["該当する案件はありません。"]
    cases = win.view("cases")
    with qtbot.waitSignal(cases.model.loaded, timeout=10000):
        win.show_registry("cases")
    assert refs_shown(win) == ["S02"]  # their own case; not rin's EC-2026-0200

    # New case… opens the questionnaire for a researcher
    win.runner.wait_idle()
    new = win.actions_by_id["case.new"]
    qtbot.waitUntil(new.isEnabled, timeout=10000)
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=10000) as opened:
        new.trigger()
    wizard = opened.args[0]
    win.runner.wait_idle()
    assert wizard.currentPage() is wizard.who
    commit(wizard.name, "王 小明")
    qtbot.keyClicks(wizard.name_latin, "Wang Xiaoming")
    pick_country(wizard.nationality, "CN")
    wizard.entered.none.setChecked(False)
    set_date(wizard.entered.edit, dt.date(2025, 4, 1))
    qtbot.mouseClick(wizard.foreign_directions, Qt.MouseButton.LeftButton)
    pick_country(wizard.foreign_party_country, "CN")
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.what
    commit(wizard.tech_title, "GaN増幅器の設計規則")
    wizard.listed.setCurrentIndex(wizard.listed.findData("listed"))
    wizard.item.setCurrentIndex(wizard.item.findData("7"))
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.where
    qtbot.mouseClick(wizard.channels.boxes["lab_access"], Qt.MouseButton.LeftButton)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)  # no exemption claimed
    assert wizard.currentPage() is wizard.summary
    assert "王 小明" in wizard.summary_text.toPlainText()
    with qtbot.waitSignal(win.app_actions.finished, timeout=20000):
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton
        )
    win.runner.wait_idle()
    assert wizard.currentPage() is wizard.result
    explained = wizard.result_text.toPlainText()  # in words, no codes
    assert "判定結果" in explained and "根拠法令等" in explained
    assert "PENDING" not in explained and "LICENSE" not in explained
    ref = wizard.case_id
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()

    # the new case is selected in Cases, submitted; still only the researcher's own cases
    qtbot.waitUntil(lambda: ref in refs_shown(win), timeout=10000)
    assert refs_shown(win) == sorted(["S02", ref])
    row = cases.selected_row()
    assert row is not None and row.cells[CaseCol.REF] == ref
    assert row.cells[CaseCol.STATUS] == "申請済み"
    # searching for the other researcher's case finds nothing either
    cases.search.setText("EC-2026-0200")
    with qtbot.waitSignal(cases.model.loaded, timeout=10000):
        qtbot.keyClick(cases.search, Qt.Key.Key_Return)
    assert refs_shown(win) == []


def test_the_review_chain_from_homes_queues_to_a_verified_record(  # type: ignore[no-untyped-def]
    qtbot, app, tmp_path: Path
) -> None:
    win = app
    # the department head: the first review, from Home's queue
    sign_in(qtbot, win, "dean")
    assert [t.split(" ")[0] for t in queue(win, "first_review")] == ["S02"]
    assert "second_review" not in win.home.lists  # a department head: the first level
    open_from_home(qtbot, win, "first_review", "S02")
    state = review(qtbot, win, "first", "approve")
    assert state.status == "second_review"  # R3: forwarded to the second level
    # the table is read again, the case kept selected with its new status
    cases = win.view("cases")
    qtbot.waitUntil(
        lambda: (
            (row := cases.selected_row()) is not None
            and row.cells[CaseCol.REF] == "S02"
            and row.cells[CaseCol.STATUS] == "Second review"
        ),
        timeout=10000,
    )

    # the chief, signed in in the same window: the second review
    switch_user(qtbot, win, "chief")
    open_from_home(qtbot, win, "second_review", "S02")
    assert "first_review" not in win.home.lists  # the chief: the second level
    state = review(qtbot, win, "second", "approve")
    assert state.status == "decided"

    # the office: the decision to record, from Home; the record issued and verified
    switch_user(qtbot, win, "off")
    open_from_home(qtbot, win, "to_record", "S02")
    target = tmp_path / "records" / "S02-precheck.pdf"
    target.parent.mkdir()
    win.app_actions.open_folder = lambda _folder: None
    issue = win.actions_by_id["case.issue_record"]
    qtbot.waitUntil(issue.isEnabled, timeout=10000)
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=10000) as opened:
        issue.trigger()
    dialog = opened.args[0]
    assert dialog.kind.currentData() == "precheck"
    dialog.out.edit.setText(str(target))
    with qtbot.waitSignal(win.app_actions.finished, timeout=30000):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    box = message(win, "openFolderQuestion")
    assert "for case S02 was written to" in box.text()
    box.close()
    assert target.read_bytes().startswith(b"%PDF")
    # Home's count follows: nothing left to record
    win.runner.wait_idle()
    shortcut(qtbot, win, "Ctrl+0")
    qtbot.waitUntil(lambda: win.home.counts().get("to_record") == 0, timeout=10000)

    # File ▸ Verify a record…: the file as issued is unaltered
    def verify(path: Path) -> QMessageBox:
        win.app_actions.ask_record_file = lambda: str(path)
        action = win.actions_by_id["file.verify_record"]
        qtbot.waitUntil(action.isEnabled, timeout=10000)
        with qtbot.waitSignal(win.app_actions.finished, timeout=30000):
            action.trigger()
        return message(win, "verifyResult")

    box = verify(target)
    assert box.text().startswith("OK: ") and "for case S02, unaltered" in box.text()
    assert box.icon() == QMessageBox.Icon.Information
    box.close()
    # a copy changed by one byte is reported, with a warning
    altered = tmp_path / "records" / "altered.pdf"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered.write_bytes(bytes(data))
    box = verify(altered)
    assert not box.text().startswith("OK") and box.icon() == QMessageBox.Icon.Warning


WRITING_ACTIONS = (
    "file.import_cases",
    "file.import_list",
    "file.backup",
    "file.restore",
    "register.import_roster",
    "register.review_pairs",
    "case.new",
    "case.wizard",
    "case.edit",
    "case.assess",
    "case.issue_record",
    "case.review",
    "shipment.new",
    "trip.new",
    "register.new",
    "register.edit",
    "register.merge",
    "register.retire",
    "classify.item",
)


def test_an_auditors_day(qtbot, app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.dialogs.audit_log import AuditLogDialog
    from desk.ui.dialogs.record_list import RecordListDialog

    win = app
    sign_in(qtbot, win, "aud")
    a = win.actions_by_id
    cases = win.view("cases")
    with qtbot.waitSignal(cases.model.loaded, timeout=10000):
        win.show_registry("cases")
    with qtbot.waitSignal(cases.detail_shown, timeout=10000):
        cases.select_row(0)
    win.runner.wait_idle()
    # every action that would change something is off, and says why
    for action_id in WRITING_ACTIONS:
        action = a[action_id]
        assert not action.isEnabled(), action_id
        assert "aud holds only the read-only role Auditor" in action.toolTip(), action_id
    # reading and reporting stay open
    for action_id in ("file.audit_log", "file.export_cases", "file.verify_record", "edit.find"):
        assert a[action_id].isEnabled(), action_id
    # the licence register opens to read; its buttons write, so they are off with the reason
    with qtbot.waitSignal(win.classify_actions.finished, timeout=10000):
        a["licences.register"].trigger()
    register = win.findChild(RecordListDialog, "licenceRegister")
    assert register is not None and register.isVisible()
    for button in register.buttons.values():
        assert not button.isEnabled()
        assert "read-only role Auditor" in button.toolTip()
    register.close()

    # File ▸ Audit log…: every event, newest last, nothing editable
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=10000) as opened:
        a["file.audit_log"].trigger()
    log = opened.args[0]
    assert isinstance(log, AuditLogDialog)
    qtbot.waitUntil(lambda: log.table.rowCount() > 0, timeout=10000)
    everything = log.table.rowCount()
    assert log.table.editTriggers() == log.table.EditTrigger.NoEditTriggers
    actors = {log.table.item(r, 2).text() for r in range(everything)}
    assert {"root", "ren", "rin", "aud"} <= actors  # the sign-in is an event too

    # filter: ren's events only
    log.user.setText("ren")
    with qtbot.waitSignal(log.loaded, timeout=10000):
        qtbot.keyClick(log.user, Qt.Key.Key_Return)
    ren = log.table.rowCount()
    assert 0 < ren < everything
    assert {log.table.item(r, 2).text() for r in range(ren)} == {"ren"}
    # search: the text of the events (the case's id in the details)
    log.user.clear()
    log.search.setText("EC-2026-0200")
    qtbot.mouseClick(log.apply_button, Qt.MouseButton.LeftButton)

    def only_the_case() -> bool:  # clearing the user may load once more before the search
        rows = log.table.rowCount()
        return rows >= 1 and all(
            "EC-2026-0200" in " ".join(log.table.item(r, c).text() for c in range(6))
            for r in range(rows)
        )

    qtbot.waitUntil(only_the_case, timeout=10000)
    found = log.table.rowCount()
    # a wrong date is said in the dialog, the filter kept
    log.since.setText("2026-13-01")
    qtbot.mouseClick(log.apply_button, Qt.MouseButton.LeftButton)
    assert log.message.isVisible() and "2026-13-01" in log.message.text()
    log.since.clear()

    # export what the filter shows, as CSV
    target = tmp_path / "audit-log.csv"
    log.ask_csv_path = lambda _suggested: str(target)
    with qtbot.waitSignal(log.exported, timeout=10000):
        qtbot.mouseClick(log.export_button, Qt.MouseButton.LeftButton)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == found + 1  # a header and the events found
    assert all("EC-2026-0200" in line for line in lines[1:])
    log.close()

    # nothing the auditor did changed a case: ren's case is as submitted
    from desk.services.cases import list_cases

    assert [c.status for c in list_cases(win.context) if c.ref == "S02"] == ["submitted"]

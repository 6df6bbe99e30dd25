"""The researcher's questionnaire (Case → New self-assessment (wizard)…), driven as a
researcher would: answer page by page, save a draft, resume it, submit, read the
assessment explained; and the Cases registry shows a researcher their own cases only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from desk.domain import case as d
from desk.ui.dialogs.questionnaire import QuestionnaireWizard
from tests.gui.test_app_actions import _window, refs_shown, select_case, trigger
from tests.gui.test_case_form import commit, set_date

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "^This plugin does not support raise\\(\\)$",
        "^This plugin does not support grabbing the keyboard$",
    ),
]


def _case(ref: str, name: str) -> d.Case:
    return d.parse_case(
        {
            "format": d.FORMAT,
            "id": ref,
            "technology": {"title": "old notes", "classification": "not_on_list"},
            "recipient": {"kind": "person", "name": name, "nationalities": ["KR"]},
        }
    )


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """An office user, the acting user as a researcher, and another researcher's case."""
    from desk.services.cases import save_case
    from desk.services.context import default_actor, open_context
    from desk.services.reviews import add_user

    url = f"sqlite:///{tmp_path / 'wizard.sqlite3'}"
    with open_context(url, actor="officer") as ctx:
        add_user(ctx, "officer", ["office"])
        add_user(ctx, "other", ["researcher"])
        add_user(ctx, default_actor(), ["researcher"])
        save_case(ctx, _case("EC-2026-0100", "Office filed"))
    with open_context(url, actor="other") as ctx:
        save_case(ctx, _case("EC-2026-0200", "Someone else's student"))
    return url


@pytest.fixture
def win(qtbot, db_url: str):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language

    w = _window(qtbot, db_url, lang="ja")
    yield w
    w.runner.wait_idle()
    w.context.close()
    apply_language("en")


def select_ref(qtbot, win, ref: str):  # type: ignore[no-untyped-def]
    """Select the case ``ref``; the app may already have selected it (a saved draft is
    selected when the registry reads it again), and then no new detail is shown."""
    from desk.services.registers import CaseCol

    view = win.current_view()
    row = view.selected_row()
    if row is not None and row.cells[CaseCol.REF] == ref:
        return view
    return select_case(qtbot, win, ref)


def open_wizard(qtbot, win, action: str = "case.new") -> QuestionnaireWizard:  # type: ignore[no-untyped-def]
    # an action waits while the window reads (Home's counts after a change, a registry page)
    win.runner.wait_idle()
    qtbot.waitUntil(win.actions_by_id[action].isEnabled, timeout=10000)
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=10000) as opened:
        trigger(qtbot, win.actions_by_id[action])
    wizard = opened.args[0]
    assert isinstance(wizard, QuestionnaireWizard) and wizard.isVisible()
    win.runner.wait_idle()
    return wizard


def next_page(qtbot, wizard: QuestionnaireWizard) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), wizard.currentPage().problem.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick_country(box, code: str) -> None:  # type: ignore[no-untyped-def]
    box.setCurrentIndex(box.findData(code))


def test_a_researcher_files_through_the_wizard_and_sees_their_own_cases(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    # the researcher sees their own and the office's cases, not another researcher's
    assert refs_shown(win) == ["EC-2026-0100"]
    wizard = open_wizard(qtbot, win)  # New case… opens the wizard for a researcher
    assert wizard.currentPage() is wizard.who
    # checked as typed: the message names the field by its label, in Japanese
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "受領者の氏名" in wizard.who.problem.text()
    commit(wizard.name, "王 小明")
    assert "受領者の氏名" not in wizard.who.problem.text()
    commit(wizard.name_latin, "王")
    assert "ローマ字" in wizard.who.problem.text()
    wizard.name_latin.clear()
    qtbot.keyClicks(wizard.name_latin, "Wang Xiaoming")
    pick_country(wizard.nationality, "CN")
    wizard.entered.none.setChecked(False)
    set_date(wizard.entered.edit, dt.date(2025, 4, 1))  # a resident, but under foreign directions
    # a click on the box itself (the widget is as wide as the page; its middle may be empty)
    box = wizard.foreign_directions
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    pick_country(wizard.foreign_party_country, "CN")
    next_page(qtbot, wizard)

    # the technology: control items by name, not number
    assert wizard.currentPage() is wizard.what
    assert wizard.item.itemText(wizard.item.findData("7")) == "エレクトロニクス"
    commit(wizard.tech_title, "GaN増幅器の設計規則")
    wizard.listed.setCurrentIndex(wizard.listed.findData("listed"))
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.item.setCurrentIndex(wizard.item.findData("7"))
    next_page(qtbot, wizard)

    # a draft is saved from any page and resumed later
    assert wizard.currentPage() is wizard.where
    with qtbot.waitSignal(win.app_actions.finished, timeout=20000):
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.CustomButton1), Qt.MouseButton.LeftButton
        )
    win.runner.wait_idle()
    ref = wizard.case_id
    assert "下書き" in wizard.where.problem.text()
    wizard.reject()
    qtbot.waitUntil(lambda: ref in refs_shown(win), timeout=5000)
    assert refs_shown(win) == ["EC-2026-0100", ref]

    select_ref(qtbot, win, ref)
    wizard = open_wizard(qtbot, win, "case.wizard")
    assert wizard.name.text() == "王 小明"
    assert wizard.nationality.currentData() == "CN"
    assert wizard.foreign_directions.isChecked()
    assert wizard.item.currentData() == "7"
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    qtbot.mouseClick(wizard.channels.boxes["lab_access"], Qt.MouseButton.LeftButton)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)  # no exemption claimed
    assert wizard.currentPage() is wizard.summary
    summary = wizard.summary_text.toPlainText()
    assert "王 小明" in summary and "エレクトロニクス" in summary and "研究室への立入り" in summary

    # submit: stored, assessed, submitted, and explained in words
    with qtbot.waitSignal(win.app_actions.finished, timeout=20000):
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton
        )
    win.runner.wait_idle()
    assert wizard.currentPage() is wizard.result
    explained = wizard.result_text.toPlainText()
    assert "特定類型①" in explained and "許可申請要" in explained
    assert "LICENSE" not in explained

    from desk.services.cases import get_case, list_cases

    stored = get_case(win.context, ref)
    assert stored.recipient.name == "王 小明"
    assert stored.recipient.nationalities == ("CN",)
    assert stored.technology.item == "7"
    assert stored.provision.channels == ("lab_access",)
    assert stored.recipient.ties[0].follows_directions
    summary_row = next(c for c in list_cases(win.context) if c.ref == ref)
    assert summary_row.status == "submitted" and summary_row.outcome is not None
    assert refs_shown(win) == ["EC-2026-0100", ref]


def test_screenshot_of_the_wizard(tmp_path: Path) -> None:
    """``desk --screenshot FILE --view wizard`` pictures the questionnaire, not the window."""
    import os
    import subprocess
    import sys

    from tests.gui.test_app_shell import png_size

    target = tmp_path / "wizard.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["DESK_SETTINGS_FILE"] = str(tmp_path / "settings.ini")
    database = f"sqlite:///{tmp_path / 'shot.sqlite3'}"
    args = ["--database", database, "--lang", "ja", "--screenshot", str(target), "--view"]
    done = subprocess.run(
        [sys.executable, "-m", "desk", *args, "wizard"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert png_size(target) == (760, 680)  # the wizard's size, not the window's 1280×800


def test_esc_asks_before_dropping_unsaved_answers(qtbot, win, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    wizard = open_wizard(qtbot, win)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # nothing typed yet: closes without asking
    assert not wizard.isVisible() and asked == []

    wizard = open_wizard(qtbot, win)
    commit(wizard.name, "王 小明")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.name.text() == "王 小明"
    assert "保存" in asked[0]
    answer[0] = QMessageBox.StandardButton.Discard
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    assert refs_shown(win) == ["EC-2026-0100"]  # nothing stored


def test_a_case_resumed_in_the_wizard_keeps_the_facts_it_does_not_ask(
    qtbot, fixtures_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    """Opening a stored case in the wizard and saving it unchanged changes no fact (an
    officer's declaration, an affiliation's kind, other ties and exemptions stay)."""
    import json

    changed = []
    for path in sorted((fixtures_dir / "cases").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc.pop("expected", None)
        case = d.parse_case(doc)
        wizard = QuestionnaireWizard(today=dt.date(2026, 9, 1), case=case)
        qtbot.addWidget(wizard)
        if d.parse_case(wizard.document()) != case:
            changed.append(path.name)
    assert changed == []

"""Case ▸ Transaction review…: the 取引審査 facts recorded in the app — the form is filled with
what desk derives from the registered facts, saves through the same service as
``desk report transaction`` (audited, role-checked) and what it saved prints on the
事前確認シート."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QPlainTextEdit

from desk.reports.data import CLEAR_CHECKLIST, RED_FLAGS
from desk.ui.dialogs.register_form import FORMS, RegisterForm
from tests.gui.test_app_actions import _window, select_case, trigger
from tests.gui.test_register_forms import commit_text


def _url(tmp_path: Path, fixtures_dir: Path) -> str:
    from desk.services.cases import assess_cases, import_cases
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'tx.sqlite3'}"
    with open_context(url) as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])
        assess_cases(ctx)
    return url


def test_the_form_asks_every_checklist_item_and_red_flag_question() -> None:
    keys = {f.key for f in FORMS["transaction"]}
    assert {f"flag.{c}" for c in RED_FLAGS} <= keys
    assert {f"clear.{c}" for c in CLEAR_CHECKLIST} <= keys


def _open(qtbot, win, select: bool = True) -> RegisterForm:  # type: ignore[no-untyped-def]
    if select:
        select_case(qtbot, win, "S02")
    with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=10000) as opened:
        trigger(qtbot, win.actions_by_id["case.transaction"])
    dialog = opened.args[0]
    assert isinstance(dialog, RegisterForm) and dialog.kind == "transaction"
    return dialog


def _choose(box: Any, value: str) -> None:
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData(value))


def test_record_the_transaction_review_in_the_app(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, fixtures_dir: Path
) -> None:
    from desk.services.context import open_context
    from desk.services.records import issue_record, transaction_facts

    url = _url(tmp_path, fixtures_dir)
    win = _window(qtbot, url)
    dialog = _open(qtbot, win)
    # pre-filled from the registered facts: the end user, the derivable red-flag answers
    assert dialog.widgets["end_user"].text().startswith("王 子涵")
    assert dialog.widgets["flag.eul_affiliation"].currentData() == "no"
    assert dialog.widgets["flag.concern_country"].currentData() == "no"
    assert dialog.widgets["flag.purpose_unclear"].currentData() == ""  # not derivable
    commit_text(dialog.widgets["end_use"], "博士論文のための回路設計演習")
    docs = dialog.widgets["documents_checked"]
    assert isinstance(docs, QPlainTextEdit)
    docs.setFocus()
    docs.setPlainText("誓約書\n研究計画書")
    _choose(dialog.widgets["clear.end_use_explained"], "yes")
    _choose(dialog.widgets["flag.purpose_unclear"], "no")
    dialog.widgets["cancelled_on"].setText("2026-13-01")  # refused, naming the field
    with qtbot.waitSignal(win.app_actions.failed, timeout=10000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.problem.text().startswith("Provision cancelled on (YYYY-MM-DD):")
    dialog.widgets["cancelled_on"].setText("")
    with qtbot.waitSignal(win.app_actions.finished, timeout=10000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    with open_context(url) as ctx:
        facts = transaction_facts(ctx, "S02")
        assert facts.end_use == "博士論文のための回路設計演習"
        assert facts.documents_checked == ("誓約書", "研究計画書")
        assert dict(facts.clear_checklist) == {"end_use_explained": True}
        assert facts.red_flags["purpose_unclear"] is False
        assert facts.red_flags["eul_affiliation"] is False  # confirmed as derived
        out = tmp_path / "pre.pdf"
        issue_record(ctx, "S02", "precheck", "ja", out)
    text = "".join(
        "".join((p.extract_text() or "").split())
        for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages
    )
    assert "未回答" not in text
    assert "目的や派遣元が不明確ですか。Isthepurposeorthesendingorganisationunclear?いいえ" in text
    # opened again, it shows what was saved
    again = _open(qtbot, win, select=False)
    assert again.widgets["end_use"].text() == "博士論文のための回路設計演習"
    assert again.widgets["clear.end_use_explained"].currentData() == "yes"
    again.confirm_discard = lambda: True
    again.reject()


def test_the_form_speaks_japanese(qtbot, tmp_path: Path, fixtures_dir: Path) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, _url(tmp_path, fixtures_dir), lang="ja")
    assert win.actions_by_id["case.transaction"].text() == "取引審査(&T)…"
    dialog = _open(qtbot, win)
    assert dialog.windowTitle().startswith("取引審査")
    assert dialog.label_of("flag.military_tie") == (
        "外国の軍・兵器製造業者又はこれらと密接な関係のある機関との関係がありますか。"
    )
    box = dialog.widgets["clear.terms_normal"]
    assert isinstance(box, QComboBox)
    assert [box.itemText(i) for i in range(box.count())] == ["", "確認済み", "未確認"]
    dialog.confirm_discard = lambda: True
    dialog.reject()

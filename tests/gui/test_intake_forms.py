"""A person's declarations and pledges, intake reviews and campaigns, in the real window
on a real database: the forms are opened from the People register's actions, filled as a
person would, and what is checked is what a user would notice — the stored document, the
audit event, the refusal under the form, the "not yet submitted" list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit

from tests.gui.test_app_actions import _window
from tests.gui.test_register_forms import commit_text


@pytest.fixture
def url(tmp_path: Path) -> str:
    from desk.services.context import open_context

    url = f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    with open_context(url):
        pass
    return url


def _people(qtbot, win, name: str) -> None:  # type: ignore[no-untyped-def]
    """Show the People register with ``name`` selected and its detail shown."""
    view = win.view("people")
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        win.show_registry("people")
    for r in range(view.model.rowCount()):
        if view.model.index(r, 0).data() == name:
            with qtbot.waitSignal(view.detail_shown, timeout=5000):
                view.select_row(r)
            return
    raise AssertionError(f"{name} is not listed")


def _opened(qtbot, win, action_id: str) -> Any:  # type: ignore[no-untyped-def]
    action = win.actions_by_id[action_id]
    qtbot.waitUntil(action.isEnabled, timeout=5000)
    with qtbot.waitSignal(win.intake_actions.dialog_opened, timeout=5000) as blocker:
        action.trigger()
    return blocker.args[0]


def _choose(box: Any, code: str) -> None:
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData(code))


def _save(qtbot, win, dialog: Any, signal: str = "finished") -> Any:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(getattr(win.intake_actions, signal), timeout=10000) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    win.runner.wait_idle()
    return blocker.args[1]


def _audit_actions(url: str) -> list[str]:
    from sqlalchemy import select

    from desk.services.context import open_context
    from desk.storage import models as m

    with open_context(url) as ctx, ctx.reading() as s:
        return list(s.scalars(select(m.AuditEvent.action).order_by(m.AuditEvent.id)))


def _close(win) -> None:  # type: ignore[no-untyped-def]
    win.runner.wait_idle()
    win.context.close()


def test_a_declaration_and_a_pledge_are_recorded_from_the_persons_row(  # type: ignore[no-untyped-def]
    qtbot, database_url: str
) -> None:
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(database_url) as ctx:
        pid = reg.add(ctx, "person", {"name": "王 子涵", "nationalities": "CN"}).id
    win = _window(qtbot, database_url)
    try:
        _people(qtbot, win, "王 子涵")
        dialog = _opened(qtbot, win, "intake.declaration")
        assert "王 子涵" in dialog.windowTitle()
        assert "No declaration or pledge is on file." in dialog.findChild(QLabel, "intro").text()
        # the date received is required, and named by its label
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert dialog.problem.text().startswith("Received on (YYYY-MM-DD):")
        dialog.widgets["received_on"].setText("2026-04-01")
        dialog.widgets["valid_until"].setText("2027-03-31")
        dialog.widgets["types"].setText("1, 2")
        doc = _save(qtbot, win, dialog)
        assert not dialog.isVisible()
        assert doc.kind == "declaration" and doc.types == (1, 2)
        assert doc.basis == "self_declaration"
        # a pledge has no basis: refused, naming the field, the input kept
        dialog = _opened(qtbot, win, "intake.declaration")
        assert "specific-category declaration — received 2026-04-01" in (
            dialog.findChild(QLabel, "intro").text()
        )
        _choose(dialog.widgets["kind"], "pledge")
        dialog.widgets["received_on"].setText("2026-04-02")
        _choose(dialog.widgets["basis"], "information_obtained")
        _save(qtbot, win, dialog, "failed")
        assert dialog.isVisible()
        assert dialog.problem.text() == (
            "Basis of the declaration: only a specific-category declaration has a basis and types"
        )
        assert dialog.widgets["received_on"].text() == "2026-04-02"
        _choose(dialog.widgets["basis"], "")
        detail = win.view("people").detail
        with qtbot.waitSignal(win.view("people").detail_shown, timeout=10000):
            _save(qtbot, win, dialog)
        # the person's detail, read again, shows what is on file
        assert detail.field_texts()["Declarations and pledges on file"] == (
            "specific-category declaration (received 2026-04-01, valid until 2027-03-31); "
            "pledge (received 2026-04-02)"
        )
    finally:
        _close(win)
    with open_context(database_url) as ctx:
        docs = reg.list_documents(ctx, person_id=pid, status="received")
        assert [(d.kind, d.received_on.isoformat()) for d in docs] == [
            ("declaration", "2026-04-01"),
            ("pledge", "2026-04-02"),
        ]
        assert reg.declaration_on(ctx, pid, "2026-05-01") == {
            "declared_on": "2026-04-01",
            "types": [1, 2],
        }
    assert _audit_actions(database_url).count("intake_document.receive") == 2


def test_information_obtained_and_a_change_report(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        pid = reg.add(ctx, "person", {"name": "Hans Weber", "role": "visitor"}).id
    win = _window(qtbot, url)
    try:
        _people(qtbot, win, "Hans Weber")
        dialog = _opened(qtbot, win, "intake.declaration")
        dialog.widgets["received_on"].setText("2026-05-10")
        _choose(dialog.widgets["basis"], "information_obtained")
        _save(qtbot, win, dialog)
        dialog = _opened(qtbot, win, "intake.declaration")
        _choose(dialog.widgets["kind"], "change_report")
        dialog.widgets["received_on"].setText("2026-06-01")
        commit_text(dialog.widgets["note"], "雇用先の変更")
        _save(qtbot, win, dialog)
    finally:
        _close(win)
    with open_context(url) as ctx:
        assert reg.declaration_on(ctx, pid, "2026-05-10") == {
            "declared_on": "2026-05-10",
            "types": [],
            "basis": "information_obtained",
        }
        (report,) = reg.list_documents(ctx, person_id=pid, kind="change_report")
        assert report.note == "雇用先の変更" and report.status == "received"


def test_an_intake_review_and_a_re_review_after_a_change(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        org = reg.add(ctx, "organization", {"name": "Harbin Institute of Technology"}).id
        pid = reg.add(
            ctx,
            "person",
            {"name": "Li Ming", "role": "student", "nationalities": "CN", "affiliations": [org]},
        ).id
    win = _window(qtbot, url)
    try:
        _people(qtbot, win, "Li Ming")
        dialog = _opened(qtbot, win, "intake.review")
        intro = dialog.findChild(QLabel, "intro").text()
        assert "Affiliations: Harbin Institute of Technology" in intro
        assert "Role: student" in intro
        _choose(dialog.widgets["occasion"], "admission")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert dialog.problem.text() == "Outcome: this field is required"
        _choose(dialog.widgets["outcome"], "cleared")
        dialog.widgets["on"].setText("2026-04-01")
        review = _save(qtbot, win, dialog)
        assert review.occasion == "admission" and review.outcome == "cleared"
        assert review.facts["affiliations"] == ["Harbin Institute of Technology"]
        assert "Intake review of Li Ming stored: no concern" in win.statusBar().currentMessage()
    finally:
        _close(win)
    with open_context(url) as ctx:
        reg.edit(ctx, "person", pid, {"role": "researcher"})
    win = _window(qtbot, url)
    try:
        _people(qtbot, win, "Li Ming")
        dialog = _opened(qtbot, win, "intake.review")
        intro = dialog.findChild(QLabel, "intro").text()
        assert "Last reviewed on 2026-04-01: no concern." in intro
        assert "Changed since: role." in intro
        assert dialog.widgets["occasion"].currentData() == "status_change"
        _choose(dialog.widgets["outcome"], "conditions")
        with qtbot.waitSignal(win.view("people").detail_shown, timeout=10000):
            again = _save(qtbot, win, dialog)
        assert win.view("people").detail.field_texts()["Latest intake review"] == (
            f"{again.reviewed_on.isoformat()} status change: cleared with conditions"
        )
    finally:
        _close(win)
    with open_context(url) as ctx:
        reviews = reg.intake_reviews(ctx, pid)
        assert [(r.occasion, r.outcome, r.facts["role"]) for r in reviews] == [
            ("admission", "cleared", "student"),
            ("status_change", "conditions", "researcher"),
        ]
        assert reg.reviews_due(ctx, changed_only=True) == []
    assert _audit_actions(url).count("intake_review.add") == 2


def test_a_campaign_and_its_not_yet_submitted_list(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        ids = {}
        for name, role, dept in (
            ("Ana Souza", "student", "Engineering"),
            ("Chen Jie", "student", "Engineering"),
            ("Kim Minji", "student", "Science"),
            ("Sato Ken", "staff", "Engineering"),
        ):
            ids[name] = reg.add(ctx, "person", {"name": name, "role": role, "department": dept}).id
    win = _window(qtbot, url)
    try:
        campaigns = _opened(qtbot, win, "intake.campaigns")
        win.runner.wait_idle()
        assert campaigns.table.rowCount() == 0
        assert campaigns.new_button.isEnabled()
        with qtbot.waitSignal(win.intake_actions.dialog_opened, timeout=5000) as blocker:
            campaigns.new_button.click()
        form = blocker.args[0]
        commit_text(form.widgets["title"], "2026年度 新入生 誓約書")
        _choose(form.widgets["kind"], "pledge")
        _choose(form.widgets["role"], "student")
        form.widgets["department"].setText("Science-x")
        _save(qtbot, win, form, "failed")  # nobody in that cohort: said, the form stays
        assert form.isVisible()
        assert form.problem.text() == "Who is asked: no registered person is in this cohort"
        form.widgets["department"].setText("Engineering")
        with qtbot.waitSignal(campaigns.table.itemSelectionChanged, timeout=10000):
            _save(qtbot, win, form)
        win.runner.wait_idle()
        assert campaigns.table.rowCount() == 1
        assert campaigns.table.item(0, 0).text() == "2026年度 新入生 誓約書"
        assert sorted(campaigns.outstanding_names()) == ["Ana Souza", "Chen Jie"]
        assert campaigns.outstanding_label.text() == "Not yet submitted: 2"
    finally:
        _close(win)
    with open_context(url) as ctx:
        reg.receive_document(ctx, ids["Chen Jie"], "pledge", "2026-04-10")
    win = _window(qtbot, url)
    try:
        campaigns = _opened(qtbot, win, "intake.campaigns")
        qtbot.waitUntil(lambda: campaigns.table.rowCount() == 1, timeout=5000)
        assert campaigns.outstanding_names() == ["Ana Souza"]
        assert campaigns.table.item(0, 5).text() == "1"  # answered
    finally:
        _close(win)
    assert "campaign.start" in _audit_actions(url)


def test_a_role_taken_away_is_said_in_the_form_which_keeps_the_input(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    from desk.services import registers as reg
    from desk.services import users
    from desk.services.context import default_actor, open_context

    url = f"sqlite:///{tmp_path / 'roles.sqlite3'}"
    with open_context(url, actor="admin1") as ctx:
        users.add_user(ctx, "admin1", ["admin", "office"])
        users.add_user(ctx, default_actor(), ["office"])
        reg.add(ctx, "person", {"name": "Omar Haddad"})
    win = _window(qtbot, url)
    try:
        _people(qtbot, win, "Omar Haddad")
        dialog = _opened(qtbot, win, "intake.declaration")
        dialog.widgets["received_on"].setText("2026-04-01")
        dialog.widgets["types"].setText("3")
        with open_context(url, actor="admin1") as ctx:
            users.revoke(ctx, default_actor(), ["office"])
        _save(qtbot, win, dialog, "failed")
        assert dialog.isVisible()
        assert "change the registers" in dialog.problem.text()
        assert dialog.widgets["received_on"].text() == "2026-04-01"
        assert dialog.widgets["types"].text() == "3"
        dialog.confirm_discard = lambda: True
        dialog.reject()
    finally:
        _close(win)
    assert "intake_document.receive" not in _audit_actions(url)


def test_without_the_role_the_actions_say_why(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desk.services import registers as reg
    from desk.services import users
    from desk.services.context import default_actor, open_context

    url = f"sqlite:///{tmp_path / 'researcher.sqlite3'}"
    with open_context(url, actor="admin1") as ctx:
        users.add_user(ctx, "admin1", ["admin", "office"])
        reg.add(ctx, "person", {"name": "Omar Haddad"})
        users.add_user(ctx, default_actor(), ["researcher"])
    win = _window(qtbot, url)
    try:
        _people(qtbot, win, "Omar Haddad")
        win.runner.wait_idle()
        for action_id in ("intake.declaration", "intake.review", "intake.new_campaign"):
            action = win.actions_by_id[action_id]
            assert not action.isEnabled()
            assert "change the registers" in action.toolTip()
        campaigns = _opened(qtbot, win, "intake.campaigns")  # reading is for everyone
        assert not campaigns.new_button.isEnabled()
        assert "change the registers" in campaigns.new_button.toolTip()
    finally:
        _close(win)


def test_the_form_asks_before_throwing_input_away(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        reg.add(ctx, "person", {"name": "Ana Souza"})
    win = _window(qtbot, url)
    try:
        _people(qtbot, win, "Ana Souza")
        dialog = _opened(qtbot, win, "intake.review")
        assert isinstance(dialog.widgets["on"], QLineEdit)
        dialog.widgets["on"].setText("2026-04-01")
        asked: list[bool] = []
        dialog.confirm_discard = lambda: asked.append(True) or False
        dialog.reject()
        assert asked and dialog.isVisible()
        dialog.confirm_discard = lambda: True
        dialog.reject()
        assert not dialog.isVisible()
    finally:
        _close(win)


def test_the_case_form_fills_the_declaration_from_the_register(qtbot, url: str) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        zhang = reg.add(ctx, "person", {"name": "张伟", "nationalities": "CN"}).id
        reg.receive_document(ctx, zhang, "declaration", "2026-04-01", types=[1])
        late = reg.add(ctx, "person", {"name": "Park Jiwoo", "nationalities": "KR"}).id
        reg.receive_document(ctx, late, "declaration", "2026-09-01", types=[2])
        eng = reg.add(ctx, "person", {"name": "Hans Weber", "role": "visitor"}).id
        reg.receive_document(ctx, eng, "declaration", "2026-04-01", basis="information_obtained")
        reg.add(ctx, "person", {"name": "Nobody Declared"})
    win = _window(qtbot, url)
    try:
        with qtbot.waitSignal(win.app_actions.dialog_opened, timeout=5000) as blocker:
            win.actions_by_id["case.new"].trigger()
        form = blocker.args[0]
        qtbot.waitUntil(lambda: form.name.completer() is not None, timeout=5000)
        form.prov_date.set_value(dt.date(2026, 5, 1))

        def pick(name: str) -> None:
            form.register_declaration_text = ""
            form.name.setText(name)
            form.name.completer().activated.emit(name)
            qtbot.waitUntil(lambda: form.register_declaration_text != "", timeout=5000)
            assert not form.declaration_note.isHidden()

        pick("张伟")
        assert form.declaration.isChecked()
        assert form.declared_on.date().toString("yyyy-MM-dd") == "2026-04-01"
        assert form.declared_types.value() == [1]
        assert form.declaration_note.text() == (
            "Filled from the register: the declaration received on 2026-04-01."
        )
        # the provision moves before the declaration: the form says it does not count
        form.prov_date.set_value(dt.date(2026, 3, 15))
        assert "dated 2026-04-01 after the provision on 2026-03-15" in (
            form.declaration_note.text()
        )
        assert "does not count" in form.declaration_note.text()
        form.prov_date.set_value(dt.date(2026, 5, 1))
        assert "does not count" not in form.declaration_note.text()
        # only a declaration received after the provision: filled, and said not to count
        pick("Park Jiwoo")
        assert form.declared_on.date().toString("yyyy-MM-dd") == "2026-09-01"
        assert "does not count" in form.declaration_note.text()
        # someone not under the university's direction: the basis goes into the case
        pick("Hans Weber")
        assert form.document()["recipient"]["declaration"] == {
            "declared_on": "2026-04-01",
            "types": [],
            "basis": "information_obtained",
        }
        pick("Nobody Declared")
        assert not form.declaration.isChecked()
        assert form.declaration_note.text() == "The register has no declaration of this person."
        assert "declaration" not in form.document()["recipient"]
        form.ask_discard = lambda: True
        form.reject()
    finally:
        _close(win)

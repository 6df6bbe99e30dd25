"""Sign-in in the app (issue 15): asked before anything is shown once accounts exist, the
signed-in user and their roles in the status bar and title, menus that follow the role
(disabled with the reason), Switch user… without a restart, sign-out after inactivity."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

PASSWORD = "ren's secret 1"


@pytest.fixture
def accounts_url(tmp_path: Path, fixtures_dir: Path) -> str:
    from desk.domain.i18n import set_language
    from desk.services import users
    from desk.services.cases import import_cases
    from desk.services.context import open_context, sign_in

    set_language("en")
    url = f"sqlite:///{tmp_path / 'accounts.sqlite3'}"
    with open_context(url, actor="root") as ctx:
        users.add_user(ctx, "root", ["admin", "office"], display_name="Root Admin")
        import_cases(ctx, [fixtures_dir / "cases" / "S03.json"])
        users.add_user(ctx, "ren", ["researcher"], display_name="Ren Researcher")
        users.add_user(ctx, "aud", ["auditor"], display_name="Aki Auditor")
        users.set_password(ctx, "root", "root's secret")
        root = sign_in(ctx, "root", "root's secret")
        users.set_password(root, "ren", PASSWORD)
        users.set_password(root, "aud", "aud's secret")
        users.set_policy(root, idle_minutes=5)
    return url


def _events(url: str) -> list[tuple[str, str, dict[str, object]]]:
    from desk.storage import models as m
    from desk.storage.db import open_database

    db = open_database(url)
    try:
        with db.reading() as s:
            return [
                (e.action, e.actor, e.details)
                for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))
            ]
    finally:
        db.close()


def _sign_in(qtbot, win, login: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog = win.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.login.clear()
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClicks(dialog.password, password)
    with qtbot.waitSignal(win.app_actions.acting_changed, timeout=10000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    # what the sign-in started (Home and the tables read again for them) finishes first
    qtbot.waitUntil(lambda: not win.runner.in_flight, timeout=10000)


def test_sign_in_roles_switch_user_and_idle_sign_out(qtbot, accounts_url: str) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(accounts_url, lang="en")
    qtbot.addWidget(win)
    win.show()
    try:
        # asked before anything is shown; nothing can be done meanwhile
        dialog = win.sign_in_dialog
        assert dialog is not None and dialog.isVisible()
        assert not win.centralWidget().isVisible() and win.context is None
        assert not win.actions_by_id["file.import_cases"].isEnabled()
        # a wrong password: said in the dialog, which stays open with the login kept
        qtbot.keyClicks(dialog.login, "ren")
        qtbot.keyClicks(dialog.password, "wrong")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.checking, timeout=10000)
        assert dialog.isVisible() and "wrong login name or password" in dialog.error.text()
        assert dialog.login.text() == "ren" and dialog.password.text() == ""
        qtbot.keyClicks(dialog.password, PASSWORD)
        with qtbot.waitSignal(win.app_actions.acting_changed, timeout=10000):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert win.sign_in_dialog is None and win.context.actor == "ren"
        assert win.user_label.text() == "Signed in: Ren Researcher (ren) — Researcher"
        assert "ren" in win.windowTitle()
        # the menus follow the role, and say why (once what started with the sign-in —
        # Home, the day's backup — is done: actions wait while the window reads)
        a = win.actions_by_id
        qtbot.waitUntil(lambda: not win.runner.in_flight, timeout=10000)
        qtbot.waitUntil(a["file.import_cases"].isEnabled, timeout=10000)
        assert a["file.import_cases"].isEnabled() and a["case.new"].isEnabled()
        assert not a["file.import_list"].isEnabled()
        assert "ren may not import list versions" in a["file.import_list"].toolTip()
        assert "Export control office" in a["file.import_list"].statusTip()
        win.show_registry("people")
        assert not a["register.new"].isEnabled()
        assert "ren may not change the registers" in a["register.new"].toolTip()

        # Switch user… (Ctrl+Shift+U) without a restart: the auditor reads only
        assert a["file.switch_user"].shortcut().toString() == "Ctrl+Shift+U"
        a["file.switch_user"].trigger()
        _sign_in(qtbot, win, "aud", "aud's secret")
        assert win.context.actor == "aud"
        assert "Aki Auditor (aud) — Auditor" in win.user_label.text()
        assert not a["file.import_cases"].isEnabled()
        assert "read-only role Auditor" in a["file.import_cases"].toolTip()
        qtbot.waitUntil(a["file.export_cases"].isEnabled, timeout=10000)  # reading stays open

        # idle for the policy's 5 minutes: signed out, asked again
        assert win.idle.minutes == 5
        assert not win.idle.check(now=time.monotonic() + 60)
        assert win.idle.check(now=time.monotonic() + 5 * 60 + 1)
        assert win.context is None and not win.centralWidget().isVisible()
        assert "5 minutes without activity" in win.sign_in_dialog.reason.text()
        _sign_in(qtbot, win, "root", "root's secret")
        qtbot.waitUntil(a["file.import_list"].isEnabled, timeout=10000)
        assert win.user_label.text().endswith(
            "Root Admin (root) — Administrator / Export control office"
        )
    finally:
        win.runner.wait_idle()
        if win.context is not None:
            win.context.close()
        apply_language("en")
    done = [(act, who, d.get("reason")) for act, who, d in _events(accounts_url)]
    assert ("auth.sign_in_failed", "ren", None) in done
    assert ("auth.sign_out", "ren", "switch") in done
    assert ("auth.sign_out", "aud", "idle") in done
    assert [who for act, who, _r in done if act == "auth.sign_in"][-3:] == ["ren", "aud", "root"]


def test_the_password_is_checked_off_the_ui_thread(  # type: ignore[no-untyped-def]
    qtbot, accounts_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2id takes its time on purpose: the check runs in a worker while the dialog
    keeps painting and handling events (fields disabled, "Checking…" shown)."""
    import threading

    from PySide6.QtCore import QTimer

    from desk.services import signin
    from desk.ui.app import apply_language, create_main_window

    real = signin.verify
    release = threading.Event()
    seen: list[bool] = []

    def slow_verify(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread() is threading.main_thread())
        assert release.wait(10)  # held until the UI thread has shown it is alive
        return real(*args, **kwargs)

    monkeypatch.setattr(signin, "verify", slow_verify)
    win = create_main_window(accounts_url, lang="en")
    qtbot.addWidget(win)
    win.show()
    try:
        dialog = win.sign_in_dialog
        qtbot.keyClicks(dialog.login, "ren")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        # the event loop runs while the password is checked: a timer fires, the dialog
        # says what it is doing and takes no second attempt
        ticks: list[int] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(10)
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)
        assert seen == [False]  # verify is running, and not on the UI thread
        assert dialog.checking and dialog.status.isVisible()
        assert not dialog.password.isEnabled() and not dialog.buttons.isEnabled()
        dialog.reject()  # Escape waits for the check
        assert dialog.isVisible() and win.context is None
        with qtbot.waitSignal(win.app_actions.acting_changed, timeout=10000):
            release.set()
        timer.stop()
        assert win.sign_in_dialog is None and win.context.actor == "ren"
    finally:
        release.set()
        win.runner.wait_idle()
        if win.context is not None:
            win.context.close()
        apply_language("en")


@pytest.fixture
def shared_url(tmp_path: Path, fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A shared-mode schema with two real PostgreSQL logins (trust authentication)."""
    import uuid

    from sqlalchemy import text

    from desk.domain.i18n import set_language
    from desk.services import users
    from desk.services.cases import import_cases
    from desk.services.context import open_context
    from tests.conftest import _pg_schema_url

    set_language("en")
    admin, schema, url = _pg_schema_url("switch")
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    monkeypatch.setenv("DESK_PG_ROLE_PREFIX", prefix)
    monkeypatch.delenv("DESK_USER", raising=False)
    try:
        with open_context(url, actor=f"{prefix}root") as root:
            users.add_user(root, f"{prefix}root", ["admin"])
            users.setup_roles(root)
            users.add_user(root, f"{prefix}ren", ["researcher"], display_name="Ren Researcher")
            users.add_user(root, f"{prefix}aud", ["auditor"], display_name="Aki Auditor")
        with open_context(url, actor=f"{prefix}ren") as ren:
            import_cases(ren, [fixtures_dir / "cases" / "S03.json"])
        yield url, prefix
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            names = conn.scalars(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"),
                {"p": prefix.replace("_", r"\_") + "%"},
            ).all()
            logins = [f"{prefix}{n}" for n in ("root", "ren", "aud")]
            for name in [
                *(n for n in logins if n in names),
                *(n for n in names if n not in logins),
            ]:
                conn.execute(text(f'DROP OWNED BY "{name}" CASCADE'))
                conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.mark.postgres
def test_switch_user_in_shared_mode_reconnects_as_the_other_login(  # type: ignore[no-untyped-def]
    qtbot, shared_url: tuple[str, str]
) -> None:
    from sqlalchemy.engine import make_url

    from desk.ui.app import apply_language, create_main_window

    url, prefix = shared_url
    ren_url = make_url(url).set(username=f"{prefix}ren").render_as_string(False)
    win = create_main_window(ren_url, lang="en")
    qtbot.addWidget(win)
    win.show()
    try:
        qtbot.waitUntil(lambda: win.context is not None, timeout=20000)
        assert win.context.actor == f"{prefix}ren" and win.sign_in_dialog is None
        a = win.actions_by_id
        qtbot.waitUntil(a["file.switch_user"].isEnabled, timeout=10000)
        a["file.switch_user"].trigger()
        dialog = win.sign_in_dialog
        assert dialog is not None and dialog.isVisible()
        # PostgreSQL refuses a login it does not know: said in the dialog, ren stays
        qtbot.keyClicks(dialog.login, f"{prefix}nobody")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.checking, timeout=20000)
        assert dialog.isVisible() and dialog.error.isVisible()
        assert f"{prefix}nobody" in dialog.error.text()
        assert win.context.actor == f"{prefix}ren"
        ren_ctx = win.context
        _sign_in(qtbot, win, f"{prefix}aud", "")
        assert win.sign_in_dialog is None
        assert win.context.actor == f"{prefix}aud"
        assert make_url(win.context.url).username == f"{prefix}aud"  # a new connection
        assert ren_ctx is not win.context
        qtbot.waitUntil(lambda: "Aki Auditor" in win.user_label.text(), timeout=10000)
        assert "Auditor" in win.user_label.text()
        qtbot.waitUntil(lambda: "read-only role" in a["file.import_cases"].toolTip(), timeout=10000)
        assert not a["file.import_cases"].isEnabled()
    finally:
        win.runner.wait_idle()
        if win.context is not None:
            win.context.close()
        apply_language("en")


def test_activity_is_watched_only_while_an_idle_limit_is_set(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A key press anywhere counts as activity while the policy signs out idle users;
    with no limit (0: no local accounts, shared mode) desk watches no event at all."""
    from PySide6.QtWidgets import QLineEdit

    from desk.ui.app import apply_language
    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

    win = MainWindow(None, "x", Settings(), apply_language)
    qtbot.addWidget(win)
    field = QLineEdit()
    qtbot.addWidget(field)
    assert win.idle.minutes == 0
    win.idle.last = 0.0
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert win.idle.last == 0.0  # not watched
    win.idle.minutes = 5
    assert win.idle.last > 0.0  # counted from when the limit was set
    win.idle.last = 0.0
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert win.idle.last > 0.0  # a key press in any window is activity
    win.idle.minutes = 0
    win.idle.last = 0.0
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert win.idle.last == 0.0
    win.idle.stop()

"""The regulations' roles scoped by department, desk's users, and single-PC sign-in (issue 15).

Before: the acting user was the operating-system login (``LOGNAME``: 4 of 4 spoofs worked),
roles were four, any reviewer reviewed any department's case. Here: a department head
reviews only their department, user administration is the administrator's and audited,
and once an account has a password nobody acts without signing in — with lock-out after
repeated failures, a timed and an administrator's unlock, every step an audit event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk.cli.main import main
from desk.domain.errors import InvalidInput, NotFound, PermissionDenied, WorkflowError
from desk.domain.i18n import set_language
from desk.services import reviews as wf
from desk.services import signin, users
from desk.services.cases import assess_cases, get_case, import_cases
from desk.services.context import ServiceContext, open_context, sign_in, sign_out
from desk.storage import models as m
from tests.storage.case_files import write_case

PASSWORD = "correct horse battery"


def as_(ctx: ServiceContext, login: str) -> ServiceContext:
    return dataclasses.replace(ctx, actor=login)


def actions(ctx: ServiceContext) -> list[tuple[str, str, dict[str, object]]]:
    with ctx.reading() as s:
        return [
            (e.action, e.actor, e.details)
            for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))
        ]


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[ServiceContext]:
    yield from _office(database_url, tmp_path)


def _office(database_url: str, tmp_path: Path) -> Iterator[ServiceContext]:
    set_language("en")
    ctx = open_context(database_url, actor="root")
    users.add_user(ctx, "root", ["admin"])
    users.add_user(ctx, "office1", ["office"])
    users.add_user(ctx, "ren", ["researcher"], department="ENG")
    users.add_user(ctx, "sci", ["researcher"], department="SCI")
    users.add_user(ctx, "dean", ["dept_head"], department="ENG")
    users.add_user(ctx, "dean_sci", ["dept_head"], department="SCI")
    users.add_user(ctx, "boss", ["chief"])
    users.add_user(ctx, "board", ["committee"])
    users.add_user(ctx, "pres", ["president"])
    users.add_user(ctx, "audit", ["auditor"])
    users.add_user(ctx, "classy", ["classification_officer"])
    import_cases(as_(ctx, "office1"), [write_case(tmp_path)])  # K1: R3
    assess_cases(as_(ctx, "office1"), ["K1"], lists=[])
    try:
        yield ctx
    finally:
        ctx.close()


# --------------------------------------------------------------------------- roles


def test_the_department_head_reviews_only_their_department(office: ServiceContext) -> None:
    wf.submit_case(as_(office, "ren"), "K1")  # ren's case: department ENG
    with pytest.raises(PermissionDenied, match="dean_sci is the department head of another"):
        wf.decide_case(as_(office, "dean_sci"), "K1", level="first", decision="approve")
    with pytest.raises(PermissionDenied, match="dean_sci may not open case K1"):
        get_case(as_(office, "dean_sci"), "K1")
    get_case(as_(office, "dean"), "K1")  # their department's case: readable
    state = wf.decide_case(as_(office, "dean"), "K1", level="first", decision="approve")
    assert state.status == "second_review"
    # the second review is the chief's or the committee's, not a department head's
    with pytest.raises(PermissionDenied, match="dean may not give second reviews"):
        wf.decide_case(as_(office, "dean"), "K1", level="second", decision="approve")
    for reader in ("pres", "audit", "classy", "board"):
        get_case(as_(office, reader), "K1")  # they see every case
    with pytest.raises(PermissionDenied, match="sci may not open case K1"):
        get_case(as_(office, "sci"), "K1")  # another researcher's
    state = wf.decide_case(as_(office, "board"), "K1", level="second", decision="approve")
    assert state.status == "decided"


def test_lists_and_tables_of_cases_show_what_the_user_may_open(
    office: ServiceContext, tmp_path: Path
) -> None:
    from desk.services.cases import list_cases
    from desk.services.registers import browse

    import_cases(as_(office, "sci"), [write_case(tmp_path, id="K2")])  # filed by sci (SCI)
    wf_before = {c.ref for c in list_cases(as_(office, "ren"))}
    assert wf_before == {"K1"}  # K1: filed by the office, open to researchers until submitted
    wf.submit_case(as_(office, "ren"), "K1")
    seen = {
        login: (
            {c.ref for c in list_cases(as_(office, login))},
            browse(as_(office, login), "cases"),
        )
        for login in ("ren", "sci", "dean", "dean_sci", "audit", "root")
    }
    expected = {
        "ren": {"K1"},
        "sci": {"K2"},
        "dean": {"K1"},
        "dean_sci": {"K2"},
        "audit": {"K1", "K2"},
        "root": set(),  # the administrator administers users, not cases
    }
    for login, refs in expected.items():
        listed, page = seen[login]
        assert listed == refs, login
        assert page.total == len(refs), login


def test_a_researcher_named_on_a_case_sees_it(
    office: ServiceContext,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Named on a case beyond its filer and PI: a member of its project, or the person it
    is about — the desk user being the register's person with the same e-mail address."""
    users.add_user(office, "mia", ["researcher"], department="SCI", email="Mia@Example.ac.jp")
    users.add_user(office, "olga", ["researcher"], email="olga@example.ru")
    users.add_user(office, "nobody", ["researcher"], email="nobody@example.ac.jp")
    technology = {"classification": "listed", "item": "9", "title": "gene drive"}
    recipient = {"name": "Olga Smirnova", "nationalities": ["RU"]}
    path = write_case(tmp_path, id="K3", technology=technology, recipient=recipient)
    import_cases(as_(office, "sci"), [path])
    wf.submit_case(as_(office, "ren"), "K1")  # K1 is ren's from now on
    with office.transaction() as s:
        project = m.Project(title="P3", funding_sources=[])
        s.add_all([project, m.Person(name="Mia Tanaka", email=" mia@example.ac.jp")])
        s.flush()
        mia = s.scalars(select(m.Person.id).where(m.Person.name == "Mia Tanaka")).one()
        s.add(m.ProjectMember(project_id=project.id, person_id=mia))
        case = s.scalars(select(m.Case).where(m.Case.ref == "K3")).one()
        case.technical_item.project_id = project.id
        case.person.email = "OLGA@example.ru"
    from desk.services.cases import list_cases

    for login, refs in (("mia", {"K3"}), ("olga", {"K3"}), ("nobody", set()), ("ren", {"K1"})):
        assert {c.ref for c in list_cases(as_(office, login))} == refs, login
    assert get_case(as_(office, "mia"), "K3").id == "K3"
    with pytest.raises(PermissionDenied, match="mia may not open case K1"):
        get_case(as_(office, "mia"), "K1")
    with pytest.raises(PermissionDenied, match="nobody may not open case K3"):
        get_case(as_(office, "nobody"), "K3")
    monkeypatch.setenv("DESK_USER", "mia")
    assert main(["cases", "list", "--json", "--database", office.url]) == 0
    out = capsys.readouterr().out
    assert "K3" in out and "K1" not in out


def test_read_only_roles_never_write(office: ServiceContext) -> None:
    wf.submit_case(as_(office, "ren"), "K1")
    for login, role in (("pres", "President"), ("audit", "Auditor")):
        with pytest.raises(PermissionDenied, match=f"{login} holds only the read-only role {role}"):
            wf.move_case(as_(office, login), "K1", "first_review")
    with pytest.raises(PermissionDenied, match="may not record licences"):
        wf.record_licence(as_(office, "boss"), "K1", number="L-1", granted_on=dt.date(2026, 1, 1))


def test_the_new_action_constants_name_the_regulations_roles() -> None:
    from desk.services import permissions as p

    assert p.CLASSIFICATION_CONFIRM_ROLES == ("classification_officer",)
    assert p.LICENCE_ROLES == ("office",)
    assert p.USER_ADMIN_ROLES == ("admin",)
    every = set(m.ROLES)
    for name in dir(p):
        if name.endswith("_ROLES") and name != "ROLES":
            assert set(getattr(p, name)) <= every, name
    assert p.refusal("ren", ("researcher",), p.LIST_ROLES, "import list versions") is not None
    assert p.refusal("o", ("office",), p.LIST_ROLES, "import list versions") is None


# --------------------------------------------------------------------------- users


def test_user_administration_is_the_administrators_and_audited(office: ServiceContext) -> None:
    with pytest.raises(PermissionDenied, match="office1 may not add users"):
        users.add_user(as_(office, "office1"), "newbie", ["researcher"])
    with pytest.raises(PermissionDenied, match="ren may not grant roles"):
        users.grant(as_(office, "ren"), "ren", ["admin"])
    account = users.grant(office, "ren", ["classification_officer"])
    assert account.roles == ("classification_officer", "researcher")
    account = users.revoke(office, "ren", ["classification_officer"])
    assert account.roles == ("researcher",) and account.department == "ENG"
    assert not users.set_active(office, "sci", False).active
    with pytest.raises(PermissionDenied, match="sci is disabled"):
        wf.submit_case(as_(office, "sci"), "K1")
    assert users.set_active(office, "sci", True).active
    with pytest.raises(WorkflowError, match="root is the last active administrator"):
        users.revoke(office, "root", ["admin"])
    with pytest.raises(WorkflowError, match="last active administrator"):
        users.set_active(office, "root", False)
    with pytest.raises(InvalidInput, match="unknown role reviewer"):
        users.add_user(office, "x", ["reviewer"])
    with pytest.raises(NotFound):
        users.grant(office, "nobody", ["office"])
    done = [(a, d.get("login")) for a, actor, d in actions(office) if a.startswith("user.")]
    assert ("user.grant", "ren") in done and ("user.revoke", "ren") in done
    assert ("user.disable", "sci") in done and ("user.enable", "sci") in done
    assert all(actor == "root" for a, actor, _ in actions(office)[-4:])


def test_users_cli_and_its_refusals(
    office: ServiceContext, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = office.url

    def run(login: str, *argv: str) -> int:
        monkeypatch.setenv("DESK_USER", login)
        return main([*argv, "--database", url])

    assert run("root", "users", "add", "kim", "--role", "dept_head", "--department", "ENG") == 0
    assert run("root", "users", "grant", "kim", "--role", "chief") == 0
    assert "kim now holds: chief, dept_head" in capsys.readouterr().out
    assert run("root", "users", "show", "kim", "--json") == 0
    import json

    shown = json.loads(capsys.readouterr().out)
    assert shown["department"] == "ENG" and shown["roles"] == ["chief", "dept_head"]
    assert run("ren", "users", "grant", "ren", "--role", "admin") == 2
    assert "ren may not grant roles" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:  # argparse's choices: the old role is gone
        run("root", "users", "add", "x", "--role", "reviewer")
    assert exited.value.code == 2 and "invalid choice: 'reviewer'" in capsys.readouterr().err
    assert run("root", "review", "users", "list", "--json") == 0  # the old spelling works
    listed = {u["login"]: u["roles"] for u in json.loads(capsys.readouterr().out)}
    assert listed["kim"] == ["chief", "dept_head"]
    assert run("root", "users", "disable", "kim") == 0
    assert run("root", "users", "list") == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("kim"))
    assert "disabled" in line and "Department head" in line


# --------------------------------------------------------------------------- sign-in


@pytest.fixture
def single_pc(tmp_path: Path) -> Iterator[ServiceContext]:
    """Sign-in with local accounts is single-PC mode's (SQLite); PostgreSQL authenticates
    its own logins (test_shared_mode_leaves_passwords_to_postgresql)."""
    yield from _office(f"sqlite:///{tmp_path / 'desk.sqlite3'}", tmp_path)


@pytest.fixture
def accounts(single_pc: ServiceContext) -> ServiceContext:
    """root and ren have passwords: from now on nobody acts without signing in."""
    office = single_pc
    users.set_password(office, "root", PASSWORD)
    with pytest.raises(PermissionDenied, match="sign-in accounts"):  # root has to sign in now
        users.set_password(office, "ren", "ren's password")
    users.set_password(sign_in(office, "root", PASSWORD), "ren", "ren's password")
    return office


def test_once_an_account_has_a_password_the_login_name_is_not_trusted(
    accounts: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DESK_USER", raising=False)
    monkeypatch.delenv("DESK_PASSWORD", raising=False)
    with pytest.raises(PermissionDenied, match="desk has sign-in accounts"):
        wf.submit_case(as_(accounts, "ren"), "K1")  # an unsigned context, any actor
    with pytest.raises(PermissionDenied, match="sign-in accounts"):
        open_context(accounts.url, actor="ren")  # no password, no terminal
    with open_context(accounts.url, actor="ren", password="ren's password") as ren:
        assert ren.signed_in and ren.actor == "ren"
        wf.submit_case(ren, "K1")
    monkeypatch.setenv("DESK_USER", "ren")
    monkeypatch.setenv("DESK_PASSWORD", "ren's password")
    with open_context(accounts.url) as ren:
        assert ren.actor == "ren" and ren.signed_in
    done = [(a, actor) for a, actor, _ in actions(accounts)]
    assert done.count(("auth.sign_in", "ren")) == 2


def test_lock_out_after_repeated_failures_timed_and_admin_unlock(
    accounts: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sign_in(accounts, "root", PASSWORD)
    users.set_policy(root, max_failures=3, lock_minutes=10)
    for _attempt in range(2):
        with pytest.raises(PermissionDenied, match="wrong login name or password"):
            sign_in(accounts, "ren", "guess")
    with pytest.raises(PermissionDenied, match="now locked for 10 minutes after 3 failed"):
        sign_in(accounts, "ren", "guess")
    with pytest.raises(PermissionDenied, match="is locked"):
        sign_in(accounts, "ren", "ren's password")  # even the right password, while locked
    assert users.show_user(root, "ren").locked_until is not None
    later = signin.now() + dt.timedelta(minutes=11)
    monkeypatch.setattr(signin, "now", lambda: later)
    assert sign_in(accounts, "ren", "ren's password").actor == "ren"  # the lock ran out
    monkeypatch.undo()
    for _attempt in range(3):
        with pytest.raises(PermissionDenied):
            sign_in(accounts, "ren", "guess")
    with pytest.raises(PermissionDenied, match="ren may not unlock accounts"):
        users.unlock(as_(root, "ren"), "ren")
    users.unlock(root, "ren")
    ren = sign_in(accounts, "ren", "ren's password")
    sign_out(ren, reason="idle")
    with pytest.raises(PermissionDenied, match="wrong login name or password"):
        sign_in(accounts, "nobody", "whatever")  # says no more for an unknown login
    done = [a for a, _actor, _d in actions(accounts) if a.startswith("auth.")]
    assert done.count("auth.locked") == 2
    assert done.count("auth.sign_in_failed") == 2 + 1 + 1 + 3 + 1
    assert "auth.sign_out" in done and "auth.policy" in done
    with accounts.reading() as s:
        stored = s.scalars(select(m.Credential.password_hash)).all()
    assert all(h.startswith("$argon2id$") for h in stored)
    assert not any("ren's password" in str(d) for _a, _b, d in actions(accounts))


def test_the_cli_needs_identification_once_accounts_exist(
    accounts: ServiceContext, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = accounts.url
    monkeypatch.setenv("LOGNAME", "root")  # the operating-system login alone is not enough
    monkeypatch.setenv("USER", "root")
    monkeypatch.delenv("DESK_USER", raising=False)
    monkeypatch.delenv("DESK_PASSWORD", raising=False)
    assert main(["users", "list", "--database", url]) == 2
    assert "--user LOGIN" in capsys.readouterr().err
    monkeypatch.setenv("DESK_PASSWORD", "wrong one")
    assert main(["--user", "root", "users", "list", "--database", url]) == 2
    assert "wrong login name or password" in capsys.readouterr().err
    monkeypatch.setenv("DESK_PASSWORD", PASSWORD)
    assert main(["users", "list", "--user", "root", "--database", url]) == 0
    assert "ren" in capsys.readouterr().out
    monkeypatch.setenv("DESK_USER", "root")
    monkeypatch.setattr("sys.stdin", _Lines("a new secret\n"))
    assert main(["users", "passwd", "ren", "--password-stdin", "--database", url]) == 0
    assert sign_in(accounts, "ren", "a new secret").signed_in
    monkeypatch.setattr("sys.stdin", _Lines("short\n"))
    assert main(["users", "passwd", "ren", "--password-stdin", "--database", url]) == 2
    assert "at least 8 characters" in capsys.readouterr().err


class _Lines:
    def __init__(self, text: str):
        self._lines = text.splitlines(keepends=True)

    def readline(self) -> str:
        return self._lines.pop(0) if self._lines else ""

    def isatty(self) -> bool:
        return False


@pytest.mark.postgres
def test_shared_mode_leaves_passwords_to_postgresql(pg_office: ServiceContext) -> None:
    with pytest.raises(WorkflowError, match="PostgreSQL authenticates logins"):
        users.set_password(pg_office, "root", PASSWORD)
    assert not users.sign_in_required(pg_office)


@pytest.fixture
def pg_office(tmp_path: Path) -> Iterator[ServiceContext]:
    from tests.conftest import _pg_schema_url

    admin, schema, url = _pg_schema_url("signin")
    try:
        yield from _office(url, tmp_path)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


# --------------------------------------------------------------------------- migration


def test_the_migration_maps_reviewers_and_the_office(database_url: str) -> None:
    from alembic import command

    from desk.storage.db import alembic_config, make_engine, open_database

    open_database(database_url).close()
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            command.downgrade(alembic_config(conn), "0007")
            conn.commit()
            conn.execute(text("INSERT INTO departments (id, name) VALUES (1, 'ENG')"))
            conn.execute(
                text(
                    "INSERT INTO users (id, login, display_name, department_id, active, "
                    "created_at) VALUES (1, 'dean', 'd', 1, true, CURRENT_TIMESTAMP), "
                    "(2, 'dir', 'd', NULL, true, CURRENT_TIMESTAMP), "
                    "(3, 'off', 'o', NULL, true, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO user_roles (user_id, role) VALUES (1, 'reviewer'), "
                    "(2, 'reviewer'), (3, 'office'), (3, 'auditor')"
                )
            )
            conn.commit()
    finally:
        engine.dispose()
    with open_context(database_url, actor="off") as ctx:
        roles = {a.login: a.roles for a in users.list_users(ctx)}
    assert roles == {
        "dean": ("dept_head",),
        "dir": ("chief",),
        "off": ("admin", "auditor", "office"),
    }

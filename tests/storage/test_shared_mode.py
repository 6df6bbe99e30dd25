"""Shared mode (PostgreSQL) enforced by the database itself (issue 15).

``desk db setup-roles`` makes desk's roles PostgreSQL group roles with grants and
row-level-security policies; ``desk users add`` creates each person's login. The tests
connect through real PostgreSQL logins (trust authentication on 127.0.0.1) — with psycopg
directly, as someone using psql would, and through desk's services — and prove what each
role sees and may do. Every role and login is named with this run's own prefix and
dropped afterwards: other people use the same server at the same time.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from desk.cli.main import main
from desk.domain.errors import NotFound, PermissionDenied
from desk.domain.i18n import set_language
from desk.services import reviews as wf
from desk.services import users
from desk.services.cases import assess_cases, get_case, import_cases, list_cases
from desk.services.context import ServiceContext, open_context
from tests.classified import confirm_listed_items
from tests.conftest import _pg_schema_url
from tests.storage.case_files import write_case

pytestmark = pytest.mark.postgres


@dataclass
class Shared:
    url: str  # the owner's (superuser's) URL with the schema
    schema: str
    prefix: str

    def login(self, name: str) -> str:
        return f"{self.prefix}u_{name}"

    def url_as(self, name: str) -> str:
        return make_url(self.url).set(username=self.login(name)).render_as_string(False)

    def dsn_as(self, name: str) -> str:
        u = make_url(self.url)
        return (
            f"host={u.host} port={u.port or 5432} dbname={u.database} user={self.login(name)} "
            f"options='-csearch_path={self.schema}'"
        )

    def owner(self, name: str) -> ServiceContext:
        """A context on the owner's connection acting as desk user ``name`` (DBA, tests)."""
        return open_context(self.url, actor=self.login(name))


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shared]:
    set_language("en")
    admin, schema, url = _pg_schema_url("shared")
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    monkeypatch.setenv("DESK_PG_ROLE_PREFIX", prefix)
    monkeypatch.delenv("DESK_USER", raising=False)
    s = Shared(url, schema, prefix)
    try:
        with s.owner("root") as root:
            users.add_user(root, s.login("root"), ["admin"])
            report = users.setup_roles(root)
            assert len(report.groups) == 9 and report.policies > 10
            again = users.setup_roles(root)  # idempotent
            assert again.groups == report.groups
            for name, role, dep in (
                ("office", "office", None),
                ("ren", "researcher", "ENG"),
                ("sci", "researcher", "SCI"),
                ("dean", "dept_head", "ENG"),
                ("boss", "chief", None),
                ("aud", "auditor", None),
            ):
                users.add_user(root, s.login(name), [role], department=dep)
        # each researcher files a case through the owner's connection acting as them
        with s.owner("ren") as ren:
            import_cases(ren, [write_case(tmp_path, id="K1", title="ren's case")])
        with s.owner("sci") as sci:
            import_cases(
                sci,
                [
                    write_case(
                        tmp_path,
                        id="K2",
                        title="sci's case",
                        recipient={"name": "Ivan Petrov", "nationalities": ["RU"]},
                    )
                ],
            )
        with s.owner("root") as root:  # the second review needs confirmed classifications
            confirm_listed_items(root, s.login("cls1"), s.login("cls2"))
        with s.owner("office") as office:
            assess_cases(office, lists=[])
        yield s
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            names = conn.scalars(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"),
                {"p": prefix.replace("_", r"\_") + "%"},
            ).all()
            logins = [n for n in names if n.removeprefix(prefix) not in _GROUP_SUFFIXES]
            for name in [*logins, *(n for n in names if n not in logins)]:
                conn.execute(text(f'DROP OWNED BY "{name}" CASCADE'))
                conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()


_GROUP_SUFFIXES = {
    "researcher",
    "office",
    "dept_head",
    "classification_officer",
    "chief",
    "committee",
    "president",
    "auditor",
    "admin",
}


def _refs(shared: Shared, who: str) -> set[str]:
    with psycopg.connect(shared.dsn_as(who)) as conn:
        return {r[0] for r in conn.execute("SELECT ref FROM cases")}


def _refused(shared: Shared, who: str, sql: str) -> str:
    with psycopg.connect(shared.dsn_as(who)) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as denied:
            conn.execute(sql)
        return str(denied.value)


# --------------------------------------------------------------------------- psql's view


def test_each_role_sees_what_the_regulations_give_it(shared: Shared) -> None:
    assert _refs(shared, "ren") == {"K1"}
    assert _refs(shared, "sci") == {"K2"}
    assert _refs(shared, "dean") == {"K1"}  # ENG's department head: ENG's cases only
    for everyone in ("office", "boss", "aud"):
        assert _refs(shared, everyone) == {"K1", "K2"}
    with psycopg.connect(shared.dsn_as("ren")) as conn:
        # the rows that hang off a case follow it; people on others' cases are hidden
        assessed = {r[0] for r in conn.execute("SELECT case_id FROM assessments")}
        people = {r[0] for r in conn.execute("SELECT name FROM people")}
        hidden = conn.execute("UPDATE cases SET title = 'mine now' WHERE ref = 'K2'").rowcount
    assert len(assessed) == 1 and "Ivan Petrov" not in people and "王 子涵" in people
    assert hidden == 0  # invisible rows cannot be changed either
    assert _refs(shared, "sci") == {"K2"}
    with psycopg.connect(shared.dsn_as("aud")) as conn:
        assert len(conn.execute("SELECT * FROM assessments").fetchall()) == 2


def test_auditors_write_nothing_and_nobody_rewrites_the_audit_trail(shared: Shared) -> None:
    assert "permission denied" in _refused(shared, "aud", "UPDATE cases SET title = 'x'")
    assert "permission denied" in _refused(
        shared, "aud", "INSERT INTO departments (name) VALUES ('x')"
    )
    for who in ("aud", "office", "boss", "ren", "root"):
        assert "permission denied" in _refused(shared, who, "UPDATE audit_events SET actor = 'x'")
        assert "permission denied" in _refused(shared, who, "DELETE FROM audit_events")
        assert "permission denied" in _refused(shared, who, "SELECT * FROM user_credentials")
    assert "permission denied" in _refused(shared, "office", "TRUNCATE audit_events")
    with psycopg.connect(shared.dsn_as("aud")) as conn:  # reading it is the auditor's job
        assert conn.execute("SELECT count(*) FROM audit_events").fetchone()[0] > 0


# --------------------------------------------------------------------------- desk's view


def test_through_desk_the_acting_user_is_the_postgresql_login(
    shared: Shared, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", shared.login("office"))  # never trusted in shared mode
    monkeypatch.setenv("USER", shared.login("office"))
    with open_context(shared.url_as("ren")) as ren:
        assert ren.actor == shared.login("ren")
        assert [c.ref for c in list_cases(ren)] == ["K1"]
        with pytest.raises(NotFound):
            get_case(ren, "K2")
        wf.submit_case(ren, "K1")  # their own case, through their own login
    monkeypatch.setenv("DESK_USER", shared.login("office"))
    with pytest.raises(PermissionDenied, match="cannot act as"):
        open_context(shared.url_as("ren"))
    with pytest.raises(PermissionDenied, match="cannot act as"):
        open_context(shared.url_as("ren"), actor=shared.login("boss"))
    monkeypatch.delenv("DESK_USER")
    with open_context(shared.url_as("dean")) as dean:
        assert [c.ref for c in list_cases(dean)] == ["K1"]
        state = wf.decide_case(dean, "K1", level="first", decision="approve")
        assert state.status == "second_review"
    with open_context(shared.url_as("aud")) as aud:
        assert {c.ref for c in list_cases(aud)} == {"K1", "K2"}
        with pytest.raises(PermissionDenied, match="read-only role Auditor"):
            wf.move_case(aud, "K1", "first_review")
    with open_context(shared.url_as("boss")) as boss:
        assert wf.decide_case(boss, "K1", level="second", decision="approve").status == "decided"


def test_the_cli_in_shared_mode(
    shared: Shared,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DESK_USER", raising=False)
    code = main(["cases", "list", "--json", "--database", shared.url_as("sci")])
    out = capsys.readouterr().out
    assert code == 0 and "K2" in out and "K1" not in out
    case = str(write_case(tmp_path, id="K9"))
    code = main(["cases", "import", case, "--database", shared.url_as("aud")])
    assert code == 2 and "read-only role" in capsys.readouterr().err
    # a new user: the login role is created and granted its group role
    monkeypatch.setenv("DESK_USER", shared.login("root"))
    new = shared.login("kim")
    code = main(["users", "add", new, "--role", "auditor", "--database", shared.url])
    assert code == 0
    monkeypatch.delenv("DESK_USER")
    assert _refs(shared, "kim") == {"K1", "K2"}
    assert "permission denied" in _refused(shared, "kim", "UPDATE cases SET title = 'x'")
    monkeypatch.setenv("DESK_USER", shared.login("root"))
    assert main(["users", "revoke", new, "--role", "auditor", "--database", shared.url]) == 0
    with psycopg.connect(shared.dsn_as("kim")) as conn:  # no group role: not even the schema
        with pytest.raises((psycopg.errors.UndefinedTable, psycopg.errors.InsufficientPrivilege)):
            conn.execute("SELECT ref FROM cases")

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
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from desk.cli.main import main
from desk.domain.errors import NotFound, PermissionDenied
from desk.domain.i18n import set_language
from desk.services import reviews as wf
from desk.services import users
from desk.services.cases import assess_cases, get_case, import_cases, list_cases
from desk.services.context import ServiceContext, open_context
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


# --------------------------------------------------------------------------- personal data


def _rows(shared: Shared, who: str, sql: str) -> set[object]:
    with psycopg.connect(shared.dsn_as(who)) as conn:
        return {r[0] for r in conn.execute(sql)}


def _named_case(shared: Shared, tmp_path: Path) -> None:
    """K3 (filed by sci) belongs to project P3, on which mia is a member — not its PI,
    not its filer — by her person in the register carrying her e-mail address."""
    with shared.owner("root") as root:
        users.add_user(root, shared.login("mia"), ["researcher"], email="Mia@Example.ac.jp")
    with shared.owner("sci") as sci:
        import_cases(
            sci,
            [
                write_case(
                    tmp_path,
                    id="K3",
                    technology={"classification": "listed", "item": "9", "title": "gene drive"},
                    recipient={
                        "name": "Olga Smirnova",
                        "nationalities": ["RU"],
                        "affiliations": [{"name": "Secret Lab", "country": "RU"}],
                        "ties": [
                            {
                                "type": "funding",
                                "counterparty": "Agency X",
                                "counterparty_kind": "foreign_government",
                                "country": "RU",
                                "paid_to": "person",
                            }
                        ],
                        "declaration": {"declared_on": "2026-01-05", "types": [2]},
                    },
                )
            ],
        )
    with shared.owner("office") as office, office.transaction() as s:
        from desk.storage import models as dm

        project = dm.Project(title="P3 gene drives", funding_sources=[])
        mia = dm.Person(name="Mia Tanaka", email=" mia@example.ac.jp")
        s.add_all([project, mia])
        s.flush()
        s.add(dm.ProjectMember(project_id=project.id, person_id=mia.id))
        s.add(dm.ProjectFunding(project_id=project.id, funder="JSPS"))
        case = s.scalars(select(dm.Case).where(dm.Case.ref == "K3")).one()
        case.technical_item.project_id = project.id


def test_named_on_a_case_sees_it_in_psql_the_services_and_the_cli(
    shared: Shared,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _named_case(shared, tmp_path)
    assert _refs(shared, "mia") == {"K3"}  # named on it: a member of its project
    assert _refs(shared, "ren") == {"K1"}  # not named: still only their own
    assert _rows(shared, "mia", "SELECT title FROM projects") == {"P3 gene drives"}
    assert _rows(shared, "ren", "SELECT title FROM projects") == set()
    assert _rows(shared, "mia", "SELECT funder FROM project_fundings") == {"JSPS"}
    with open_context(shared.url_as("mia")) as mia:
        assert [c.ref for c in list_cases(mia)] == ["K3"]
        assert get_case(mia, "K3").id == "K3"
        with pytest.raises(NotFound):
            get_case(mia, "K2")
    monkeypatch.delenv("DESK_USER", raising=False)
    assert main(["cases", "list", "--json", "--database", shared.url_as("mia")]) == 0
    out = capsys.readouterr().out
    assert "K3" in out and "K2" not in out and "K1" not in out


def test_affiliations_ties_declarations_and_projects_follow_the_cases(
    shared: Shared, tmp_path: Path
) -> None:
    _named_case(shared, tmp_path)
    ties = "SELECT counterparty FROM ties"
    declared = "SELECT declared_on::text FROM declarations"
    affiliated = (
        "SELECT o.name FROM affiliations a JOIN organizations o ON o.id = a.organization_id"
    )
    # the filer and the people named on the case see its person's personal data
    for who in ("sci", "mia"):
        assert _rows(shared, who, ties) == {"Agency X"}
        assert _rows(shared, who, declared) == {"2026-01-05"}
        assert "Secret Lab" in _rows(shared, who, affiliated)
    # another department's researcher and department head see none of it
    for who in ("ren", "dean"):
        assert _rows(shared, who, ties) == set()
        assert _rows(shared, who, declared) == set()
        assert "Secret Lab" not in _rows(shared, who, affiliated)
        assert "Olga Smirnova" not in _rows(shared, who, "SELECT name FROM people")
        with psycopg.connect(shared.dsn_as(who)) as conn:  # invisible rows stay unchanged
            assert conn.execute("UPDATE ties SET counterparty = 'x'").rowcount == 0
            assert conn.execute("DELETE FROM declarations").rowcount == 0
    # the department head sees the people of their department
    with shared.owner("office") as office, office.transaction() as s:
        from desk.storage import models as dm

        eng = s.scalars(select(dm.Department).where(dm.Department.code == "ENG")).one()
        s.add(dm.Person(name="Eng Student", department_id=eng.id))
        s.add(dm.Person(name="Sci Student"))
        s.flush()
        for ref in ("K1", "K3"):  # two cases to two students
            student = "Eng Student" if ref == "K1" else "Sci Student"
            case = s.scalars(select(dm.Case).where(dm.Case.ref == ref)).one()
            case.person_id = s.scalars(select(dm.Person.id).where(dm.Person.name == student)).one()
    assert "Eng Student" in _rows(shared, "dean", "SELECT name FROM people")
    assert "Sci Student" not in _rows(shared, "dean", "SELECT name FROM people")
    # readers of everything: every row; the auditor writes none of it
    for who in ("office", "boss", "aud"):
        assert _rows(shared, who, ties) == {"Agency X"}
        assert _rows(shared, who, "SELECT title FROM projects") == {"P3 gene drives"}
    for sql in (
        "UPDATE ties SET counterparty = 'x'",
        "DELETE FROM declarations",
        "UPDATE affiliations SET since = now()",
        "UPDATE projects SET title = 'x'",
        "UPDATE organizations SET name = 'x'",
    ):
        assert "permission denied" in _refused(shared, "aud", sql)


def test_the_lists_are_read_by_everyone_and_written_by_the_office(shared: Shared) -> None:
    for who in ("ren", "dean", "boss", "aud", "office"):
        with psycopg.connect(shared.dsn_as(who)) as conn:
            conn.execute("SELECT count(*) FROM list_entries").fetchone()
    for who in ("ren", "dean", "boss", "aud"):
        assert "permission denied" in _refused(shared, who, "DELETE FROM list_entries")
        assert "permission denied" in _refused(
            shared, who, "INSERT INTO lists (source_id, active) VALUES ('x', true)"
        )
    with psycopg.connect(shared.dsn_as("office")) as conn:
        conn.execute("INSERT INTO lists (source_id, active) VALUES ('x', true)")

"""Shared mode (PostgreSQL): desk's roles as PostgreSQL group roles, row-level security.

:func:`setup_roles` (``desk db setup-roles``, idempotent, run by the database's owner or a
superuser) creates one group role per desk role (``desk_researcher`` … ``desk_admin``; the
prefix is ``DESK_PG_ROLE_PREFIX``, default ``desk_``), grants each what it may touch, and
enables row-level security; desk users who already have a login get their group roles:

- ``cases``: the office, the classification officer, the chief, the committee, the
  president and the auditor see every case; a department head the cases of their department
  (the case's project's department, else its filer's); a researcher the cases they filed or
  lead (the project's PI) or are named on (a member of its project, the person it is
  about: the register's person with the user's e-mail address) and cases nobody filed yet;
- the rows that hang off a case (assessments, review steps, licences, documents, cleared
  hits, issued records) follow their case; people, organizations and technical items on
  a case follow the case (those on no case are register entries every desk role may
  read); a person's affiliations, ties, declarations and dated facts follow the person;
  projects (their members, funding lines, partners) are seen by their PI, their members
  and whoever sees one of their cases, and by their department's head; a department head
  also sees the people of their department;
- shipments, trips, screening results and records, classifications, files, informs,
  intake documents, internal audits and the rows hanging off them: the policies of
  :mod:`desk.storage.rls` (also run by the migration ``0017_rls``), in the same model;
- the restricted-party lists are read by every desk role and written by the office and
  the administrator only;
- auditors and the president only ``SELECT``; ``audit_events`` takes ``INSERT`` and never
  ``UPDATE`` or ``DELETE`` from any desk role (only the tables' owner could, and the
  triggers refuse that too); ``user_credentials`` is closed to every desk role.

:func:`create_login` (``desk users add`` in shared mode) creates the login role (``LOGIN``,
no password: the database administrator chooses the authentication in ``pg_hba.conf`` —
password, LDAP, Kerberos) and grants it the group roles of its desk roles.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desk.domain.errors import InvalidInput, PermissionDenied, WorkflowError
from desk.domain.i18n import _
from desk.services.context import ServiceContext
from desk.storage import models as m
from desk.storage import rls
from desk.storage.rls import READ_ONLY, READERS_OF_ALL, WRITERS_OF_ALL

# the rows that belong to a case (case_id): they follow the case's visibility
CASE_CHILDREN = (
    "assessments",
    "review_steps",
    "licences",
    "case_documents",
    "cleared_hits",
    "issued_records",
)
CLOSED = ("user_credentials",)
# the restricted-party lists: every desk role screens against them, the office imports them
LIST_TABLES = ("lists", "list_versions", "list_entries")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def prefix() -> str:
    value = os.environ.get("DESK_PG_ROLE_PREFIX", "desk_")
    if not _NAME.match(value):
        raise InvalidInput(
            _("must be lower-case letters, digits and _ (at most 31)"),
            where="DESK_PG_ROLE_PREFIX",
        )
    return value


def group_role(role: str, pfx: str | None = None) -> str:
    return f"{pfx or prefix()}{role}"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class SetupReport:
    schema: str
    groups: tuple[str, ...]
    tables: int
    policies: int


def _statements(schema: str, pfx: str, tables: Sequence[str]) -> list[str]:
    g = {r: _q(group_role(r, pfx)) for r in m.ROLES}
    s = _q(schema)
    everyone = ", ".join(g.values())
    writers = ", ".join(g[r] for r in m.ROLES if r not in READ_ONLY)
    out: list[str] = [f"GRANT USAGE ON SCHEMA {s} TO {everyone}"]
    for table in tables:
        t = f"{s}.{_q(table)}"
        out.append(f"REVOKE ALL ON {t} FROM {everyone}")
        if table in CLOSED:
            continue
        out.append(f"GRANT SELECT ON {t} TO {everyone}")
        if table == "audit_events":
            out.append(f"GRANT INSERT ON {t} TO {writers}")
        elif table in ("users", "user_roles", "departments", "signin_policy"):
            # users are the administrator's; every writer may add itself on first use
            out.append(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {g['admin']}")
            if table in ("users", "departments"):
                out.append(f"GRANT INSERT ON {t} TO {writers}")
        elif table in LIST_TABLES:  # read by everyone, written by the office
            out.append(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {g['office']}, {g['admin']}")
        else:
            out.append(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {writers}")
    out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {writers}")
    # helper functions: who am I and my department (the caller's rights: current_user is
    # the login), a case's department and PI (the owner's rights, so that they read
    # through row-level security; search_path pinned)
    out += rls.identity_functions(s)
    out.append(
        f"CREATE OR REPLACE FUNCTION {s}.desk_case_department(c_id integer) RETURNS integer "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {s} AS $$ "
        "SELECT coalesce(p.department_id, u.department_id) FROM cases c "
        "JOIN technical_items t ON t.id = c.technical_item_id "
        "LEFT JOIN projects p ON p.id = t.project_id "
        "LEFT JOIN users u ON u.id = c.filed_by_id WHERE c.id = c_id $$"
    )
    out.append(
        f"CREATE OR REPLACE FUNCTION {s}.desk_case_pi(c_id integer) RETURNS integer "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {s} AS $$ "
        "SELECT p.pi_user_id FROM cases c JOIN technical_items t ON t.id = c.technical_item_id "
        "JOIN projects p ON p.id = t.project_id WHERE c.id = c_id $$"
    )
    # named on a case: a member of its project or the person it is about, a desk user
    # being the person of the registers with the same e-mail address (``me`` is passed in:
    # inside a SECURITY DEFINER function current_user is the owner)
    same_person = (
        "SELECT p.id FROM people p JOIN users u ON lower(trim(p.email)) = lower(trim(u.email)) "
        "WHERE u.id = me AND coalesce(trim(u.email), '') <> ''"
    )
    definer = f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {s} AS $$ "
    out.append(
        f"CREATE OR REPLACE FUNCTION {s}.desk_case_named(c_id integer, me integer) "
        f"RETURNS boolean {definer}"
        f"SELECT EXISTS (SELECT 1 FROM cases c WHERE c.id = c_id AND (c.person_id IN "
        f"({same_person}) OR EXISTS (SELECT 1 FROM technical_items t JOIN project_members pm "
        f"ON pm.project_id = t.project_id WHERE t.id = c.technical_item_id "
        f"AND pm.person_id IN ({same_person})))) $$"
    )
    out.append(
        f"CREATE OR REPLACE FUNCTION {s}.desk_project_named(p_id integer, me integer) "
        f"RETURNS boolean {definer}"
        f"SELECT EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p_id "
        f"AND pm.person_id IN ({same_person})) $$"
    )
    out.append(
        f"CREATE OR REPLACE FUNCTION {s}.desk_case_project(c_id integer) RETURNS integer "
        f"{definer}SELECT t.project_id FROM cases c JOIN technical_items t "
        "ON t.id = c.technical_item_id WHERE c.id = c_id $$"
    )
    out.append(
        f"CREATE OR REPLACE FUNCTION {s}.desk_project_pi(p_id integer) RETURNS integer "
        f"{definer}SELECT pi_user_id FROM projects WHERE id = p_id $$"
    )
    for column, table in (
        ("person_id", "people"),
        ("technical_item_id", "technical_items"),
        ("organization_id", "organizations"),
    ):
        out.append(
            f"CREATE OR REPLACE FUNCTION {s}.desk_on_a_case_{table}(row_id integer) "
            f"RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {s} AS $$ "
            f"SELECT EXISTS (SELECT 1 FROM cases WHERE {column} = row_id) $$"
        )
    out.append(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {s} FROM PUBLIC")
    out.append(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {s} TO {everyone}")

    def policy(
        table: str, name: str, command: str, roles: str, using: str, check: str | None
    ) -> None:
        t = f"{s}.{_q(table)}"
        out.append(f"DROP POLICY IF EXISTS {name} ON {t}")
        with_check = f" WITH CHECK ({check})" if check else ""
        using_part = f" USING ({using})" if command != "INSERT" else ""
        out.append(f"CREATE POLICY {name} ON {t} FOR {command} TO {roles}{using_part}{with_check}")

    readers = ", ".join(g[r] for r in READERS_OF_ALL)
    all_writers = ", ".join(g[r] for r in WRITERS_OF_ALL)
    named = f"{s}.desk_case_pi(id) = {s}.desk_me() OR {s}.desk_case_named(id, {s}.desk_me())"
    mine = f"filed_by_id IS NULL OR filed_by_id = {s}.desk_me() OR {named}"
    dept = f"{s}.desk_case_department(id) = {s}.desk_my_department()"
    out.append(f"ALTER TABLE {s}.cases ENABLE ROW LEVEL SECURITY")
    policy("cases", "desk_read_all", "SELECT", readers, "true", None)
    policy("cases", "desk_write_all", "ALL", all_writers, "true", "true")
    policy("cases", "desk_dept_head", "ALL", g["dept_head"], f"{dept} OR {named}", dept)
    policy(
        "cases",
        "desk_researcher",
        "ALL",
        g["researcher"],
        mine,
        f"filed_by_id IS NULL OR filed_by_id = {s}.desk_me()",
    )
    for table in CASE_CHILDREN:
        if table not in tables:
            continue
        out.append(f"ALTER TABLE {s}.{_q(table)} ENABLE ROW LEVEL SECURITY")
        visible = f"case_id IN (SELECT id FROM {s}.cases)"
        policy(table, "desk_follow_case", "ALL", everyone, visible, visible)
    for column, table in (("person_id", "people"), ("technical_item_id", "technical_items")):
        out.append(f"ALTER TABLE {s}.{_q(table)} ENABLE ROW LEVEL SECURITY")
        policy(table, "desk_read_all", "SELECT", readers, "true", None)
        policy(table, "desk_write_all", "ALL", all_writers, "true", "true")
        scoped = f"NOT {s}.desk_on_a_case_{table}(id) OR id IN (SELECT {column} FROM {s}.cases)"
        if table == "people":  # a department head also sees their department's people
            policy(table, "desk_scoped", "ALL", g["researcher"], scoped, "true")
            policy(
                table,
                "desk_dept_head",
                "ALL",
                g["dept_head"],
                f"{scoped} OR department_id = {s}.desk_my_department()",
                "true",
            )
        else:
            scoped_roles = f"{g['researcher']}, {g['dept_head']}"
            policy(table, "desk_scoped", "ALL", scoped_roles, scoped, "true")
    _personal_policies(out, s, g, tables, policy)
    # shipments, trips, screenings, classifications, internal audits … (desk.storage.rls)
    out += rls.statements(schema, {r: group_role(r, pfx) for r in m.ROLES}, tables)
    return out


# the personal and register tables a researcher or department head sees only as far as
# their cases (or, for a department head, their department) need them
def _personal_policies(
    out: list[str],
    s: str,
    g: dict[str, str],
    tables: Sequence[str],
    policy: Callable[[str, str, str, str, str, str | None], None],
) -> None:
    readers = ", ".join(g[r] for r in READERS_OF_ALL)
    all_writers = ", ".join(g[r] for r in WRITERS_OF_ALL)
    scoped_roles = f"{g['researcher']}, {g['dept_head']}"
    person = f"person_id IN (SELECT id FROM {s}.people)"
    # an organization on no case is a register entry; one a case goes to follows the case
    org = (
        f"NOT {s}.desk_on_a_case_organizations({{c}}) "
        f"OR {{c}} IN (SELECT organization_id FROM {s}.cases)"
    )
    project = (
        f"{s}.desk_project_pi(id) = {s}.desk_me() "
        f"OR id IN (SELECT {s}.desk_case_project(id) FROM {s}.cases) "
        f"OR {s}.desk_project_named(id, {s}.desk_me())"
    )
    scoped: dict[str, tuple[str, str | None]] = {
        # table: (researcher's and department head's USING, department head's extra)
        "projects": (project, f"department_id = {s}.desk_my_department()"),
        "project_members": (f"project_id IN (SELECT id FROM {s}.projects)", None),
        "project_fundings": (f"project_id IN (SELECT id FROM {s}.projects)", None),
        "project_partners": (f"project_id IN (SELECT id FROM {s}.projects)", None),
        "person_events": (person, None),
        "affiliations": (
            f"(person_id IS NOT NULL AND {person}) OR (member_organization_id IS NOT NULL "
            f"AND ({org.format(c='member_organization_id')}))",
            None,
        ),
        "ties": (
            f"(person_id IS NOT NULL AND {person}) OR (organization_id IS NOT NULL "
            f"AND ({org.format(c='organization_id')}))",
            None,
        ),
        "declarations": (
            f"(person_id IS NOT NULL AND {person}) OR (organization_id IS NOT NULL "
            f"AND ({org.format(c='organization_id')}))",
            None,
        ),
        "organizations": (
            f"{org.format(c='id')} "
            f"OR id IN (SELECT organization_id FROM {s}.affiliations WHERE person_id IS NOT NULL) "
            f"OR id IN (SELECT organization_id FROM {s}.project_fundings) "
            f"OR id IN (SELECT organization_id FROM {s}.project_partners)",
            None,
        ),
    }
    for table, (using, dept_extra) in scoped.items():
        if table not in tables:
            continue
        out.append(f"ALTER TABLE {s}.{_q(table)} ENABLE ROW LEVEL SECURITY")
        policy(table, "desk_read_all", "SELECT", readers, "true", None)
        policy(table, "desk_write_all", "ALL", all_writers, "true", "true")
        if dept_extra is None:
            policy(table, "desk_scoped", "ALL", scoped_roles, using, "true")
        else:
            policy(table, "desk_scoped", "ALL", g["researcher"], using, "true")
            dept_using = f"{using} OR {dept_extra}"
            policy(table, "desk_dept_head", "ALL", g["dept_head"], dept_using, "true")


def setup_roles(ctx: ServiceContext) -> SetupReport:
    """Create (or bring up to date) the group roles, grants and policies of this schema."""
    if ctx.db.dialect != "postgresql":
        raise WorkflowError(
            _("desk db setup-roles is for shared mode (PostgreSQL); this database is SQLite")
        )
    pfx = prefix()
    with ctx.transaction() as session:
        schema = str(session.scalar(text("SELECT current_schema()")))
        tables = [
            str(t)
            for t in session.scalars(
                text("SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"),
                {"s": schema},
            )
        ]
        groups = []
        for role in m.ROLES:
            name = group_role(role, pfx)
            groups.append(name)
            exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
            if not exists:
                _run(session, f"CREATE ROLE {_q(name)} NOLOGIN")
        statements = _statements(schema, pfx, tables)
        for statement in statements:
            _run(session, statement)
        # desk users who already have a login get their roles' group roles
        for user in session.scalars(select(m.User)):
            sync_grants(session, user.login, user.role_names)
        ctx.audit(session, "db.setup_roles", "schema", schema, {"prefix": pfx, "groups": groups})
        return SetupReport(
            schema, tuple(groups), len(tables), sum("CREATE POLICY" in x for x in statements)
        )


def _run(session: Session, statement: str) -> None:
    try:
        with session.begin_nested():
            session.execute(text(statement))
    except DBAPIError as exc:
        raise PermissionDenied(
            _(
                "PostgreSQL refused ({error}); desk db setup-roles and creating logins need "
                "the database owner's or a role administrator's connection"
            ).format(error=str(getattr(exc, "orig", exc)).splitlines()[0])
        ) from None


def create_login(session: Session, login: str, roles: Sequence[str]) -> None:
    """The PostgreSQL login for a desk user (if missing), with its roles' group roles."""
    if login in {group_role(r) for r in m.ROLES}:
        raise InvalidInput(
            _("{login} is the name of one of desk's group roles; choose another login").format(
                login=login
            ),
            where="LOGIN",
        )
    exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login})
    if not exists:
        _run(session, f"CREATE ROLE {_q(login)} LOGIN")
    sync_grants(session, login, roles)


def sync_grants(session: Session, login: str, roles: Sequence[str]) -> None:
    """Grant ``login`` the group roles of ``roles``, revoke the other desk group roles."""
    if not session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}):
        return  # no such PostgreSQL login (a user desk knows only by name)
    pfx = prefix()
    for role in m.ROLES:
        group = group_role(role, pfx)
        if not session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": group}):
            continue  # setup-roles not run: nothing to grant
        if role in roles:
            _run(session, f"GRANT {_q(group)} TO {_q(login)}")
        else:
            _run(session, f"REVOKE {_q(group)} FROM {_q(login)}")

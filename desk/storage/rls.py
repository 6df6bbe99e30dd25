"""Row-level security (shared mode, PostgreSQL) for the tables that hang off shipments,
trips, screenings, classifications and internal audits, and for the personal data kept
next to them.

The SQL is built here, in the storage layer, because two callers run it: ``desk db
setup-roles`` (:mod:`desk.services.users.shared`, which also makes the group roles, the
grants and the cases' and registers' policies) and the migration ``0017_rls``, which
brings a database already set up for shared mode up to date when it is upgraded. Every
statement is idempotent (``CREATE OR REPLACE FUNCTION``, ``DROP POLICY IF EXISTS`` then
``CREATE POLICY``), so running either again is harmless.

The model is the cases': the office, the classification officer, the chief, the committee,
the president and the auditor read every row (the first four also write; the auditor and
the president hold ``SELECT`` grants only); a researcher sees the rows tied to what they
filed or are named on; a department head those of their department; rows that belong to a
parent row (a shipment's lines, a trip's assessments, a screening's hits) follow it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

READERS_OF_ALL = ("office", "classification_officer", "chief", "committee", "president", "auditor")
WRITERS_OF_ALL = ("office", "classification_officer", "chief", "committee")
READ_ONLY = ("auditor", "president")
# who reads the internal audits (desk.services.permissions.AUDIT_READ_ROLES) and who writes
# them in shared mode (the office: corrective actions and the audit's revision)
AUDIT_READERS = ("office", "chief", "committee", "president", "auditor", "admin")
AUDIT_WRITERS = ("office",)

# the tables whose policies this module makes (the rest: desk.services.users.shared)
TABLES = (
    "shipments",
    "shipment_lines",
    "shipment_assessments",
    "shipment_review_steps",
    "shipment_records",
    "case_shipment_links",
    "goods_items",
    "classifications",
    "classification_documents",
    "classification_snapshots",
    "attachments",
    "screening_results",
    "dispositions",
    "screening_records",
    "screening_record_hits",
    "trips",
    "trip_cases",
    "trip_shipments",
    "trip_assessments",
    "trip_records",
    "internal_audits",
    "internal_audit_checks",
    "internal_audit_findings",
    "internal_audit_actions",
    "informs",
    "transaction_checks",
    "exemption_claims",
    "intake_documents",
    "intake_reviews",
    "roster_reviews",
    "record_signatures",
)

# tables without row-level security, on purpose: desk's own bookkeeping, the users
# (every login reads who is who), the lists every role screens against, the audit trail
# (append-only: grants and triggers), settings and numbering
WITHOUT_RLS = (
    "alembic_version",
    "audit_chain",
    "audit_events",
    "declaration_campaigns",
    "departments",
    "document_number_floors",
    "legal_holds",
    "list_entries",
    "list_versions",
    "lists",
    "office_settings",
    "retention_policies",
    "signin_policy",
    "user_credentials",
    "user_roles",
    "users",
)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def identity_functions(s: str) -> list[str]:
    """``desk_me()`` and ``desk_my_department()``: the caller's user id and department
    (the caller's rights: ``current_user`` is the login)."""
    fn = {
        "desk_me": f"SELECT id FROM {s}.users WHERE login = current_user",
        "desk_my_department": f"SELECT department_id FROM {s}.users WHERE login = current_user",
    }
    return [
        f"CREATE OR REPLACE FUNCTION {s}.{name}() RETURNS integer LANGUAGE sql STABLE "
        f"SECURITY INVOKER SET search_path = {s} AS $$ {body} $$"
        for name, body in fn.items()
    ]


def _functions(s: str, everyone: str) -> list[str]:
    definer = f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {s} AS $$ "
    # (name, argument types, arguments, result, body); the owner's rights, so that they
    # read through row-level security
    functions = (
        # the person of the registers is the user ``me`` (same e-mail address); ``me`` is
        # passed in: inside a SECURITY DEFINER function current_user is the owner
        (
            "desk_is_me",
            "integer, integer",
            "p_id integer, me integer",
            "boolean",
            "SELECT EXISTS (SELECT 1 FROM people p JOIN users u "
            "ON lower(trim(p.email)) = lower(trim(u.email)) "
            "WHERE p.id = p_id AND u.id = me AND coalesce(trim(u.email), '') <> '')",
        ),
        (
            "desk_user_department",
            "integer",
            "u_id integer",
            "integer",
            "SELECT department_id FROM users WHERE id = u_id",
        ),
        (
            "desk_person_department",
            "integer",
            "p_id integer",
            "integer",
            "SELECT department_id FROM people WHERE id = p_id",
        ),
    )
    out = identity_functions(s)
    for name, _types, args, result, body in functions:
        out.append(
            f"CREATE OR REPLACE FUNCTION {s}.{name}({args}) RETURNS {result} {definer}{body} $$"
        )
    signatures = [f"{name}({types})" for name, types, *_rest in functions]
    for signature in ("desk_me()", "desk_my_department()", *signatures):
        out.append(f"REVOKE ALL ON FUNCTION {s}.{signature} FROM PUBLIC")
        out.append(f"GRANT EXECUTE ON FUNCTION {s}.{signature} TO {everyone}")
    return out


def statements(schema: str, groups: Mapping[str, str], tables: Collection[str]) -> list[str]:
    """The SQL for :data:`TABLES` present in ``tables``: helper functions, ``ENABLE ROW
    LEVEL SECURITY`` and the policies. ``groups`` maps each desk role to its PostgreSQL
    group role's name (unquoted)."""
    g = {role: _q(name) for role, name in groups.items()}
    s = _q(schema)
    everyone = ", ".join(g.values())
    readers = ", ".join(g[r] for r in READERS_OF_ALL)
    all_writers = ", ".join(g[r] for r in WRITERS_OF_ALL)
    scoped_roles = f"{g['researcher']}, {g['dept_head']}"
    me = f"{s}.desk_me()"
    my_dept = f"{s}.desk_my_department()"
    out = _functions(s, everyone)

    def policy(
        table: str, name: str, command: str, roles: str, using: str | None, check: str | None
    ) -> None:
        t = f"{s}.{_q(table)}"
        out.append(f"DROP POLICY IF EXISTS {name} ON {t}")
        using_part = f" USING ({using})" if using is not None else ""
        check_part = f" WITH CHECK ({check})" if check is not None else ""
        out.append(f"CREATE POLICY {name} ON {t} FOR {command} TO {roles}{using_part}{check_part}")

    def enable(table: str) -> bool:
        if table not in tables:
            return False
        out.append(f"ALTER TABLE {s}.{_q(table)} ENABLE ROW LEVEL SECURITY")
        return True

    def scoped(
        table: str, using: str, dept_extra: str | None = None, check: str | None = None
    ) -> None:
        """Readers of everything read, writers of everything write; a researcher (and a
        department head) the rows ``using`` allows; a department head also ``dept_extra``."""
        if not enable(table):
            return
        policy(table, "desk_read_all", "SELECT", readers, "true", None)
        policy(table, "desk_write_all", "ALL", all_writers, "true", "true")
        if dept_extra is None:
            policy(table, "desk_scoped", "ALL", scoped_roles, using, check or using)
            return
        policy(table, "desk_scoped", "ALL", g["researcher"], using, check or using)
        dept = f"({using}) OR {dept_extra}"
        policy(table, "desk_dept_head", "ALL", g["dept_head"], dept, dept)

    def follow(table: str, visible: str) -> None:
        """Every desk role sees (and, as far as its grants go, writes) the rows whose
        parent it sees."""
        if enable(table):
            policy(table, "desk_follow", "ALL", everyone, visible, visible)

    # --- shipments: filed by me, carried on a trip I see, relied on by a case I see
    shipment_filer_dept = f"{s}.desk_user_department(filed_by_id) = {my_dept}"
    scoped(
        "shipments",
        f"filed_by_id = {me} OR id IN (SELECT shipment_id FROM {s}.trip_shipments) "
        f"OR id IN (SELECT shipment_id FROM {s}.case_shipment_links)",
        shipment_filer_dept,
        check=f"filed_by_id = {me}",
    )
    for table in ("shipment_lines", "shipment_assessments", "shipment_review_steps"):
        follow(table, f"shipment_id IN (SELECT id FROM {s}.shipments)")
    follow("shipment_records", f"shipment_id IN (SELECT id FROM {s}.shipments)")
    follow("case_shipment_links", f"case_id IN (SELECT id FROM {s}.cases)")
    # goods: a register shared by every shipment (a shipment's import finds its goods by
    # name, model and maker and keeps their latest classification): read by every role,
    # added and updated by researchers and department heads, removed only by the office
    if enable("goods_items"):
        policy("goods_items", "desk_read_all", "SELECT", everyone, "true", None)
        policy("goods_items", "desk_write_all", "ALL", all_writers, "true", "true")
        policy("goods_items", "desk_add", "INSERT", scoped_roles, None, "true")
        policy("goods_items", "desk_change", "UPDATE", scoped_roles, "true", "true")
    # --- classifications follow their item (a technical item on a case follows the case)
    scoped(
        "classifications",
        f"(technical_item_id IS NOT NULL AND technical_item_id IN "
        f"(SELECT id FROM {s}.technical_items)) OR (goods_item_id IS NOT NULL "
        f"AND goods_item_id IN (SELECT id FROM {s}.goods_items))",
    )
    for table in ("classification_documents", "classification_snapshots"):
        follow(table, f"classification_id IN (SELECT id FROM {s}.classifications)")
    follow("exemption_claims", f"technical_item_id IN (SELECT id FROM {s}.technical_items)")
    # files: my own uploads and the files of rows I see
    scoped(
        "attachments",
        f"created_by_id = {me} "
        f"OR id IN (SELECT attachment_id FROM {s}.case_documents) "
        f"OR id IN (SELECT attachment_id FROM {s}.classification_documents) "
        f"OR id IN (SELECT attachment_id FROM {s}.issued_records) "
        f"OR id IN (SELECT evidence_attachment_id FROM {s}.declarations)",
    )
    # --- screening: a party's results and dispositions follow the party
    party = (
        f"(person_id IS NOT NULL AND person_id IN (SELECT id FROM {s}.people)) OR "
        f"(organization_id IS NOT NULL AND organization_id IN (SELECT id FROM {s}.organizations))"
    )
    scoped("screening_results", party)
    scoped("dispositions", party)
    # a stored screening of a name: who screened it (and their department's head)
    scoped(
        "screening_records",
        f"screened_by_id = {me}",
        f"{s}.desk_user_department(screened_by_id) = {my_dept}",
    )
    follow("screening_record_hits", f"record_id IN (SELECT id FROM {s}.screening_records)")
    # --- trips: filed by me or I am the traveller; a department head: the filer's or the
    # traveller's department
    scoped(
        "trips",
        f"filed_by_id = {me} OR {s}.desk_is_me(person_id, {me})",
        f"{s}.desk_user_department(filed_by_id) = {my_dept} "
        f"OR {s}.desk_person_department(person_id) = {my_dept}",
    )
    for table in ("trip_cases", "trip_shipments", "trip_assessments", "trip_records"):
        follow(table, f"trip_id IN (SELECT id FROM {s}.trips)")
    # --- the office's facts of a case, METI's informs, a person's intake documents
    follow("transaction_checks", f"case_id IN (SELECT id FROM {s}.cases)")
    scoped(
        "informs",
        f"technical_item_id IN (SELECT technical_item_id FROM {s}.cases) "
        f"OR person_id IN (SELECT person_id FROM {s}.cases) "
        f"OR organization_id IN (SELECT organization_id FROM {s}.cases)",
    )
    for table in ("intake_documents", "intake_reviews"):
        follow(table, f"person_id IN (SELECT id FROM {s}.people)")
    # the office's review of doubtful roster pairs: the readers of everything only
    if enable("roster_reviews"):
        policy("roster_reviews", "desk_read_all", "SELECT", readers, "true", None)
        policy("roster_reviews", "desk_write_all", "ALL", all_writers, "true", "true")
    # signatures follow the record they sign
    follow(
        "record_signatures",
        f"document_number IN (SELECT document_number FROM {s}.issued_records) "
        f"OR document_number IN (SELECT document_number FROM {s}.shipment_records) "
        f"OR document_number IN (SELECT document_number FROM {s}.trip_records)",
    )
    # --- internal audits: read by the audit's readers, written (actions) by the office
    audit_readers = ", ".join(g[r] for r in AUDIT_READERS)
    audit_writers = ", ".join(g[r] for r in AUDIT_WRITERS)
    for table in (
        "internal_audits",
        "internal_audit_checks",
        "internal_audit_findings",
        "internal_audit_actions",
    ):
        if enable(table):
            policy(table, "desk_read_audit", "SELECT", audit_readers, "true", None)
            policy(table, "desk_write_audit", "ALL", audit_writers, "true", "true")
    return out


def drop_statements(schema: str, policies: Collection[tuple[str, str]]) -> list[str]:
    """Undo :func:`statements` (the migration's downgrade): drop ``policies`` (table,
    name) and disable row-level security on :data:`TABLES`."""
    s = _q(schema)
    out = [f"DROP POLICY IF EXISTS {_q(name)} ON {s}.{_q(table)}" for table, name in policies]
    out += [f"ALTER TABLE IF EXISTS {s}.{_q(t)} DISABLE ROW LEVEL SECURITY" for t in TABLES]
    return out

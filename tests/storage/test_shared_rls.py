"""Row-level security of shipments, trips, screenings, classifications, internal audits and
the data kept next to them (issue 15, "Enforced by the database"; desk.storage.rls).

Each test connects through real PostgreSQL logins (trust authentication on 127.0.0.1), as
someone using psql would, and through desk's services. Two researchers of two departments
(``ren`` of ENG, ``sci`` of SCI) each get a row in every table; each sees their own and
not the other's, ENG's department head sees ENG's only, the auditor reads both and writes
neither. Then row-level security is switched off table by table as the owner, and the
other researcher's row shows: without its policies a table would expose it.
"""

# ruff: noqa: F811 (``shared`` is the fixture imported from test_shared_mode)

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select, text

from desk.domain.errors import NotFound, PermissionDenied
from desk.services import reviews as wf
from desk.services.cases import assess_cases
from desk.services.classification import add_classification
from desk.services.context import open_context
from desk.services.goods import list_shipments, save_shipment
from desk.services.records import issue_record, verify_record
from desk.services.screening.parties import PartyRef, screen_party
from desk.services.screening.recorded import record_screening, screening_record
from desk.services.trips import assess_trips, list_trips, save_trip
from desk.storage import db as storage_db
from desk.storage import models as dm
from desk.storage import rls

# the shared-mode fixture (its logins, departments and cases K1, K2) is test_shared_mode's
from tests.storage.test_shared_mode import Shared, shared  # noqa: F401

pytestmark = pytest.mark.postgres

WHO = {"ren": "K1", "sci": "K2"}  # researcher → their case (ren: ENG, sci: SCI)
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 12, 7)
# tables every researcher reads whole (a register), and those only the readers of all see
EVERYONE_READS = ("goods_items",)
READERS_ONLY = (
    "roster_reviews",
    "internal_audits",
    "internal_audit_checks",
    "internal_audit_findings",
    "internal_audit_actions",
)
KEYS = {"record_signatures": "document_number"}  # the key column where it is not ``id``


def _key(table: str) -> str:
    return KEYS.get(table, "id")


def _rows_per_researcher(shared: Shared) -> dict[str, dict[str, Any]]:
    """One row of every table of desk.storage.rls tied to ``ren`` and one tied to ``sci``
    (stored as the owner): table → researcher → the row's key."""
    rows: dict[str, dict[str, Any]] = {}
    with shared.owner("office") as office, office.transaction() as s:
        source = dm.ScreeningListSource(source_id="t-list", name="test list")
        version = dm.ListVersion(source=source, version="2026-01-01", sha256="0" * 64, row_count=1)
        entry = dm.ListEntry(version=version, no="1", country="RU", name="Listed Party")
        s.add_all([source, version, entry])
        s.flush()
        for who, ref in WHO.items():
            user = s.scalars(select(dm.User).where(dm.User.login == shared.login(who))).one()
            case = s.scalars(select(dm.Case).where(dm.Case.ref == ref)).one()
            if who == "sci":  # the two cases share one technical item: give K2 its own
                item = dm.TechnicalItem(title="sci's technology", classification="not_listed")
                s.add(item)
                s.flush()
                case.technical_item_id = item.id
                s.flush()
            tech = case.technical_item_id
            person = case.person_id
            assert person is not None
            goods = dm.GoodsItem(key=f"g-{who}", name=f"goods of {who}", classification="x")
            shipment = dm.Shipment(
                ref=f"S-{who}",
                mode="hand_carry",
                destination="US",
                document="{}",
                document_sha256="0" * 64,
                filed_by_id=user.id,
            )
            line = dm.ShipmentLine(
                shipment=shipment,
                position=1,
                goods_item=goods,
                quantity="1",
                unit="pc",
                unit_value="1",
                currency="JPY",
            )
            assessment = dm.ShipmentAssessment(
                shipment=shipment,
                outcome="x",
                risk="R1",
                ruleset_id="r",
                ruleset_version="1",
                document_sha256="0" * 64,
                judged_on=DAY,
            )
            s.add_all([goods, shipment, line, assessment])
            s.flush()
            step = dm.ShipmentReviewStep(
                shipment_id=shipment.id,
                level="self",
                decision="submit",
                reviewer_id=user.id,
                decided_at=NOW,
                assessment_id=assessment.id,
            )
            goods_record = dm.ShipmentRecord(
                document_number=f"SR-{who}",
                shipment_id=shipment.id,
                kind="review_sheet",
                generated_at=NOW,
                assessment_id=assessment.id,
                institution="x",
                content_sha256="0" * 64,
                pdf_sha256="0" * 64,
                issued_by=who,
            )
            link = dm.CaseShipmentLink(
                case_id=case.id, shipment_id=shipment.id, linked_by_id=user.id, linked_at=NOW
            )
            classification = s.scalars(
                select(dm.Classification).where(dm.Classification.technical_item_id == tech)
            ).first() or dm.Classification(
                technical_item_id=tech,
                result="not_listed",
                control_table="fefta_order",
                classified_by_id=user.id,
                classified_on=DAY,
            )
            s.add_all([step, goods_record, link, classification])
            s.flush()
            attachment = dm.Attachment(
                filename=f"{who}.pdf", size=1, sha256="0" * 64, content=b"x", created_by_id=user.id
            )
            s.add(attachment)
            s.flush()
            document = dm.ClassificationDocument(
                classification_id=classification.id,
                kind="maker",
                title=f"maker's sheet of {who}",
                attachment_id=attachment.id,
            )
            snapshot = dm.ClassificationSnapshot(
                classification_id=classification.id, technical_item_id=tech, version=99, data={}
            )
            claim = dm.ExemptionClaim(technical_item_id=tech, basis="published")
            result = dm.ScreeningResult(
                person_id=person,
                list_entry_id=entry.id,
                list_version_id=version.id,
                query="x",
                score=0.9,
                band="review",
            )
            disposition = dm.Disposition(
                person_id=person,
                list_entry_id=entry.id,
                list_version_id=version.id,
                decision="clear",
            )
            screening = dm.ScreeningRecord(query=f"name of {who}", screened_by_id=user.id)
            hit = dm.ScreeningRecordHit(
                record=screening,
                list_entry_id=entry.id,
                list_version_id=version.id,
                score=0.9,
                band="review",
            )
            trip = dm.Trip(
                ref=f"T-{who}",
                person_id=person,
                departs_on=DAY,
                returns_on=DAY,
                destinations=["US"],
                filed_by_id=user.id,
            )
            s.add_all([document, snapshot, claim, result, disposition, screening, hit, trip])
            s.flush()
            trip_assessment = dm.TripAssessment(
                trip_id=trip.id, outcome="x", risk="R1", trip_sha256="0" * 64, judged_on=DAY
            )
            s.add(trip_assessment)
            s.flush()
            trip_record = dm.TripRecord(
                document_number=f"TR-{who}",
                trip_id=trip.id,
                assessment_id=trip_assessment.id,
                kind="bundle",
                lang="ja",
                generated_at=NOW,
                content_sha256="0" * 64,
                pdf_sha256="0" * 64,
            )
            issued = dm.IssuedRecord(
                document_number=f"IR-{who}",
                case_id=case.id,
                kind="screening",
                lang="ja",
                content_sha256="0" * 64,
            )
            signature = dm.RecordSignature(
                document_number=f"IR-{who}", pdf_sha256="0" * 64, signature="s", key_fingerprint="f"
            )
            extra = [
                dm.TripCase(trip_id=trip.id, position=1, case_id=case.id),
                dm.TripShipment(trip_id=trip.id, position=1, shipment_id=shipment.id),
                trip_record,
                issued,
                signature,
                dm.Inform(number=f"I-{who}", notified_on=DAY, kind="wmd", person_id=person),
                dm.TransactionCheck(case_id=case.id, recorded_by="office"),
                dm.IntakeDocument(person_id=person, kind="pledge", status="received"),
                dm.IntakeReview(
                    person_id=person,
                    occasion="visit",
                    reviewed_on=DAY,
                    outcome="cleared",
                    reviewer="office",
                ),
            ]
            s.add_all(extra)
            s.flush()
            found = {
                "goods_items": goods.id,
                "shipments": shipment.id,
                "shipment_lines": line.id,
                "shipment_assessments": assessment.id,
                "shipment_review_steps": step.id,
                "shipment_records": goods_record.id,
                "case_shipment_links": link.id,
                "classifications": classification.id,
                "classification_documents": document.id,
                "classification_snapshots": snapshot.id,
                "attachments": attachment.id,
                "exemption_claims": claim.id,
                "screening_results": result.id,
                "dispositions": disposition.id,
                "screening_records": screening.id,
                "screening_record_hits": hit.id,
                "trips": trip.id,
                "trip_cases": extra[0].id,
                "trip_shipments": extra[1].id,
                "trip_assessments": trip_assessment.id,
                "trip_records": trip_record.id,
                "record_signatures": signature.document_number,
                "informs": extra[5].id,
                "transaction_checks": extra[6].id,
                "intake_documents": extra[7].id,
                "intake_reviews": extra[8].id,
            }
            for table, key in found.items():
                rows.setdefault(table, {})[who] = key
        audit = dm.InternalAudit(ref="IA-2026-01", fiscal_year=2026, checklist_id="meti")
        s.add(audit)
        s.flush()
        check = dm.InternalAuditCheck(
            audit_id=audit.id, position=1, code="1", section="x", question="x"
        )
        finding = dm.InternalAuditFinding(audit_id=audit.id, number=1, text="x")
        review = dm.RosterReview(row_key="0" * 64, source="roster.xlsx row 2")
        s.add_all([check, finding, review])
        s.flush()
        action = dm.InternalAuditAction(finding_id=finding.id, text="x", owner="x", due_on=DAY)
        s.add(action)
        s.flush()
        for table, key in (
            ("internal_audits", audit.id),
            ("internal_audit_checks", check.id),
            ("internal_audit_findings", finding.id),
            ("internal_audit_actions", action.id),
            ("roster_reviews", review.id),
        ):
            rows[table] = {"office": key}
    return rows


def _seen(shared: Shared, who: str, table: str) -> set[Any]:
    with psycopg.connect(shared.dsn_as(who)) as conn:
        return {r[0] for r in conn.execute(f'SELECT {_key(table)} FROM "{table}"')}


def _literal(key: Any) -> str:
    return f"'{key}'" if isinstance(key, str) else str(key)


@pytest.fixture
def rows(shared: Shared) -> Iterator[dict[str, dict[str, Any]]]:
    yield _rows_per_researcher(shared)


def test_every_table_is_covered_or_left_out_on_purpose(shared: Shared) -> None:
    """A table added later without policies fails here: every table has row-level security
    or is in the short list of tables without it on purpose."""
    with psycopg.connect(shared.dsn_as("office")) as conn:
        state = dict(
            conn.execute(
                "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                "AND c.relkind = 'r'"
            ).fetchall()
        )
    assert not [t for t, on in state.items() if not on and t not in rls.WITHOUT_RLS]
    assert all(state[t] for t in rls.TABLES)
    assert set(rls.TABLES) <= set(state)


def test_researchers_see_their_own_rows_and_not_each_others(
    shared: Shared, rows: dict[str, dict[str, Any]]
) -> None:
    scoped = [t for t in rls.TABLES if t not in (*EVERYONE_READS, *READERS_ONLY)]
    assert set(scoped) | set(EVERYONE_READS) | set(READERS_ONLY) == set(rls.TABLES)
    assert set(scoped) <= set(rows)
    for table in scoped:
        mine, theirs = rows[table]["ren"], rows[table]["sci"]
        ren, sci = _seen(shared, "ren", table), _seen(shared, "sci", table)
        assert mine in ren and theirs not in ren, table
        assert theirs in sci and mine not in sci, table
        dean = _seen(shared, "dean", table)  # ENG's head: ren's (ENG), not sci's (SCI)
        assert mine in dean and theirs not in dean, table
        with psycopg.connect(shared.dsn_as("ren")) as conn:  # invisible: unchangeable
            where = f"WHERE {_key(table)} = {_literal(theirs)}"
            key = _key(table)
            assert conn.execute(f'UPDATE "{table}" SET {key} = {key} {where}').rowcount == 0
            assert conn.execute(f'DELETE FROM "{table}" {where}').rowcount == 0
            conn.rollback()
    for table in EVERYONE_READS:  # the goods register: read by all, removed by the office
        assert set(rows[table].values()) <= _seen(shared, "ren", table)
        with psycopg.connect(shared.dsn_as("ren")) as conn:
            assert conn.execute(f'DELETE FROM "{table}"').rowcount == 0
    for table in READERS_ONLY:  # the office's and the auditors': no researcher, no head
        for who in ("ren", "sci", "dean"):
            assert _seen(shared, who, table) == set(), (table, who)
        for who in ("office", "boss", "aud"):
            assert rows[table]["office"] in _seen(shared, who, table), (table, who)


def test_the_auditor_reads_everything_and_writes_nothing(
    shared: Shared, rows: dict[str, dict[str, Any]]
) -> None:
    for table in rls.TABLES:
        assert set(rows[table].values()) <= _seen(shared, "aud", table), table
        assert set(rows[table].values()) <= _seen(shared, "boss", table), table
        key = _key(table)
        for sql in (
            f'INSERT INTO "{table}" DEFAULT VALUES',
            f'UPDATE "{table}" SET {key} = {key}',
            f'DELETE FROM "{table}"',
        ):
            with psycopg.connect(shared.dsn_as("aud")) as conn:
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(sql)


def test_without_its_policies_each_table_would_show_the_other_researchers_row(
    shared: Shared, rows: dict[str, dict[str, Any]]
) -> None:
    """The rows above are the kind a table without row-level security shows to anyone: the
    negative checks are the policies' work, not the fixture's."""
    scoped = [t for t in rls.TABLES if t not in (*EVERYONE_READS, *READERS_ONLY)]
    with open_context(shared.url) as owner, owner.transaction() as s:
        for table in (*scoped, *READERS_ONLY):
            s.execute(text(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY'))
    for table in scoped:
        assert rows[table]["sci"] in _seen(shared, "ren", table), table
    for table in READERS_ONLY:
        assert rows[table]["office"] in _seen(shared, "ren", table), table


def test_a_traveller_named_by_e_mail_sees_the_trip_and_what_it_carries(
    shared: Shared, rows: dict[str, dict[str, Any]]
) -> None:
    from desk.services import users

    with shared.owner("root") as root:
        users.add_user(root, shared.login("mia"), ["researcher"], email="mia@example.ac.jp")
    assert _seen(shared, "mia", "trips") == set()
    with shared.owner("office") as office, office.transaction() as s:
        trip = s.get(dm.Trip, rows["trips"]["sci"])
        assert trip is not None
        mia = dm.Person(name="Mia Tanaka", email="MIA@example.ac.jp ")
        s.add(mia)
        s.flush()
        trip.person_id = mia.id
    assert _seen(shared, "mia", "trips") == {rows["trips"]["sci"]}
    # the hand-carried goods go with the trip; the other researcher's still do not
    assert _seen(shared, "mia", "shipments") == {rows["shipments"]["sci"]}
    assert _seen(shared, "mia", "trip_assessments") == {rows["trip_assessments"]["sci"]}
    assert rows["trips"]["sci"] not in _seen(shared, "ren", "trips")


# --------------------------------------------------------------------------- desk's view


def _shipment(ref: str) -> dict[str, Any]:
    return {
        "format": "desk-shipment/1",
        "id": ref,
        "title": "Spectrophotometer to a partner",
        "shipment": {
            "mode": "courier",
            "date": "2026-12-20",
            "destination": "US",
            "consignee": {"name": "Example University", "country": "US"},
            "end_user": "consignee",
            "stated_end_use": "teaching laboratory",
        },
        "goods": [
            {
                "name": "UV-Vis spectrophotometer",
                "model": "UV-1900i",
                "maker": "Shimadzu",
                "quantity": 2,
                "unit_value": 350000,
                "hs_code": "9027.30",
                "classification": {
                    "status": "not_on_list",
                    "ordinance_version": "2026-02-14",
                    "checked_by": "該非確認責任者",
                },
            }
        ],
    }


def test_desk_works_for_each_role_through_its_own_login(shared: Shared, tmp_path: Path) -> None:
    with open_context(shared.url_as("office")) as office:
        record_screening(office, "Nobody In Particular")  # stores the built-in list
    with open_context(shared.url_as("ren")) as ren:
        # the researcher's own case: assessed (its screening results stored), shipment
        # entered, judged and submitted, a screening recorded, a trip, a draft classification
        assert assess_cases(ren, ["K1"]).assessments
        saved = save_shipment(ren, _shipment("S-REN"))
        assert saved.answer is not None
        state = wf.submit_shipment(ren, "S-REN")
        assert state.status == "submitted"
        mine = record_screening(ren, "Ivan Petrov", "RU")
        assert screening_record(ren, mine.id).query == "Ivan Petrov"
        with ren.reading() as s:
            traveller = s.scalars(select(dm.Case.person_id).where(dm.Case.ref == "K1")).one()
        assert traveller is not None
        party = PartyRef("person", traveller)
        screen_party(ren, party)  # the case's person screened, its results stored
        trip = save_trip(
            ren,
            {
                "id": "T-REN",
                "traveller": traveller,
                "departs_on": "2026-12-20",
                "returns_on": "2026-12-24",
                "destinations": ["US"],
                "cases": ["K1"],
                "shipments": [],
            },
        )
        assert trip.ref == "T-REN"
        assert assess_trips(ren, ["T-REN"])  # the trip judged: its assessment stored
        assert [t.ref for t in list_trips(ren)] == ["T-REN"]
        assert [s.ref for s in list_shipments(ren)] == ["S-REN"]
        with ren.reading() as s:
            goods = s.scalars(select(dm.GoodsItem.id).where(dm.GoodsItem.model == "UV-1900i")).one()
        drafted = add_classification(ren, {"result": "not_listed"}, goods_item=goods)
        assert drafted.id
    with open_context(shared.url_as("sci")) as sci:
        assert list_trips(sci) == () and list(list_shipments(sci)) == []
        with pytest.raises(NotFound):
            screening_record(sci, mine.id)
        with pytest.raises(NotFound):  # another researcher's case's person
            screen_party(sci, party)
        assert assess_cases(sci, ["K2"]).assessments
    with open_context(shared.url_as("dean")) as dean:  # ENG's head: ren's, and records
        assert [s.ref for s in list_shipments(dean)] == ["S-REN"]
        assert [t.ref for t in list_trips(dean)] == ["T-REN"]
        reviewed = wf.decide_shipment(
            dean, "S-REN", level="first", decision="approve", seen=state.seen
        )
        assert reviewed.steps[-1].level == "first"
        assert screening_record(dean, mine.id).query == "Ivan Petrov"
        pdf = tmp_path / "k1.pdf"
        issued = issue_record(dean, "K1", "screening", "ja", pdf)
        assert issued.case_ref == "K1"
    with open_context(shared.url_as("ren")) as ren:  # the researcher checks its record
        assert verify_record(ren, pdf).ok
    with open_context(shared.url_as("sci")) as sci:
        assert not _verifies(sci, pdf)
    with open_context(shared.url_as("aud")) as aud:
        assert {s.ref for s in list_shipments(aud)} == {"S-REN"}
        assert {t.ref for t in list_trips(aud)} == {"T-REN"}
        assert screening_record(aud, mine.id).query == "Ivan Petrov"
        assert verify_record(aud, pdf).ok


def _verifies(ctx: Any, pdf: Path) -> bool:
    try:
        return verify_record(ctx, pdf).ok
    except (NotFound, PermissionDenied):
        return False


def test_the_migration_brings_a_shared_schema_up_to_date(
    shared: Shared, rows: dict[str, dict[str, Any]]
) -> None:
    """A schema set up for shared mode before 0017 gets the new policies on upgrade, the
    same as setup-roles makes; the downgrade takes them away again; setup-roles run again
    afterwards changes nothing."""
    from alembic import command

    from desk.services import users

    made = _seen_policies(shared)
    assert {("shipments", "desk_scoped"), ("trips", "desk_dept_head")} <= {r[:2] for r in made}
    engine = storage_db.make_engine(shared.url)
    try:
        with engine.begin() as conn:
            command.downgrade(storage_db.alembic_config(conn), "0016")
        assert _seen_policies(shared) == set()
        theirs = rows["shipments"]["sci"]
        assert theirs in rows_of(shared, "ren", "shipments")  # no row-level security
        with engine.begin() as conn:
            command.upgrade(storage_db.alembic_config(conn), "head")
    finally:
        engine.dispose()
    assert _seen_policies(shared) == made
    assert theirs not in rows_of(shared, "ren", "shipments")
    with shared.owner("root") as root:
        users.setup_roles(root)
    assert _seen_policies(shared) == made


def rows_of(shared: Shared, who: str, table: str) -> set[Any]:
    with psycopg.connect(shared.dsn_as(who)) as conn:
        return {r[0] for r in conn.execute(f'SELECT id FROM "{table}"')}


def _seen_policies(shared: Shared) -> set[tuple[str, ...]]:
    with psycopg.connect(shared.dsn_as("office")) as conn:
        return {
            tuple(str(v) for v in row)
            for row in conn.execute(
                "SELECT tablename, policyname, cmd, roles::text, qual, with_check "
                "FROM pg_policies WHERE schemaname = current_schema() AND tablename = ANY(%s)",
                [list(rls.TABLES)],
            )
        }

"""The review of shipments (SQLite and PostgreSQL): submit, first and second review routed by
risk, separation of duties, conflicts, the export permit, the goods records (取引審査票,
関税法94条の帳簿) issued and verified, and retention from the day after the permit date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desk.domain.errors import ConflictError, InvalidInput, PermissionDenied, WorkflowError
from desk.services.context import ServiceContext, open_context
from desk.services.goods import (
    assess_shipments,
    import_shipments,
    save_shipment,
    shipment_document,
)
from desk.services.records import issue_goods_record, verify_record
from desk.services.retention import disposal_candidates
from desk.services.reviews import (
    Seen,
    add_user,
    decide_shipment,
    move_shipment,
    record_permit,
    shipment_review_state,
    submit_shipment,
)
from desk.storage import models as m

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "goods"


def _doc(ref: str = "S1", mode: str = "courier") -> dict:
    return {
        "format": "desk-shipment/1",
        "id": ref,
        "title": "Spectrophotometer to a partner",
        "shipment": {
            "mode": mode,
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


@pytest.fixture
def office(database_url: str):  # type: ignore[no-untyped-def]
    ctx = open_context(database_url, actor="office1")
    add_user(ctx, "office1", ["office"], display_name="事務 花子")
    add_user(ctx, "ken", ["researcher"], display_name="研究 健")
    add_user(ctx, "dean", ["dept_head"], display_name="部局 長")
    add_user(ctx, "dean2", ["dept_head", "chief"], display_name="兼務 者")
    add_user(ctx, "boss", ["chief"], display_name="統括 責任者")
    yield ctx
    ctx.close()


def _as(ctx: ServiceContext, login: str) -> ServiceContext:
    return dataclasses.replace(ctx, actor=login)


def test_r1_shipment_is_decided_at_the_first_review(office: ServiceContext) -> None:
    ken = _as(office, "ken")
    save_shipment(ken, _doc())
    with pytest.raises(PermissionDenied):
        decide_shipment(ken, "S1", level="first", decision="approve")
    state = submit_shipment(ken, "S1", comment="please")
    assert state.status == "submitted" and state.risk == "R1"
    assert [s.level for s in state.steps] == ["self"]
    # the second review does not come first
    with pytest.raises(WorkflowError):
        decide_shipment(_as(office, "boss"), "S1", level="second", decision="approve")
    done = decide_shipment(
        _as(office, "dean"), "S1", level="first", decision="approve", seen=state.seen
    )
    assert done.status == "decided"
    assert done.decision is not None and done.decision.reviewer == "dean"
    with office.reading() as s:
        actions = [
            e.action
            for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))
            if e.action.startswith("shipment.")
        ]
        last = s.scalars(select(m.ShipmentReviewStep).order_by(m.ShipmentReviewStep.id)).all()[-1]
        assert last.final and last.level == "first"
    assert actions[-2:] == ["shipment.submit", "shipment.review"]


def test_r2_goes_to_the_second_review_by_someone_else(office: ServiceContext) -> None:
    import_shipments(office, [FIXTURES / "G03.json"])
    assert assess_shipments(office, ["G03"]).results[0]["risk"] == "R3"
    submit_shipment(office, "G03")
    forwarded = decide_shipment(_as(office, "dean2"), "G03", level="first", decision="approve")
    assert forwarded.status == "second_review"
    assert not forwarded.steps[-1].final
    # the first reviewer may not give the second review too
    with pytest.raises(WorkflowError, match="dean2"):
        decide_shipment(_as(office, "dean2"), "G03", level="second", decision="approve")
    # a department head is not the director
    with pytest.raises(PermissionDenied):
        decide_shipment(_as(office, "dean"), "G03", level="second", decision="approve")
    final = decide_shipment(
        _as(office, "boss"),
        "G03",
        level="second",
        decision="approve_with_conditions",
        conditions="ship with the licence copy",
    )
    assert final.status == "decided"
    assert final.decision is not None and final.decision.conditions == (
        "ship with the licence copy",
    )


def test_what_the_reviewer_saw_and_the_submitter(office: ServiceContext) -> None:
    ken = _as(office, "ken")
    save_shipment(ken, _doc())
    state = submit_shipment(ken, "S1")
    # the shipment changes (re-saved and re-judged) after the reviewer opened it
    doc = shipment_document(office, "S1")
    doc["goods"][0]["quantity"] = 3
    save_shipment(office, doc, editing="S1")
    with pytest.raises(ConflictError):
        decide_shipment(
            _as(office, "dean"), "S1", level="first", decision="approve", seen=state.seen
        )
    # a stale version refuses the same way, nothing stored
    now = shipment_review_state(office, "S1")
    stale = Seen(now.version - 1, now.assessment_id)
    with pytest.raises(ConflictError):
        decide_shipment(_as(office, "dean"), "S1", level="first", decision="approve", seen=stale)
    assert len(shipment_review_state(office, "S1").steps) == 1
    # a department head who submitted never decides it
    add_user(office, "ken", ["researcher", "dept_head"])
    with pytest.raises(WorkflowError, match="ken"):
        decide_shipment(ken, "S1", level="first", decision="approve")
    move_shipment(ken, "S1", "first_review")
    with pytest.raises(WorkflowError, match="ken"):
        move_shipment(ken, "S1", "decided")
    returned = decide_shipment(
        _as(office, "dean"), "S1", level="first", decision="return_for_information"
    )
    assert returned.status == "draft"


def test_permit_records_and_verify(office: ServiceContext, tmp_path: Path) -> None:
    save_shipment(office, _doc())
    with pytest.raises(WorkflowError):  # not decided yet
        record_permit(office, "S1", "1234567890", dt.date(2026, 12, 4))
    # the review sheet of an undecided shipment says so
    sheet = issue_goods_record(office, "S1", "review_sheet", tmp_path / "draft.pdf")
    assert sheet.document_number.endswith("-GRS-000001")
    submit_shipment(office, "S1")
    decide_shipment(_as(office, "dean"), "S1", level="first", decision="approve")
    # the book entry needs the permit
    with pytest.raises(InvalidInput) as exc:
        issue_goods_record(office, "S1", "customs_book", tmp_path / "book.pdf")
    assert exc.value.where == "permit"
    assert not (tmp_path / "book.pdf").exists()
    with pytest.raises(InvalidInput):
        record_permit(office, "S1", "1234567890", None)
    with pytest.raises(PermissionDenied):
        record_permit(_as(office, "dean"), "S1", "1234567890", dt.date(2026, 12, 4))
    state = record_permit(office, "S1", "1234567890", dt.date(2026, 12, 4))
    assert state.permit_number == "1234567890"

    sheet = issue_goods_record(office, "S1", "review_sheet", tmp_path / "sheet.pdf")
    book = issue_goods_record(office, "S1", "customs_book", tmp_path / "book.pdf")
    assert sheet.document_number.endswith("-GRS-000002")
    assert book.document_number.endswith("-GCB-000001")
    sheet_text = "".join(p.extract_text() for p in PdfReader(tmp_path / "sheet.pdf").pages)
    for expected in (
        "取引審査票",
        "Example University",
        "teaching laboratory",
        "UV-Vis spectrophotometer",
        "一次審査",
        "部局 長",
        "承認",
        "1234567890",
    ):
        assert expected in sheet_text, expected
    book_text = "".join(p.extract_text() for p in PdfReader(tmp_path / "book.pdf").pages)
    for expected in (
        "関税法第94条",
        "UV-Vis spectrophotometer",
        "2 pcs",
        "700,000 JPY",
        "Example University",
        "1234567890",
        "2026-12-04",
        "2026-12-05",  # kept from the day after the permit date
        "2031-12-04",  # for 5 years
    ):
        assert expected in book_text, expected
    # the same data gives the same bytes: verified unaltered
    for path in (tmp_path / "sheet.pdf", tmp_path / "book.pdf"):
        result = verify_record(office, path)
        assert result.ok and "unaltered" in result.message, result.message
    # closed later: the record still renders as it was issued (its status and permit kept)
    assert move_shipment(office, "S1", "closed").status == "closed"
    again = verify_record(office, tmp_path / "sheet.pdf")
    assert again.ok and "unaltered" in again.message, again.message
    altered = tmp_path / "altered.pdf"
    changed = bytearray((tmp_path / "book.pdf").read_bytes())
    changed[len(changed) // 3] ^= 0x01  # one bit inside the content
    altered.write_bytes(bytes(changed))
    assert not verify_record(office, altered).ok
    with office.reading() as s:
        assert s.scalar(select(func.count()).select_from(m.ShipmentRecord)) == 3
        events = list(
            s.scalars(select(m.AuditEvent).where(m.AuditEvent.action == "shipment.record"))
        )
        assert {e.details["document_number"] for e in events} == {
            sheet.document_number,
            book.document_number,
        } | {events[0].details["document_number"]}


def test_no_book_entry_for_hand_carry(office: ServiceContext, tmp_path: Path) -> None:
    doc = _doc(mode="hand_carry")
    doc["shipment"]["traveller"] = {"name": "研究 健"}
    del doc["shipment"]["consignee"]
    del doc["shipment"]["end_user"]
    save_shipment(office, doc)
    submit_shipment(office, "S1")
    decide_shipment(_as(office, "dean"), "S1", level="first", decision="approve")
    record_permit(office, "S1", "77", dt.date(2026, 12, 1))
    with pytest.raises(InvalidInput) as exc:
        issue_goods_record(office, "S1", "customs_book", tmp_path / "book.pdf")
    assert exc.value.where == "shipment.mode"


def test_retention_from_the_day_after_the_permit(office: ServiceContext) -> None:
    save_shipment(office, _doc())
    submit_shipment(office, "S1")
    decide_shipment(_as(office, "dean"), "S1", level="first", decision="approve")
    record_permit(office, "S1", "1234567890", dt.date(2026, 12, 4))
    due = {c.ref: c for c in disposal_candidates(office, on=dt.date(2031, 12, 5))}
    assert due["S1"].starts_on == dt.date(2026, 12, 5)
    assert due["S1"].due_on == dt.date(2031, 12, 5)
    assert "S1" not in {c.ref for c in disposal_candidates(office, on=dt.date(2031, 12, 4))}


def test_cli_review_permit_and_records(
    office: ServiceContext,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    from desk.cli import main as cli_main

    def run(user: str, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setenv("DESK_USER", user)
        code = cli_main.main(["--database", database_url, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    path = tmp_path / "S1.json"
    path.write_text(json.dumps(_doc(), ensure_ascii=False), encoding="utf-8")
    assert run("ken", "shipments", "import", str(path))[0] == 0
    assert run("ken", "shipments", "assess", "S1")[0] == 0
    code, out, err = run("ken", "shipments", "submit", "S1", "--comment", "for the partner")
    assert code == 0, err
    code, out, _ = run("dean", "shipments", "review", "S1", "--json")
    shown = json.loads(out)
    assert shown["status"] == "submitted" and shown["steps"][0]["level"] == "self"
    # --seen is required, and a wrong one is refused (exit 2), nothing stored
    code, _, err = run(
        "dean", "shipments", "decide", "S1", "--level", "first", "--decision", "approve",
        "--seen", "x",
    )  # fmt: skip
    assert code == 2 and "--seen" in err
    code, out, err = run(
        "dean", "shipments", "decide", "S1", "--level", "first", "--decision", "approve",
        "--seen", shown["seen"],
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run("dean", "shipments", "review", "S1", "--json")
    assert json.loads(out)["status"] == "decided"
    # the permit: both number and date, a date, by the office
    code, _, err = run("office1", "shipments", "permit", "S1", "--number", "123")
    assert code == 2 and "--date" in err
    code, _, err = run(
        "office1", "shipments", "permit", "S1", "--number", "123", "--date", "2026-13-01"
    )
    assert code == 2 and "--date" in err
    code, out, err = run(
        "office1", "shipments", "permit", "S1", "--number", "123", "--date", "2026-12-01"
    )
    assert code == 0 and "123" in out, err
    for kind in ("review-sheet", "customs-book"):
        target = tmp_path / f"{kind}.pdf"
        code, out, err = run(
            "office1", "shipments", "record", "S1", "--kind", kind, "--out", str(target)
        )
        assert code == 0, err
        code, out, err = run("office1", "report", "verify", str(target))
        assert code == 0 and "S1" in out, err
    code, out, _ = run("office1", "shipments", "review", "S1", "--json")
    assert json.loads(out)["permit_number"] == "123"
    assert json.loads(out)["permit_date"] == "2026-12-01"


def test_the_certificate_is_numbered_stored_and_verified(
    office: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk.services.goods import issue_certificate
    from desk.services.records import set_office_setting

    # the institution printed is the stored setting, not the environment
    monkeypatch.setenv("DESK_INSTITUTION", "Wrong University")
    set_office_setting(office, "institution", "東都大学")
    doc = _doc()
    doc["shipment"]["certificate_issuer"] = {
        "department": "輸出管理室",
        "contact": "export@example.ac.jp",
    }
    save_shipment(office, doc)
    with pytest.raises(PermissionDenied):  # a researcher issues no certificate
        issue_certificate(_as(office, "ken"), "S1", tmp_path / "refused.pdf")
    assert not (tmp_path / "refused.pdf").exists()
    first = issue_certificate(office, "S1", tmp_path / "c1.pdf", issued_on=dt.date(2026, 12, 5))
    second = issue_certificate(office, "S1", tmp_path / "c2.pdf", issued_on=dt.date(2026, 12, 6))
    text = "".join(p.extract_text() for p in PdfReader(first).pages)
    assert "非該当証明書" in text and "東都大学" in text and "Wrong University" not in text
    assert "DESK-2026-GNC-000001" in text
    assert "DESK-2026-GNC-000002" in "".join(p.extract_text() for p in PdfReader(second).pages)
    with office.reading() as s:
        rows = s.scalars(
            select(m.ShipmentRecord).where(m.ShipmentRecord.kind == "certificate")
        ).all()
        assert [r.document_number for r in rows] == [
            "DESK-2026-GNC-000001",
            "DESK-2026-GNC-000002",
        ]
        assert {r.institution for r in rows} == {"東都大学"}
        events = s.scalars(
            select(m.AuditEvent).where(m.AuditEvent.action == "shipment.certificate")
        ).all()
        assert [e.details["pdf_sha256"] for e in events] == [r.pdf_sha256 for r in rows]
    # verified without the environment: re-created byte for byte from the database
    monkeypatch.delenv("DESK_INSTITUTION")
    for path, number in ((first, "000001"), (second, "000002")):
        result = verify_record(office, path)
        assert result.ok and "unaltered" in result.message, result.message
        assert result.document_number.endswith(number)
    altered = tmp_path / "altered.pdf"
    changed = bytearray(first.read_bytes())
    changed[len(changed) // 3] ^= 0x01
    altered.write_bytes(bytes(changed))
    assert not verify_record(office, altered).ok

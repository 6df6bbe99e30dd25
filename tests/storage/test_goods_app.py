"""What the app's Shipments registry and shipment form rely on (SQLite and PostgreSQL):
the registry's page (status, destination, outcome, date; sorted, searched), the detail
with the judgment explained, and save_shipment (checked, stored, judged, audited; a bad
document stores nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.reports.labels import OUTCOMES
from desk.services import registers as browse
from desk.services.context import open_context
from desk.services.goods import (
    assess_shipments,
    import_shipments,
    save_shipment,
    shipment_document,
)
from desk.services.registers import ShipmentCol
from desk.storage import models as m

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "goods"


def _doc(ref: str = "S1", **line: object) -> dict:
    return {
        "format": "desk-shipment/1",
        "id": ref,
        "shipment": {
            "mode": "courier",
            "date": "2026-12-20",
            "destination": "US",
            "consignee": {"name": "Example University", "country": "US"},
            "end_user": "consignee",
        },
        "goods": [
            {
                "name": "UV-Vis spectrophotometer",
                "quantity": 1,
                "unit_value": 350000,
                "hs_code": "9027.30",
                "classification": {"status": "not_on_list", "ordinance_version": "2026-02-14"},
                **line,
            }
        ],
    }


def test_shipments_registry_page_detail_and_sorting(database_url: str) -> None:
    set_language("en")
    with open_context(database_url) as ctx:
        import_shipments(ctx, [FIXTURES / f"G{n:02d}.json" for n in (1, 4, 12)])
        assess_shipments(ctx, ["G01", "G12"])  # G04 stays unjudged
        page = browse.browse(ctx, "shipments")
        assert page.total == 3
        rows = {r.cells[ShipmentCol.REF]: r for r in page.rows}
        assert rows["G01"].cells[ShipmentCol.STATUS] == "Draft"
        assert rows["G01"].cells[ShipmentCol.DESTINATION].startswith("CN")
        assert rows["G01"].cells[ShipmentCol.OUTCOME] == OUTCOMES["NOT_APPLICABLE"][1]
        assert rows["G04"].cells[ShipmentCol.OUTCOME] == ""
        assert rows["G12"].cells[ShipmentCol.OUTCOME] == OUTCOMES["STOP"][1]
        assert rows["G01"].cells[ShipmentCol.EXPORT_DATE] == "2026-11-20"
        by_date = browse.browse(ctx, "shipments", sort="export_date", descending=True)
        dates = [r.cells[ShipmentCol.EXPORT_DATE] for r in by_date.rows]
        assert dates == sorted(dates, reverse=True)
        assert [r.cells[0] for r in browse.browse(ctx, "shipments", search="g1").rows] == ["G12"]

        detail = browse.detail(ctx, "shipments", rows["G12"].id)
        assert detail.title.startswith("G12")
        titles = [s.title for s in detail.sections]
        assert titles == ["Judgment (the worst line)", "Goods lines", "Reasons"]
        judgment, lines, reasons = detail.sections
        assert dict(judgment.fields)["Outcome"] == OUTCOMES["STOP"][1]
        assert lines.fields and lines.fields[0][0].startswith("1. ")
        # every reason with its citation, in brackets
        assert reasons.fields and all("[" in value for _w, value in reasons.fields)
        assert browse.detail(ctx, "shipments", rows["G04"].id).sections == ()


def test_save_shipment_stores_judges_and_audits(database_url: str) -> None:
    with open_context(database_url) as ctx:
        saved = save_shipment(ctx, _doc())
        assert saved.summary.ref == "S1" and saved.summary.outcome == saved.answer.outcome
        assert saved.answer.outcome == "NOT_LISTED_NO_TRIGGER"
        # a new shipment may not take a stored id; an edit may not change it
        with pytest.raises(InvalidInput) as new_exc:
            save_shipment(ctx, _doc())
        assert new_exc.value.where == "id"
        with pytest.raises(InvalidInput) as edit_exc:
            save_shipment(ctx, _doc("S2"), editing="S1")
        assert edit_exc.value.where == "id"
        # editing keeps what the form does not show
        doc = shipment_document(ctx, "S1")
        doc["goods"][0]["notes"] = "kept"
        doc["goods"][0]["quantity"] = 2
        again = save_shipment(ctx, doc, editing="S1")
        assert again.shipment.goods[0].notes == "kept"
        assert str(again.answer.lines[0].value_jpy) == "700000"
        with ctx.reading() as s:
            actions = list(s.scalars(select(m.AuditEvent.action).order_by(m.AuditEvent.id)))
        assert actions[-4:] == ["shipment.import", "shipment.assess"] * 2


def test_a_bad_document_stores_nothing(database_url: str) -> None:
    with open_context(database_url) as ctx:
        with pytest.raises(InvalidInput) as exc:
            save_shipment(ctx, _doc(hs_code="90x7"))
        assert exc.value.where == "goods[0].hs_code"
        with ctx.reading() as s:
            assert s.scalar(select(func.count()).select_from(m.Shipment)) == 0
            assert s.scalar(select(func.count()).select_from(m.AuditEvent)) == 0


def test_roles_for_shipments(database_url: str, tmp_path: Path) -> None:
    """Once roles are given: researchers and the office enter shipments, a department head
    decides them, auditors write nothing; each move leaves its audit event."""
    from desk.domain.errors import PermissionDenied
    from desk.services.goods import issue_certificate
    from desk.services.reviews import add_user, move_shipment

    with open_context(database_url, actor="office1") as ctx:
        add_user(ctx, "office1", ["office"])
        add_user(ctx, "ken", ["researcher"])
        add_user(ctx, "dean", ["dept_head"])
        add_user(ctx, "kansa", ["auditor"])
    with open_context(database_url, actor="kansa") as auditor:
        with pytest.raises(PermissionDenied):
            save_shipment(auditor, _doc())
    with open_context(database_url, actor="ken") as researcher:
        saved = save_shipment(researcher, _doc())
        assert saved.summary.status == "draft"
        move_shipment(researcher, "S1", "submitted")
        with pytest.raises(PermissionDenied):
            move_shipment(researcher, "S1", "first_review")
        with pytest.raises(PermissionDenied):
            issue_certificate(researcher, "S1", tmp_path / "c.pdf")
        assert not (tmp_path / "c.pdf").exists()
    with open_context(database_url, actor="office1") as office:
        move_shipment(office, "S1", "first_review")
        with pytest.raises(PermissionDenied):
            move_shipment(office, "S1", "decided")
    with open_context(database_url, actor="kansa") as auditor:
        with pytest.raises(PermissionDenied):
            move_shipment(auditor, "S1", "decided")
    with open_context(database_url, actor="dean") as reviewer:
        assert move_shipment(reviewer, "S1", "decided", note="R1").status == "decided"
        with reviewer.reading() as s:
            moves = list(
                s.scalars(select(m.AuditEvent).where(m.AuditEvent.action == "shipment.status"))
            )
            steps = [(e.details["from"], e.details["to"]) for e in moves]
        assert steps == [
            ("draft", "submitted"),
            ("submitted", "first_review"),
            ("first_review", "decided"),
        ]

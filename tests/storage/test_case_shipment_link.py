"""The cleared shipment a case's minimum-use-technology exemption relies on (SQLite and
PostgreSQL): linked only when the shipment's review ended in an approval, removed, audited,
warned about when the claim lacks a cleared shipment, and the same on the CLI."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cli.main import main
from desk.domain.errors import InvalidInput, PermissionDenied, WorkflowError
from desk.services.cases import import_cases
from desk.services.context import ServiceContext, open_context
from desk.services.goods import (
    case_shipment_link,
    cleared_shipments,
    link_case_shipment,
    save_shipment,
)
from desk.services.registers import detail
from desk.services.reviews import add_user, decide_shipment, move_shipment, submit_shipment
from desk.storage import models as m


def _shipment(ref: str) -> dict:
    return {
        "format": "desk-shipment/1",
        "id": ref,
        "title": f"Spectrophotometer {ref}",
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
                "quantity": 1,
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


def _case(ref: str, cleared: bool) -> dict:
    return {
        "format": "desk-case/1",
        "id": ref,
        "title": "Operating instructions for the spectrophotometer",
        "as_of": "2026-12-01",
        "technology": {
            "title": "How to operate and maintain the UV-Vis spectrophotometer",
            "classification": "listed",
            "item": "12",
            "exemptions": [
                {
                    "basis": "minimum_use_technology",
                    "goods_export_cleared": cleared,
                    "minimum_necessary": True,
                }
            ],
        },
        "recipient": {
            "kind": "person",
            "name": "John Smith",
            "nationalities": ["US"],
        },
        "provision": {"place": "abroad", "country": "US", "channels": ["email"]},
    }


def _as(ctx: ServiceContext, login: str) -> ServiceContext:
    return dataclasses.replace(ctx, actor=login)


@pytest.fixture
def office(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    ctx = open_context(database_url, actor="office1")
    add_user(ctx, "office1", ["office"], display_name="事務 花子")
    add_user(ctx, "ken", ["researcher"], display_name="研究 健")
    add_user(ctx, "dean", ["dept_head"], display_name="部局 長")
    add_user(ctx, "aud", ["auditor"], display_name="監査 者")
    files = []
    for ref, cleared in (("C1", True), ("C2", False)):
        path = tmp_path / f"{ref}.json"
        path.write_text(json.dumps(_case(ref, cleared)), encoding="utf-8")
        files.append(path)
    import_cases(ctx, files)
    ken = _as(ctx, "ken")
    for ref in ("S1", "S2"):
        save_shipment(ken, _shipment(ref))
    state = submit_shipment(ken, "S1")
    decide_shipment(_as(ctx, "dean"), "S1", level="first", decision="approve", seen=state.seen)
    yield ctx
    ctx.close()


def _events(ctx: ServiceContext) -> list[dict]:
    with ctx.reading() as s:
        return [
            dict(e.details or {})
            for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))
            if e.action == "case.link_shipment"
        ]


def test_a_case_links_to_a_cleared_shipment_and_the_claim_is_backed(
    office: ServiceContext,
) -> None:
    before = case_shipment_link(office, "C1")
    assert before.shipment_ref is None and before.claims_cleared
    assert before.warning is not None and "C1" in before.warning
    assert [s.ref for s in cleared_shipments(office)] == ["S1"]

    info = link_case_shipment(office, "C1", "S1")
    assert info.shipment_ref == "S1" and info.cleared and info.warning is None
    assert info.decision == "approve" and info.decided_on is not None
    assert info.linked_by == "office1"
    shown = case_shipment_link(office, "C1")
    assert shown.to_json()["shipment"] == "S1" and shown.to_json()["cleared"] is True
    assert shown.title == "Spectrophotometer S1" and shown.status == "decided"
    assert _events(office) == [{"ref": "C1", "from": None, "to": "S1"}]

    with office.reading() as s:
        case_id = s.scalars(select(m.Case.id).where(m.Case.ref == "C1")).one()
    fields = dict(detail(office, "cases", case_id).fields)
    assert "S1" in fields["Minimum use technology"]

    # removed: the claim is unbacked again, and the removal is audited
    removed = link_case_shipment(office, "C1", None)
    assert removed.shipment_ref is None and removed.warning is not None
    assert _events(office)[-1] == {"ref": "C1", "from": "S1", "to": None}
    with office.reading() as s:
        assert s.scalars(select(m.CaseShipmentLink)).first() is None
    with pytest.raises(WorkflowError):
        link_case_shipment(office, "C1", None)


def test_an_undecided_shipment_is_refused_naming_the_field(office: ServiceContext) -> None:
    with pytest.raises(InvalidInput) as exc:
        link_case_shipment(office, "C1", "S2")
    assert exc.value.where == "SHIPMENT" and "S2" in str(exc.value)
    with pytest.raises(InvalidInput) as exc:
        link_case_shipment(office, "C1", "S9")
    assert exc.value.where == "SHIPMENT"
    with office.reading() as s:
        assert s.scalars(select(m.CaseShipmentLink)).first() is None
    assert _events(office) == []


def test_a_rejected_shipment_is_not_cleared(office: ServiceContext) -> None:
    state = submit_shipment(_as(office, "ken"), "S2")
    decide_shipment(_as(office, "dean"), "S2", level="first", decision="reject", seen=state.seen)
    with pytest.raises(InvalidInput):
        link_case_shipment(office, "C1", "S2")


def test_the_role_is_checked(office: ServiceContext) -> None:
    with pytest.raises(PermissionDenied):
        link_case_shipment(_as(office, "aud"), "C1", "S1")
    with pytest.raises(PermissionDenied):
        link_case_shipment(_as(office, "dean"), "C1", "S1")
    assert _events(office) == []


def test_a_link_warns_once_the_shipment_is_no_longer_cleared(office: ServiceContext) -> None:
    link_case_shipment(office, "C2", "S1")
    assert case_shipment_link(office, "C2").warning is None
    move_shipment(office, "S1", "first_review", note="reopened")
    info = case_shipment_link(office, "C2")
    assert info.shipment_ref == "S1" and not info.cleared
    assert info.warning is not None and "S1" in info.warning
    # a case not claiming the cleared export has nothing to warn about without a link
    link_case_shipment(office, "C2", None)
    assert case_shipment_link(office, "C2").warning is None


def test_cli_links_shows_and_refuses(
    office: ServiceContext,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DESK_USER", "office1")
    db = ["--database", database_url]
    assert main(["cases", "link-shipment", "C1", "S2", *db]) == 2
    assert "SHIPMENT" in capsys.readouterr().err
    assert main(["cases", "link-shipment", "C1", *db]) == 2
    assert "SHIPMENT" in capsys.readouterr().err
    assert main(["cases", "link-shipment", "C1", "S1", "--clear", *db]) == 2
    assert "--clear" in capsys.readouterr().err
    assert main(["cases", "link-shipment", "C1", "S1", *db]) == 0
    capsys.readouterr()
    assert main(["cases", "shipment-link", "C1", "--json", *db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["shipment"] == "S1" and shown["cleared"] is True and shown["warning"] is None
    assert main(["cases", "link-shipment", "C1", "--clear", *db]) == 0
    capsys.readouterr()
    assert main(["cases", "shipment-link", "C1", "--json", *db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["shipment"] is None and shown["warning"]

"""Shipments of goods in the database (SQLite and PostgreSQL): import, list, assess, export,
the goods register, audit events, and bad input that stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.cli import main as cli_main
from desk.domain.errors import InvalidInput, NotFound
from desk.domain.goods import load_shipment_file
from desk.rules.goods import assess_shipment
from desk.screening import load_list_csv
from desk.services.context import open_context
from desk.services.goods import (
    assess_shipments,
    export_shipments,
    get_shipment,
    import_shipments,
    list_goods_items,
    list_shipments,
)
from desk.storage import models as m

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "goods"
EXAMPLES = sorted(FIXTURES.glob("G*.json"))
LIST = FIXTURES / "eul-fixture.csv"


def count(ctx, model) -> int:
    with ctx.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_import_assess_export_round_trip(database_url, tmp_path):
    lst = load_list_csv(LIST)
    with open_context(database_url) as ctx:
        result = import_shipments(ctx, EXAMPLES)
        assert len(result.created) == 28 and not result.updated
        summaries = list_shipments(ctx)
        assert [s.ref for s in summaries] == [p.stem for p in EXAMPLES]
        assert all(s.outcome is None for s in summaries)

        run = assess_shipments(ctx, lists=[lst])
        for path, doc in zip(EXAMPLES, run.results, strict=True):
            expected = assess_shipment(load_shipment_file(path), lists=[lst]).to_json()
            assert doc == expected, path.stem
        assert {s.ref: s.outcome for s in list_shipments(ctx)}["G12"] == "STOP"
        assert count(ctx, m.ShipmentAssessment) == 28

        files = export_shipments(ctx, tmp_path / "out").files
        assert len(files) == 28
        for path in EXAMPLES:
            original = json.loads(path.read_text(encoding="utf-8"))
            original.pop("expected")
            written = json.loads((tmp_path / "out" / path.name).read_text(encoding="utf-8"))
            assert written == original, path.stem

        with ctx.reading() as s:
            actions = [e.action for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))]
        assert actions.count("shipment.import") == 28
        assert actions.count("shipment.assess") == 28
        assert actions[-1] == "shipments.export"


def test_exact_values_survive_storage(database_url, tmp_path):
    doc = json.loads((FIXTURES / "G04.json").read_text(encoding="utf-8"))
    doc["goods"][0].update(unit_value=6666.67, currency="USD", quantity=1)
    doc["shipment"]["fx_rates"] = {"USD": 150.0}
    path = tmp_path / "usd.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with open_context(database_url) as ctx:
        import_shipments(ctx, [path])
        stored = get_shipment(ctx, "G04")
        assert stored.line_value_jpy(stored.goods[0]) == __import__("decimal").Decimal(
            "1000000.500"
        )
        with ctx.reading() as s:
            line = s.scalars(select(m.ShipmentLine)).one()
            assert line.unit_value == "6666.67" and line.currency == "USD"


def test_goods_register_keeps_one_row_per_good(database_url, tmp_path):
    doc = json.loads((FIXTURES / "G04.json").read_text(encoding="utf-8"))
    copies = []
    for i, ref in enumerate(["A1", "A2"]):
        d = dict(doc, id=ref)
        if i:  # the same good, written with other spacing and case, classified again
            d = json.loads(json.dumps(d))
            d["goods"][0]["name"] = "  radiation-tolerant FPGA  evaluation board"
            d["goods"][0]["classification"]["checked_by"] = "新しい確認者"
        p = tmp_path / f"{ref}.json"
        p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
        copies.append(p)
    with open_context(database_url) as ctx:
        import_shipments(ctx, copies)
        items = list_goods_items(ctx)
        assert len(items) == 1
        assert items[0].shipments == 2 and items[0].checked_by == "新しい確認者"
        assert items[0].classification == "listed" and items[0].item == "7:(1)"


def test_reimport_replaces_and_marks_the_assessment_stale(database_url, tmp_path):
    src = FIXTURES / "G01.json"
    with open_context(database_url) as ctx:
        import_shipments(ctx, [src])
        assess_shipments(ctx, ["G01"], lists=[load_list_csv(LIST)])
        doc = json.loads(src.read_text(encoding="utf-8"))
        doc["goods"][0]["quantity"] = 13
        changed = tmp_path / "G01.json"
        changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        result = import_shipments(ctx, [changed])
        assert result.updated == ("G01",)
        (summary,) = list_shipments(ctx)
        assert summary.stale and summary.outcome == "NOT_APPLICABLE"
        assert count(ctx, m.ShipmentLine) == 1


def test_bad_file_stores_nothing(database_url, tmp_path):
    doc = json.loads((FIXTURES / "G02.json").read_text(encoding="utf-8"))
    doc["goods"][0]["classification"]["status"] = "listed"
    doc["goods"][0]["classification"].pop("item", None)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with open_context(database_url) as ctx:
        with pytest.raises(InvalidInput) as info:
            import_shipments(ctx, [FIXTURES / "G01.json", bad])
        assert info.value.source == str(bad) and info.value.where == "goods[0].classification.item"
        assert count(ctx, m.Shipment) == 0 and count(ctx, m.GoodsItem) == 0
        assert count(ctx, m.AuditEvent) == 0


def test_too_long_text_names_the_file_and_stores_nothing(database_url, tmp_path):
    doc = json.loads((FIXTURES / "G01.json").read_text(encoding="utf-8"))
    doc["goods"][0]["model"] = "M" * 201
    long = tmp_path / "long.json"
    long.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with open_context(database_url) as ctx:
        with pytest.raises(InvalidInput) as info:
            import_shipments(ctx, [long])
        assert info.value.source == str(long) and "goods_items.model" in str(info.value)
        assert count(ctx, m.Shipment) == 0


def test_unknown_shipment_is_not_found(database_url):
    with open_context(database_url) as ctx:
        with pytest.raises(NotFound):
            assess_shipments(ctx, ["nope"])


def test_cli_shipments(database_url, tmp_path, capsys):
    def run(*argv):
        code = cli_main.main(["--database", database_url, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = run("shipments", "import", *map(str, EXAMPLES[:3]), "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == ["G01", "G02", "G03"]
    code, out, _ = run("shipments", "assess", "G03", "--list", str(LIST), "--json")
    assert code == 0 and json.loads(out)[0]["outcome"] == "LICENSE_REQUIRED"
    code, out, _ = run("shipments", "list", "--json")
    assert [s["outcome"] for s in json.loads(out)] == [None, None, "LICENSE_REQUIRED"]
    code, out, _ = run("shipments", "list", "--items", "--json")
    assert code == 0 and len(json.loads(out)) == 4
    code, out, _ = run("shipments", "export", "--out", str(tmp_path / "x"))
    assert code == 0 and len(list((tmp_path / "x").glob("*.json"))) == 3
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "desk-shipment/1", "id": "B", "goods": []}', encoding="utf-8")
    code, _, err = run("shipments", "import", str(broken))
    assert code == 2 and f"{broken}: shipment: required key is missing" in err


def test_certificate_of_a_stored_shipment(database_url, tmp_path, monkeypatch):
    from desk.services.goods import issue_certificate

    monkeypatch.setenv("DESK_INSTITUTION", "北関東科学技術大学")
    doc = json.loads((FIXTURES / "G01.json").read_text(encoding="utf-8"))
    doc["shipment"]["certificate_issuer"] = {"department": "輸出管理室", "contact": "x@example.jp"}
    path = tmp_path / "G01.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with open_context(database_url) as ctx:
        import_shipments(ctx, [path, FIXTURES / "G14.json"])
        out = issue_certificate(
            ctx, "G01", tmp_path / "c.pdf", issued_on=__import__("datetime").date(2026, 11, 17)
        )
        assert out.read_bytes().startswith(b"%PDF")
        with pytest.raises(InvalidInput):
            issue_certificate(ctx, "G14", tmp_path / "no.pdf")
        assert not (tmp_path / "no.pdf").exists()
        with ctx.reading() as s:
            events = [
                e.details["ref"]
                for e in s.scalars(select(m.AuditEvent))
                if e.action == "shipment.certificate"
            ]
        assert events == ["G01"]


def test_the_demo_stores_and_assesses_shipments_of_every_outcome(database_url):
    from desk.demo import load_demo

    with open_context(database_url, actor="demo-test") as ctx:
        summary, changes = load_demo(ctx, seed=3, people=12)
        assert summary.shipments == 14 and "shipments" in changes.tables
        outcomes = {s.outcome for s in list_shipments(ctx)}
        assert outcomes == {
            "NOT_APPLICABLE", "NOT_LISTED_NO_TRIGGER", "EXEMPT", "LICENSE_REQUIRED",
            "LICENSE_REQUIRED_CATCHALL", "HOLD", "STOP",
        }  # fmt: skip
        assert len(list_goods_items(ctx)) == 14


def test_the_annual_audit_report_counts_shipments_beside_cases(database_url, tmp_path):
    import io

    import pypdf

    from desk.services.records import audit_report

    with open_context(database_url, today=__import__("datetime").date(2026, 11, 16)) as ctx:
        import_shipments(ctx, EXAMPLES[:4])
        assess_shipments(ctx, lists=[load_list_csv(LIST)])
        audit_report(ctx, 2026, tmp_path / "audit.pdf")
        with ctx.reading() as s:
            details = [
                e.details for e in s.scalars(select(m.AuditEvent)) if e.action == "report.audit"
            ]
    assert details[0]["shipments"] == 4
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "audit.pdf").read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "貨物の輸出" in text


def test_shipment_workflow_routes_by_risk(database_url, tmp_path):
    from desk.domain.errors import WorkflowError
    from desk.services.reviews import move_shipment

    lst = load_list_csv(LIST)
    with open_context(database_url) as ctx:
        import_shipments(ctx, [FIXTURES / "G01.json", FIXTURES / "G03.json"])
        with pytest.raises(WorkflowError):
            move_shipment(ctx, "G01", "decided")  # not from draft
        for ref in ("G01", "G03"):
            move_shipment(ctx, ref, "submitted")
            move_shipment(ctx, ref, "first_review")
        with pytest.raises(WorkflowError, match="no assessment"):
            move_shipment(ctx, "G01", "decided")
        assess_shipments(ctx, lists=[lst])
        assert move_shipment(ctx, "G01", "decided").status == "decided"  # R1: first level
        with pytest.raises(WorkflowError, match="R3"):
            move_shipment(ctx, "G03", "decided")  # R3: second level only
        move_shipment(ctx, "G03", "second_review", note="R3")
        # a changed document makes the assessment stale: no decision on it
        doc = json.loads((FIXTURES / "G03.json").read_text(encoding="utf-8"))
        doc["goods"][0]["quantity"] = 2
        changed = tmp_path / "G03.json"
        changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        import_shipments(ctx, [changed])
        with pytest.raises(WorkflowError, match="changed after"):
            move_shipment(ctx, "G03", "decided")
        assess_shipments(ctx, ["G03"], lists=[lst])
        assert move_shipment(ctx, "G03", "decided").status == "decided"
        with ctx.reading() as s:
            moves = [
                (e.details["ref"], e.details["to"])
                for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))
                if e.action == "shipment.status"
            ]
    assert moves[-1] == ("G03", "decided") and len(moves) == 7

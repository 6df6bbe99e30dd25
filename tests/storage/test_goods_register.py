"""The goods register (SQLite and PostgreSQL): add, edit, show, list, retire and merge goods
items with their value and classification (basis documents, classifier, 該非確認責任者),
shared with the shipments that carry them; the registry page and detail; ``desk goods``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cli import main as cli_main
from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.services import registers as browse
from desk.services.context import open_context
from desk.services.goods import import_shipments
from desk.services.registers import GoodsItemCol, add, edit, list_records, merge, show
from desk.storage import models as m

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "goods"


def _values(**extra: object) -> dict:
    return {
        "name": "UV-Vis spectrophotometer",
        "model": "UV-1900i",
        "maker": "Shimadzu",
        "hs_code": "9027.30",
        "unit_value": "350,000",
        "classification": "below_threshold",
        "item": "3",
        "article": "貨物等省令第2条第1項",
        "basis": ["maker_determination,Shimadzu,2026-04-01,PS-123", "parameter_sheet"],
        "determined_by": "研究室担当者",
        "checked_by": "該非確認責任者",
        "determined_on": "2026-04-10",
        "ordinance_version": "2026-02-14",
        **extra,
    }


def test_add_edit_show_and_the_registry(database_url: str) -> None:
    set_language("en")
    with open_context(database_url) as ctx:
        record = add(ctx, "goods_item", _values())
        assert record.fields["unit_value"] == "350000" and record.fields["currency"] == "JPY"
        assert record.fields["basis"] == [
            "maker_determination,Shimadzu,2026-04-01,PS-123",
            "parameter_sheet",
        ]
        assert record.fields["checked_by"] == "該非確認責任者"
        # the same name, model and maker twice: refused, naming the field
        with pytest.raises(InvalidInput) as exc:
            add(ctx, "goods_item", _values(maker=" shimadzu "))
        assert exc.value.where == "name"
        for bad, where in (
            ({"hs_code": "90x7"}, "hs_code"),
            ({"unit_value": "lots"}, "unit_value"),
            ({"currency": "JP"}, "currency"),
            ({"classification": "listed", "item": "99"}, "item"),
            ({"basis": ["invoice,someone"]}, "basis"),
            ({"determined_on": "2026-4-1"}, "determined_on"),
        ):
            with pytest.raises(InvalidInput) as exc:
                edit(ctx, "goods_item", record.id, bad)
            assert exc.value.where == where, bad
        changed = edit(ctx, "goods_item", record.id, {"unit_value": "420000", "currency": "jpy"})
        assert changed.fields["unit_value"] == "420000" and changed.version > record.version
        with ctx.reading() as s:
            actions = [e.action for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))]
        assert actions == ["goods_item.add", "goods_item.edit"]

        page = browse.browse(ctx, "goods_items")
        assert page.total == 1
        cells = page.rows[0].cells
        assert cells[GoodsItemCol.NAME] == "UV-Vis spectrophotometer"
        assert cells[GoodsItemCol.VALUE] == "420000 JPY"
        assert cells[GoodsItemCol.CLASSIFICATION] == "Below the threshold 3"
        assert cells[GoodsItemCol.CHECKED_BY] == "該非確認責任者"
        detail = dict(browse.detail(ctx, "goods_items", record.id).fields)
        assert "maker_determination,Shimadzu,2026-04-01,PS-123" in detail["Basis documents"]
        filtered = browse.browse(ctx, "goods_items", filters={"classification": "listed"})
        assert filtered.total == 0


def test_the_register_is_the_shipments(database_url: str) -> None:
    with open_context(database_url) as ctx:
        import_shipments(ctx, [FIXTURES / "G01.json", FIXTURES / "G02.json"])
        rows = list_records(ctx, "goods_item")
        assert rows
        first = show(ctx, "goods_item", rows[0].id)
        assert first.links["shipments"]  # the shipments it travelled in
        assert first.fields["unit_value"] is not None  # the value the shipment gave
        # merging two goods items moves the shipment lines to the one kept
        other = add(ctx, "goods_item", _values(name="Duplicate entry"))
        kept = merge(ctx, "goods_item", other.id, first.id)
        assert set(first.links["shipments"]) <= set(kept.links["shipments"])


def test_cli_goods(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli_main.main(["--database", database_url, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = run(
        "goods", "add", "--name", "Plasmid pUC19", "--maker", "Example Bio",
        "--hs-code", "2934.99", "--unit-value", "12000", "--classification", "not_on_list",
        "--basis", "own_determination,Lab,2026-05-01", "--checked-by", "該非確認責任者",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    item = json.loads(out)
    assert item["kind"] == "goods_item" and item["fields"]["checked_by"] == "該非確認責任者"
    code, out, err = run("goods", "edit", str(item["id"]), "--hs-code", "29x", "--json")
    assert code == 2 and "--hs-code" in err
    code, out, _ = run("goods", "edit", str(item["id"]), "--unit-value", "15000", "--json")
    assert code == 0 and json.loads(out)["fields"]["unit_value"] == "15000"
    code, out, _ = run("goods", "show", str(item["id"]), "--json")
    assert json.loads(out)["fields"]["basis"] == ["own_determination,Lab,2026-05-01"]
    code, out, _ = run("goods", "list", "plasmid", "--json")
    assert [r["name"] for r in json.loads(out)] == ["Plasmid pUC19"]
    code, _, err = run("goods", "add", "--name", "X")
    assert code == 2 and "--classification" in err


def test_export_goods(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_context(database_url) as ctx:
        add(ctx, "goods_item", _values())
    out = tmp_path / "goods.json"
    code = cli_main.main(["--database", database_url, "export", "goods", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    rows = json.loads(out.read_text(encoding="utf-8"))
    text = json.dumps(rows, ensure_ascii=False)
    assert "UV-Vis spectrophotometer" in text and "該非確認責任者" in text
    assert "maker_determination,Shimadzu,2026-04-01,PS-123" in text

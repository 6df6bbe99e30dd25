"""Trip applications in the database (SQLite and PostgreSQL): stored with their traveller,
cases and hand-carry shipments; judged part by part (each by its own engine) with the worst
outcome kept; audited; role-checked; bad input names the field and stores nothing; the
records issued, numbered and verified; and the ``desk trips`` commands."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import func, select

from desk.cli import main as cli_main
from desk.domain.case import load_case_file
from desk.domain.errors import InvalidInput, PermissionDenied
from desk.domain.goods import load_shipment_file
from desk.rules import assess
from desk.rules.goods import assess_shipment
from desk.screening import load_list_csv
from desk.services import registers as reg
from desk.services.cases import import_cases
from desk.services.context import open_context
from desk.services.goods import import_shipments
from desk.services.records.verify import verify_record
from desk.services.trips import (
    assess_trips,
    get_trip,
    issue_trip_record,
    list_trips,
    save_trip,
)
from desk.storage import models as m

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
GOODS = ROOT / "goods"
CASES = ROOT / "cases"
LIST = GOODS / "eul-fixture.csv"


def _setup(ctx) -> int:  # type: ignore[no-untyped-def]
    import_cases(ctx, [CASES / "S01.json", CASES / "S02.json"])
    import_shipments(ctx, [GOODS / "G05.json", GOODS / "G17.json", GOODS / "G01.json"])
    return reg.add(ctx, "person", {"name": "田中 恵", "name_latin": "Tanaka Megumi"}).id


def _trip(traveller: int, **over: object) -> dict:
    values: dict = {
        "id": "T-1",
        "title": "Conference in Singapore",
        "traveller": traveller,
        "departs_on": "2026-11-28",
        "returns_on": "2026-12-03",
        "destinations": ["SG"],
        "cases": ["S01"],
        "shipments": ["G05"],
    }
    values.update(over)
    return values


def _count(ctx, model) -> int:  # type: ignore[no-untyped-def]
    with ctx.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_trip_is_judged_part_by_part_and_takes_the_worst(database_url: str) -> None:
    lst = load_list_csv(LIST)
    with open_context(database_url) as ctx:
        pid = _setup(ctx)
        summary = save_trip(ctx, _trip(pid))
        assert summary.cases == ("S01",) and summary.shipments == ("G05",)
        assert summary.outcome is None and summary.traveller == "田中 恵"

        (answer,) = assess_trips(ctx, ["T-1"], lists=[lst]).results
        case_alone = assess(load_case_file(CASES / "S01.json"), lists=[lst], today=ctx.today())
        goods_alone = assess_shipment(
            load_shipment_file(GOODS / "G05.json"), lists=[lst], today=ctx.today()
        )
        parts = {p["id"]: p for p in answer["parts"]}
        # each part is its own engine's answer, reasons and citations included
        assert parts["S01"]["outcome"] == case_alone.outcome == "NOT_APPLICABLE"
        assert parts["S01"]["reasons"] == [r.to_json() for r in case_alone.reasons]
        assert parts["G05"]["outcome"] == goods_alone.outcome == "EXEMPT"
        assert parts["G05"]["reasons"] == [r.to_json() for r in goods_alone.reasons]
        assert answer["outcome"] == "EXEMPT" and answer["risk"] == goods_alone.risk
        assert answer["decided_by"] == [{"kind": "shipment", "id": "G05"}]
        line = parts["G05"]["lines"][0]
        assert line["exceptions"][0]["basis"] == "free_temporary"
        assert line["exceptions"][0]["purpose"] == "own_use_hand_carry"
        assert line["exceptions"][0]["status"] == "accepted"

        # a worse part decides: a hand-carry shipment on hold
        save_trip(
            ctx,
            _trip(pid, destinations=["SG", "US"], shipments=["G05", "G17"]),
            editing="T-1",
        )
        (answer,) = assess_trips(ctx, ["T-1"], lists=[lst]).results
        assert answer["outcome"] == "HOLD"
        assert answer["decided_by"] == [{"kind": "shipment", "id": "G17"}]
        (listed,) = list_trips(ctx)
        assert listed.outcome == "HOLD" and not listed.stale

        assert _count(ctx, m.TripAssessment) == 2
        assert _count(ctx, m.TripShipment) == 2
        with ctx.reading() as s:
            actions = [e.action for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))]
        assert actions.count("trip.save") == 2 and actions.count("trip.assess") == 2
        assert actions.count("case.assess") == 2 and actions.count("shipment.assess") == 3


def test_a_changed_part_makes_the_decision_stale(database_url: str, tmp_path: Path) -> None:
    with open_context(database_url) as ctx:
        pid = _setup(ctx)
        save_trip(ctx, _trip(pid))
        assess_trips(ctx, ["T-1"], lists=[load_list_csv(LIST)])
        assert not list_trips(ctx)[0].stale
        doc = json.loads((GOODS / "G05.json").read_text(encoding="utf-8"))
        doc["goods"][1]["quantity"] = 2
        changed = tmp_path / "G05.json"
        changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        import_shipments(ctx, [changed])
        assert list_trips(ctx)[0].stale
        with pytest.raises(InvalidInput, match="assess it again"):
            issue_trip_record(ctx, "T-1", "hand_carry", tmp_path / "h.pdf")
        assert not (tmp_path / "h.pdf").exists()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"traveller": 999}, "traveller"),
        ({"returns_on": "2026-11-01"}, "returns_on"),
        ({"destinations": ["JP"]}, "destinations[0]"),
        ({"destinations": []}, "destinations"),
        ({"cases": ["NOPE"]}, "cases[0]"),
        ({"shipments": ["G01"]}, "shipments[0]"),  # a courier shipment is not carried
        ({"destinations": ["MY"]}, "shipments[0]"),  # G05 goes to SG
        ({"cases": [], "shipments": []}, "cases"),
        ({"departs_on": "28/11/2026"}, "departs_on"),
        ({"id": " "}, "id"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    database_url: str, change: dict, where: str
) -> None:
    with open_context(database_url) as ctx:
        pid = _setup(ctx)
        before = _count(ctx, m.AuditEvent)
        with pytest.raises(InvalidInput) as info:
            save_trip(ctx, {**_trip(pid), **change})
        assert info.value.where == where
        assert _count(ctx, m.Trip) == 0 and _count(ctx, m.AuditEvent) == before


def test_roles_for_trips(database_url: str, tmp_path: Path) -> None:
    from desk.services.reviews import add_user

    with open_context(database_url, actor="office1") as ctx:
        add_user(ctx, "office1", ["office"])
        add_user(ctx, "kansa", ["auditor"])
        pid = _setup(ctx)
    with open_context(database_url, actor="kansa") as auditor:
        with pytest.raises(PermissionDenied):
            save_trip(auditor, _trip(pid))
    with open_context(database_url, actor="office1") as office:
        save_trip(office, _trip(pid))
        assess_trips(office, ["T-1"], lists=[load_list_csv(LIST)])
    with open_context(database_url, actor="kansa") as auditor:
        with pytest.raises(PermissionDenied):
            assess_trips(auditor, ["T-1"])
        with pytest.raises(PermissionDenied):
            issue_trip_record(auditor, "T-1", "bundle", tmp_path / "b.pdf")
        assert get_trip(auditor, "T-1").answer is not None  # reading is allowed


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_records_issued_numbered_and_verified(database_url: str, tmp_path: Path) -> None:
    with open_context(database_url) as ctx:
        pid = _setup(ctx)
        save_trip(ctx, _trip(pid))
        assess_trips(ctx, ["T-1"], lists=[load_list_csv(LIST)])
        hand = issue_trip_record(ctx, "T-1", "hand_carry", tmp_path / "h.pdf")
        bundle = issue_trip_record(ctx, "T-1", "bundle", tmp_path / "b.pdf", lang="en")
        again = issue_trip_record(ctx, "T-1", "hand_carry", tmp_path / "h2.pdf")
        assert re.fullmatch(r"DESK-\d{4}-HCD-000001", hand.document_number)
        assert re.fullmatch(r"DESK-\d{4}-HCD-000002", again.document_number)
        assert re.fullmatch(r"DESK-\d{4}-TRP-000001", bundle.document_number)

        text = _text((tmp_path / "h.pdf").read_bytes())
        for words in (
            "携行品申告書",
            "Hand-carrydeclaration",
            "田中恵(TanakaMegumi)",
            "Hardwaresecuritymodule",
            "無償特例（一時持出し）：本人使用の携行品",
            "輸出令第4条第1項第2号ヘ",
            "携帯品・別送品の輸出申告（税関様式C-5340）",
            "2026年12月5日",  # back by
            hand.document_number,
        ):
            assert words in text, words
        english = _text((tmp_path / "b.pdf").read_bytes())
        assert "Exemptionapplies" in english and "S01" in english and "G05" in english
        assert "判定の内訳" in english  # labels stay bilingual

        for path in ("h.pdf", "b.pdf"):
            result = verify_record(ctx, tmp_path / path)
            assert result.ok and "unaltered" in result.message, result.message
        tampered = tmp_path / "x.pdf"
        data = bytearray((tmp_path / "h.pdf").read_bytes())
        data[-40] ^= 1
        tampered.write_bytes(bytes(data))
        assert not verify_record(ctx, tampered).ok
        with ctx.reading() as s:
            events = [
                e.details["document_number"]
                for e in s.scalars(select(m.AuditEvent).where(m.AuditEvent.action == "trip.record"))
            ]
        assert len(events) == 3


def test_no_declaration_without_goods_or_with_goods_on_hold(database_url: str, tmp_path: Path):
    with open_context(database_url) as ctx:
        pid = _setup(ctx)
        save_trip(ctx, _trip(pid, shipments=[]))
        save_trip(ctx, _trip(pid, id="T-2", destinations=["US"], cases=[], shipments=["G17"]))
        assess_trips(ctx, lists=[load_list_csv(LIST)])
        with pytest.raises(InvalidInput) as info:
            issue_trip_record(ctx, "T-1", "hand_carry", tmp_path / "a.pdf")
        assert info.value.where == "shipments"
        with pytest.raises(InvalidInput) as info:
            issue_trip_record(ctx, "T-2", "hand_carry", tmp_path / "b.pdf")
        assert info.value.where == "shipments[0]"
        assert not list(tmp_path.glob("*.pdf"))
        assert _count(ctx, m.TripRecord) == 0


def test_cli_trips(database_url: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with open_context(database_url) as ctx:
        pid = _setup(ctx)
    db = ["--database", database_url]
    add = [*db, "trips", "add", "T-9", "--traveller", str(pid), "--departs", "2026-11-28"]
    add += ["--returns", "2026-12-03", "--destination", "sg", "--case", "S01"]
    assert cli_main.main([*add, "--shipment", "G05", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["destinations"] == ["SG"]

    bad = [*db, "trips", "add", "T-8", "--traveller", str(pid), "--departs", "2026-11-28"]
    assert cli_main.main([*bad, "--returns", "2026-11-01", "--destination", "SG"]) == 2
    assert "returns_on" in capsys.readouterr().err
    assert (
        cli_main.main([*bad, "--returns", "2026-12-01", "--destination", "SG", "--shipment", "G01"])
        == 2
    )
    assert "shipments[0]" in capsys.readouterr().err

    assert cli_main.main([*db, "trips", "assess", "T-9", "--list", str(LIST), "--json"]) == 0
    (answer,) = json.loads(capsys.readouterr().out)
    assert answer["outcome"] == "EXEMPT" and [p["id"] for p in answer["parts"]] == ["S01", "G05"]

    assert cli_main.main([*db, "trips", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["id"] == "T-9" and row["outcome"] == "EXEMPT" and row["stale"] is False

    assert cli_main.main([*db, "trips", "show", "T-9", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["assessment"]["decided_by"] == [{"kind": "shipment", "id": "G05"}]
    assert cli_main.main([*db, "--lang", "en", "trips", "show", "T-9"]) == 0
    out = capsys.readouterr().out
    assert "Hand-carried goods G05" in out and "輸出令第4条第1項第2号ヘ" in out

    assert cli_main.main([*db, "trips", "show", "NOPE"]) == 2
    capsys.readouterr()
    assert cli_main.main([*db, "trips", "export", "--out", str(tmp_path / "out")]) == 0
    exported = json.loads((tmp_path / "out" / "T-9.json").read_text(encoding="utf-8"))
    assert exported["shipments"] == ["G05"] and exported["assessment"]["outcome"] == "EXEMPT"

    out_pdf = tmp_path / "h.pdf"
    assert cli_main.main([*db, "trips", "record", "T-9", "--out", str(out_pdf)]) == 0
    capsys.readouterr()
    assert cli_main.main([*db, "report", "verify", str(out_pdf)]) == 0
    assert "OK" in capsys.readouterr().out
    assert (
        cli_main.main([*db, "trips", "record", "T-9", "--kind", "nope", "--out", str(out_pdf)]) == 2
    )
    assert "--kind" in capsys.readouterr().err


def test_trips_registry_page_sorting_and_decision_view(database_url: str) -> None:
    from desk.domain.i18n import set_language
    from desk.services import registers as browse
    from desk.services.registers import TripCol

    with open_context(database_url) as ctx:
        pid = _setup(ctx)
        save_trip(ctx, _trip(pid))
        save_trip(ctx, _trip(pid, id="T-2", destinations=["US", "SG"], shipments=["G17"]))
        assess_trips(ctx, ["T-1"], lists=[load_list_csv(LIST)])
        page = browse.browse(ctx, "trips")
        assert page.total == 2
        rows = {r.cells[TripCol.REF]: r for r in page.rows}
        assert rows["T-1"].cells[TripCol.TRAVELLER] == "田中 恵"
        assert rows["T-1"].cells[TripCol.OUTCOME] == "Exemption applies (no licence needed)"
        assert rows["T-2"].cells[TripCol.OUTCOME] == ""
        assert "US" in rows["T-2"].cells[TripCol.DESTINATIONS]
        for column in browse.columns("trips"):
            for descending in (False, True):
                browse.browse(ctx, "trips", sort=column.key, descending=descending)
        assert [r.cells[0] for r in browse.browse(ctx, "trips", search="t-2").rows] == ["T-2"]

        set_language("ja")
        try:
            detail = browse.detail(ctx, "trips", rows["T-1"].id)
        finally:
            set_language("en")
        titles = [s.title for s in detail.sections]
        assert titles[0] == "渡航申請の判定（最も厳しい項目）"
        assert titles[1].startswith("技術提供の案件 S01") and titles[2].startswith(
            "携行する貨物 G05"
        )
        head = dict(detail.sections[0].fields)
        assert head["判定を決めた項目"] == "G05" and head["判定結果"] == "許可不要（例外適用）"
        goods = dict(detail.sections[2].fields)
        assert any("輸出令第4条第1項第2号ヘ" in v for v in goods.values())

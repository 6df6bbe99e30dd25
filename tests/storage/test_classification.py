"""Classifications (該非判定) as records of their own, on SQLite and PostgreSQL: the item kept
as 項・号 and shown 7の項(1), the technical item following it, confirmation by another person,
optimistic locking, basis documents with SHA-256, the re-classification queue, the records
printing 判定者・確認者・判定根拠 from it and still verifying after a later confirmation, and
``desk classify`` as a user runs it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import func, select

from desk.cli.main import main
from desk.domain.errors import ConflictError, InvalidInput, PermissionDenied, WorkflowError
from desk.domain.i18n import set_language
from desk.services import classification as cls
from desk.services import registers as reg
from desk.services.cases import assess_cases, get_case, import_cases
from desk.services.context import ServiceContext, open_context
from desk.services.records import issue_record, verify_record
from desk.services.reviews import add_user
from desk.storage import models as m

PARAMS = [
    {"parameter": "出力", "control_value": "10 W以上", "item_value": "20 W", "meets": True},
    {"parameter": "周波数", "control_value": "3.2 GHz超", "item_value": "28 GHz", "meets": True},
]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def url(database_url: str) -> Iterator[str]:
    ctx = open_context(database_url, actor="yamada", today=dt.date(2026, 5, 1))
    add_user(ctx, "yamada", ["office", "classification_officer"], display_name="山田 太郎")
    add_user(ctx, "sato", ["office", "classification_officer"], display_name="佐藤 花子")
    add_user(ctx, "kimura", ["auditor"], display_name="木村 一郎")
    ctx.close()
    yield database_url


def as_user(url: str, login: str) -> ServiceContext:
    return open_context(url, actor=login, today=dt.date(2026, 5, 1))


def tech_item(ctx: ServiceContext, title: str = "GaN MMIC 設計データ") -> int:
    return reg.add(ctx, "technical_item", {"title": title, "classification": "undetermined"}).id


def count(ctx: ServiceContext, model: Any) -> int:
    with ctx.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def listed(**more: Any) -> dict[str, Any]:
    return {
        "result": "listed",
        "item": "7",
        "sub": "1",
        "article": "第19条",
        "paragraph": "1",
        "article_number": "1",
        "ordinance_revision": "2025-10-09",
        "ruleset_version": "2025-10-09",
        "parameters": PARAMS,
        "basis": "出力・周波数が規定値を超える",
        "related_goods": "GaN MMIC 電力増幅器",
        **more,
    }


def test_a_classification_is_kept_structured_and_the_item_follows_it(url: str) -> None:
    with as_user(url, "yamada") as ctx:
        item = tech_item(ctx)
        info = cls.add_classification(ctx, listed(), technical_item=item)
        assert (info.item_number, info.item_sub, info.item) == ("7", "1", "7:(1)")
        assert info.item_display == "外為令別表の7の項(1)"
        assert info.article_display == "貨物等省令第19条第1項第1号"
        assert info.result_ja == "該当" and info.classified_by == "山田 太郎"
        assert info.classified_on == dt.date(2026, 5, 1) and not info.confirmed
        assert [p.meets for p in info.parameters] == [True, True]
        assert info.basis_text() == (
            "外為令別表の7の項(1)、貨物等省令第19条第1項第1号、出力・周波数が規定値を超える"
        )
        # the technical item (which cases read) now says what the classification says
        shown = reg.show(ctx, "technical_item", item)
        assert shown.fields["classification"] == "listed" and shown.fields["item"] == "7:(1)"
        with ctx.reading() as s:
            event = s.scalars(
                select(m.AuditEvent).where(m.AuditEvent.action == "classification.add")
            ).one()
            assert event.actor == "yamada" and event.details["fields"]["item"] == "7:(1)"
        # one classification per item: a second is refused, nothing stored
        with pytest.raises(WorkflowError, match="already classified"):
            cls.add_classification(ctx, listed(), technical_item=item)
        assert count(ctx, m.Classification) == 1
        assert cls.classification_of(ctx, technical_item=item) is not None


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ({"result": "listed"}, "item"),  # listed without its item
        ({"result": "maybe"}, "result"),
        ({"result": "listed", "item": "17"}, "item"),
        ({"result": "listed", "item": "16"}, "item"),  # 16 is the catch-all item
        ({"result": "out_of_scope", "hs_code": "8542"}, "in_item16_chapters"),
        ({"result": "not_listed", "article": "nineteen"}, "article"),
        ({"result": "not_listed", "ordinance_revision": "2025-13-01"}, "ordinance_revision"),
        ({"result": "not_listed", "parameters": [{"parameter": "", "meets": True}]}, "parameters"),
        ({"result": "not_listed", "parameters": [{"parameter": "x", "meets": "yes"}]}, "meets"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    url: str, values: dict[str, Any], where: str
) -> None:
    with as_user(url, "yamada") as ctx:
        item = tech_item(ctx)
        events = count(ctx, m.AuditEvent)
        with pytest.raises(InvalidInput) as err:
            cls.add_classification(ctx, values, technical_item=item)
        assert where in (err.value.where or "")
        assert count(ctx, m.Classification) == 0 and count(ctx, m.AuditEvent) == events
        assert reg.show(ctx, "technical_item", item).fields["classification"] == "undetermined"


def test_out_of_scope_answers_the_item16_question_and_codes_spelled_loosely(url: str) -> None:
    with as_user(url, "yamada") as ctx:
        item = tech_item(ctx)
        info = cls.add_classification(
            ctx,
            {"result": "out_of_scope", "hs_code": "8471.30", "in_item16_chapters": "yes"},
            technical_item=item,
        )
        assert info.result_ja == "対象外（16項）" and info.hs_code == "847130"
        assert info.in_item16_chapters is True
        assert reg.show(ctx, "technical_item", item).fields["classification"] == "not_on_list"
        again = cls.edit_classification(ctx, info.id, {"result": "listed", "item": "3の2の項(2)"})
        assert again.item == "3-2:(2)" and again.item_display == "外為令別表の3の2の項(2)"


def test_confirmation_is_another_persons_and_a_change_withdraws_it(url: str) -> None:
    with as_user(url, "yamada") as ctx:
        info = cls.add_classification(ctx, listed(), technical_item=tech_item(ctx))
        with pytest.raises(WorkflowError, match="cannot also confirm"):
            cls.confirm_classification(ctx, info.id)
    with as_user(url, "kimura") as ctx, pytest.raises(PermissionDenied, match=r"(?i)auditor"):
        cls.confirm_classification(ctx, info.id)
    with as_user(url, "sato") as ctx:
        with pytest.raises(InvalidInput, match="before"):
            cls.confirm_classification(ctx, info.id, on=dt.date(2026, 4, 1))
        done = cls.confirm_classification(ctx, info.id, on=dt.date(2026, 5, 2))
        assert (done.confirmed_by, done.confirmed_on) == ("佐藤 花子", dt.date(2026, 5, 2))
        assert done.version == info.version + 1
        # saving the same values keeps the confirmation; a change needs a new one
        same = cls.edit_classification(ctx, info.id, {"basis": listed()["basis"], "item": "7(1)"})
        assert same.confirmed and same.version == done.version
        edited = cls.edit_classification(ctx, info.id, {"basis": "データシートの値による"})
        assert not edited.confirmed and edited.classified_by == "佐藤 花子"
        assert count(ctx, m.ClassificationSnapshot) == 4
        # the technical data's detail pane names the record and whether it is confirmed
        fields = dict(reg.detail(ctx, "technical_items", edited.subject_id).fields)
        assert fields["Classification record"].startswith(
            "listed (controlled item) — 外為令別表の7の項(1)、貨物等省令第19条第1項第1号"
        )
        assert fields["Classification record"].endswith("unconfirmed")


def test_a_change_made_unseen_is_refused(url: str) -> None:
    with as_user(url, "yamada") as ctx:
        info = cls.add_classification(ctx, listed(), technical_item=tech_item(ctx))
        cls.edit_classification(ctx, info.id, {"basis": "first"}, expected_version=info.version)
        with pytest.raises(ConflictError, match="version 2"):
            cls.edit_classification(ctx, info.id, {"basis": "second"}, expected_version=1)
        assert cls.show_classification(ctx, info.id).basis == "first"


def test_basis_documents_keep_their_file_and_sha256(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "maker-sheet.pdf"
    sheet.write_bytes(b"%PDF-1.4 maker classification sheet")
    with as_user(url, "yamada") as ctx:
        info = cls.add_classification(ctx, listed(), technical_item=tech_item(ctx))
        after = cls.attach_document(
            ctx,
            info.id,
            kind="maker_sheet",
            title="該非判定書（メーカー）",
            issued_on="2026-04-20",
            doc_version="第3版",
            path=sheet,
        )
        doc = after.documents[0]
        assert doc.sha256 == hashlib.sha256(sheet.read_bytes()).hexdigest()
        assert (doc.issued_on, doc.doc_version, doc.size) == (dt.date(2026, 4, 20), "第3版", 35)
        assert cls.document_content(ctx, doc.id) == ("maker-sheet.pdf", sheet.read_bytes())
        monkeypatch.setattr("desk.services.classification.store.MAX_DOCUMENT_BYTES", 10)
        with pytest.raises(InvalidInput, match="larger than") as err:
            cls.attach_document(ctx, info.id, kind="catalogue", title="カタログ", path=sheet)
        assert err.value.where == "--file"
        with pytest.raises(InvalidInput, match="one of"):
            cls.attach_document(ctx, info.id, kind="photo", title="x")
        assert len(cls.show_classification(ctx, info.id).documents) == 1


def test_a_goods_item_is_classified_and_its_register_follows(url: str, tmp_path: Path) -> None:
    with as_user(url, "yamada") as ctx:
        with ctx.transaction() as s:
            goods = m.GoodsItem(key="k" * 64, name="オシロスコープ", classification="undetermined")
            s.add(goods)
            s.flush()
            gid = goods.id
        info = cls.add_classification(
            ctx,
            {"result": "listed", "item": "7(2)", "article": "6", "paragraph": "1"},
            goods_item=gid,
        )
        assert info.table == "export_order" and info.item_display == "輸出令別表第1の7の項(2)"
        with ctx.reading() as s:
            row = s.get(m.GoodsItem, gid)
            assert row is not None
            assert (row.classification, row.item, row.article) == (
                "listed",
                "7:(2)",
                "貨物等省令第6条第1項",
            )
            assert row.determined_by == "山田 太郎"
        with pytest.raises(InvalidInput, match="either"):
            cls.add_classification(ctx, listed(), technical_item=1, goods_item=gid)


def test_the_queue_holds_classifications_citing_a_changed_item(url: str) -> None:
    with as_user(url, "yamada") as ctx:
        seven = cls.add_classification(ctx, listed(), technical_item=tech_item(ctx, "七"))
        cls.add_classification(
            ctx, listed(item="10", sub=None), technical_item=tech_item(ctx, "十")
        )
        changes = cls.rule_changes()
        # the goods rule set declares the 2026-02-14 revision changing items 3-2, 5 and 7
        assert any(
            c.effective == dt.date(2026, 2, 14) and "7" in c.items and "3-2" in c.items
            for c in changes
        )
        queue = cls.reclassification_queue(ctx)
        assert [(q.classification_id, q.item) for q in queue] == [
            (seven.id, "外為令別表の7の項(1)")
        ]
        # re-classified under the new revision: it leaves the queue
        cls.edit_classification(ctx, seven.id, {"ordinance_revision": "2026-02-14"})
        assert cls.reclassification_queue(ctx) == []


def test_changes_between_two_ruleset_revisions_are_found(tmp_path: Path) -> None:
    base = {"id": "jp-x", "version": "1", "effective": "2025-01-01", "wmd_items": ["1", "2"]}
    (tmp_path / "a.json").write_text(json.dumps(base), encoding="utf-8")
    new = {**base, "version": "2", "effective": "2026-01-01", "wmd_items": ["2", "3"]}
    (tmp_path / "b.json").write_text(json.dumps(new), encoding="utf-8")
    (changes,) = cls.rule_changes(tmp_path)
    assert changes.items == {"1", "3"} and changes.effective == dt.date(2026, 1, 1)


def text_of(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


def test_the_classification_record_prints_it_and_verifies_after_confirmation(
    url: str, fixtures_dir: Path, tmp_path: Path
) -> None:
    with as_user(url, "yamada") as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])
        with ctx.reading() as s:
            item = s.scalar(select(m.Case.technical_item_id).where(m.Case.ref == "S02"))
        assert item is not None
        info = cls.add_classification(ctx, listed(), technical_item=item)
        assert get_case(ctx, "S02").technology.item == "7:(1)"  # the case reads the item
        assess_cases(ctx)
        out = tmp_path / "S02.pdf"
        issue_record(ctx, "S02", "classification", "ja", out)
        text = text_of(out)
        assert "山田 太郎" in text and "GaN MMIC 電力増幅器" in text
        assert "貨物等省令第19条第1項第1号" in text
    with as_user(url, "sato") as ctx:
        cls.confirm_classification(ctx, info.id)
        # the record printed the classification as it was: it still verifies
        assert verify_record(ctx, out).ok
        later = tmp_path / "S02-later.pdf"
        issue_record(ctx, "S02", "classification", "ja", later)
        assert "佐藤 花子" in text_of(later) and "佐藤 花子" not in text_of(out)


# --------------------------------------------------------------------------- the CLI


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_desk_classify_on_the_command_line(
    url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--database", url)
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME", "DESK_USER"):  # DESK_USER: shared mode
        monkeypatch.setenv(name, "yamada")
    with as_user(url, "yamada") as ctx:
        item = tech_item(ctx)
    code, out, err = run(
        capsys,
        "classify", "add", *db, "--tech", str(item), "--result", "listed", "--item", "7",
        "--sub", "1", "--article", "19", "--paragraph", "1", "--ordinance-revision", "2025-10-09",
        "--param", "出力|10 W以上|20 W|yes", "--param", "周波数|3.2 GHz超|28 GHz|unknown", "--json",
    )  # fmt: skip
    assert code == 0, err
    added = json.loads(out)
    assert added["item_display"] == "外為令別表の7の項(1)"
    assert [p["meets"] for p in added["parameters"]] == [True, None]
    cid = str(added["id"])
    sheet = tmp_path / "sheet.pdf"
    sheet.write_bytes(b"sheet")
    code, out, err = run(
        capsys, "classify", "attach", *db, cid, "--kind", "specification", "--title", "仕様書",
        "--file", str(sheet), "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["documents"][0]["sha256"] == hashlib.sha256(b"sheet").hexdigest()
    code, out, err = run(
        capsys, "classify", "edit", *db, cid, "--basis", "x", "--expect-version", "7"
    )
    assert code == 2 and "version" in err and out == ""
    code, out, err = run(capsys, "classify", "edit", *db, cid, "--item", "seven")
    assert code == 2 and "item" in err
    code, out, err = run(capsys, "classify", "show", *db, cid)
    assert code == 0 and "7の項(1)" in out and "貨物等省令第19条第1項" in out
    code, out, err = run(capsys, "classify", "list", *db, "--unconfirmed", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [int(cid)]
    code, out, err = run(capsys, "classify", "queue", *db, "--json")
    assert code == 0 and json.loads(out)[0]["item"] == "外為令別表の7の項(1)"
    code, out, err = run(capsys, "classify", "confirm", *db, cid)
    assert code == 2 and "cannot also confirm" in err


def test_a_shipment_is_judged_with_its_goods_items_classification_record(
    url: str, fixtures_dir: Path
) -> None:
    from desk.services.goods import assess_shipments, import_shipments, list_shipments

    with as_user(url, "yamada") as ctx:
        import_shipments(ctx, [fixtures_dir / "goods" / "G14.json"])  # 不明・疑義 → 保留
        (first,) = assess_shipments(ctx).results
        assert first["outcome"] == "HOLD"
        with ctx.reading() as s:
            gid = s.scalar(select(m.ShipmentLine.goods_item_id))
        assert gid is not None
        info = cls.add_classification(
            ctx,
            {"result": "not_listed", "ordinance_revision": "2026-02-14", "basis": "規定値未満"},
            goods_item=gid,
        )
        assert info.cases == ("G14",)  # the shipments that use the good
        (second,) = assess_shipments(ctx).results
        assert second["outcome"] == "NOT_LISTED_NO_TRIGGER", second["reasons"]
        assert [s.outcome for s in list_shipments(ctx)] == ["NOT_LISTED_NO_TRIGGER"]

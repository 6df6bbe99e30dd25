"""The rule set's 貨物等省令 technology articles and Group B: a listed classification names its
article (printed on the 該非判定票), Group B prints as B or C where a rule set loads it, and
item 1 (武器) is never a WMD item."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from desk.domain.errors import InvalidInput
from desk.rules.ruleset import available_rulesets, parse_ruleset, rulesets_dir, select_ruleset
from desk.services import records
from desk.services.cases import assess_cases, import_cases
from desk.services.classification import add_classification, confirm_classification
from desk.services.context import open_context
from desk.services.records.facts import _groups
from desk.storage import models as m


def _doc() -> dict:  # type: ignore[type-arg]
    return json.loads((rulesets_dir() / "jp-fefta-2025-10-09.2.json").read_text("utf-8"))


def test_no_rule_set_in_force_counts_item_1_as_wmd() -> None:
    current = select_ruleset()
    assert "1" not in current.wmd_items and "1" in current.arms_items
    assert current.wmd_items == {"2", "3", "3-2", "4"}
    newest = max(available_rulesets(), key=lambda r: (r.effective, r.version))
    assert "1" not in newest.wmd_items


def test_technology_articles_are_sourced_items_only() -> None:
    rs = select_ruleset()
    assert rs.technology_article("7") == "第19条"
    assert rs.technology_article("4") == "第16条" and rs.technology_article("15") == "第27条"
    # items 1, 2, 3 and 3の2: no sourced article, none printed
    assert [rs.technology_article(i) for i in ("1", "2", "3", "3-2")] == [None] * 4
    bad = _doc()
    bad["technology_articles"] = {"7": "19"}
    with pytest.raises(InvalidInput, match=r"technology_articles\.7"):
        parse_ruleset(bad)


def test_group_b_prints_b_or_c_never_b_slash_c() -> None:
    doc = _doc()
    assert "group_b" not in doc  # the shipped rule set has no sourced Group B list
    plain = parse_ruleset(doc)
    assert _groups(plain, ["CN", "KR", "IR", "AF"]) == {
        "CN": "general",
        "KR": "A",
        "IR": "concern",
        "AF": "un",
    }
    with_b = copy.deepcopy(doc)
    with_b["group_b"] = {"table": "グループB", "countries": ["ZA", "TR"]}
    rs = parse_ruleset(with_b)
    groups = _groups(rs, ["ZA", "CN", "KR", "IR"])
    assert groups == {"ZA": "B", "CN": "C", "KR": "A", "IR": "concern"}
    assert "B/C" not in groups.values()
    with_b["group_b"]["countries"] = ["KR"]  # a Group A country cannot also be in Group B
    with pytest.raises(InvalidInput, match="group_b"):
        parse_ruleset(with_b)


def test_a_listed_classification_prints_its_ordinance_article(
    database_url: str, fixtures_dir: Path, tmp_path: Path
) -> None:
    from desk.services.users import add_user

    with open_context(database_url, actor="root") as ctx:
        add_user(ctx, "root", ["admin", "office"])
        add_user(ctx, "yamada", ["classification_officer"])
        add_user(ctx, "sato", ["classification_officer"])
        import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])
        assess_cases(ctx)
        with ctx.reading() as s:
            item_id = s.scalars(select(m.Case.technical_item_id)).one()
    with open_context(database_url, actor="yamada") as ctx:
        info = add_classification(
            ctx, {"result": "listed", "item": "7", "sub": "1"}, technical_item=item_id
        )
    assert info.article == "19" and info.article_display == "貨物等省令第19条"
    with open_context(database_url, actor="sato") as ctx:
        confirm_classification(ctx, info.id)
    out = tmp_path / "cls.pdf"
    with open_context(database_url, actor="root") as ctx:
        assess_cases(ctx)  # the classification's item (7の項(1)) is now the case's
        records.issue_record(ctx, "S02", "classification", "ja", out)
        english = tmp_path / "cls_en.pdf"
        records.issue_record(ctx, "S02", "classification", "en", english)
    assert "外為令別表の7の項(1)、貨物等省令第19条" in _text(out)
    # the English record's 判定根拠 is English
    text = _text(english)
    assert "ForeignExchangeOrder,AppendedTable,item7(1);MinisterialOrdinanceonGoodsand" in text
    assert "Technology,Article19" in text
    assert "外為令別表の7の項(1)" not in text and "貨物等省令第19条" not in text


def _text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join((p.extract_text() or "").split()) for p in reader.pages)

"""Record format 4's two red-flag questions on SQLite and PostgreSQL (issue 9): the sending
institution (派遣元・所属機関) and UN arms-embargo countries named (輸出令別表第3の2), answered
on the CLI, derived from the registered facts and the rule set's table, printed on the
事前確認シート and the 取引審査票; a record of format 3 does not carry them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest

from desk.cli.main import main
from desk.services import records
from desk.services.cases import assess_cases, import_cases
from desk.services.context import open_context

IRAQ = {
    "format": "desk-case/1",
    "id": "UN1",
    "title": "Visiting researcher from Iraq, listed technology",
    "as_of": "2026-09-01",
    "technology": {"title": "GaN MMIC layout rules", "classification": "listed", "item": "7"},
    "recipient": {
        "kind": "person",
        "name": "Ali Hassan",
        "nationalities": ["IQ"],
        "entered_japan_on": "2026-08-01",
        "affiliations": [
            {"name": "Ministry of Science and Technology", "country": "IQ", "kind": "government"}
        ],
    },
    "provision": {"place": "japan", "channels": ["lab_access"]},
}


def flat_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    case = tmp_path / "UN1.json"
    case.write_text(json.dumps(IRAQ), encoding="utf-8")
    with open_context(database_url) as ctx:
        import_cases(ctx, [case])
        assess_cases(ctx, lists=[])
    return database_url


def test_the_two_questions_are_derived_answered_and_printed_on_both_records(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", "transaction", "UN1", "--database", db]
    assert main([*argv, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    # an Iraqi ministry: a foreign government body; Iraq is in the rule set's 別表第3の2
    assert shown["derived_red_flags"]["sending_institution"] is True
    assert shown["derived_red_flags"]["un_embargo_country"] is True

    pre, scr = tmp_path / "pre.pdf", tmp_path / "scr.pdf"
    with open_context(db) as ctx:
        records.issue_record(ctx, "UN1", "precheck", "ja", pre)
        records.issue_record(ctx, "UN1", "screening", "ja", scr)
    question = "国連武器禁輸国・地域（輸出令別表第3の2）に該当しますか。"
    for path in (pre, scr):
        text = flat_text(path)
        assert question in text
        assert "はい（IQイラク）（登録情報から判断）" in text
        assert "派遣元・所属機関は外国ユーザーリストに掲載されている団体" in text
    assert "懸念確認事項" in flat_text(scr)  # the 取引審査票 prints them from format 4 on

    # the office answers: its answer prints without 「登録情報から判断」
    assert main([*argv, "--red-flag", "sending_institution=no"]) == 0
    capsys.readouterr()
    again = tmp_path / "scr2.pdf"
    with open_context(db) as ctx:
        records.issue_record(ctx, "UN1", "screening", "ja", again)
        # both records issued before the answer still re-create
        assert records.verify_record(ctx, pre).ok
        assert "unaltered" in records.verify_record(ctx, scr).message
        assert "unaltered" in records.verify_record(ctx, again).message
    text = flat_text(again)
    institution = "これらと密接な関係のある機関ですか。"
    after = text.split(institution)[1]
    assert after.split("?")[1].startswith("いいえ")
    assert not after.split("?")[1].startswith("いいえ（")


def test_the_embargo_table_is_the_rule_sets(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names come from the rule set the case was judged by, not from desk's code: a rule set
    whose 別表第3の2 leaves Iraq out answers no."""
    import dataclasses

    from desk.services.records import facts

    real = facts._ruleset

    def without_iraq(version: str | None) -> object:
        rs = real(version)
        assert rs is not None and "IQ" in rs.un_arms_embargo
        return dataclasses.replace(rs, un_arms_embargo=rs.un_arms_embargo - {"IQ"})

    monkeypatch.setattr(facts, "_ruleset", without_iraq)
    out = tmp_path / "pre.pdf"
    with open_context(db) as ctx:
        records.issue_record(ctx, "UN1", "precheck", "ja", out)
    text = flat_text(out)
    answer = text.split(
        "経由地のいずれかが国連武器禁輸国・地域（輸出令別表第3の2）に該当しますか。"
    )[1]
    assert answer.split("?")[1].startswith("いいえ（登録情報から判断）")


def test_a_record_with_a_persian_name_verifies_and_reads_in_logical_order(
    database_url: str, tmp_path: Path
) -> None:
    """Format 4 draws right-to-left words with /ActualText; the record still re-creates byte
    for byte, and pypdf reads the name in logical order (folded to base letters)."""
    import unicodedata

    case = tmp_path / "FA1.json"
    doc = {**IRAQ, "id": "FA1"}
    doc["recipient"] = {**IRAQ["recipient"], "name": "محمد رضا احمدی", "nationalities": ["IR"]}
    case.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "scr.pdf"
    with open_context(database_url) as ctx:
        import_cases(ctx, [case])
        assess_cases(ctx, lists=[])
        records.issue_record(ctx, "FA1", "screening", "ja", out)
        assert "unaltered" in records.verify_record(ctx, out).message
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    raw = "".join(p.get_contents().get_data().decode("latin-1") for p in reader.pages)  # type: ignore[union-attr]
    assert "/ActualText <FEFF" in raw
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    assert "محمد رضا احمدی" in text

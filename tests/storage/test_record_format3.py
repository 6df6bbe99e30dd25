"""Records of format 3 issued by an earlier desk re-create byte for byte (issue 9): the English
該非判定票 issued before its 判定根拠 was printed in English (the regression of commit 5d7e59e),
and format 3 records issued after, even once the office answers the two red-flag questions
that record format 4 added. Fixtures and their provenance: tests/fixtures/records/README.md."""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path

import pypdf
import pytest

from desk.services import records
from desk.services.context import open_context

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"
KINDS = ("classification-en", "precheck-ja", "screening-ja")


def unpack(prefix: str, folder: Path) -> str:
    db = folder / f"{prefix}.sqlite3"
    db.write_bytes(gzip.decompress((FIXTURES / f"{prefix}.sqlite3.gz").read_bytes()))
    for kind in KINDS:
        shutil.copy(FIXTURES / f"{prefix}-{kind}.pdf", folder / f"{prefix}-{kind}.pdf")
    return f"sqlite:///{db}"


def flat(path: Path) -> str:
    pages = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    return "".join("".join((p.extract_text() or "").split()) for p in pages)


@pytest.fixture(autouse=True)
def _no_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DESK_TIMEZONE", raising=False)
    monkeypatch.delenv("DESK_INSTITUTION", raising=False)


@pytest.mark.parametrize("prefix", ["v3a", "v3b"])
def test_records_of_format_3_re_create_byte_for_byte(prefix: str, tmp_path: Path) -> None:
    url = unpack(prefix, tmp_path)
    with open_context(url) as ctx:
        for kind in KINDS:
            result = records.verify_record(ctx, tmp_path / f"{prefix}-{kind}.pdf")
            assert result.ok and "unaltered" in result.message, (kind, result.message)


def test_the_english_classification_record_of_before_keeps_its_japanese_basis(
    tmp_path: Path,
) -> None:
    unpack("v3a", tmp_path)
    text = flat(tmp_path / "v3a-classification-en.pdf")
    assert "判定根拠Basis外為令別表の7の項(1)判定に用いた省令の版" in text  # as issued
    unpack("v3b", tmp_path)
    text = flat(tmp_path / "v3b-classification-en.pdf")
    assert "MinisterialOrdinanceonGoodsandTechnology,Article19" in text


def test_a_new_english_classification_record_prints_the_english_basis(tmp_path: Path) -> None:
    url = unpack("v3a", tmp_path)
    out = tmp_path / "new.pdf"
    with open_context(url, actor="root") as ctx:
        records.issue_record(ctx, "S02", "classification", "en", out)
        assert records.verify_record(ctx, out).ok
    text = flat(out)
    assert "判定根拠BasisForeignExchangeOrder,AppendedTable,item7(1)判定に用いた" in text
    assert "外為令別表の7の項(1)" not in text


@pytest.mark.parametrize("prefix", ["v3a", "v3b"])
def test_answers_to_the_questions_of_format_4_leave_format_3_records_as_issued(
    prefix: str, tmp_path: Path
) -> None:
    url = unpack(prefix, tmp_path)
    with open_context(url, actor="root") as ctx:
        records.record_transaction_check(
            ctx, "S02", red_flags={"sending_institution": True, "un_embargo_country": False}
        )
        for kind in ("precheck-ja", "screening-ja"):
            result = records.verify_record(ctx, tmp_path / f"{prefix}-{kind}.pdf")
            assert "unaltered" in result.message, (kind, result.message)
        # a record issued now is of format 4 and prints the office's answers
        out = tmp_path / "now.pdf"
        records.issue_record(ctx, "S02", "screening", "ja", out)
    text = flat(out)
    assert "兵器製造業者若しくはこれらと密接な関係のある機関ですか。" in text
    assert "懸念確認事項" in text
    assert "懸念確認事項" not in flat(tmp_path / f"{prefix}-screening-ja.pdf")

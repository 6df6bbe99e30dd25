"""The PDF records and the audit report, rendered from hand-built data (no database)."""

from __future__ import annotations

import dataclasses
import io
import re

import pypdf
import pytest

from desk.domain.errors import InvalidInput, MissingGlyph
from desk.reports.audit import fiscal_year_of, overdue, render_audit, sample
from desk.reports.data import fingerprint
from desk.reports.records import render_record
from desk.reports.sample import sample_audit, sample_record

BASE14 = {
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman",
    "Times-Bold", "Times-Italic", "Times-BoldItalic", "Courier", "Courier-Bold", "Courier-Oblique",
    "Courier-BoldOblique", "Symbol", "ZapfDingbats",
}  # fmt: skip


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def fonts_of(pdf: bytes) -> list[dict[str, object]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: dict[str, dict[str, object]] = {}
    for page in reader.pages:
        res = page["/Resources"].get_object()
        for ref in (res.get("/Font") or {}).values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else None
            found[str(font["/BaseFont"])] = {
                "subtype": str(font["/Subtype"]),
                "embedded_truetype": desc is not None and "/FontFile2" in desc,
                "cff": desc is not None and "/FontFile3" in desc,
            }
    return [{"name": k, **v} for k, v in found.items()]


@pytest.fixture(scope="module")
def screening_ja() -> bytes:
    return render_record(sample_record("screening", "ja"))


def test_screening_record_prints_labels_names_reasons_and_versions(screening_ja: bytes) -> None:
    text = text_of(screening_ja)
    for label in (
        "取引審査票",
        "Transaction screening sheet",
        "リスト照合結果",
        "キャッチオール規制の確認",
        "二次審査",
    ):
        assert label in text
    assert "王 子涵" in text  # simplified Chinese
    assert "清华大学" in text and "國立臺灣大學" in text  # simplified and traditional
    assert "김민준" in text  # Korean reviewer
    assert "จุฬาลงกรณ์มหาวิทยาลัย" in text  # Thai affiliation
    assert "Северный научный институт" in text  # Cyrillic list entry
    assert "入国後6か月未満の外国人は非居住者として扱う" in text  # engine reason, Japanese
    assert "外国為替法令の解釈及び運用について 6-1-5" in text  # its citation
    assert "許可申請要（リスト規制）" in text.replace(" ", "")  # outcome label
    assert "DESK-2026-SCR-000001" in text
    assert "jp-fefta 2025-10-09" in text and "外国ユーザーリスト（2025年9月29日公表）" in text
    assert fingerprint(sample_record("screening", "ja")) in text


def test_english_record_keeps_japanese_labels_but_english_values() -> None:
    text = text_of(render_record(sample_record("screening", "en")))
    assert "取引審査票" in text and "Transaction screening sheet" in text
    flat = " ".join(text.split())
    assert "A foreign national less than six months after entry is a non-resident" in flat
    assert "Licence required (list control)" in text
    assert "入国後6か月未満" not in text


@pytest.mark.parametrize("kind", ["precheck", "classification", "screening"])
def test_every_font_is_an_embedded_truetype_subset(kind: str) -> None:
    found = fonts_of(render_record(sample_record(kind, "ja")))
    assert found
    for font in found:
        name = str(font["name"]).lstrip("/")
        assert name.split("+")[-1] not in BASE14, font
        assert re.match(r"[A-Z]{6}\+", name), f"not a subset: {name}"
        assert font["subtype"] == "/TrueType" and font["embedded_truetype"] and not font["cff"], (
            font
        )


def test_audit_report_fonts_are_embedded_too() -> None:
    for font in fonts_of(render_audit(sample_audit(60))):
        assert font["embedded_truetype"], font
        assert str(font["name"]).lstrip("/").split("+")[-1] not in BASE14


def test_precheck_sheet_has_red_flag_questions_and_certification() -> None:
    text = text_of(render_record(sample_record("precheck", "ja")))
    assert "事前確認シート" in text
    assert "所属機関は外国ユーザーリストに掲載されていますか" in text
    assert "外国の軍・兵器製造業者又はこれらと密接な関係のある機関との関係がありますか" in text
    assert "上記の記載内容は事実に相違ありません" in text
    assert "山田 太郎" in text and "工学研究科" in text


def test_classification_sheet_has_basis_evidence_and_signatures() -> None:
    text = text_of(render_record(sample_record("classification", "en")))
    assert "該非判定票" in text
    assert "パラメータシート MMIC-28G" in text
    assert "佐藤 花子" in text
    assert "Listed" in text and "Appended Table, item 7(1)" in text


def test_persian_name_is_shaped_not_boxed() -> None:
    text = text_of(render_record(sample_record("screening", "ja")))
    # shaped Arabic script is drawn with contextual presentation forms (U+FB50–U+FEFF)
    assert re.search("[\ufb50-\ufeff]{3,}", text)


def test_same_data_gives_identical_bytes() -> None:
    a = render_record(sample_record("screening", "ja"))
    b = render_record(sample_record("screening", "ja"))
    assert a == b
    assert b"/CreationDate (D:20260902013000+00'00')" in a


def test_changed_data_changes_the_fingerprint_and_the_file() -> None:
    rec = sample_record("screening", "ja")
    other = dataclasses.replace(rec, facts=dataclasses.replace(rec.facts, decision="STOP"))
    assert fingerprint(rec) != fingerprint(other)
    assert render_record(rec) != render_record(other)


def test_a_name_no_font_can_draw_is_an_error_naming_the_field() -> None:
    rec = sample_record("screening", "ja")
    bad = dataclasses.replace(
        rec,
        case=dataclasses.replace(
            rec.case, recipient=dataclasses.replace(rec.case.recipient, name="Ashoka 𑀅𑀰𑁄𑀓")
        ),
    )  # Brahmi
    with pytest.raises(MissingGlyph, match=r"recipient\.name"):
        render_record(bad)


def test_unknown_kind_or_language_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="kind"):
        sample_record("invoice", "ja")
    with pytest.raises(InvalidInput, match="language"):
        sample_record("screening", "fr")


def test_long_tables_repeat_their_header_and_pages_are_numbered() -> None:
    rec = sample_record("screening", "ja")
    hits = [
        {
            "list": "jp-eul",
            "entry": str(i),
            "name": f"Entity number {i}",
            "score": 0.9,
            "categories": ["M"],
        }
        for i in range(120)
    ]
    long = dataclasses.replace(rec, assessment={**rec.assessment, "list_hits": hits})
    pdf = render_record(long)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 4
    pages = [p.extract_text() for p in reader.pages]
    for n, page in enumerate(pages, 1):
        assert f"{n} / {total}" in page
    with_hits = [p for p in pages if "Entity number" in p]
    assert len(with_hits) >= 2
    assert all("掲載名称" in p for p in with_hits)  # the header row, again on each page


def test_audit_report_counts_sample_and_overdue() -> None:
    data = sample_audit(300)
    pdf = render_audit(data)
    text = text_of(pdf)
    assert "輸出管理内部監査報告書" in text
    assert "2026年4月1日〜2027年3月31日" in text
    assert "部局別件数" in text and "工学研究科" in text
    assert "監査用無作為抽出" in text
    chosen = sample(data)
    assert len(chosen) == 20 and all(c.case_id in text for c in chosen)
    assert sample(data) == chosen  # seeded: the auditor can draw it again
    assert sample(dataclasses.replace(data, seed="other")) != chosen
    late = overdue(data)
    assert late and all(not c.closed and c.review_on and c.review_on < data.as_of for c, _ in late)
    assert render_audit(data) == pdf


def test_fiscal_year_runs_april_to_march() -> None:
    import datetime as dt

    assert fiscal_year_of(dt.date(2026, 3, 31)) == 2025
    assert fiscal_year_of(dt.date(2026, 4, 1)) == 2026

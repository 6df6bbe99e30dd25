"""The audit report's statistics and the internal audit it prints, read from the PDF text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pypdf
import pytest

from desk.reports.audit import (
    AuditCase,
    AuditData,
    audit_fingerprint,
    in_year,
    render_audit,
)
from desk.reports.audit.cells import pack, tokens
from desk.reports.sample import sample_audit, sample_internal_audit


def pages_of(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return "\n".join(pages_of(pdf))


def section(text: str, start: str, end: str) -> str:
    """The text between two headings."""
    i = text.index(start)
    return text[i : text.index(end, i)]


def data(cases: list[AuditCase], **kw: object) -> AuditData:
    base = dict(
        fiscal_year=2026,
        document_number="DESK-2026-AUD-000001",
        lang="ja",
        generated_at=dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC),
        cases=tuple(cases),
        institution="北関東科学技術大学",
    )
    base.update(kw)
    return AuditData(**base)  # type: ignore[arg-type]


def case(n: int, day: dt.date, outcome: str, **kw: object) -> AuditCase:
    return AuditCase(case_id=f"C-{n:03d}", judged_on=day, outcome=outcome, risk="R1", **kw)  # type: ignore[arg-type]


def test_outcomes_and_decisions_are_counted_in_separate_tables() -> None:
    cases = [
        case(1, dt.date(2026, 5, 1), "LICENSE_REQUIRED", review_decision="approve"),
        case(2, dt.date(2026, 6, 1), "HOLD", review_decision="reject"),
        case(3, dt.date(2026, 7, 1), "HOLD"),
    ]
    text = text_of(render_audit(data(cases)))
    outcomes = section(
        text, "判定結果別件数（システムによる判定）", "決定別件数（審査者による決定）"
    )
    decisions = section(text, "決定別件数（審査者による決定）", "キャッチオール規制の区分別件数")
    # the engine's table knows only outcomes, the reviewers' only decisions
    assert "不承認" not in outcomes and "承認" not in outcomes
    assert "許可申請要（リスト規制） 1 33.3 %" in outcomes
    assert "合計 3 100 %" in outcomes
    assert "不承認" in decisions and "未決定" in decisions and "承認" in decisions
    assert "許可申請要" not in decisions and "保留" not in decisions.replace("合計", "")
    assert "承認 1 33.3 %" in decisions and "未決定 1 33.3 %" in decisions
    assert "合計 3 100 %" in decisions


def test_only_cases_judged_in_the_year_and_up_to_the_report_date_count() -> None:
    report_day = dt.date(2026, 12, 7)
    cases = [
        case(1, dt.date(2026, 3, 31), "HOLD"),  # FY2025
        case(2, dt.date(2026, 4, 1), "HOLD"),  # first day
        case(3, report_day, "HOLD"),  # the report's own day
        case(4, report_day + dt.timedelta(days=1), "HOLD"),  # after the report
        case(5, dt.date(2027, 4, 1), "HOLD"),  # FY2027
    ]
    d = data(cases)
    assert d.as_of == report_day
    assert [c.case_id for c in in_year(d)] == ["C-002", "C-003"]
    text = text_of(render_audit(d))
    assert "件数\nCases\n2\n" in text
    for absent in ("C-001", "C-004", "C-005"):
        assert absent not in text


def test_catch_all_track_is_visible_in_statistics_and_licence_table() -> None:
    cases = [
        case(1, dt.date(2026, 5, 1), "LICENSE_REQUIRED_CATCHALL", catchall_track="wmd"),
        case(2, dt.date(2026, 5, 2), "LICENSE_REQUIRED_CATCHALL", catchall_track="conventional"),
        case(3, dt.date(2026, 5, 3), "LICENSE_REQUIRED_CATCHALL", catchall_track="conventional"),
    ]
    text = text_of(render_audit(data(cases)))
    outcomes = section(text, "判定結果別件数（システムによる判定）", "決定別件数")
    assert "許可申請要（キャッチオール規制・大量破壊兵器等） 1 33.3 %" in outcomes
    assert "許可申請要（キャッチオール規制・通常兵器） 2 66.7 %" in outcomes
    tracks = section(text, "キャッチオール規制の区分別件数", "リスク別件数")
    assert "大量破壊兵器等 1 33.3 %" in tracks and "通常兵器 2 66.7 %" in tracks
    licences = section(text, "許可申請要・許可取得案件", "再確認日を過ぎた案件").replace("\n", "")
    assert "大量破壊兵器等" in licences and "通常兵器" in licences


def test_an_empty_year_shows_a_dash_not_100_percent() -> None:
    text = text_of(render_audit(data([])))
    assert "100 %" not in text and "100.0 %" not in text
    assert text.count("合計 0 —") >= 5  # outcomes, decisions, tracks, risk, department…


def test_licence_numbers_and_japanese_names_are_not_broken_mid_token() -> None:
    long_dept = "大学院先端融合科学技術研究科"
    cases = [
        case(
            i,
            dt.date(2026, 5, i),
            "LICENSE_REQUIRED",
            licence="held",
            licence_number=f"METI-2026-ABCDEFGH-{i:06d}",
            department=long_dept,
            title="研究協力",
        )
        for i in range(1, 4)
    ]
    text = text_of(render_audit(data(cases)))
    licences = section(text, "許可申請要・許可取得案件", "再確認日を過ぎた案件")
    for i in range(1, 4):
        assert f"METI-2026-ABCDEFGH-{i:06d}" in licences  # one line, whole
    assert licences.count(long_dept) == 3  # the name is set smaller, not cut


def test_tokens_break_at_spaces_and_punctuation_only() -> None:
    assert tokens("取得済 METI-2026-000123") == ["取得済", " ", "METI-2026-000123"]
    assert tokens("工学研究科、理学研究科") == ["工学研究科、", "理学研究科"]
    assert tokens("許可申請要（リスト規制）") == ["許可申請要", "（リスト規制）"]
    # prose may break between Japanese characters, never before 、 or inside Latin words
    assert "、" not in tokens("二件、ABC-1", prose=True)[1:2]
    assert "ABC-1" in tokens("二件、ABC-1", prose=True)
    lines, size = pack("METI-2026-000123", 60, field="t")
    assert lines == ["METI-2026-000123"] and size < 8.5


def body_heights(page: pypdf.PageObject) -> list[float]:
    """Where the page's text lines sit (points from the bottom), the footer left out."""
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y > 25 * 72 / 25.4:  # above the footer
            ys.append(y)

    page.extract_text(visitor_text=visit)
    return ys


def test_no_page_but_the_last_is_mostly_blank() -> None:
    pdf = render_audit(sample_audit(300))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    height = float(reader.pages[0].mediabox.height)
    lowest: list[float] = []
    for page in reader.pages[:-1]:
        ys = body_heights(page)
        lowest.append(min(ys))
    assert len(lowest) >= 3
    # the body reaches the bottom quarter of every page that is followed by another
    assert all(y < height / 4 for y in lowest), lowest


def test_the_internal_audit_is_printed_beside_the_statistics() -> None:
    d = sample_audit(40)
    text = text_of(render_audit(d)).replace("\n", "")
    for expected in (
        "内部監査の計画と実施",
        "IA-2026-01",
        "監査 太郎、検査 花子",
        "2027年3月2日",
        "監査チェックリスト",
        "取引審査票に二次審査の記録があるか。",
        "不適",
        "指摘事項と是正措置",
        "二次審査の署名が欠けた取引審査票がある。",
        "輸出管理事務局",
        "2027年4月30日",
        "未完了",
        "未承認",
        "監査証跡の先頭（発行時）",
        "1234 · " + "ab" * 32,
        "判定結果別件数（システムによる判定）",
        "監査用無作為抽出",
    ):
        assert expected in text, expected
    assert "この年度の内部監査は記録されていない。" in text_of(
        render_audit(dataclasses.replace(d, audit=None))
    ).replace("\n", "")


def test_the_internal_audit_is_part_of_the_fingerprint() -> None:
    d = sample_audit(20)
    signed = dataclasses.replace(
        d,
        audit=dataclasses.replace(
            sample_internal_audit(), signed_off_by="監査 太郎", signed_off_on=dt.date(2027, 3, 9)
        ),
    )
    assert audit_fingerprint(signed) != audit_fingerprint(d)
    assert audit_fingerprint(dataclasses.replace(d, chain_seq=1)) != audit_fingerprint(d)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_both_languages_render_the_audit(lang: str) -> None:
    text = text_of(render_audit(sample_audit(30, lang=lang)))
    assert ("Findings and corrective actions" in text) and ("Audit checklist" in text)

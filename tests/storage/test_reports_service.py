"""Issuing, verifying and auditing records from a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import func, select

from desk.domain.errors import InvalidInput, NotFound
from desk.services.cases import assess_cases, get_case, import_cases, save_case
from desk.services.context import ServiceContext, open_context
from desk.services.records import audit_report, issue_all, issue_record, verify_record
from desk.storage import models as m

CASES = ("S02", "S03", "S10")


@pytest.fixture
def ctx(database_url: str, fixtures_dir: Path) -> Iterator[ServiceContext]:
    context = open_context(database_url, actor="office")
    import_cases(context, [fixtures_dir / "cases" / f"{ref}.json" for ref in CASES])
    assess_cases(context)
    try:
        yield context
    finally:
        context.close()


def text_of(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


def issued_count(ctx: ServiceContext) -> int:
    with ctx.reading() as session:
        return int(session.scalar(select(func.count()).select_from(m.IssuedRecord)) or 0)


def test_issued_record_prints_the_case_and_verifies(ctx: ServiceContext, tmp_path: Path) -> None:
    out = tmp_path / "S02.pdf"
    info = issue_record(ctx, "S02", "screening", "ja", out)
    text = text_of(out)
    assert "取引審査票" in text and "王 子涵" in text
    assert info.document_number in text and info.sha256 in text
    assert issued_count(ctx) == 1
    result = verify_record(ctx, out)
    assert result.ok and result.case_ref == "S02" and "unaltered" in result.message


def test_a_tampered_file_is_rejected(ctx: ServiceContext, tmp_path: Path) -> None:
    out = tmp_path / "S02.pdf"
    issue_record(ctx, "S02", "precheck", "en", out)
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    result = verify_record(ctx, tampered)
    assert not result.ok and "ALTERED" in result.message


def test_a_case_changed_after_issue_is_reported(ctx: ServiceContext, tmp_path: Path) -> None:
    out = tmp_path / "S03.pdf"
    issue_record(ctx, "S03", "classification", "ja", out)
    case = get_case(ctx, "S03")
    from dataclasses import replace

    save_case(ctx, replace(case, title="changed afterwards"))
    # the file is still the one issued (its hash was stored) but can no longer be re-created
    result = verify_record(ctx, out)
    assert result.ok and "cannot be re-created" in result.message and "changed" in result.message
    data = bytearray(out.read_bytes())
    data[100] ^= 0x01
    out.write_bytes(bytes(data))
    result = verify_record(ctx, out)
    assert not result.ok and "ALTERED" in result.message


def test_unknown_case_and_unassessed_case_store_nothing(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    with pytest.raises(NotFound, match="NOPE"):
        issue_record(ctx, "NOPE", "screening", "ja", tmp_path / "x.pdf")
    with pytest.raises(InvalidInput, match="kind"):
        issue_record(ctx, "S02", "invoice", "ja", tmp_path / "x.pdf")
    with pytest.raises(InvalidInput, match="does not exist"):
        issue_record(ctx, "S02", "screening", "ja", tmp_path / "missing" / "x.pdf")
    assert issued_count(ctx) == 0
    assert not (tmp_path / "x.pdf").exists()


def test_all_records_are_issued_with_progress_and_distinct_numbers(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    run = issue_all(ctx, tmp_path / "out", progress=lambda d, t: seen.append((d, t)))
    assert len(run.records) == len(CASES) * 3
    assert seen[-1] == (9, 9)
    assert len({r.document_number for r in run.records}) == 9
    assert issued_count(ctx) == 9
    for rec in run.records[:3]:
        assert rec.path is not None and verify_record(ctx, rec.path).ok


def test_audit_report_counts_the_fiscal_year(ctx: ServiceContext, tmp_path: Path) -> None:
    out = tmp_path / "audit.pdf"
    info = audit_report(ctx, 2026, out, lang="en")
    text = text_of(out)
    assert "Export-control internal audit report" in text
    assert info.cases == sum(1 for ref in CASES if ref in text)
    assert info.cases >= 1
    # the audit report verifies like a record (tests/storage/test_internal_audit.py)
    result = verify_record(ctx, out)
    assert result.ok and "unaltered" in result.message


def test_verification_speaks_japanese(ctx: ServiceContext, tmp_path: Path) -> None:
    from desk.domain.i18n import set_language

    out = tmp_path / "S10.pdf"
    issue_record(ctx, "S10", "screening", "ja", out)
    out.write_bytes(out.read_bytes().replace(b"/Producer", b"/Producex"))
    set_language("ja")
    try:
        result = verify_record(ctx, out)
    finally:
        set_language("en")
    assert not result.ok and "改変あり" in result.message


def test_a_failure_half_way_leaves_no_file_and_no_row(ctx: ServiceContext, tmp_path: Path) -> None:
    from dataclasses import replace

    save_case(ctx, replace(get_case(ctx, "S10"), title="edited, not assessed again"))
    out = tmp_path / "out"
    with pytest.raises(InvalidInput, match="S10"):
        issue_all(ctx, out)  # S02 and S03 render first, then S10 is refused
    assert list(out.iterdir()) == []
    assert issued_count(ctx) == 0

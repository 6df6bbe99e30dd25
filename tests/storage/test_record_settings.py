"""Record format 3 from the database: the stored institution, the audit head and the other
records' numbers are printed and verified without the environment (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from desk.cli.main import main
from desk.domain.errors import InvalidInput
from desk.services import records
from desk.services.cases import assess_cases, import_cases
from desk.services.context import open_context


def text_of(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.fixture
def db(database_url: str, fixtures_dir: Path) -> str:
    with open_context(database_url) as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / "S02.json"])
        assess_cases(ctx)
    return database_url


def test_the_stored_institution_is_printed_and_verified_without_the_environment(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DESK_INSTITUTION", raising=False)
    assert main(["settings", "set", "institution", "北関東科学技術大学", "--database", db]) == 0
    assert main(["settings", "show", "--json", "--database", db]) == 0
    assert "北関東科学技術大学" in capsys.readouterr().out
    pre, scr = tmp_path / "pre.pdf", tmp_path / "scr.pdf"
    with open_context(db) as ctx:
        first = records.issue_record(ctx, "S02", "precheck", "ja", pre)
        records.issue_record(ctx, "S02", "screening", "ja", scr)
    text = text_of(scr)
    assert "北関東科学技術大学" in text
    assert first.document_number in text  # the screening sheet cites the pre-check sheet
    assert "発行時の監査ログ先頭ハッシュ値" in text
    monkeypatch.setenv("DESK_INSTITUTION", "Somewhere Else")  # neither matters to verify
    assert main(["settings", "set", "institution", "", "--database", db]) == 0
    with open_context(db) as ctx:
        for path in (pre, scr):
            result = records.verify_record(ctx, path)
            assert result.ok and "unaltered" in result.message, result.message


def test_verify_refuses_a_file_that_is_not_a_desk_record(db: str, tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with open_context(db) as ctx, pytest.raises(InvalidInput, match="not a record issued by desk"):
        records.verify_record(ctx, other)
    assert main(["report", "verify", str(other), "--database", db]) == 2


def test_an_unknown_setting_is_refused(db: str) -> None:
    with open_context(db) as ctx, pytest.raises(InvalidInput, match="colour"):
        records.set_office_setting(ctx, "colour", "blue")


def test_transaction_facts_print_on_the_screening_sheet_and_stay_as_issued(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", "transaction", "S02", "--database", db]
    assert (
        main(
            [
                *argv,
                "--end-use",
                "博士論文のための回路設計演習",
                "--document",
                "誓約書",
                "--document",
                "研究計画書",
                "--confirm",
                "end_use_explained",
                "--json",
            ]
        )
        == 0
    )
    shown = capsys.readouterr().out
    assert "博士論文のための回路設計演習" in shown and '"end_use_explained": true' in shown
    assert main(["settings", "set", "copies_kept", "輸出管理室の書庫", "--database", db]) == 0
    out = tmp_path / "scr.pdf"
    with open_context(db) as ctx:
        records.issue_record(ctx, "S02", "screening", "ja", out)
    text = text_of(out)
    assert "博士論文のための回路設計演習" in text and "誓約書、研究計画書" in text
    assert "輸出管理室の書庫" in text and "確認済み" in text
    # the facts change (the provision is cancelled): the issued record still re-creates
    assert main([*argv, "--cancelled-on", "2026-09-20"]) == 0
    assert main(["settings", "set", "copies_kept", "", "--database", db]) == 0
    with open_context(db) as ctx:
        result = records.verify_record(ctx, out)
        assert result.ok and "unaltered" in result.message, result.message
        later = tmp_path / "scr2.pdf"
        records.issue_record(ctx, "S02", "screening", "ja", later)
    assert "輸出取りやめCancelled2026年9月20日" in text_of(later)


def test_a_bad_checklist_item_or_date_is_refused(db: str) -> None:
    with open_context(db) as ctx, pytest.raises(InvalidInput, match="checklist"):
        records.record_transaction_check(ctx, "S02", confirmed=["nonsense"])
    argv = ["report", "transaction", "S02", "--cancelled-on", "2026-13-01", "--database", db]
    assert main(argv) == 2

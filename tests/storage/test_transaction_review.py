"""取引審査 facts: the red-flag answers the office records are printed on the 事前確認シート
(nothing it answered prints 未回答), the answers desk derives are offered for the form, and
two processes issuing records or audit reports at once both get numbers (SQLite and
PostgreSQL)."""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path
from typing import Any

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


def test_red_flag_answers_are_stored_audited_and_printed(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", "transaction", "S02", "--database", db]
    assert main([*argv, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    # derived from the registered facts: a Chinese national at a Japanese university, no hit
    assert shown["derived_red_flags"] == {
        "eul_affiliation": False,
        "sending_institution": False,  # screened, no hit, not a government body
        "concern_country": False,
        "un_embargo_country": False,  # no country of the rule set's 別表第3の2 named
        "purpose_unclear": None,  # nothing registered says what the purpose is
        "military_tie": False,
        "other_concern": False,
    }
    assert (
        shown["registered_end_user"] == "王 子涵（Kita-Kanto Institute of Science and Technology）"
    )
    before = tmp_path / "pre1.pdf"
    with open_context(db) as ctx:
        records.issue_record(ctx, "S02", "precheck", "ja", before)
    assert "未回答" in text_of(before)

    assert main([*argv, "--red-flag", "purpose_unclear=no", "--red-flag", "other_concern=yes"]) == 0
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["red_flags"] == {"purpose_unclear": False, "other_concern": True}
    after = tmp_path / "pre2.pdf"
    with open_context(db) as ctx:
        records.issue_record(ctx, "S02", "precheck", "ja", after)
        events = [e for e in records_events(ctx) if e["action"] == "case.transaction_check"]
    text = text_of(after)
    assert "未回答" not in text
    # the office's answer prints without "from the registered facts"; a derived one with it
    other = "その他の懸念情報がありますか。Isthereanyotherconcerninformation?"
    assert other + "はい" in text and other + "はい（登録情報から判断）" not in text
    assert "目的や派遣元が不明確ですか。Isthepurposeorthesendingorganisationunclear?いいえ" in text
    assert "掲載されていますか。IstheaffiliationontheEndUserList?いいえ（登録情報から判断）" in text
    assert events and events[-1]["details"]["red_flags"] == {
        "purpose_unclear": False,
        "other_concern": True,
    }
    # cleared again: the question is unanswered (derived where it can be)
    assert main([*argv, "--red-flag", "purpose_unclear=clear"]) == 0
    with open_context(db) as ctx:
        assert dict(records.transaction_facts(ctx, "S02").red_flags) == {"other_concern": True}
        # the record issued with the answers still re-creates
        assert records.verify_record(ctx, after).ok


def records_events(ctx: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from desk.storage import models as m

    with ctx.reading() as s:
        rows = s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.seq)).all()
        return [{"action": r.action, "details": r.details} for r in rows]


def test_a_bad_red_flag_is_refused_and_nothing_is_stored(db: str) -> None:
    argv = ["report", "transaction", "S02", "--database", db]
    assert main([*argv, "--red-flag", "purpose_unclear=maybe"]) == 2
    assert main([*argv, "--red-flag", "nonsense=yes"]) == 2
    with open_context(db) as ctx:
        with pytest.raises(InvalidInput, match="red-flag"):
            records.record_transaction_check(ctx, "S02", red_flags={"nonsense": True})
        assert records.transaction_facts(ctx, "S02").check_id == 0


def test_a_researcher_cannot_record_the_transaction_review(db: str) -> None:
    from desk.services.users import add_user

    with open_context(db) as ctx:
        add_user(ctx, "res1", ["researcher"])
    with open_context(db, actor="res1") as ctx, pytest.raises(Exception, match=r"role|may not"):
        records.record_transaction_check(ctx, "S02", red_flags={"purpose_unclear": False})


def _slow_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widen the window between numbering and storing, as a slow machine would."""
    from desk.services.records import annual_report, issuing

    real_record, real_audit = issuing.render_record, annual_report.render_audit

    def slow_record(data: Any) -> bytes:
        time.sleep(0.3)
        return real_record(data)

    def slow_audit(data: Any) -> bytes:
        time.sleep(0.3)
        return real_audit(data)

    monkeypatch.setattr(issuing, "render_record", slow_record)
    monkeypatch.setattr(annual_report, "render_audit", slow_audit)


def _at_once(*works: Any) -> list[Any]:
    barrier = threading.Barrier(len(works))
    results: list[Any] = [None] * len(works)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = works[i]()
        except BaseException as exc:  # reported below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_issuers_at_once_both_get_distinct_numbers(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_render(monkeypatch)

    def issue(name: str) -> Any:
        with open_context(db) as ctx:
            return records.issue_record(ctx, "S02", "screening", "ja", tmp_path / name)

    def audit(name: str) -> Any:
        with open_context(db) as ctx:
            return records.audit_report(ctx, 2026, tmp_path / name, lang="ja")

    results = _at_once(lambda: issue("a.pdf"), lambda: issue("b.pdf"))
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert len({r.document_number for r in results}) == 2
    # the fast path (Core) takes the same head lock and reads the same numbers
    fast = _at_once(
        lambda: issue("c.pdf"),
        lambda: records.issue_record_fast(db, "S02", "screening", "ja", tmp_path / "d.pdf"),
    )
    assert not [r for r in fast if isinstance(r, BaseException)], fast
    assert None not in fast  # both issued: the fast one did not fall back
    assert len({r.document_number for r in results + fast}) == 4
    reports = _at_once(lambda: audit("x.pdf"), lambda: audit("y.pdf"))
    assert not [r for r in reports if isinstance(r, BaseException)], reports
    assert len({r.document_number for r in reports}) == 2

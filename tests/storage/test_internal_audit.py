"""The internal audit kept in the database, its roles, and the audit report that prints it
and verifies like a record (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from desk.cli.main import main
from desk.domain.errors import InvalidInput, NotFound, PermissionDenied
from desk.services.cases import assess_cases, get_case, import_cases, save_case
from desk.services.context import ServiceContext, open_context
from desk.services.internal_audit import (
    add_action,
    add_finding,
    close_action,
    create_audit,
    get_audit,
    list_audits,
    set_check,
    sign_off,
)
from desk.services.records import audit_report, verify_record
from desk.services.reviews import add_user, decide_case, review_state, submit_case
from desk.storage import models as m

CASES = ("S02", "S03", "S10")


@pytest.fixture
def url(database_url: str, fixtures_dir: Path) -> str:
    with open_context(database_url, actor="office1") as ctx:
        import_cases(ctx, [fixtures_dir / "cases" / f"{ref}.json" for ref in CASES])
        assess_cases(ctx)
        # the cases the office submits are the office's department's (ENG): dean reviews them
        add_user(ctx, "office1", ["office"], display_name="輸出管理室 担当", department="ENG")
        add_user(ctx, "kansa", ["auditor"], display_name="監査 太郎")
        add_user(
            ctx, "dean", ["dept_head", "chief"], display_name="工学部長 山田", department="ENG"
        )
    return database_url


@pytest.fixture
def auditor(url: str) -> Iterator[ServiceContext]:
    with open_context(url, actor="kansa") as ctx:
        yield ctx


@pytest.fixture
def office(url: str) -> Iterator[ServiceContext]:
    with open_context(url, actor="office1") as ctx:
        yield ctx


def events(ctx: ServiceContext, prefix: str) -> list[str]:
    with ctx.reading() as session:
        return [
            a
            for a in session.scalars(select(m.AuditEvent.action).order_by(m.AuditEvent.id))
            if a.startswith(prefix)
        ]


def text_of(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


def plan(ctx: ServiceContext) -> str:
    view = create_audit(
        ctx,
        2026,
        plan="全部局の取引審査票を抽出により確認する。",
        scope="工学研究科、事務局",
        auditors="監査 太郎",
        audit_on=dt.date(2026, 11, 20),
    )
    return view.ref


def test_an_audit_is_planned_checked_found_corrected_and_signed_off(
    auditor: ServiceContext, office: ServiceContext
) -> None:
    ref = plan(auditor)
    assert ref == "IA-2026-01"
    view = get_audit(auditor, ref)
    assert len(view.checks) >= 20 and all(c.result is None for c in view.checks)
    assert view.checks[0].code == "1-1" and "CISTEC" in (view.checklist_source or "")
    set_check(auditor, ref, "4-3", "不適", "2件で二次審査の記録なし")
    finding = add_finding(
        auditor, ref, "二次審査の記録がない取引審査票がある。", check_code="4-3", severity="重大"
    )
    assert finding.number == 1 and finding.severity == "major"
    action = add_action(
        office,
        ref,
        1,
        "2件の二次審査を実施し記録する。",
        owner="輸出管理室",
        due_on=dt.date(2027, 1, 31),
    )
    with pytest.raises(InvalidInput, match="1-1"):
        sign_off(auditor, ref)  # items without a result
    for c in get_audit(auditor, ref).checks:
        if c.result is None:
            set_check(auditor, ref, c.code, "適")
    signed = sign_off(auditor, ref, comment="是正措置の完了を次回確認する。")
    assert signed.signed_off and signed.signed_off_by == "監査 太郎"
    with pytest.raises(InvalidInput, match="signed off"):
        add_finding(auditor, ref, "遅れて見つかった指摘")
    # the follow-up goes on after the sign-off: the office closes its action
    closed = close_action(office, action.id, follow_up="実施済み", closed_on=dt.date(2027, 1, 20))
    assert closed.status == "closed" and closed.closed_on == dt.date(2027, 1, 20)
    with pytest.raises(InvalidInput, match="already closed"):
        close_action(office, action.id)
    view = get_audit(office, ref)
    assert view.findings[0].actions[0].follow_up == "実施済み"
    assert [s.open_actions for s in list_audits(office, 2026)] == [0]
    assert events(office, "internal_audit.") == [
        "internal_audit.create",
        "internal_audit.check",
        "internal_audit.finding",
        "internal_audit.action",
        *["internal_audit.check"] * (len(view.checks) - 1),
        "internal_audit.sign_off",
        "internal_audit.action_close",
    ]


def test_the_auditor_writes_the_audit_and_nothing_else_the_office_owns_actions(
    auditor: ServiceContext, office: ServiceContext, fixtures_dir: Path
) -> None:
    ref = plan(auditor)
    with pytest.raises(PermissionDenied):
        plan(office)  # the office does not write the audit
    with pytest.raises(PermissionDenied):
        add_finding(office, ref, "事務局による指摘")
    add_finding(auditor, ref, "指摘")
    with pytest.raises(PermissionDenied, match="read-only role Auditor"):
        add_action(auditor, ref, 1, "是正", owner="監査人", due_on=dt.date(2027, 1, 1))
    with pytest.raises(PermissionDenied, match="read-only role Auditor"):
        import_cases(auditor, [fixtures_dir / "cases" / "S04.json"])  # read-only elsewhere
    with open_context(auditor.url, actor="dean") as reviewer:
        with pytest.raises(PermissionDenied):
            set_check(reviewer, ref, "1-1", "適")
        assert get_audit(reviewer, ref).ref == ref  # reviewers read it
    assert events(office, "internal_audit.") == [
        "internal_audit.create",
        "internal_audit.finding",
    ]


def test_bad_input_names_the_field_and_stores_nothing(auditor: ServiceContext) -> None:
    ref = plan(auditor)
    with pytest.raises(InvalidInput, match="--result"):
        set_check(auditor, ref, "1-1", "maybe")
    with pytest.raises(NotFound, match="9-9"):
        set_check(auditor, ref, "9-9", "適")
    with pytest.raises(NotFound, match="IA-2030-01"):
        add_finding(auditor, "IA-2030-01", "x")
    with pytest.raises(InvalidInput, match="--severity"):
        add_finding(auditor, ref, "x", severity="huge")
    with pytest.raises(InvalidInput, match="text"):
        add_finding(auditor, ref, "   ")
    assert get_audit(auditor, ref).findings == ()
    assert events(auditor, "internal_audit.") == ["internal_audit.create"]


def test_the_report_prints_the_audit_and_verifies_like_a_record(
    auditor: ServiceContext, office: ServiceContext, tmp_path: Path
) -> None:
    ref = plan(auditor)
    set_check(auditor, ref, "4-3", "不適", "記録欠落")
    add_finding(auditor, ref, "二次審査の記録がない。", check_code="4-3", severity="minor")
    action = add_action(
        office, ref, 1, "記録を補完する。", owner="輸出管理室", due_on=dt.date(2027, 2, 1)
    )
    out = tmp_path / "audit.pdf"
    info = audit_report(auditor, 2026, out)
    assert info.audit_ref == ref and info.chain_sha256
    text = text_of(out).replace("\n", "")
    for expected in (
        ref,
        "全部局の取引審査票を抽出により確認する。",
        "監査 太郎",
        "2026年11月20日",
        "二次審査の記録がない。",
        "記録を補完する。",
        "輸出管理室",
        "2027年2月1日",
        "不適",
        info.chain_sha256,
        "判定結果別件数（システムによる判定）",
        "決定別件数（審査者による決定）",
    ):
        assert expected in text, expected
    ok = verify_record(office, out)
    assert ok.ok and "unaltered" in ok.message and ok.document_number == info.document_number
    # what came after the report does not disturb it: a new assessment, a new audit event
    assess_cases(office)
    assert "unaltered" in verify_record(office, out).message
    # a flipped byte is caught
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    altered = verify_record(office, bad)
    assert not altered.ok and "ALTERED" in altered.message
    # the audit moved on: the file is still the one issued, but it cannot be re-created
    close_action(office, action.id, follow_up="完了")
    later = verify_record(office, out)
    assert (
        later.ok and "cannot be re-created" in later.message and "internal audit" in later.message
    )


def reject(office: ServiceContext, ref: str) -> None:
    """Submit ``ref`` and refuse it (first review, then the second when it is forwarded)."""
    submit_case(office, ref, seen=review_state(office, ref).seen)
    with open_context(office.url, actor="dean") as dean:
        state = decide_case(
            dean, ref, level="first", decision="reject", seen=review_state(dean, ref).seen
        )
    if state.decision is None:  # forwarded to the second review (another reviewer)
        add_user(office, "chief", ["chief"], display_name="統括責任者 佐藤")
        with open_context(office.url, actor="chief") as chief:
            state = review_state(chief, ref)
            state = decide_case(chief, ref, level="second", decision="reject", seen=state.seen)
    assert state.decision is not None


def test_decisions_after_the_report_date_and_cases_judged_later_are_not_counted(
    office: ServiceContext, tmp_path: Path
) -> None:
    # S03 judged in the future (its as-of date after the report's date): not counted
    case = get_case(office, "S03")
    save_case(office, dataclasses.replace(case, as_of=dt.date(2027, 3, 1)))
    assess_cases(office)
    reject(office, "S02")
    out = tmp_path / "a.pdf"
    info = audit_report(office, 2026, out, lang="en", sample_size=0)
    text = text_of(out)
    assert "S03" not in text and "S02" in text
    assert info.cases == 2
    outcomes = text[text.index("Cases by outcome") : text.index("Cases by decision")]
    decisions = text[text.index("Cases by decision") : text.index("Catch-all cases by track")]
    assert "Refused 1 50.0 %" in decisions and "Not decided 1 50.0 %" in decisions
    assert "Refused" not in outcomes


def test_cli_create_check_finding_action_and_show_json(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(user: str, *argv: str) -> int:
        monkeypatch.setenv("LOGNAME", user)
        monkeypatch.setenv("DESK_USER", user)  # shared mode: not the PostgreSQL login
        return main(["--database", url, "internal-audit", *argv])

    assert run("kansa", "create", "--fiscal-year", "2026", "--auditors", "監査 太郎") == 0
    assert run("kansa", "check", "IA-2026-01", "1-1", "--result", "適", "--notes", "規程第3条") == 0
    assert run("kansa", "finding", "add", "IA-2026-01", "教育記録が不足", "--check", "9-1") == 0
    assert (
        run(
            "office1",
            "action",
            "add",
            "IA-2026-01",
            "1",
            "受講記録を整備",
            "--owner",
            "事務局",
            "--due",
            "2027-03-31",
        )
        == 0
    )
    assert (
        run("kansa", "action", "add", "IA-2026-01", "1", "x", "--owner", "y", "--due", "2027-03-31")
        == 2
    )
    assert (
        run(
            "office1",
            "action",
            "add",
            "IA-2026-01",
            "1",
            "x",
            "--owner",
            "y",
            "--due",
            "31/03/2027",
        )
        == 2
    )
    assert "--due" in capsys.readouterr().err
    assert run("office1", "show", "IA-2026-01", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["checks"][0] == {
        **doc["checks"][0],
        "code": "1-1",
        "result": "conform",
        "notes": "規程第3条",
    }
    assert doc["findings"][0]["check_code"] == "9-1"
    assert doc["findings"][0]["actions"][0]["owner"] == "事務局"
    assert doc["findings"][0]["actions"][0]["due_on"] == "2027-03-31"
    assert run("office1", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["ref"] == "IA-2026-01" and rows[0]["open_actions"] == 1
    assert run("kansa", "check", "IA-2026-01", "1-1", "--result", "ok") == 2


def test_a_past_years_report_counts_a_decision_taken_after_the_year_as_not_decided(
    office: ServiceContext, tmp_path: Path
) -> None:
    case = get_case(office, "S03")
    save_case(office, dataclasses.replace(case, as_of=dt.date(2026, 3, 2)))  # FY2025
    assess_cases(office)
    reject(office, "S03")
    out = tmp_path / "fy2025.pdf"
    info = audit_report(office, 2025, out, lang="en")
    text = text_of(out)
    assert info.cases == 1 and "S03" in text
    decisions = text[text.index("Cases by decision") : text.index("Catch-all cases by track")]
    # decided today (FY2026): after the end of FY2025, so not decided as that year saw it
    assert "Not decided 1 100.0 %" in decisions and "Refused" not in decisions
    assert verify_record(office, out).ok

"""The review workflow on SQLite and PostgreSQL: the researcher submits, the department
reviews (first level), R2–R4 go on to the second level; roles are checked; every step keeps
the assessment it was based on; licences are recorded and printed on records."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from desk.cli.main import main
from desk.domain.errors import InvalidInput, PermissionDenied, WorkflowError
from desk.domain.i18n import set_language
from desk.services.cases import assess_cases, import_cases
from desk.services.context import ServiceContext, open_context
from desk.services.records import audit_report, issue_record, verify_record
from desk.services.reviews import (
    add_evidence,
    add_user,
    decide_case,
    move_case,
    record_licence,
    review_state,
    submit_case,
)
from desk.storage import models as m
from tests.classified import confirm_listed_items

# S03: EXEMPT, R1 (department may decide) · S02: LICENSE_REQUIRED, R3 (second level)
CASES = ("S02", "S03")


@pytest.fixture
def office(database_url: str, fixtures_dir: Path) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="office1")
    import_cases(ctx, [fixtures_dir / "cases" / f"{ref}.json" for ref in CASES])
    assess_cases(ctx, lists=[])
    add_user(ctx, "office1", ["office"], display_name="輸出管理室 担当")
    # a case's department is its project's, else its filer's: ren's once ren submits it
    add_user(ctx, "ren", ["researcher"], display_name="Ren Researcher", department="ENG")
    add_user(ctx, "dean", ["dept_head"], display_name="工学部長 山田", department="ENG")
    add_user(ctx, "director", ["chief"], display_name="統括責任者 佐藤")
    add_user(ctx, "audit", ["auditor"])
    confirm_listed_items(ctx)  # the second review decides listed technology once confirmed
    assess_cases(ctx, lists=[])
    set_language("en")
    try:
        yield ctx
    finally:
        set_language("en")
        ctx.close()


def as_(ctx: ServiceContext, login: str) -> ServiceContext:
    return dataclasses.replace(ctx, actor=login)


def audit_actions(ctx: ServiceContext) -> list[tuple[str, str, dict[str, object]]]:
    with ctx.reading() as session:
        return [
            (e.action, e.actor, dict(e.details))
            for e in session.scalars(
                select(m.AuditEvent)
                .where(m.AuditEvent.action.like("review.%"))
                .order_by(m.AuditEvent.id)
            )
        ]


def text_of(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


def current_assessment(ctx: ServiceContext, ref: str) -> int:
    state = review_state(ctx, ref)
    assert state.assessment_id is not None
    return state.assessment_id


def test_low_risk_case_is_decided_by_the_department(office: ServiceContext) -> None:
    state = submit_case(as_(office, "ren"), "S03", activity="joint_research")
    assert state.status == "submitted" and state.risk == "R1"
    state = decide_case(as_(office, "dean"), "S03", level="first", decision="approve")
    assert state.status == "decided"
    assert state.decision is not None and state.decision.level == "first"
    assert state.decision.assessment_id == current_assessment(office, "S03")
    assert [(s.level, s.decision, s.reviewer) for s in state.steps] == [
        ("self", "submit", "ren"),
        ("first", "approve", "dean"),
    ]
    # nothing is waiting for a second review
    with pytest.raises(WorkflowError, match="not waiting for a second review"):
        decide_case(as_(office, "director"), "S03", level="second", decision="approve")


def test_high_risk_case_needs_the_second_level(office: ServiceContext) -> None:
    submit_case(as_(office, "ren"), "S02")
    with pytest.raises(WorkflowError, match="not had its first review"):
        decide_case(as_(office, "director"), "S02", level="second", decision="approve")
    state = decide_case(
        as_(office, "dean"),
        "S02",
        level="first",
        decision="approve_with_conditions",
        conditions="No access to the clean room\nProvide only after the licence",
    )
    assert state.status == "second_review" and state.risk == "R3"
    assert state.decision is None  # the department's opinion does not decide an R3 case
    # the office cannot close it from the first review with a manual step either
    move_case(office, "S02", "first_review")
    with pytest.raises(WorkflowError, match="R2–R4 must be decided at the second level"):
        move_case(office, "S02", "decided")
    state = review_state(office, "S02")
    assert state.status == "first_review"
    move_case(office, "S02", "second_review")
    # the department head may not also make the second review (separation of duties for
    # someone holding both roles: tests/storage/test_trust_reviews.py)
    with pytest.raises(PermissionDenied, match="dean may not give second reviews"):
        decide_case(as_(office, "dean"), "S02", level="second", decision="approve")
    state = decide_case(as_(office, "director"), "S02", level="second", decision="approve")
    assert state.status == "decided"
    assert state.decision is not None and state.decision.reviewer == "director"
    assert state.decision.final and state.decision.outcome == "LICENSE_REQUIRED"


def test_routing_refusal_in_japanese(office: ServiceContext) -> None:
    submit_case(as_(office, "ren"), "S02")
    decide_case(as_(office, "dean"), "S02", level="first", decision="approve")
    move_case(office, "S02", "first_review")
    set_language("ja")
    with pytest.raises(WorkflowError) as err:
        move_case(office, "S02", "decided")
    assert "二次審査" in str(err.value) and "R3" in str(err.value)
    with pytest.raises(PermissionDenied) as denied:
        submit_case(as_(office, "dean"), "S03")
    assert "権限" in str(denied.value) and "部局責任者" not in str(denied.value)
    assert "研究者" in str(
        denied.value
    )  # the roles it needs, in Japanese and "dean" in str(err.value)


def test_roles_are_checked_and_auditors_only_read(office: ServiceContext) -> None:
    with pytest.raises(PermissionDenied, match="dean may not submit cases"):
        submit_case(as_(office, "dean"), "S03")
    submit_case(as_(office, "ren"), "S03")
    with pytest.raises(PermissionDenied, match="ren may not give first reviews"):
        decide_case(as_(office, "ren"), "S03", level="first", decision="approve")
    with pytest.raises(PermissionDenied, match="read-only role Auditor"):
        decide_case(as_(office, "audit"), "S03", level="first", decision="approve")
    # the chief gives second reviews, not first ones
    with pytest.raises(PermissionDenied, match="director may not give first reviews"):
        decide_case(as_(office, "director"), "S03", level="first", decision="approve")
    # someone never given a role (created on first use from the login name)
    with pytest.raises(PermissionDenied, match="stranger may not give first reviews"):
        decide_case(as_(office, "stranger"), "S03", level="first", decision="approve")
    # once an office user exists (and no administrator yet), only the office adds users
    with pytest.raises(PermissionDenied, match="ren may not add users"):
        add_user(as_(office, "ren"), "ren", ["dept_head"])
    assert review_state(as_(office, "audit"), "S03").status == "submitted"  # reading is fine
    assert [a for a, _actor, _d in audit_actions(office)] == ["review.submit"]


def test_a_stale_assessment_cannot_be_submitted_or_decided(
    office: ServiceContext, fixtures_dir: Path, tmp_path: Path
) -> None:
    submit_case(as_(office, "ren"), "S03")
    doc = json.loads((fixtures_dir / "cases" / "S03.json").read_text(encoding="utf-8"))
    doc["title"] = "changed after the assessment"
    (tmp_path / "S03.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import_cases(office, [tmp_path / "S03.json"])
    with pytest.raises(WorkflowError, match="assess it again before deciding"):
        decide_case(as_(office, "dean"), "S03", level="first", decision="approve")
    assert review_state(office, "S03").status == "submitted"
    old = review_state(office, "S03").steps[0].assessment_id
    assess_cases(office, ["S03"], lists=[])
    state = decide_case(as_(office, "dean"), "S03", level="first", decision="approve")
    assert state.decision is not None
    assert state.decision.assessment_id == state.assessment_id != old
    # a draft with a stale answer cannot be submitted
    import_cases(office, [tmp_path / "S03.json"])  # same facts: stays current
    doc["title"] = "changed again"
    (tmp_path / "S03.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import_cases(office, [tmp_path / "S03.json"])
    move_case(office, "S03", "first_review")
    move_case(office, "S03", "draft")
    with pytest.raises(WorkflowError, match="assess it again before submitting"):
        submit_case(as_(office, "ren"), "S03")


def test_return_for_information_sends_it_back_and_a_new_round_starts(
    office: ServiceContext,
) -> None:
    submit_case(as_(office, "ren"), "S02")
    state = decide_case(
        as_(office, "dean"),
        "S02",
        level="first",
        decision="return_for_information",
        comment="declaration missing",
    )
    assert state.status == "draft" and state.decision is None
    state = submit_case(as_(office, "ren"), "S02")
    assert state.status == "submitted" and [s.level for s in state.round] == ["self"]


def test_bad_input_is_refused_and_nothing_is_stored(office: ServiceContext) -> None:
    submit_case(as_(office, "ren"), "S03")
    with pytest.raises(InvalidInput, match="--conditions"):
        decide_case(as_(office, "dean"), "S03", level="first", decision="approve_with_conditions")
    with pytest.raises(InvalidInput, match="--decision"):
        decide_case(as_(office, "dean"), "S03", level="first", decision="maybe")
    with pytest.raises(InvalidInput, match="--level"):
        decide_case(as_(office, "dean"), "S03", level="third", decision="approve")
    with pytest.raises(InvalidInput, match="--activity"):
        submit_case(as_(office, "ren"), "S02", activity="party")
    assert review_state(office, "S03").status == "submitted"
    assert len(review_state(office, "S03").steps) == 1


def test_licence_is_recorded_audited_and_printed(office: ServiceContext, tmp_path: Path) -> None:
    import datetime as dt

    submit_case(as_(office, "ren"), "S02", activity="hosting")
    with pytest.raises(WorkflowError, match="once the case is decided"):
        record_licence(office, "S02", number="METI-1", granted_on=dt.date(2026, 10, 1))
    decide_case(
        as_(office, "dean"),
        "S02",
        level="first",
        decision="approve_with_conditions",
        conditions="No access to the clean room",
    )
    decide_case(as_(office, "director"), "S02", level="second", decision="refer_to_meti")
    with pytest.raises(InvalidInput, match="--valid-until"):
        record_licence(
            office,
            "S02",
            number="METI-1",
            granted_on=dt.date(2026, 10, 1),
            valid_until=dt.date(2026, 9, 1),
        )
    spec = tmp_path / "spec.txt"
    spec.write_text("spec sheet v2", encoding="utf-8")
    add_evidence(as_(office, "ren"), "S02", title="Equipment spec sheet", version="v2", path=spec)
    state = record_licence(
        office,
        "S02",
        number="METI-2026-0042",
        granted_on=dt.date(2026, 10, 1),
        valid_until=dt.date(2027, 9, 30),
    )
    assert [lic.number for lic in state.licences] == ["METI-2026-0042"]
    assert state.evidence[0].filename == "spec.txt" and state.evidence[0].sha256
    with pytest.raises(WorkflowError, match="already recorded"):
        record_licence(office, "S02", number="METI-2026-0042", granted_on=dt.date(2026, 10, 1))

    actions = audit_actions(office)
    assert [(a, actor) for a, actor, _d in actions] == [
        ("review.submit", "ren"),
        ("review.decide", "dean"),
        ("review.decide", "director"),
        ("review.evidence", "ren"),
        ("review.licence", "office1"),
    ]
    decided = actions[2][2]
    assert decided["assessment"] == state.assessment_id and decided["final"] is True
    assert decided["ruleset"] and decided["risk"] == "R3"

    out = tmp_path / "S02.pdf"
    issue_record(office, "S02", "screening", "en", out)
    text = " ".join(text_of(out).split())
    assert "METI-2026-0042" in text and "valid until 2027-09-30" in text
    assert "統括責任者 佐藤" in text and "工学部長 山田" in text
    assert "Referred to METI" in text and "No access to the clean room" in text
    assert "Not reviewed" not in text
    assert verify_record(office, out).ok

    pre = tmp_path / "S02-pre.pdf"
    issue_record(office, "S02", "precheck", "ja", pre)
    pre_text = " ".join(text_of(pre).split())
    assert "Ren Researcher" in pre_text  # certified by the researcher who submitted

    cls = tmp_path / "S02-cls.pdf"
    issue_record(office, "S02", "classification", "en", cls)
    assert "Equipment spec sheet" in " ".join(text_of(cls).split())

    report = tmp_path / "audit.pdf"
    with office.reading() as session:
        judged = session.scalars(select(m.Assessment.judged_on)).first()
    assert judged is not None
    year = judged.year if judged.month >= 4 else judged.year - 1
    audit_report(office, year, report, lang="en")
    audit_text = " ".join(text_of(report).split())
    assert "METI-2026-0042" in audit_text


def test_a_record_issued_before_the_decision_stays_verifiable(
    office: ServiceContext, tmp_path: Path
) -> None:
    submit_case(as_(office, "ren"), "S03")
    out = tmp_path / "S03.pdf"
    issue_record(office, "S03", "screening", "en", out)
    assert "Not reviewed" in " ".join(text_of(out).split())
    decide_case(as_(office, "dean"), "S03", level="first", decision="approve")
    result = verify_record(office, out)
    assert result.ok and "unaltered" in result.message


def test_cli_review_commands(
    office: ServiceContext, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = office.url

    def run(login: str, *argv: str) -> int:
        monkeypatch.setenv("LOGNAME", login)
        if "decide" in argv:  # what the reviewer had in front of them (desk review show)
            state = review_state(office, "S02")
            argv = (*argv, "--seen", f"{state.case_version}:{state.assessment_id}")
        monkeypatch.setenv("DESK_USER", login)  # shared mode: PostgreSQL login
        return main([*argv, "--database", url])

    assert run("ren", "review", "submit", "S02", "--activity", "hosting") == 0
    assert "Submitted" in capsys.readouterr().out
    assert (
        run("director", "review", "decide", "S02", "--level", "second", "--decision", "approve")
        == 2
    )
    assert "first review" in capsys.readouterr().err
    assert run("dean", "review", "decide", "S02", "--level", "first", "--decision", "approve") == 0
    assert "Forwarded to the second review" in capsys.readouterr().out
    assert run("ren", "--lang", "ja", "review", "decide", "S02", "--level", "second",
               "--decision", "approve") == 2  # fmt: skip
    assert "権限" in capsys.readouterr().err
    assert run("director", "review", "decide", "S02", "--level", "second",
               "--decision", "refer_to_meti") == 0  # fmt: skip
    capsys.readouterr()
    assert run("office1", "review", "licence", "S02", "--number", "METI-7",
               "--granted", "2026-10-01", "--valid-until", "2026-13-01") == 2  # fmt: skip
    assert "--valid-until" in capsys.readouterr().err
    assert run("office1", "review", "licence", "S02", "--number", "METI-7",
               "--granted", "2026-10-01") == 0  # fmt: skip
    capsys.readouterr()
    assert run("audit", "review", "show", "S02", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "decided" and shown["decision"] == "refer_to_meti"
    assert [s["level"] for s in shown["steps"]] == ["self", "first", "second"]
    assert shown["licences"][0]["number"] == "METI-7"
    assert run("office1", "review", "users", "add", "kim", "--role", "chief") == 0
    assert run("office1", "review", "users", "list", "--json") == 0
    out = capsys.readouterr().out
    users = {u["login"]: u["roles"] for u in json.loads(out[out.index("[") :])}
    assert users["kim"] == ["chief"] and users["audit"] == ["auditor"]


def test_cases_detail_pane_shows_the_review_history(office: ServiceContext) -> None:
    from desk.services.registers import detail

    submit_case(as_(office, "ren"), "S03")
    decide_case(
        as_(office, "dean"),
        "S03",
        level="first",
        decision="approve_with_conditions",
        conditions="Only published material",
    )
    with office.reading() as session:
        case_id = session.scalars(select(m.Case.id).where(m.Case.ref == "S03")).one()
    set_language("ja")
    fields = dict(detail(office, "cases", case_id).fields)
    assert "条件付承認" in fields["一次審査（部局責任者）"]
    assert "工学部長 山田" in fields["一次審査（部局責任者）"]
    assert "Only published material" in fields["一次審査（部局責任者）"]
    assert "Ren Researcher" in fields["事前確認（研究者）"]

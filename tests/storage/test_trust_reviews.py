"""Reviews that hold under concurrency and across roles (issue 15).

Measured before: two reviewers deciding one case at once both succeeded (20 of 20 through
the services, 9 of 20 through two processes), two submissions of one draft were both
stored, a decision was committed on facts re-imported after the reviewer's check (10 of 10),
the same person could review at both levels after a move back, an auditor moved a case, the
submitter moved it to decided, and a decided case stayed decided after an edit.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desk.domain.errors import ConflictError, PermissionDenied, WorkflowError
from desk.domain.i18n import set_language
from desk.services import reviews as wf
from desk.services.cases import assess_cases, get_case, import_cases, save_case
from desk.services.context import ServiceContext, open_context
from desk.services.reviews import steps as review_steps
from desk.storage import models as m
from tests.storage.case_files import write_case

ROOT = Path(__file__).resolve().parents[2]


def as_(ctx: ServiceContext, login: str) -> ServiceContext:
    return dataclasses.replace(ctx, actor=login)


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[ServiceContext]:
    set_language("en")
    ctx = open_context(database_url, actor="office1")
    wf.add_user(ctx, "office1", ["office"])
    # each reviewer may review at both levels, so that only separation of duties stops them
    for login in ("dean", "dean2", "director", "director2"):
        wf.add_user(ctx, login, ["dept_head", "chief"], department="ENG")
    wf.add_user(ctx, "ren", ["researcher"], department="ENG")  # K1's department is its filer's
    wf.add_user(ctx, "rin", ["researcher"], department="ENG")
    wf.add_user(ctx, "rex", ["researcher", "dept_head"], department="ENG")
    wf.add_user(ctx, "audit", ["auditor"])
    wf.add_user(ctx, "board", ["committee"])
    import_cases(ctx, [write_case(tmp_path)])  # K1: listed technology to a CN national (R3)
    assess_cases(ctx, ["K1"], lists=[])
    try:
        yield ctx
    finally:
        ctx.close()


def _at_second_review(office: ServiceContext) -> None:
    wf.submit_case(as_(office, "ren"), "K1")
    state = wf.decide_case(as_(office, "dean"), "K1", level="first", decision="approve")
    assert state.status == "second_review"


def _final_steps(ctx: ServiceContext) -> list[tuple[str, str]]:
    with ctx.reading() as s:
        rows = s.execute(
            select(m.User.login, m.ReviewStep.level)
            .join(m.User, m.User.id == m.ReviewStep.reviewer_id)
            .where(m.ReviewStep.final.is_(True))
        ).all()
        return [(r[0], r[1]) for r in rows]


def _race(monkeypatch: pytest.MonkeyPatch, calls: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run the calls in threads that have all read the case before any of them writes."""
    barrier = threading.Barrier(len(calls), timeout=30)
    original = review_steps._current_assessment

    def read_then_wait(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        barrier.wait()
        return result

    monkeypatch.setattr(review_steps, "_current_assessment", read_then_wait)
    results: dict[str, Any] = {}

    def run(name: str, call: Callable[[], Any]) -> None:
        try:
            results[name] = call()
        except Exception as exc:
            results[name] = exc

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_reviewers_deciding_at_once_store_one_decision(
    office: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at_second_review(office)
    results = _race(
        monkeypatch,
        {
            who: lambda who=who, decision=decision: wf.decide_case(
                as_(office, who), "K1", level="second", decision=decision
            )
            for who, decision in (("director", "approve"), ("director2", "reject"))
        },
    )
    errors = [r for r in results.values() if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), results
    assert "K1" in str(errors[0]) and "nothing was saved" in str(errors[0])
    (winner,) = [w for w, r in results.items() if not isinstance(r, Exception)]
    assert _final_steps(office) == [(winner, "second")]


def test_two_submissions_of_one_draft_store_one(
    office: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = _race(
        monkeypatch,
        {
            "a": lambda: wf.submit_case(as_(office, "ren"), "K1", comment="first"),
            "b": lambda: wf.submit_case(as_(office, "ren"), "K1", comment="second"),
        },
    )
    errors = [r for r in results.values() if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), results
    state = wf.review_state(office, "K1")
    assert [s.level for s in state.steps] == ["self"] and state.status == "submitted"


def _decide_process(url: str, login: str, decision: str, seen: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "LOGNAME": login,
        "USER": login,
        "DESK_USER": login,
        "DESK_DATABASE_URL": url,
    }
    env.pop("DESK_DEBUG", None)
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "desk", "--lang", "en", "review", "decide", "K1"),
            *("--level", "second", "--decision", decision, "--seen", seen),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_desk_review_decide_processes_store_one_decision(
    office: ServiceContext, database_url: str
) -> None:
    _at_second_review(office)
    opened = wf.review_state(office, "K1")
    seen = f"{opened.case_version}:{opened.assessment_id}"
    procs = [
        _decide_process(database_url, w, d, seen)
        for w, d in (("director", "approve"), ("director2", "reject"))
    ]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = sorted(code for code, _out, _err in outcomes)
    assert codes == [0, 2], outcomes
    (err,) = [e for code, _o, e in outcomes if code == 2]
    assert "K1" in err and "Traceback" not in err
    assert len(_final_steps(office)) == 1


def test_a_decision_on_facts_reimported_after_opening_is_refused(
    office: ServiceContext, tmp_path: Path
) -> None:
    _at_second_review(office)
    opened = wf.review_state(as_(office, "director"), "K1")
    # meanwhile the office re-imports the case with new facts and assesses it again
    import_cases(
        office, [write_case(tmp_path, recipient={"name": "王 子涵", "nationalities": ["KR"]})]
    )
    assess_cases(office, ["K1"], lists=[])
    with pytest.raises(ConflictError, match="assessed again after you opened it"):
        wf.decide_case(
            as_(office, "director"), "K1", level="second", decision="approve", seen=opened.seen
        )
    assert _final_steps(office) == []


def test_desk_review_decide_needs_what_the_reviewer_saw_and_refuses_changed_facts(
    office: ServiceContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from desk.cli.main import main

    _at_second_review(office)
    monkeypatch.setenv("LOGNAME", "director")
    monkeypatch.setenv("DESK_USER", "director")  # shared mode: the owner's connection names them
    assert main(["--database", office.url, "review", "show", "K1"]) == 0
    shown = capsys.readouterr().out
    token = shown.split("--seen ")[1].split()[0]
    decide = ["--database", office.url, "review", "decide", "K1", "--level", "second",
              "--decision", "approve"]  # fmt: skip
    with pytest.raises(SystemExit) as refused:  # --seen is required
        main(decide)
    assert refused.value.code == 2
    assert main([*decide, "--seen", "three"]) == 2
    assert "--seen" in capsys.readouterr().err
    import_cases(
        office, [write_case(tmp_path, recipient={"name": "王 子涵", "nationalities": ["KR"]})]
    )
    assess_cases(office, ["K1"], lists=[])
    assert main([*decide, "--seen", token]) == 2
    assert "after you opened it" in capsys.readouterr().err
    assert _final_steps(office) == []


def test_the_decision_names_the_case_version_and_facts_it_saw(office: ServiceContext) -> None:
    _at_second_review(office)
    opened = wf.review_state(as_(office, "director"), "K1")
    wf.decide_case(
        as_(office, "director"), "K1", level="second", decision="approve", seen=opened.seen
    )
    with office.reading() as s:
        details = s.scalars(
            select(m.AuditEvent.details)
            .where(m.AuditEvent.action == "review.decide")
            .order_by(m.AuditEvent.id.desc())
        ).first()
    assert details is not None
    assert details["case_version"] == opened.case_version and len(details["case_sha256"]) == 64


def test_no_one_reviews_at_two_levels_even_after_a_move_back(office: ServiceContext) -> None:
    _at_second_review(office)  # dean made the first review
    wf.move_case(office, "K1", "first_review")  # the office moves it back
    wf.decide_case(as_(office, "dean2"), "K1", level="first", decision="approve")
    with pytest.raises(WorkflowError, match="dean made the first review"):
        wf.decide_case(as_(office, "dean"), "K1", level="second", decision="approve")
    # and the other way round: a second reviewer does not come back as first reviewer
    wf.decide_case(as_(office, "director"), "K1", level="second", decision="return_for_information")
    wf.submit_case(as_(office, "ren"), "K1")
    with pytest.raises(WorkflowError, match="director made the second review"):
        wf.decide_case(as_(office, "director"), "K1", level="first", decision="approve")


def test_the_submitter_never_moves_the_case_to_decided(office: ServiceContext) -> None:
    wf.submit_case(as_(office, "rex"), "K1")  # rex is researcher and reviewer
    wf.move_case(office, "K1", "first_review")
    wf.move_case(office, "K1", "second_review")
    with pytest.raises(WorkflowError, match="rex submitted case K1; someone else decides it"):
        wf.move_case(as_(office, "rex"), "K1", "decided")


def test_move_case_checks_roles(office: ServiceContext) -> None:
    wf.submit_case(as_(office, "ren"), "K1")
    with pytest.raises(PermissionDenied, match="audit holds only the read-only role Auditor"):
        wf.move_case(as_(office, "audit"), "K1", "first_review")
    with pytest.raises(PermissionDenied, match="ren may not move cases to the first review"):
        wf.move_case(as_(office, "ren"), "K1", "first_review")
    assert wf.review_state(office, "K1").status == "submitted"


def test_a_researcher_cannot_read_or_submit_another_researchers_case(
    office: ServiceContext, tmp_path: Path
) -> None:
    import_cases(as_(office, "ren"), [write_case(tmp_path, id="R1")])
    assess_cases(as_(office, "ren"), ["R1"], lists=[])
    with pytest.raises(PermissionDenied, match="rin may not open case R1"):
        wf.review_state(as_(office, "rin"), "R1")
    with pytest.raises(PermissionDenied, match="rin may not open case R1"):
        wf.submit_case(as_(office, "rin"), "R1")
    with pytest.raises(PermissionDenied, match="rin may not open case R1"):
        import_cases(as_(office, "rin"), [write_case(tmp_path, id="R1", title="mine now")])
    assert wf.submit_case(as_(office, "ren"), "R1").status == "submitted"
    assert wf.review_state(office, "R1").status == "submitted"  # the office sees every case


def test_an_auditor_cannot_import_or_assess_cases(office: ServiceContext, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="audit holds only the read-only role Auditor"):
        import_cases(as_(office, "audit"), [write_case(tmp_path, id="A1")])
    with pytest.raises(PermissionDenied, match="audit holds only the read-only role Auditor"):
        assess_cases(as_(office, "audit"), ["K1"], lists=[])
    with pytest.raises(PermissionDenied, match="nobody may not import cases"):
        import_cases(as_(office, "nobody"), [write_case(tmp_path, id="A1")])


def test_a_decided_case_is_locked_an_edit_reopens_it(office: ServiceContext) -> None:
    _at_second_review(office)
    decided = wf.decide_case(as_(office, "director"), "K1", level="second", decision="approve")
    assert decided.status == "decided"
    case = get_case(office, "K1")
    save_case(
        as_(office, "ren"),
        dataclasses.replace(case, title="changed after the decision"),
        action="case.edit",
        base=case,
    )
    state = wf.review_state(office, "K1")
    assert state.status == "submitted"  # a new revision, back to review
    assert state.decision is None and state.stale  # not decided, on facts not yet assessed
    # the earlier decision and the assessment it rested on are still there
    assert [(s.level, s.decision, s.final) for s in state.steps][-1] == ("second", "approve", True)
    assert state.steps[-1].assessment_id == decided.assessment_id
    with office.reading() as s:
        reopen = s.scalars(
            select(m.AuditEvent.details).where(m.AuditEvent.action == "case.reopen")
        ).one()
        assert reopen["from"] == "decided" and reopen["assessment"] == decided.assessment_id
        assert s.get(m.Assessment, decided.assessment_id) is not None


def test_two_edits_of_one_case_the_second_names_what_changed(office: ServiceContext) -> None:
    opened_by_a = get_case(office, "K1")
    opened_by_b = get_case(office, "K1")
    save_case(
        office,
        dataclasses.replace(opened_by_a, title="A's title"),
        action="case.edit",
        base=opened_by_a,
    )
    with pytest.raises(
        ConflictError, match=r"changed by someone else after you opened it \(title\)"
    ):
        save_case(
            office,
            dataclasses.replace(opened_by_b, notes="B's note"),
            action="case.edit",
            base=opened_by_b,
        )
    stored = get_case(office, "K1")
    assert stored.title == "A's title" and stored.notes is None  # A's edit was not lost


def test_evidence_files_and_other_researchers_cases_have_limits(
    office: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk.domain.errors import InvalidInput
    from desk.services.reviews import licences

    import_cases(as_(office, "ren"), [write_case(tmp_path, id="R2")])
    with pytest.raises(PermissionDenied, match="rin may not open case R2"):
        get_case(as_(office, "rin"), "R2")
    big = tmp_path / "dataset.bin"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(licences, "MAX_EVIDENCE_BYTES", 1024)
    with pytest.raises(InvalidInput, match=r"dataset\.bin is larger than"):
        wf.add_evidence(as_(office, "ren"), "R2", title="raw data", path=big)
    assert wf.review_state(office, "R2").evidence == ()


def test_a_case_escalated_to_the_committee_is_decided_by_the_committee_only(
    office: ServiceContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from desk.cli.main import main
    from desk.domain.errors import InvalidInput

    _at_second_review(office)
    with pytest.raises(InvalidInput, match="only the second review refers"):
        wf.decide_case(as_(office, "dean2"), "K1", level="first", decision="escalate")
    state = wf.decide_case(as_(office, "director"), "K1", level="second", decision="escalate")
    assert state.status == "committee" and _final_steps(office) == []
    assert wf.review_state(office, "K1").status == "committee"
    # the chief can no longer decide it, at any level or by moving it
    with pytest.raises(WorkflowError, match="referred to the committee"):
        wf.decide_case(as_(office, "director2"), "K1", level="second", decision="approve")
    with pytest.raises(PermissionDenied, match="director2 may not decide cases referred"):
        wf.decide_case(as_(office, "director2"), "K1", level="committee", decision="approve")
    with pytest.raises(PermissionDenied, match="director2 may not decide cases referred"):
        wf.move_case(as_(office, "director2"), "K1", "decided")
    with pytest.raises(PermissionDenied, match="read-only"):
        wf.decide_case(as_(office, "audit"), "K1", level="committee", decision="approve")
    # the committee decides it, through the CLI; what it saw is named as for any review
    monkeypatch.setenv("DESK_USER", "board")
    assert main(["--database", office.url, "review", "show", "K1"]) == 0
    shown = capsys.readouterr().out
    assert "With the committee" in shown and "Refer to the committee" in shown
    token = shown.split("--seen ")[1].split()[0]
    decide = ["--database", office.url, "review", "decide", "K1", "--level", "committee",
              "--decision", "approve_with_conditions", "--conditions", "no transfer abroad",
              "--seen", token]  # fmt: skip
    assert main(decide) == 0
    assert "Decided" in capsys.readouterr().out
    assert _final_steps(office) == [("board", "committee")]
    # a committee case that is not with the committee is refused at that level
    assert main(decide) == 2
    assert "not referred to the committee" in capsys.readouterr().err
    # the records print the committee's decision after the two reviews
    with office.reading() as s:
        row = s.scalars(select(m.Case).where(m.Case.ref == "K1")).one()
        facts = wf.review_facts(s, row)
    assert facts.second is not None and facts.second.decision == "escalate"
    assert facts.committee is not None and facts.committee.reviewer == "board"
    assert facts.decision is not None and facts.decision.level == "committee"
    from desk.reports.records import render_record
    from desk.reports.sample import sample_record
    from desk.services.records.facts import _with_review
    from tests.unit.test_records_wording import flat, text_of

    base = sample_record("screening", "ja")
    data = dataclasses.replace(base, facts=_with_review(base.facts, facts, "ja"))
    text = flat(text_of(render_record(data)))
    assert "委員会審議" in text and "委員会へ付議" in text and "notransferabroad" in text
    with office.reading() as s:
        events = [
            e.details
            for e in s.scalars(select(m.AuditEvent).where(m.AuditEvent.action == "review.decide"))
        ]
    assert [(e["level"], e["to"]) for e in events][-2:] == [
        ("second", "committee"),
        ("committee", "decided"),
    ]

"""The demo's review chain: the office's desk users, and each case taken to the status
the generator gave it through the review services (submit, first and second review,
METI licences), acting as each person would. The decisions by outcome and the
conditions a reviewer writes are content (``resources/demo/review.json``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.demo import content, model
from desk.services.context import ServiceContext
from desk.storage import models as m


def staff_users(
    s: Session, data: model.DemoDataset, departments: dict[str, int], created: dt.datetime
) -> None:
    """desk users for the office's review chain, with their roles."""
    for st in data.staff:
        if s.scalars(select(m.User).where(m.User.login == st.login)).first() is not None:
            continue
        user = m.User(
            login=st.login,
            display_name=f"{st.name}（{st.title_ja}）",
            email=st.email,
            department_id=departments[st.department] if st.department else None,
            created_at=created,
        )
        user.roles = [m.UserRole(role=r) for r in st.roles]
        s.add(user)
    s.flush()


def play_workflow(
    ctx: ServiceContext, data: model.DemoDataset, answers: dict[str, tuple[str, str]]
) -> None:
    """Take each case to its status through the review services, as the people would.

    The researcher (project leader) submits, the department's reviewer makes the first
    review, the director the second (R2–R4), the office records METI licences. The
    decisions follow the engine's outcome; HOLD cases mostly go back for information.
    A case whose status cannot be reached by its risk (second review for R0–R1) stops
    at the nearest status the workflow allows.
    """
    from desk.services import reviews as workflow  # the review chain; imported late: a large module

    rng = random.Random(f"{data.seed}/workflow")
    office = replace(ctx, actor=next(st.login for st in data.staff if "office" in st.roles))
    director = next(st for st in data.staff if st.title_ja.startswith("統括責任者"))
    first_by_dep = {st.department: st for st in data.staff if st.department}
    logins = {p.key: (p.email or "").split("@", 1)[0] for p in data.people if p.email}
    licence_no = 0
    escalated = False
    for dc in data.cases:
        target = dc.status
        if target == "draft" or dc.filed_by is None:
            continue
        ref = dc.case.id
        outcome, risk = answers[ref]
        # each step is stamped on its own day, in order, never after the reference date:
        # filed, first review a few days later, second review after that, METI's licence weeks
        # after the decision (a separate generator, so the decisions stay as they were)
        clock = random.Random(f"{data.seed}/clock/{ref}")
        filed_on = dc.submitted_on or (dc.case.as_of or data.reference_date)
        first_on = filed_on + dt.timedelta(days=clock.randint(1, 6))
        second_on = first_on + dt.timedelta(days=clock.randint(1, 5))
        researcher = replace(ctx, actor=logins[dc.filed_by], now_override=_stamp(filed_on, data))
        first = replace(
            ctx, actor=first_by_dep[dc.department].login, now_override=_stamp(first_on, data)
        )
        second = replace(ctx, actor=director.login, now_override=_stamp(second_on, data))
        choices = content.REVIEW_DECISIONS[outcome]
        decision = rng.choices([c[0] for c in choices], weights=[c[1] for c in choices])[0]
        conditions = "\n".join(rng.sample(content.REVIEW_CONDITIONS, rng.randint(1, 2)))
        workflow.submit_case(researcher, ref, activity=dc.activity)
        if target == "submitted":
            continue
        if target == "first_review" or (
            target == "second_review" and not workflow.needs_second_level(risk)
        ):
            workflow.move_case(
                first, ref, "first_review", note="一次審査を開始 / first review started"
            )
            continue
        # R0–R1: the department decides; R2–R4: its opinion goes on to the director
        workflow.decide_case(
            first,
            ref,
            level="first",
            decision=decision,
            conditions=conditions if decision == "approve_with_conditions" else None,
            comment="部局での一次審査 / department review",
        )
        if decision == "return_for_information":
            continue
        if target == "second_review":
            # the first R4 case waiting for the director goes to the committee (委員会審議中)
            if not escalated and risk == "R4" and decision != "return_for_information":
                escalated = True
                workflow.decide_case(
                    second,
                    ref,
                    level="second",
                    decision="escalate",
                    comment="委員会へ付議 / referred to the committee",
                )
            continue
        if workflow.needs_second_level(risk):
            _classify_listed(
                ref,
                replace(researcher, today_override=min(filed_on, data.reference_date)),
                replace(
                    office,
                    now_override=first.now_override,
                    today_override=min(first_on, data.reference_date),
                ),
            )
            workflow.decide_case(
                second,
                ref,
                level="second",
                decision=decision,
                conditions=conditions if decision == "approve_with_conditions" else None,
                comment="統括責任者による二次審査 / second review",
            )
        decided_on = second_on if workflow.needs_second_level(risk) else first_on
        granted = decided_on + dt.timedelta(days=rng.randint(20, 60))
        # METI answers in weeks: licences for the older referrals, the newer still pending
        if decision == "refer_to_meti" and rng.random() < 0.8 and granted <= data.reference_date:
            licence_no += 1
            workflow.record_licence(
                replace(office, now_override=_stamp(granted, data)),
                ref,
                number=f"DEMO-{granted.year}-{licence_no:05d}",
                granted_on=granted,
                valid_until=granted + dt.timedelta(days=365),
            )
        if target == "closed":
            workflow.move_case(office, ref, "closed", note="提供完了 / provision completed")


def _classify_listed(ref: str, researcher: ServiceContext, officer: ServiceContext) -> None:
    """Listed technology is decided at the second level on a confirmed classification: the
    researcher classifies the technical data (once; cases share it), the office's
    該非確認責任者 confirms it."""
    from desk.services.classification import (
        add_classification,
        classification_of,
        confirm_classification,
    )

    with researcher.reading() as s:
        row = s.scalars(select(m.Case).where(m.Case.ref == ref)).one()
        item_id, kind, number = (
            row.technical_item_id,
            row.technical_item.classification,
            row.technical_item.item,
        )
    if kind != "listed" or not number:
        return
    info = classification_of(researcher, technical_item=item_id)
    if info is None:
        info = add_classification(
            researcher,
            {"result": "listed", "item": number, "basis": "研究者による該非判定"},
            technical_item=item_id,
        )
    if not info.confirmed:
        confirm_classification(officer, info.id)


def _stamp(day: dt.date, data: model.DemoDataset) -> dt.datetime:
    """10:00 in Japan (01:00 UTC) on ``day``, or on the reference date if ``day`` is later."""
    day = min(day, data.reference_date)
    return dt.datetime(day.year, day.month, day.day, 1, 0, tzinfo=dt.UTC)

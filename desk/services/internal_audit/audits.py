"""The internal audit's use cases: create, edit, answer the checklist, add findings and
corrective actions, close actions, sign off; read one or list them."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import N_, _
from desk.domain.limits import check_text
from desk.domain.localtime import local_date
from desk.reports.audit import AuditAction, AuditCheck, AuditFinding, InternalAuditFacts
from desk.services.context import ServiceContext
from desk.services.internal_audit.checklists import load_checklist
from desk.services.permissions import (
    AUDIT_ACTION_ROLES,
    AUDIT_READ_ROLES,
    AUDIT_ROLES,
    require_role,
)
from desk.storage import models as m

ENTITY = "internal_audit"


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final[Any] = _Unchanged()

# what a user may type for a checklist result: the stored code, or the Japanese word
RESULT_WORDS = {
    "conform": "conform",
    "nonconform": "nonconform",
    "na": "na",
    "適": "conform",
    "不適": "nonconform",
    "該当なし": "na",
}
SEVERITY_WORDS = {
    "major": "major",
    "minor": "minor",
    "observation": "observation",
    "重大": "major",
    "軽微": "minor",
    "改善提案": "observation",
}


@dataclass(frozen=True)
class CheckView:
    code: str
    section: str
    question: str
    section_en: str | None
    question_en: str | None
    result: str | None
    notes: str | None


@dataclass(frozen=True)
class ActionView:
    id: int
    text: str
    owner: str
    due_on: dt.date
    status: str
    closed_on: dt.date | None
    follow_up: str | None
    overdue: bool


@dataclass(frozen=True)
class FindingView:
    number: int
    text: str
    check_code: str | None
    severity: str | None
    actions: tuple[ActionView, ...]


@dataclass(frozen=True)
class AuditSummary:
    ref: str
    fiscal_year: int
    audit_on: dt.date | None
    auditors: str | None
    checked: int
    items: int
    findings: int
    open_actions: int
    signed_off: bool

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["audit_on"] = self.audit_on.isoformat() if self.audit_on else None
        return out


@dataclass(frozen=True)
class AuditView:
    ref: str
    fiscal_year: int
    plan: str | None
    scope: str | None
    auditors: str | None
    audit_on: dt.date | None
    checklist_id: str
    checklist_source: str | None
    checks: tuple[CheckView, ...]
    findings: tuple[FindingView, ...]
    signed_off_by: str | None
    signed_off_on: dt.date | None
    sign_off_comment: str | None
    revision: int

    @property
    def signed_off(self) -> bool:
        return self.signed_off_on is not None

    def to_json(self) -> dict[str, Any]:
        def day(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "ref": self.ref,
            "fiscal_year": self.fiscal_year,
            "plan": self.plan,
            "scope": self.scope,
            "auditors": self.auditors,
            "audit_on": day(self.audit_on),
            "checklist": {"id": self.checklist_id, "source": self.checklist_source},
            "checks": [asdict(c) for c in self.checks],
            "findings": [
                {
                    "number": f.number,
                    "text": f.text,
                    "check_code": f.check_code,
                    "severity": f.severity,
                    "actions": [
                        {
                            **asdict(a),
                            "due_on": day(a.due_on),
                            "closed_on": day(a.closed_on),
                        }
                        for a in f.actions
                    ],
                }
                for f in self.findings
            ],
            "signed_off_by": self.signed_off_by,
            "signed_off_on": day(self.signed_off_on),
            "sign_off_comment": self.sign_off_comment,
            "revision": self.revision,
        }


# --------------------------------------------------------------------------- helpers


def _text(
    value: str | None, where: str, *, limit: int = 4000, required: bool = False
) -> str | None:
    if value is None or not value.strip():
        if required:
            raise InvalidInput(_("must not be empty"), where=where)
        return None
    value = value.strip()
    check_text(value, source=None, where=where, limit=limit)
    return value


def _audit_row(session: Session, ref: str) -> m.InternalAudit:
    row = session.scalars(
        select(m.InternalAudit)
        .options(
            selectinload(m.InternalAudit.checks),
            selectinload(m.InternalAudit.findings).selectinload(m.InternalAuditFinding.actions),
        )
        .where(m.InternalAudit.ref == ref)
    ).first()
    if row is None:
        raise NotFound(_("No internal audit {ref}").format(ref=ref))
    return row


def _open(row: m.InternalAudit) -> None:
    if row.signed_off_at is not None:
        raise InvalidInput(
            _(
                "Internal audit {ref} is signed off; its plan, checklist and findings are closed"
            ).format(ref=row.ref)
        )


def _touch(row: m.InternalAudit) -> None:
    row.revision = (row.revision or 0) + 1


def _as_auditor(session: Session, ctx: ServiceContext, what: str) -> m.User:
    # write=False: the auditor's own record is the one thing an auditor writes
    return require_role(session, ctx, AUDIT_ROLES, what)


def _view(row: m.InternalAudit, today: dt.date) -> AuditView:
    return AuditView(
        ref=row.ref,
        fiscal_year=row.fiscal_year,
        plan=row.plan,
        scope=row.scope,
        auditors=row.auditors,
        audit_on=row.audit_on,
        checklist_id=row.checklist_id,
        checklist_source=row.checklist_source,
        checks=tuple(
            CheckView(c.code, c.section, c.question, c.section_en, c.question_en, c.result, c.notes)
            for c in row.checks
        ),
        findings=tuple(
            FindingView(
                f.number,
                f.text,
                f.check_code,
                f.severity,
                tuple(
                    ActionView(
                        a.id,
                        a.text,
                        a.owner,
                        a.due_on,
                        a.status,
                        a.closed_on,
                        a.follow_up,
                        a.status == "open" and a.due_on < today,
                    )
                    for a in f.actions
                ),
            )
            for f in row.findings
        ),
        signed_off_by=row.signed_off_by.display_name if row.signed_off_by else None,
        signed_off_on=local_date(m.as_utc(row.signed_off_at) or row.signed_off_at)
        if row.signed_off_at
        else None,
        sign_off_comment=row.sign_off_comment,
        revision=row.revision,
    )


# --------------------------------------------------------------------------- use cases


def create_audit(
    ctx: ServiceContext,
    fiscal_year: int,
    *,
    plan: str | None = None,
    scope: str | None = None,
    auditors: str | None = None,
    audit_on: dt.date | None = None,
    checklist: str | Path | None = None,
) -> AuditView:
    """A new audit of ``fiscal_year`` with the checklist template's items, not yet answered."""
    if not 2000 <= fiscal_year <= 2100:
        raise InvalidInput(
            _("Fiscal year {year} is out of range").format(year=fiscal_year), where="--fiscal-year"
        )
    template = load_checklist(checklist)
    values = {
        "plan": _text(plan, "--plan"),
        "scope": _text(scope, "--scope"),
        "auditors": _text(auditors, "--auditors", limit=500),
    }
    with ctx.transaction() as session:
        user = _as_auditor(session, ctx, N_("create an internal audit"))
        count = session.scalar(
            select(func.count())
            .select_from(m.InternalAudit)
            .where(m.InternalAudit.fiscal_year == fiscal_year)
        )
        ref = f"IA-{fiscal_year}-{int(count or 0) + 1:02d}"
        row = m.InternalAudit(
            ref=ref,
            fiscal_year=fiscal_year,
            audit_on=audit_on,
            checklist_id=template.id,
            checklist_source=template.source,
            created_by_id=user.id,
            revision=1,
            **values,
        )
        row.checks = [
            m.InternalAuditCheck(
                position=i,
                code=item.code,
                section=item.section,
                question=item.question,
                section_en=item.section_en,
                question_en=item.question_en,
            )
            for i, item in enumerate(template.items, 1)
        ]
        session.add(row)
        session.flush()
        ctx.audit(
            session,
            "internal_audit.create",
            ENTITY,
            row.id,
            {
                "ref": ref,
                "fiscal_year": fiscal_year,
                "checklist": template.id,
                "items": len(template.items),
                **{k: v for k, v in values.items() if v is not None},
                "audit_on": audit_on.isoformat() if audit_on else None,
            },
        )
        return _view(row, ctx.today())


def update_audit(
    ctx: ServiceContext,
    ref: str,
    *,
    plan: Any = UNCHANGED,
    scope: Any = UNCHANGED,
    auditors: Any = UNCHANGED,
    audit_on: Any = UNCHANGED,
) -> AuditView:
    """Change the plan, scope, auditors or date (what is not given stays as it is)."""
    changes: dict[str, Any] = {}
    if plan is not UNCHANGED:
        changes["plan"] = _text(plan, "--plan")
    if scope is not UNCHANGED:
        changes["scope"] = _text(scope, "--scope")
    if auditors is not UNCHANGED:
        changes["auditors"] = _text(auditors, "--auditors", limit=500)
    if audit_on is not UNCHANGED:
        changes["audit_on"] = audit_on
    with ctx.transaction() as session:
        row = _audit_row(session, ref)
        _as_auditor(session, ctx, N_("edit an internal audit"))
        _open(row)
        changed = {k: v for k, v in changes.items() if getattr(row, k) != v}
        if changed:
            for k, v in changed.items():
                setattr(row, k, v)
            _touch(row)
            ctx.audit(
                session,
                "internal_audit.update",
                ENTITY,
                row.id,
                {
                    "ref": ref,
                    **{
                        k: (v.isoformat() if isinstance(v, dt.date) else v)
                        for k, v in changed.items()
                    },
                },
            )
        session.flush()
        return _view(row, ctx.today())


def set_check(
    ctx: ServiceContext, ref: str, code: str, result: str | None, notes: Any = UNCHANGED
) -> AuditView:
    """Answer checklist item ``code``: 適 (conform), 不適 (nonconform), 該当なし (na), or
    ``None`` to clear it; ``notes`` (when given) replaces the item's notes."""
    stored: str | None = None
    if result is not None and result.strip():
        stored = RESULT_WORDS.get(result.strip())
        if stored is None:
            raise InvalidInput(
                _(
                    "unknown result {value}; expected conform, nonconform or na "
                    "(適, 不適, 該当なし)"
                ).format(value=result),
                where="--result",
            )
    note = notes if notes is UNCHANGED else _text(notes, "--notes")
    with ctx.transaction() as session:
        row = _audit_row(session, ref)
        _as_auditor(session, ctx, N_("answer an internal audit's checklist"))
        _open(row)
        item = next((c for c in row.checks if c.code == code), None)
        if item is None:
            raise NotFound(
                _("Internal audit {ref} has no checklist item {code}").format(ref=ref, code=code)
            )
        changed = item.result != stored or (note is not UNCHANGED and item.notes != note)
        if changed:
            item.result = stored
            if note is not UNCHANGED:
                item.notes = note
            _touch(row)
            ctx.audit(
                session,
                "internal_audit.check",
                ENTITY,
                row.id,
                {"ref": ref, "code": code, "result": stored, "notes": item.notes},
            )
        session.flush()
        return _view(row, ctx.today())


def add_finding(
    ctx: ServiceContext,
    ref: str,
    text: str,
    *,
    check_code: str | None = None,
    severity: str | None = None,
) -> FindingView:
    """A finding (指摘事項), numbered 1, 2, … within the audit."""
    body = _text(text, "text", required=True)
    level: str | None = None
    if severity:
        level = SEVERITY_WORDS.get(severity.strip())
        if level is None:
            raise InvalidInput(
                _(
                    "unknown severity {value}; expected major, minor or observation "
                    "(重大, 軽微, 改善提案)"
                ).format(value=severity),
                where="--severity",
            )
    with ctx.transaction() as session:
        row = _audit_row(session, ref)
        user = _as_auditor(session, ctx, N_("add findings to an internal audit"))
        _open(row)
        if check_code and not any(c.code == check_code for c in row.checks):
            raise NotFound(
                _("Internal audit {ref} has no checklist item {code}").format(
                    ref=ref, code=check_code
                )
            )
        number = max((f.number for f in row.findings), default=0) + 1
        finding = m.InternalAuditFinding(
            number=number,
            text=body,
            check_code=check_code or None,
            severity=level,
            created_by_id=user.id,
        )
        row.findings.append(finding)
        _touch(row)
        session.flush()
        ctx.audit(
            session,
            "internal_audit.finding",
            ENTITY,
            row.id,
            {"ref": ref, "number": number, "text": body, "check": check_code, "severity": level},
        )
        return FindingView(number, str(body), check_code or None, level, ())


def add_action(
    ctx: ServiceContext, ref: str, finding: int, text: str, *, owner: str, due_on: dt.date
) -> ActionView:
    """A corrective action (是正措置) for finding no. ``finding``: the office's."""
    body = _text(text, "text", required=True)
    who = _text(owner, "--owner", limit=200, required=True)
    with ctx.transaction() as session:
        row = _audit_row(session, ref)
        user = require_role(
            session, ctx, AUDIT_ACTION_ROLES, N_("add corrective actions"), write=True
        )
        target = next((f for f in row.findings if f.number == finding), None)
        if target is None:
            raise NotFound(
                _("Internal audit {ref} has no finding {number}").format(ref=ref, number=finding)
            )
        action = m.InternalAuditAction(
            text=body, owner=who, due_on=due_on, status="open", created_by_id=user.id
        )
        target.actions.append(action)
        _touch(row)
        session.flush()
        ctx.audit(
            session,
            "internal_audit.action",
            ENTITY,
            row.id,
            {
                "ref": ref,
                "finding": finding,
                "action": action.id,
                "text": body,
                "owner": who,
                "due_on": due_on.isoformat(),
            },
        )
        return ActionView(
            action.id, str(body), str(who), due_on, "open", None, None, due_on < ctx.today()
        )


def close_action(
    ctx: ServiceContext,
    action_id: int,
    *,
    follow_up: str | None = None,
    closed_on: dt.date | None = None,
) -> ActionView:
    """Mark corrective action ``action_id`` done, with what was done (the follow-up)."""
    note = _text(follow_up, "--follow-up")
    with ctx.transaction() as session:
        action = session.get(m.InternalAuditAction, action_id)
        if action is None:
            raise NotFound(_("No corrective action {id}").format(id=action_id))
        user = require_role(
            session, ctx, AUDIT_ACTION_ROLES, N_("close corrective actions"), write=True
        )
        if action.status == "closed":
            raise InvalidInput(_("Corrective action {id} is already closed").format(id=action_id))
        day = closed_on or ctx.today()
        action.status = "closed"
        action.closed_on = day
        action.follow_up = note
        action.closed_by_id = user.id
        row = action.finding.audit
        _touch(row)
        session.flush()
        ctx.audit(
            session,
            "internal_audit.action_close",
            ENTITY,
            row.id,
            {
                "ref": row.ref,
                "finding": action.finding.number,
                "action": action.id,
                "closed_on": day.isoformat(),
                "follow_up": note,
            },
        )
        return ActionView(
            action.id, action.text, action.owner, action.due_on, "closed", day, note, False
        )


def sign_off(ctx: ServiceContext, ref: str, *, comment: str | None = None) -> AuditView:
    """The auditor signs the audit off: its plan, checklist and findings are closed from now
    on (corrective actions still move on); every checklist item must have a result."""
    note = _text(comment, "--comment")
    with ctx.transaction() as session:
        row = _audit_row(session, ref)
        user = _as_auditor(session, ctx, N_("sign off an internal audit"))
        _open(row)
        missing = [c.code for c in row.checks if c.result is None]
        if missing:
            raise InvalidInput(
                _("Checklist items without a result: {codes}").format(codes=", ".join(missing))
            )
        row.signed_off_by_id = user.id
        row.signed_off_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        row.sign_off_comment = note
        _touch(row)
        session.flush()
        session.refresh(row)
        ctx.audit(
            session,
            "internal_audit.sign_off",
            ENTITY,
            row.id,
            {"ref": ref, "by": user.login, "comment": note},
        )
        return _view(row, ctx.today())


def get_audit(ctx: ServiceContext, ref: str) -> AuditView:
    with ctx.reading() as session:
        require_role(session, ctx, AUDIT_READ_ROLES, N_("read internal audits"))
        return _view(_audit_row(session, ref), ctx.today())


def list_audits(ctx: ServiceContext, fiscal_year: int | None = None) -> tuple[AuditSummary, ...]:
    with ctx.reading() as session:
        require_role(session, ctx, AUDIT_READ_ROLES, N_("read internal audits"))
        query = select(m.InternalAudit).options(
            selectinload(m.InternalAudit.checks),
            selectinload(m.InternalAudit.findings).selectinload(m.InternalAuditFinding.actions),
        )
        if fiscal_year is not None:
            query = query.where(m.InternalAudit.fiscal_year == fiscal_year)
        rows = session.scalars(query.order_by(m.InternalAudit.fiscal_year, m.InternalAudit.ref))
        return tuple(
            AuditSummary(
                r.ref,
                r.fiscal_year,
                r.audit_on,
                r.auditors,
                sum(1 for c in r.checks if c.result is not None),
                len(r.checks),
                len(r.findings),
                sum(1 for f in r.findings for a in f.actions if a.status == "open"),
                r.signed_off_at is not None,
            )
            for r in rows
        )


def report_facts(
    session: Session, fiscal_year: int, ref: str | None = None, *, lang: str = "ja"
) -> tuple[InternalAuditFacts | None, int | None, int | None]:
    """The audit the annual report of ``fiscal_year`` prints (``ref``, else the year's newest),
    as report data, with its id and revision (verifying the report compares them)."""
    if ref is not None:
        row = _audit_row(session, ref)
        if row.fiscal_year != fiscal_year:
            raise InvalidInput(
                _("Internal audit {ref} is of fiscal year {year}").format(
                    ref=ref, year=row.fiscal_year
                ),
                where="--audit",
            )
    else:
        row_or_none = session.scalars(
            select(m.InternalAudit)
            .where(m.InternalAudit.fiscal_year == fiscal_year)
            .order_by(m.InternalAudit.id.desc())
        ).first()
        if row_or_none is None:
            return None, None, None
        row = _audit_row(session, row_or_none.ref)
    return facts_of(row, lang), row.id, row.revision


def facts_of(row: m.InternalAudit, lang: str = "ja") -> InternalAuditFacts:
    view = _view(row, dt.date.max)
    en = lang == "en"
    return InternalAuditFacts(
        ref=view.ref,
        fiscal_year=view.fiscal_year,
        plan=view.plan,
        scope=view.scope,
        auditors=view.auditors,
        audit_on=view.audit_on,
        checklist_source=view.checklist_source,
        checks=tuple(
            AuditCheck(
                c.code,
                (c.section_en or c.section) if en else c.section,
                (c.question_en or c.question) if en else c.question,
                c.result,
                c.notes,
            )
            for c in view.checks
        ),
        findings=tuple(
            AuditFinding(
                f.number,
                f.text,
                f.check_code,
                f.severity,
                tuple(
                    AuditAction(a.text, a.owner, a.due_on, a.status, a.closed_on, a.follow_up)
                    for a in f.actions
                ),
            )
            for f in view.findings
        ),
        signed_off_by=view.signed_off_by,
        signed_off_on=view.signed_off_on,
        sign_off_comment=view.sign_off_comment,
    )

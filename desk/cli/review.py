"""``desk review``: submit a case, decide it at the first or second level, record licences,
add evidence, show the history, and manage who holds which role.

The acting user is who signed in (``--user``/``DESK_USER`` and a password once local
accounts exist), the PostgreSQL login in shared mode; their roles come from ``desk users``
(``desk review users list|add`` is its alias).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.limits import strict_date
from desk.domain.localtime import shown
from desk.services.context import open_context
from desk.services.reviews import (
    ACTIVITIES,
    DECISION_LABELS,
    DECISIONS,
    LEVEL_LABELS,
    LEVELS,
    STATUS_LABELS,
    ReviewState,
    Seen,
    add_evidence,
    decide_case,
    record_licence,
    review_state,
    submit_case,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "review", help=_("submit, review and decide cases; licences; users and roles")
    )
    sub = parser.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    p = sub.add_parser("submit", help=_("submit a case's self-assessment for review"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--activity", choices=ACTIVITIES, default=None, help=_("the kind of activity"))
    p.add_argument("--comment", default=None)
    p.set_defaults(func=_submit)

    p = sub.add_parser(
        "decide", help=_("record a review decision (first or second level, or the committee's)")
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--level", required=True, choices=LEVELS)
    p.add_argument("--decision", required=True, choices=DECISIONS)
    p.add_argument("--conditions", default=None, help=_("conditions, one a line"))
    p.add_argument("--comment", default=None)
    p.add_argument(
        "--seen",
        required=True,
        metavar="VERSION:ASSESSMENT",
        help=_(
            "what you reviewed, as desk review show prints it; a case changed or assessed "
            "again since is refused"
        ),
    )
    p.set_defaults(func=_decide)

    p = sub.add_parser("licence", help=_("record a METI licence granted for a case"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--number", required=True)
    p.add_argument("--granted", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--valid-until", default=None, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--conditions", default=None)
    p.set_defaults(func=_licence)

    p = sub.add_parser("evidence", help=_("add an evidence document to a case"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--title", required=True)
    p.add_argument("--version", default=None)
    p.add_argument("--file", default=None, metavar="FILE", help=_("keep this file with it"))
    p.set_defaults(func=_evidence)

    p = sub.add_parser("show", help=_("a case's review history, licences and evidence"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)

    p = sub.add_parser("users", help=_("list users, or add one with roles"))
    users = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    from desk.cli.users import add_actions  # the same as desk users list|add

    add_actions(users)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return strict_date(text)
    except ValueError:
        raise InvalidInput(
            _("not a date YYYY-MM-DD: {text}").format(text=text), where=option
        ) from None


def _seen(text: str) -> Seen:
    version, sep, assessment = text.strip().partition(":")
    try:
        number = int(version)
        found = int(assessment) if assessment and assessment != "-" else None
    except ValueError:
        number = -1
        found = None
    if not sep or number < 1:
        raise InvalidInput(
            _(
                "expected VERSION:ASSESSMENT as desk review show prints it (for example 3:12), "
                "not {text}"
            ).format(text=text),
            where="--seen",
        )
    return Seen(number, found)


def seen_token(state: ReviewState) -> str:
    return f"{state.case_version}:{state.assessment_id if state.assessment_id else '-'}"


def state_json(state: ReviewState) -> dict[str, Any]:
    decision = state.decision
    return {
        "id": state.ref,
        "seen": seen_token(state),
        "title": state.title,
        "status": state.status,
        "activity": state.activity,
        "assessment": state.assessment_id,
        "outcome": state.outcome,
        "risk": state.risk,
        "stale": state.stale,
        "second_level_required": state.second_level_required,
        "decision": decision.decision if decision else None,
        "steps": [
            {
                "level": s.level,
                "decision": s.decision,
                "reviewer": s.reviewer,
                "decided_at": s.decided_at.isoformat(),
                "assessment": s.assessment_id,
                "outcome": s.outcome,
                "risk": s.risk,
                "ruleset": s.ruleset,
                "conditions": list(s.conditions),
                "comment": s.comment,
                "final": s.final,
            }
            for s in state.steps
        ],
        "licences": [
            {
                "number": lic.number,
                "granted_on": lic.granted_on.isoformat(),
                "valid_until": lic.valid_until.isoformat() if lic.valid_until else None,
                "conditions": lic.conditions,
                "recorded_by": lic.recorded_by,
            }
            for lic in state.licences
        ],
        "evidence": [
            {"title": e.title, "version": e.version, "file": e.filename, "sha256": e.sha256}
            for e in state.evidence
        ],
    }


def _print_state(state: ReviewState) -> None:
    print(
        _("Case {ref}: {status}; risk {risk}, outcome {outcome}").format(
            ref=state.ref,
            status=_(STATUS_LABELS[state.status]),
            risk=state.risk or "-",
            outcome=state.outcome or "-",
        )
        + (" " + _("(stale: assess it again)") if state.stale else "")
    )
    print("  " + _("Reviewed as: --seen {token}").format(token=seen_token(state)))
    if state.second_level_required:
        print("  " + _("R2–R4: decided at the second level"))
    for s in state.steps:
        line = (
            f"  {shown(s.decided_at)}  {_(LEVEL_LABELS[s.level])}: "
            f"{_(DECISION_LABELS[s.decision])}  ({s.reviewer_name}; "
            + _("assessment {id}, {outcome} {risk}").format(
                id=s.assessment_id, outcome=s.outcome, risk=s.risk
            )
            + ")"
        )
        print(line)
        for c in s.conditions:
            print("      " + _("condition: {text}").format(text=c))
        if s.comment:
            print("      " + s.comment)
    for lic in state.licences:
        until = shown(lic.valid_until) if lic.valid_until else "-"
        print(
            "  "
            + _("Licence {number}: granted {granted}, valid until {until}").format(
                number=lic.number, granted=shown(lic.granted_on), until=until
            )
        )
    for e in state.evidence:
        print(
            "  "
            + _("Evidence: {title}").format(title=e.title)
            + (f" ({e.version})" if e.version else "")
        )


def _submit(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        state = submit_case(ctx, args.id, activity=args.activity, comment=args.comment)
    _print_state(state)
    return 0


def _decide(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        state = decide_case(
            ctx,
            args.id,
            level=args.level,
            decision=args.decision,
            conditions=args.conditions,
            comment=args.comment,
            seen=_seen(args.seen),
        )
    _print_state(state)
    if state.status == "second_review":
        print(_("Forwarded to the second review (risk {risk}).").format(risk=state.risk))
    if state.status == "committee":
        print(_("Referred to the committee: only the committee decides it (--level committee)."))
    return 0


def _licence(args: argparse.Namespace) -> int:
    granted = _date(args.granted, "--granted")
    assert granted is not None
    with open_context(database_url(args)) as ctx:
        state = record_licence(
            ctx,
            args.id,
            number=args.number,
            granted_on=granted,
            valid_until=_date(args.valid_until, "--valid-until"),
            conditions=args.conditions,
        )
    _print_state(state)
    return 0


def _evidence(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        state = add_evidence(ctx, args.id, title=args.title, version=args.version, path=args.file)
    _print_state(state)
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        state = review_state(ctx, args.id)
    if args.json:
        print(json.dumps(state_json(state), ensure_ascii=False, indent=2))
    else:
        _print_state(state)
    return 0

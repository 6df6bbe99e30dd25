"""``desk internal-audit``: the internal audit (内部監査) kept in the database.

    desk internal-audit create --fiscal-year YYYY [--plan …] [--scope …] [--auditors …] [--date D]
    desk internal-audit edit REF [--plan …] [--scope …] [--auditors …] [--date D]
    desk internal-audit list [--fiscal-year YYYY] [--json]
    desk internal-audit show REF [--json]
    desk internal-audit check REF CODE --result 適|不適|該当なし [--notes …]
    desk internal-audit finding add REF TEXT [--check CODE] [--severity 重大|軽微|改善提案]
    desk internal-audit action add REF FINDING TEXT --owner WHO --due YYYY-MM-DD
    desk internal-audit action close ACTION_ID [--follow-up …] [--date D]
    desk internal-audit sign-off REF [--comment …]

The auditor writes the audit (plan, checklist, findings, sign-off); the office owns the
corrective actions. ``desk report audit`` prints the year's audit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.limits import strict_date, terminal_safe
from desk.domain.localtime import shown
from desk.services.context import open_context

RESULT_NAMES = {"conform": "適", "nonconform": "不適", "na": "該当なし"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "internal-audit",
        help=_("keep the internal audit: plan, checklist, findings, corrective actions"),
    )
    sub = parser.add_subparsers(dest="ia_command", metavar="ACTION", required=True)

    p = sub.add_parser("create", help=_("start the internal audit of a fiscal year"))
    p.add_argument("--fiscal-year", type=int, required=True, metavar="YYYY")
    _plan_options(p)
    p.add_argument(
        "--checklist", metavar="FILE", help=_("checklist template (default: the one desk ships)")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_create)

    p = sub.add_parser("edit", help=_("change an audit's plan, scope, auditors or date"))
    p.add_argument("ref", metavar="REF")
    _plan_options(p)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_edit)

    p = sub.add_parser("list", help=_("list the internal audits"))
    p.add_argument("--fiscal-year", type=int, metavar="YYYY")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)

    p = sub.add_parser("show", help=_("show an audit with its checklist, findings and actions"))
    p.add_argument("ref", metavar="REF")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)

    p = sub.add_parser("check", help=_("answer a checklist item"))
    p.add_argument("ref", metavar="REF")
    p.add_argument("code", metavar="CODE")
    p.add_argument(
        "--result", required=True, help=_("適, 不適 or 該当なし (conform, nonconform, na)")
    )
    p.add_argument("--notes", default=None)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_check)

    finding = sub.add_parser("finding", help=_("add a finding"))
    fsub = finding.add_subparsers(dest="finding_command", metavar="ACTION", required=True)
    p = fsub.add_parser("add", help=_("add a finding to an audit"))
    p.add_argument("ref", metavar="REF")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--check", metavar="CODE", help=_("the checklist item it concerns"))
    p.add_argument("--severity", help=_("重大, 軽微 or 改善提案 (major, minor, observation)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_finding_add)

    action = sub.add_parser("action", help=_("add or close corrective actions"))
    asub = action.add_subparsers(dest="action_command", metavar="ACTION", required=True)
    p = asub.add_parser("add", help=_("add a corrective action to a finding"))
    p.add_argument("ref", metavar="REF")
    p.add_argument("finding", type=int, metavar="FINDING")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--owner", required=True, help=_("who carries it out"))
    p.add_argument("--due", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_action_add)
    p = asub.add_parser("close", help=_("close a corrective action with its follow-up"))
    p.add_argument("action_id", type=int, metavar="ACTION_ID")
    p.add_argument("--follow-up", default=None, help=_("what was done"))
    p.add_argument("--date", default=None, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_action_close)

    p = sub.add_parser("sign-off", help=_("sign the audit off"))
    p.add_argument("ref", metavar="REF")
    p.add_argument("--comment", default=None)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_sign_off)


def _plan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", default=None, help=_("the audit plan"))
    p.add_argument("--scope", default=None, help=_("what the audit covers"))
    p.add_argument("--auditors", default=None, help=_("the auditors' names"))
    p.add_argument("--date", default=None, metavar="DATE", help=_("audit date (YYYY-MM-DD)"))


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return strict_date(text)
    except ValueError:
        raise InvalidInput(
            _("not a date YYYY-MM-DD: {text}").format(text=text), where=option
        ) from None


def _dump(payload: Any) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2))


def _print_audit(view: Any) -> None:
    print(
        _("Internal audit {ref} (fiscal year {year})").format(ref=view.ref, year=view.fiscal_year)
    )
    for label, value in (
        (_("Plan"), view.plan),
        (_("Scope"), view.scope),
        (_("Auditors"), view.auditors),
        (_("Audit date"), shown(view.audit_on) if view.audit_on else None),
        (_("Checklist"), view.checklist_source),
    ):
        print(f"  {label}: {terminal_safe(value or '-')}")
    print(_("Checklist:"))
    for c in view.checks:
        result = RESULT_NAMES.get(c.result or "", "-")
        note = f"  ({terminal_safe(c.notes)})" if c.notes else ""
        print(f"  {c.code:<6} {result:<6} {terminal_safe(c.question)}{note}")
    print(_("Findings:") if view.findings else _("Findings: none"))
    for f in view.findings:
        print(
            f"  {f.number}. {terminal_safe(f.text)}"
            + (f" [{f.check_code}]" if f.check_code else "")
        )
        for a in f.actions:
            state = (
                _("closed {date}").format(date=shown(a.closed_on))
                if a.status == "closed"
                else (_("overdue") if a.overdue else _("open"))
            )
            print(
                "     "
                + _("action {id}: {text} — {owner}, due {due}, {state}").format(
                    id=a.id,
                    text=terminal_safe(a.text),
                    owner=terminal_safe(a.owner),
                    due=shown(a.due_on),
                    state=state,
                )
            )
    if view.signed_off:
        print(
            _("Signed off by {name} on {date}").format(
                name=view.signed_off_by, date=shown(view.signed_off_on)
            )
        )
    else:
        print(_("Not signed off"))


def _out(args: argparse.Namespace, view: Any) -> int:
    if args.json:
        _dump(view.to_json())
    else:
        _print_audit(view)
    return 0


def _create(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import create_audit

    with open_context(database_url(args)) as ctx:
        view = create_audit(
            ctx,
            args.fiscal_year,
            plan=args.plan,
            scope=args.scope,
            auditors=args.auditors,
            audit_on=_date(args.date, "--date"),
            checklist=args.checklist,
        )
    return _out(args, view)


def _edit(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import UNCHANGED, update_audit

    def given(value: Any) -> Any:
        return UNCHANGED if value is None else value

    with open_context(database_url(args)) as ctx:
        view = update_audit(
            ctx,
            args.ref,
            plan=given(args.plan),
            scope=given(args.scope),
            auditors=given(args.auditors),
            audit_on=UNCHANGED if args.date is None else _date(args.date, "--date"),
        )
    return _out(args, view)


def _list(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import list_audits

    with open_context(database_url(args)) as ctx:
        rows = list_audits(ctx, args.fiscal_year)
    if args.json:
        _dump([r.to_json() for r in rows])
        return 0
    if not rows:
        print(_("No internal audits."))
    for r in rows:
        print(
            _(
                "{ref}  fiscal year {year}  checked {checked}/{items}  findings {findings}  "
                "open actions {open}  {state}"
            ).format(
                ref=r.ref,
                year=r.fiscal_year,
                checked=r.checked,
                items=r.items,
                findings=r.findings,
                open=r.open_actions,
                state=_("signed off") if r.signed_off else _("not signed off"),
            )
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import get_audit

    with open_context(database_url(args)) as ctx:
        view = get_audit(ctx, args.ref)
    return _out(args, view)


def _check(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import UNCHANGED, set_check

    with open_context(database_url(args)) as ctx:
        view = set_check(
            ctx,
            args.ref,
            args.code,
            args.result,
            UNCHANGED if args.notes is None else args.notes,
        )
    return _out(args, view)


def _finding_add(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import add_finding

    with open_context(database_url(args)) as ctx:
        f = add_finding(ctx, args.ref, args.text, check_code=args.check, severity=args.severity)
    if args.json:
        _dump(
            {"number": f.number, "text": f.text, "check_code": f.check_code, "severity": f.severity}
        )
    else:
        print(_("Finding {number} added to {ref}").format(number=f.number, ref=args.ref))
    return 0


def _action_json(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "text": a.text,
        "owner": a.owner,
        "due_on": a.due_on.isoformat(),
        "status": a.status,
        "closed_on": a.closed_on.isoformat() if a.closed_on else None,
        "follow_up": a.follow_up,
        "overdue": a.overdue,
    }


def _action_add(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import add_action

    due = _date(args.due, "--due")
    assert due is not None
    with open_context(database_url(args)) as ctx:
        a = add_action(ctx, args.ref, args.finding, args.text, owner=args.owner, due_on=due)
    if args.json:
        _dump(_action_json(a))
    else:
        print(
            _("Corrective action {id} added to finding {number}").format(
                id=a.id, number=args.finding
            )
        )
    return 0


def _action_close(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import close_action

    with open_context(database_url(args)) as ctx:
        a = close_action(
            ctx, args.action_id, follow_up=args.follow_up, closed_on=_date(args.date, "--date")
        )
    if args.json:
        _dump(_action_json(a))
    else:
        print(_("Corrective action {id} closed").format(id=a.id))
    return 0


def _sign_off(args: argparse.Namespace) -> int:
    from desk.services.internal_audit import sign_off

    with open_context(database_url(args)) as ctx:
        view = sign_off(ctx, args.ref, comment=args.comment)
    return _out(args, view)

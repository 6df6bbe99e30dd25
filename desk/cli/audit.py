"""``desk audit verify`` and ``desk audit log``: check and read the audit trail.

``verify`` walks the hash chain: exit 0 and the head hash when it holds, exit 1 naming the
first event altered, deleted, inserted or reordered. ``--head HASH`` also checks that a
head noted earlier (on a record, in a report) is still part of the chain.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.limits import strict_date, terminal_safe
from desk.services.audit import audit_log, problem_message, verify_audit
from desk.services.context import open_context

EXIT_BROKEN = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("audit", help=_("check and read the audit trail"))
    sub = parser.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    verify = sub.add_parser("verify", help=_("check the audit trail's hash chain"))
    verify.add_argument("--json", action="store_true", help=_("print JSON"))
    verify.add_argument(
        "--head", metavar="SHA256", help=_("a head hash noted earlier that must still be in it")
    )
    verify.set_defaults(func=_verify)
    log = sub.add_parser("log", help=_("list audit events"))
    log.add_argument("--case", metavar="ID", help=_("events of this case"))
    log.add_argument("--user", metavar="LOGIN", help=_("events by this user"))
    log.add_argument("--since", metavar="DATE", help=_("events from this date on (YYYY-MM-DD)"))
    log.add_argument("--until", metavar="DATE", help=_("events up to this date (YYYY-MM-DD)"))
    log.add_argument("--kind", metavar="KIND", help=_("events of this kind (case, record.issue …)"))
    log.add_argument(
        "--search", metavar="TEXT", help=_("events whose user, kind, record or details hold it")
    )
    log.add_argument("--csv", metavar="FILE", help=_("write the events as CSV to FILE"))
    log.add_argument("--limit", type=int, metavar="N", help=_("only the newest N events"))
    log.add_argument("--json", action="store_true", help=_("print JSON"))
    log.set_defaults(func=_log)


def _verify(args: argparse.Namespace) -> int:
    head = args.head.strip().lower() if args.head else None
    if head is not None and (len(head) != 64 or any(c not in "0123456789abcdef" for c in head)):
        raise InvalidInput(_("not a SHA-256 hash (64 hex digits)"), where="--head")
    with open_context(database_url(args)) as ctx:
        report = verify_audit(ctx, expect_head=head)
    problem = report.problem
    if args.json:
        payload: dict[str, Any] = {
            "ok": report.ok,
            "events": report.events,
            "head_seq": report.head_seq,
            "head_sha256": report.head_sha256,
            "problem": None
            if problem is None
            else {
                "kind": problem.kind,
                "event_id": problem.event_id,
                "seq": problem.seq,
                "message": problem_message(problem),
            },
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    elif problem is None:
        print(
            _("The audit trail is intact: {n} events; head {sha}").format(
                n=report.events, sha=report.head_sha256
            )
        )
    else:
        print(_("The audit trail is broken: {problem}").format(problem=problem_message(problem)))
    return 0 if problem is None else EXIT_BROKEN


def _day(text: str | None, option: str) -> Any:
    if not text:
        return None
    try:
        return strict_date(text)
    except ValueError:
        raise InvalidInput(
            _("not a date YYYY-MM-DD: {text}").format(text=text), where=option
        ) from None


def _log(args: argparse.Namespace) -> int:
    since = _day(args.since, "--since")
    until = _day(args.until, "--until")
    if args.limit is not None and args.limit < 1:
        raise InvalidInput(_("must be 1 or more"), where="--limit")
    with open_context(database_url(args)) as ctx:
        events = audit_log(
            ctx,
            case=args.case,
            user=args.user,
            since=since,
            until=until,
            kind=args.kind,
            text=args.search,
            limit=args.limit,
        )
    if args.csv:
        from pathlib import Path

        from desk.services.audit import audit_csv

        try:
            Path(args.csv).write_text(audit_csv(events), encoding="utf-8-sig")
        except OSError as exc:
            raise InvalidInput(
                _("Cannot write {file}: {error}").format(file=args.csv, error=exc.strerror or exc),
                where="--csv",
            ) from None
        print(_("Written to {file}").format(file=args.csv))
        return 0
    if args.json:
        rows = [
            {
                "id": e.id,
                "seq": e.seq,
                "at": e.at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "details": e.details,
                "sha256": e.sha256,
            }
            for e in events
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not events:
        print(_("No audit events."))
    for e in events:
        details = json.dumps(e.details, ensure_ascii=False, sort_keys=True)
        print(
            "  ".join(
                terminal_safe(v)
                for v in (
                    e.seq if e.seq is not None else "-",
                    e.at.strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor,
                    e.action,
                    f"{e.entity}:{e.entity_id or '-'}",
                    details,
                )
            )
        )
    return 0

"""``desk retention``: how long records are kept, the disposal list, legal holds and the
approved disposal (``desk.services.retention``; docs/security.md)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.limits import strict_date
from desk.services.context import open_context
from desk.services.retention import (
    RECORD_TYPES,
    TYPE_LABELS,
    Candidate,
    disposal_candidates,
    dispose,
    hold,
    legal_holds,
    release,
    retention_policies,
    set_retention,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "retention", help=_("retention periods, the disposal list, legal holds, disposal")
    )
    sub = parser.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    p = sub.add_parser("list", help=_("records whose retention period has ended"))
    p.add_argument("--on", metavar="DATE", help=_("as on this date (YYYY-MM-DD)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)
    p = sub.add_parser("policies", help=_("the retention period of each record type"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_policies)
    p = sub.add_parser("set", help=_("change a record type's retention period"))
    p.add_argument("record_type", metavar="TYPE", choices=RECORD_TYPES)
    p.add_argument("years", metavar="YEARS", type=int)
    p.set_defaults(func=_set)
    for name, text in (
        ("hold", _("put a case or shipment on legal hold")),
        ("release", _("release a legal hold")),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("kind", metavar="KIND", choices=("case", "shipment"))
        p.add_argument("ref", metavar="ID")
        p.add_argument("--reason", required=name == "hold", default=None)
        p.set_defaults(func=_hold if name == "hold" else _release)
    p = sub.add_parser("holds", help=_("the legal holds in force"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_holds)
    p = sub.add_parser("dispose", help=_("dispose of the due records (audited; never held ones)"))
    p.add_argument("refs", metavar="ID", nargs="*", help=_("only these (default: every due one)"))
    p.add_argument("--approve", action="store_true", help=_("the office approves the list"))
    p.add_argument("--on", metavar="DATE", help=_("as on this date (YYYY-MM-DD)"))
    p.set_defaults(func=_dispose)


def _on(args: argparse.Namespace) -> Any:
    if not getattr(args, "on", None):
        return None
    try:
        return strict_date(args.on)
    except ValueError:
        raise InvalidInput(
            _("not a date YYYY-MM-DD: {text}").format(text=args.on), where="--on"
        ) from None


def _json(c: Candidate) -> dict[str, Any]:
    return {
        "type": c.record_type,
        "kind": c.entity,
        "id": c.ref,
        "title": c.title,
        "starts_on": c.starts_on.isoformat(),
        "due_on": c.due_on.isoformat(),
        "held": c.held,
        "hold_reason": c.hold_reason,
    }


def _list(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        found = disposal_candidates(ctx, on=_on(args))
    if args.json:
        print(json.dumps([_json(c) for c in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(_("No record is due for disposal."))
    for c in found:
        held = "  " + _("ON LEGAL HOLD: {reason}").format(reason=c.hold_reason) if c.held else ""
        print(
            f"{c.ref}\t{_(TYPE_LABELS[c.record_type])}\t"
            + _("from {start}, due {due}").format(start=c.starts_on, due=c.due_on)
            + held
        )
    return 0


def _policies(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        found = retention_policies(ctx)
    if args.json:
        rows = [{"type": p.record_type, "years": p.years, "default": p.default} for p in found]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for p in found:
        print(
            f"{p.record_type}\t{_(TYPE_LABELS[p.record_type])}\t"
            + _("{years} years").format(years=p.years)
            + (" " + _("(default)") if p.default else "")
        )
    return 0


def _set(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        p = set_retention(ctx, args.record_type, args.years)
    print(_("{type}: kept {years} years").format(type=_(TYPE_LABELS[p.record_type]), years=p.years))
    return 0


def _hold(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        h = hold(ctx, args.kind, args.ref, args.reason)
    print(_("{ref} is on legal hold: {reason}").format(ref=h.ref, reason=h.reason))
    return 0


def _release(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        h = release(ctx, args.kind, args.ref, args.reason)
    print(_("The legal hold on {ref} is released").format(ref=h.ref))
    return 0


def _holds(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        found = legal_holds(ctx)
    if args.json:
        rows = [
            {
                "kind": h.entity,
                "id": h.ref,
                "reason": h.reason,
                "held_by": h.held_by,
                "held_at": h.held_at.isoformat(),
            }
            for h in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for h in found:
        print(f"{h.entity}\t{h.ref}\t{h.held_by}\t{h.reason}")
    return 0


def _dispose(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        done = dispose(ctx, args.refs or None, approve=args.approve, on=_on(args))
    for c in done.disposed:
        print(_("Disposed of {ref} ({type})").format(ref=c.ref, type=_(TYPE_LABELS[c.record_type])))
    print(_("{n} records disposed of").format(n=len(done.disposed)))
    return 0

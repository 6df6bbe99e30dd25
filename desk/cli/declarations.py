"""``desk declarations``: people's 特定類型 declarations and pledges as documents —
requested, received (dated, valid until, the file), expired or withdrawn.

    desk declarations list [--person ID] [--kind K] [--status S] [--json]
    desk declarations request PERSON --kind declaration|pledge|exit_pledge|change_report
                              [--due DATE]
    desk declarations receive PERSON --kind K --on DATE [--valid-until DATE]
                              [--basis self_declaration|information_obtained] [--types 1,2]
                              [--document FILE] [--note TEXT]
    desk declarations withdraw ID [--on DATE] | expire [--on DATE]
    desk declarations expiring [--within DAYS] [--json]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _

KINDS = ("declaration", "pledge", "exit_pledge", "change_report")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "declarations", help=_("people's declarations and pledges: request, receive, expire")
    )
    sub = parser.add_subparsers(dest="declarations_command", metavar="ACTION", required=True)
    p = sub.add_parser("list", help=_("list declarations and pledges"))
    p.add_argument("--person", default=None, metavar="ID")
    p.add_argument("--kind", default=None, choices=KINDS)
    p.add_argument(
        "--status", default=None, choices=("requested", "received", "expired", "withdrawn")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)
    p = sub.add_parser("request", help=_("ask a person for a declaration or pledge"))
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--due", default=None, metavar="DATE")
    p.add_argument("--note", default=None)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_request)
    p = sub.add_parser("receive", help=_("record a received declaration or pledge"))
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--on", required=True, metavar="DATE", help=_("the date of the document"))
    p.add_argument("--valid-until", default=None, metavar="DATE")
    p.add_argument("--basis", default=None, choices=("self_declaration", "information_obtained"))
    p.add_argument("--types", default=None, metavar="1,2,3", help=_("specific categories declared"))
    p.add_argument("--document", default=None, metavar="FILE", help=_("the file or its reference"))
    p.add_argument("--note", default=None)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_receive)
    p = sub.add_parser("withdraw", help=_("mark a document withdrawn"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--on", default=None, metavar="DATE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_withdraw)
    p = sub.add_parser("expire", help=_("mark documents past their validity expired"))
    p.add_argument("--on", default=None, metavar="DATE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_expire)
    p = sub.add_parser("expiring", help=_("documents whose validity ends soon"))
    p.add_argument("--within", default="30", metavar="DAYS")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_expiring)


def number(text: str, where: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise InvalidInput(_("not a whole number: {value}").format(value=text), where=where)
    return value


def run(args: argparse.Namespace, call: Any) -> Any:
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        return call(ctx)


def print_documents(args: argparse.Namespace, docs: list[Any]) -> int:
    if args.json:
        print(json.dumps([d.to_json() for d in docs], ensure_ascii=False, indent=2))
        return 0
    from desk.services.registers import DOCUMENT_KIND_LABELS as KIND_LABELS
    from desk.services.registers import DOCUMENT_STATUS_LABELS as STATUS_LABELS

    if not docs:
        print(_("No documents."))
    for d in docs:
        dates = " ".join(
            f"{label} {value}"
            for label, value in (
                (_("requested"), d.requested_on),
                (_("received"), d.received_on),
                (_("valid until"), d.valid_until),
                (_("ended"), d.ended_on),
            )
            if value
        )
        print(
            f"{d.id}\t{d.person_id} {d.person_name}\t{_(KIND_LABELS[d.kind])}"
            f"\t[{_(STATUS_LABELS[d.status])}]\t{dates}"
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    from desk.services.registers import list_documents

    person = number(args.person, "--person") if args.person else None
    return print_documents(
        args,
        run(
            args,
            lambda ctx: list_documents(ctx, person_id=person, kind=args.kind, status=args.status),
        ),
    )


def _request(args: argparse.Namespace) -> int:
    from desk.services.registers import request_document

    person = number(args.person, "PERSON")
    doc = run(
        args, lambda ctx: request_document(ctx, person, args.kind, due_on=args.due, note=args.note)
    )
    return print_documents(args, [doc])


def _receive(args: argparse.Namespace) -> int:
    from desk.services.registers import receive_document

    person = number(args.person, "PERSON")
    try:
        doc = run(
            args,
            lambda ctx: receive_document(
                ctx,
                person,
                args.kind,
                args.on,
                valid_until=args.valid_until,
                basis=args.basis,
                types=[args.types] if args.types else None,
                document=args.document,
                note=args.note,
            ),
        )
    except InvalidInput as exc:
        option = {
            "received_on": "--on",
            "valid_until": "--valid-until",
            "types": "--types",
            "basis": "--basis",
        }
        raise InvalidInput(
            exc.detail, source=exc.source, where=option.get(exc.where or "", exc.where)
        ) from None
    return print_documents(args, [doc])


def _withdraw(args: argparse.Namespace) -> int:
    from desk.services.registers import end_document

    doc_id = number(args.id, "ID")
    return print_documents(
        args, [run(args, lambda ctx: end_document(ctx, doc_id, "withdrawn", args.on))]
    )


def _expire(args: argparse.Namespace) -> int:
    from desk.services.registers import expire_documents

    count = run(args, lambda ctx: expire_documents(ctx, args.on))
    if args.json:
        print(json.dumps({"expired": count}))
    else:
        print(_("{n} documents expired.").format(n=count))
    return 0


def _expiring(args: argparse.Namespace) -> int:
    from desk.services.registers import declarations_expiring

    days = number(args.within, "--within")
    return print_documents(args, run(args, lambda ctx: declarations_expiring(ctx, days)))

"""``desk campaigns``: ask a cohort for declarations or pledges and track who answered.

desk campaigns start TITLE --kind declaration|pledge|exit_pledge|change_report
                     [--role student] [--department NAME] [--foreign] [--since DATE]
                     [--person ID …] [--due DATE] [--json]
desk campaigns list [--json]
desk campaigns show ID [--json]          asked, answered, and the not-yet-submitted list
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.declarations import KINDS, number, print_documents, run
from desk.domain.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "campaigns", help=_("ask a cohort for declarations or pledges; who has not answered")
    )
    sub = parser.add_subparsers(dest="campaigns_command", metavar="ACTION", required=True)
    p = sub.add_parser("start", help=_("ask a cohort (role, department, foreign, since)"))
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--role", default=None)
    p.add_argument("--department", default=None)
    p.add_argument("--foreign", action="store_true", help=_("only people who are not Japanese"))
    p.add_argument("--since", default=None, metavar="DATE", help=_("starting on or after DATE"))
    p.add_argument("--person", action="append", default=[], metavar="ID")
    p.add_argument("--due", default=None, metavar="DATE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_start)
    p = sub.add_parser("list", help=_("list campaigns"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)
    p = sub.add_parser("show", help=_("a campaign: who answered, who has not"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)


def _print(args: argparse.Namespace, campaigns: list[Any], *, detail: bool) -> int:
    if args.json:
        docs = [c.to_json() for c in campaigns]
        print(json.dumps(docs[0] if detail else docs, ensure_ascii=False, indent=2))
        return 0
    from desk.services.registers import DOCUMENT_KIND_LABELS as KIND_LABELS

    if not campaigns:
        print(_("No campaigns."))
    for c in campaigns:
        print(
            _("{id}\t{title}\t{kind}\tasked {asked}, answered {answered}, not yet {left}").format(
                id=c.id,
                title=c.title,
                kind=_(KIND_LABELS[c.kind]),
                asked=c.asked,
                answered=c.answered,
                left=len(c.outstanding),
            )
        )
        if detail and c.outstanding:
            print(_("Not yet submitted:"))
            print_documents(args, list(c.outstanding))
    return 0


def _start(args: argparse.Namespace) -> int:
    from desk.services.registers import start_campaign

    people = [number(p, "--person") for p in args.person]
    campaign = run(
        args,
        lambda ctx: start_campaign(
            ctx,
            args.title,
            args.kind,
            role=args.role,
            department=args.department,
            foreign=args.foreign,
            since=args.since,
            person_ids=people,
            due_on=args.due,
        ),
    )
    return _print(args, [campaign], detail=True)


def _list(args: argparse.Namespace) -> int:
    from desk.services.registers import list_campaigns

    return _print(args, run(args, list_campaigns), detail=False)


def _show(args: argparse.Namespace) -> int:
    from desk.services.registers import campaign_status

    cid = number(args.id, "ID")
    return _print(args, [run(args, lambda ctx: campaign_status(ctx, cid))], detail=True)

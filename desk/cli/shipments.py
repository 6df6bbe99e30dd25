"""``desk shipments``: import, export, list and assess stored shipments of goods (貨物)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "shipments", help=_("import, export, list and assess stored shipments of goods")
    )
    sub = parser.add_subparsers(dest="shipments_command", metavar="ACTION", required=True)

    p = sub.add_parser("import", help=_("store desk-shipment/1 files (all or nothing)"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_import)

    p = sub.add_parser("export", help=_("write one <id>.json per stored shipment"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("folder to write into"))
    p.add_argument("ids", nargs="*", metavar="ID", help=_("only these shipments"))
    p.set_defaults(func=_export)

    p = sub.add_parser("list", help=_("list stored shipments"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--items", action="store_true", help=_("list the goods register instead"))
    p.set_defaults(func=_list)

    p = sub.add_parser("assess", help=_("assess stored shipments and keep the answers"))
    p.add_argument("ids", nargs="*", metavar="ID", help=_("only these shipments (default: all)"))
    p.add_argument(
        "--list",
        action="append",
        metavar="FILE",
        default=None,
        help=_("screen against this list CSV, not the stored lists ('default': the built-in list)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_assess)

    p = sub.add_parser("status", help=_("move a shipment to another workflow status"))
    p.add_argument("id", metavar="ID")
    p.add_argument("to", metavar="STATUS")
    p.add_argument("--note", default=None, help=_("why (kept in the audit log)"))
    p.set_defaults(func=_status)

    p = sub.add_parser("certificate", help=_("print the non-applicability certificate (PDF)"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("file to write"))
    p.add_argument(
        "--issued-on", dest="issued_on", default=None, help=_("YYYY-MM-DD; default: today")
    )
    p.set_defaults(func=_certificate)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _import(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.goods import import_shipments

    with open_context(database_url(args)) as ctx:
        result = import_shipments(ctx, args.files)
    if args.json:
        _print_json(
            {
                "created": list(result.created),
                "updated": list(result.updated),
                "shipments": [s.to_json() for s in result.shipments],
            }
        )
    else:
        print(
            _("Stored {n} shipments ({created} new, {updated} updated).").format(
                n=len(result.shipments), created=len(result.created), updated=len(result.updated)
            )
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.goods import export_shipments

    with open_context(database_url(args)) as ctx:
        result = export_shipments(ctx, args.out, args.ids or None)
    print(_("Wrote {n} shipment files to {dir}.").format(n=len(result.files), dir=args.out))
    return 0


def _list(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.goods import list_goods_items, list_shipments

    with open_context(database_url(args)) as ctx:
        rows: Any = list_goods_items(ctx) if args.items else list_shipments(ctx)
    if args.json:
        _print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        print(_("No shipments.") if not args.items else _("No goods items."))
        return 0
    for r in rows:
        if args.items:
            print(
                f"{r.name}\t{r.model or '—'}\t{r.maker or '—'}\t{r.classification}\t{r.item or '—'}"
            )
        else:
            outcome = (r.outcome or "—") + (" *" if r.stale else "")
            cells = [r.ref, r.mode, r.destination, outcome, r.risk or "—", r.title or ""]
            print("\t".join(cells))
    return 0


def _assess(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.goods import assess_shipments

    lists = None
    if args.list:
        from desk.screening import builtin_list, load_list_csv

        lists = [builtin_list() if f == "default" else load_list_csv(f) for f in args.list]
    with open_context(database_url(args)) as ctx:
        run = assess_shipments(ctx, args.ids or None, lists=lists)
    if args.json:
        _print_json(list(run.results))
    else:
        for doc in run.results:
            print(f"{doc['id']}\t{doc['outcome']}\t{doc['risk']}")
    return 0


def _certificate(args: argparse.Namespace) -> int:
    from desk.domain.case import p_date
    from desk.services.context import open_context
    from desk.services.goods import issue_certificate

    day = p_date(args.issued_on, "--issued-on") if args.issued_on else None
    with open_context(database_url(args)) as ctx:
        path = issue_certificate(ctx, args.id, args.out, issued_on=day)
    print(_("Wrote {path}.").format(path=path))
    return 0


def _status(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import move_shipment

    with open_context(database_url(args)) as ctx:
        summary = move_shipment(ctx, args.id, args.to, note=args.note)
    print(f"{summary.ref}\t{summary.status}\t{summary.outcome or '—'}\t{summary.risk or '—'}")
    return 0

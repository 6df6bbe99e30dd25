"""``desk trips``: trip applications (渡航申請) — add, show, list, assess, export, record.

A trip is one registered person (``--traveller``, their number in the people register),
the dates, the destinations, the technology cases provided on it (``--case``) and the
hand-carry shipments in the luggage (``--shipment``). ``assess`` judges every case and
shipment by its own engine and keeps the worst outcome; ``record`` prints the hand-carry
declaration or the trip's bundle as a PDF record (``desk report verify`` checks it).
Bad input exits 2 naming the field; nothing is half-stored.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "trips",
        help=_("trip applications: the traveller's cases and hand-carried goods judged together"),
    )
    sub = parser.add_subparsers(dest="trips_command", metavar="ACTION", required=True)

    p = sub.add_parser("add", help=_("store a trip application"))
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--traveller", required=True, metavar="PERSON", help=_("number in the people register")
    )
    p.add_argument("--departs", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--returns", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument(
        "--destination",
        action="append",
        required=True,
        metavar="CC",
        help=_("a country visited (ISO code); repeat for each"),
    )
    p.add_argument("--case", action="append", default=[], metavar="CASE")
    p.add_argument("--shipment", action="append", default=[], metavar="SHIPMENT")
    p.add_argument("--title", default=None)
    p.add_argument("--purpose", default=None)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_add)

    p = sub.add_parser("show", help=_("show a trip with its last decision"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)

    p = sub.add_parser("list", help=_("list stored trips"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)

    p = sub.add_parser("assess", help=_("judge trips: each case and shipment by its own engine"))
    p.add_argument("ids", nargs="*", metavar="ID", help=_("only these trips (default: all)"))
    p.add_argument(
        "--list",
        action="append",
        metavar="FILE",
        default=None,
        help=_("screen against this list CSV, not the stored lists ('default': the built-in list)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_assess)

    p = sub.add_parser("export", help=_("write one <id>.json per stored trip"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("folder to write into"))
    p.add_argument("ids", nargs="*", metavar="ID", help=_("only these trips"))
    p.set_defaults(func=_export)

    p = sub.add_parser(
        "record", help=_("print the hand-carry declaration or the trip's bundle (PDF)")
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--kind", default="hand_carry", help="hand_carry | bundle")
    p.add_argument("--lang", dest="record_lang", default="ja", help="ja | en")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("file to write"))
    p.set_defaults(func=_record)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _add(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.trips import save_trip

    values = {
        "id": args.id,
        "traveller": args.traveller,
        "departs_on": args.departs,
        "returns_on": args.returns,
        "destinations": args.destination,
        "cases": args.case,
        "shipments": args.shipment,
        "title": args.title,
        "purpose": args.purpose,
    }
    with open_context(database_url(args)) as ctx:
        summary = save_trip(ctx, values)
    if args.json:
        _print_json(summary.to_json())
    else:
        print(_("Stored trip {ref}.").format(ref=summary.ref))
    return 0


def _line(doc: dict[str, Any]) -> str:
    outcome = (doc.get("outcome") or "—") + (" *" if doc.get("stale") else "")
    return "\t".join(
        [
            doc["id"],
            doc["traveller"],
            f"{doc['departs_on']}–{doc['returns_on']}",
            ",".join(doc["destinations"]),
            outcome,
            doc.get("risk") or "—",
        ]
    )


def _show(args: argparse.Namespace) -> int:
    from desk.domain.i18n import current_language
    from desk.services.context import open_context
    from desk.services.trips import get_trip
    from desk.services.trips.explain import explain_trip

    with open_context(database_url(args)) as ctx:
        view = get_trip(ctx, args.id)
    if args.json:
        _print_json(view.to_json())
        return 0
    print(_line(view.summary.to_json()))
    if view.answer is not None:
        print(explain_trip(view.answer, current_language()))
    return 0


def _list(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.trips import list_trips

    with open_context(database_url(args)) as ctx:
        rows = list_trips(ctx)
    if args.json:
        _print_json([r.to_json() for r in rows])
    elif not rows:
        print(_("No trips."))
    else:
        for r in rows:
            print(_line(r.to_json()))
    return 0


def _assess(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.trips import assess_trips

    lists = None
    if args.list:
        from desk.screening import builtin_list, load_list_csv

        lists = [builtin_list() if f == "default" else load_list_csv(f) for f in args.list]
    with open_context(database_url(args)) as ctx:
        run = assess_trips(ctx, args.ids or None, lists=lists)
    if args.json:
        _print_json(list(run.results))
    else:
        for doc in run.results:
            parts = ", ".join(f"{p['id']} {p['outcome']}" for p in doc["parts"])
            print(f"{doc['id']}\t{doc['outcome']}\t{doc['risk']}\t{parts}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.trips import export_trips

    with open_context(database_url(args)) as ctx:
        result = export_trips(ctx, args.out, args.ids or None)
    print(_("Wrote {n} trip files to {dir}.").format(n=len(result.files), dir=args.out))
    return 0


def _record(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.trips import issue_trip_record

    with open_context(database_url(args)) as ctx:
        info = issue_trip_record(ctx, args.id, args.kind, args.out, lang=args.record_lang)
    print(_("Wrote {path} ({number}).").format(path=info.path, number=info.document_number))
    return 0

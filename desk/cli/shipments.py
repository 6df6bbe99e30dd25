"""``desk shipments``: import, export, list, assess, review and record shipments of goods (貨物);
review them (``submit``, ``decide``, ``review`` to show the history — the steps of
``desk review`` for cases, kept beside the shipment commands so that one ID space is
never mistaken for the other), record the Customs export permit (``permit``) and issue
the goods records (``record``: the 取引審査票 and the 関税法94条 book entry)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "shipments", help=_("import, export, list, assess, review and record shipments of goods")
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

    p = sub.add_parser("submit", help=_("submit a shipment for review"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--comment", default=None)
    p.set_defaults(func=_submit)

    p = sub.add_parser("decide", help=_("record a review decision (first or second level)"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--level", required=True, choices=("first", "second"))
    p.add_argument(
        "--decision",
        required=True,
        choices=(
            "approve",
            "approve_with_conditions",
            "reject",
            "refer_to_meti",
            "return_for_information",
        ),
    )
    p.add_argument("--conditions", default=None, help=_("conditions, one a line"))
    p.add_argument("--comment", default=None)
    p.add_argument(
        "--seen",
        required=True,
        metavar="VERSION:ASSESSMENT",
        help=_(
            "what you reviewed, as desk shipments review prints it; a shipment changed or "
            "assessed again since is refused"
        ),
    )
    p.set_defaults(func=_decide)

    p = sub.add_parser("review", help=_("a shipment's review history and export permit"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_review)

    p = sub.add_parser("permit", help=_("record the Customs export permit of a decided shipment"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--number", default=None, help=_("the export permit number"))
    p.add_argument("--date", default=None, metavar="DATE", help=_("the permit date, YYYY-MM-DD"))
    p.add_argument("--clear", action="store_true", help=_("remove the recorded permit"))
    p.set_defaults(func=_permit)

    p = sub.add_parser(
        "record", help=_("issue a goods record (PDF): the transaction review sheet or book entry")
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--kind", required=True, choices=("review-sheet", "customs-book"))
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("file to write"))
    p.set_defaults(func=_record)

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


def _seen_token(state: Any) -> str:
    return f"{state.version}:{state.assessment_id if state.assessment_id else '-'}"


def _print_review(state: Any) -> None:
    from desk.domain.localtime import shown
    from desk.services.reviews import DECISION_LABELS, LEVEL_LABELS, STATUS_LABELS

    print(
        _("Shipment {ref}: {status}; risk {risk}, outcome {outcome}").format(
            ref=state.ref,
            status=_(STATUS_LABELS[state.status]),
            risk=state.risk or "-",
            outcome=state.outcome or "-",
        )
        + (" " + _("(stale: assess it again)") if state.stale else "")
    )
    print("  " + _("Reviewed as: --seen {token}").format(token=_seen_token(state)))
    if state.second_level_required:
        print("  " + _("R2–R4: decided at the second level"))
    for st in state.steps:
        print(
            f"  {shown(st.decided_at)}  {_(LEVEL_LABELS[st.level])}: "
            f"{_(DECISION_LABELS[st.decision])}  ({st.reviewer_name}; "
            + _("assessment {id}, {outcome} {risk}").format(
                id=st.assessment_id, outcome=st.outcome, risk=st.risk
            )
            + ")"
        )
        for c in st.conditions:
            print("      " + _("condition: {text}").format(text=c))
        if st.comment:
            print("      " + st.comment)
    if state.permit_number:
        print(
            "  "
            + _("Export permit {number} of {date}").format(
                number=state.permit_number, date=shown(state.permit_date)
            )
        )


def _submit(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import submit_shipment

    with open_context(database_url(args)) as ctx:
        state = submit_shipment(ctx, args.id, comment=args.comment)
    _print_review(state)
    return 0


def _decide(args: argparse.Namespace) -> int:
    from desk.cli.review import _seen
    from desk.services.context import open_context
    from desk.services.reviews import decide_shipment

    seen = _seen(args.seen)
    with open_context(database_url(args)) as ctx:
        state = decide_shipment(
            ctx,
            args.id,
            level=args.level,
            decision=args.decision,
            conditions=args.conditions,
            comment=args.comment,
            seen=seen,
        )
    _print_review(state)
    if state.status == "second_review":
        print(_("Forwarded to the second review (risk {risk}).").format(risk=state.risk))
    return 0


def _review(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import shipment_review_state

    with open_context(database_url(args)) as ctx:
        state = shipment_review_state(ctx, args.id)
    if args.json:
        _print_json({**state.to_json(), "seen": _seen_token(state)})
    else:
        _print_review(state)
    return 0


def _permit(args: argparse.Namespace) -> int:
    from desk.cli.review import _date
    from desk.domain.errors import InvalidInput
    from desk.services.context import open_context
    from desk.services.reviews import record_permit

    if args.clear and (args.number or args.date):
        raise InvalidInput(_("--clear takes no number or date"), where="--clear")
    if not args.clear and not (args.number and args.date):
        raise InvalidInput(
            _("give both the export permit number and its date"),
            where="--number" if not args.number else "--date",
        )
    day = _date(args.date, "--date")
    with open_context(database_url(args)) as ctx:
        state = record_permit(ctx, args.id, args.number, day)
    _print_review(state)
    return 0


def _record(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.records import issue_goods_record

    kind = args.kind.replace("-", "_")
    with open_context(database_url(args)) as ctx:
        info = issue_goods_record(ctx, args.id, kind, args.out)
    print(_("Wrote {path} (record {number}).").format(path=info.path, number=info.document_number))
    return 0

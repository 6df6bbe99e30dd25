"""``desk cases``: import, export, list, due and assess stored cases."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from desk.cli.main import database_url
from desk.cli.text import table
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _, ngettext
from desk.domain.limits import strict_date, terminal_safe
from desk.domain.localtime import shown
from desk.services.cases import (
    AssessRun,
    CaseSummary,
    assess_cases,
    assess_stale,
    due_cases,
    export_cases,
    import_cases,
    list_cases,
)
from desk.services.context import open_context
from desk.services.reviews import STATUSES, move_case


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("cases", help=_("import, export, list and assess stored cases"))
    sub = parser.add_subparsers(dest="cases_command", metavar="ACTION", required=True)

    p = sub.add_parser("import", help=_("store desk-case/1 files (all or nothing)"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_import)

    p = sub.add_parser("export", help=_("write one <id>.json per stored case"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("folder to write into"))
    p.add_argument("ids", nargs="*", metavar="ID", help=_("only these cases"))
    p.set_defaults(func=_export)

    p = sub.add_parser("list", help=_("list stored cases"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)

    p = sub.add_parser("due", help=_("cases whose answer may change by a date"))
    p.add_argument("--on", metavar="DATE", default=None, help=_("YYYY-MM-DD; default: today"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_due)

    p = sub.add_parser("status", help=_("move a case to another workflow status"))
    p.add_argument("id", metavar="ID")
    p.add_argument("to", metavar="STATUS", help=" | ".join(STATUSES))
    p.add_argument("--note", default=None, help=_("why (kept in the audit log)"))
    p.set_defaults(func=_status)

    p = sub.add_parser(
        "link-shipment",
        help=_("name the cleared shipment a case's minimum-use-technology exemption relies on"),
    )
    p.add_argument("id", metavar="CASE")
    p.add_argument("shipment", metavar="SHIPMENT", nargs="?", default=None)
    p.add_argument("--clear", action="store_true", help=_("remove the case's link"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_link_shipment)

    p = sub.add_parser(
        "shipment-link", help=_("show the cleared shipment a case relies on, or the warning")
    )
    p.add_argument("id", metavar="CASE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_shipment_link)

    p = sub.add_parser("assess", help=_("assess stored cases and keep the answers"))
    p.add_argument("ids", nargs="*", metavar="ID")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--all", action="store_true", help=_("every stored case"))
    group.add_argument(
        "--stale",
        action="store_true",
        help=_("cases whose facts changed since their last assessment"),
    )
    p.add_argument(
        "--list",
        action="append",
        metavar="FILE",
        default=None,
        help=_("screen against this list CSV, not the stored lists ('default': the built-in list)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_assess)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return strict_date(text)
    except ValueError:
        raise InvalidInput(
            _("not a date YYYY-MM-DD: {text}").format(text=text), where=option
        ) from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _table(summaries: Sequence[CaseSummary], *, with_review: bool = False) -> None:
    if not summaries:
        print(_("No cases."))
        return
    headers = [_("ID"), _("Status"), _("Outcome"), _("Risk")]
    if with_review:
        headers.append(_("Review on"))
    headers.append(_("Title"))
    rows = []
    for s in summaries:
        outcome = s.outcome or "-"
        if s.stale:
            outcome += " *"
        row = [terminal_safe(s.ref), s.status, outcome, s.risk or "-"]
        if with_review:
            row.append(shown(s.review_on) if s.review_on else "-")
        row.append(terminal_safe(s.title or ""))
        rows.append(row)
    for line in table([headers, *rows]):
        print(line)
    if any(s.stale for s in summaries):
        print(_("* the facts changed after this answer; run: desk cases assess --stale"))


def _import(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        result = import_cases(ctx, args.files)
    if args.json:
        _print_json(
            {
                "created": list(result.created),
                "updated": list(result.updated),
                "cases": [s.to_json() for s in result.cases],
            }
        )
    else:
        print(
            ngettext(
                "Imported {n} case ({new} new, {updated} updated).",
                "Imported {n} cases ({new} new, {updated} updated).",
                len(result.cases),
            ).format(n=len(result.cases), new=len(result.created), updated=len(result.updated))
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        result = export_cases(ctx, args.out, args.ids or None)
    print(
        ngettext(
            "Wrote {n} case file to {dir}.", "Wrote {n} case files to {dir}.", len(result.files)
        ).format(n=len(result.files), dir=args.out)
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        summaries = list_cases(ctx)
    if args.json:
        _print_json([s.to_json() for s in summaries])
    else:
        _table(summaries)
    return 0


def _due(args: argparse.Namespace) -> int:
    on = _date(args.on, "--on")
    with open_context(database_url(args)) as ctx:
        summaries = due_cases(ctx, on)
    if args.json:
        _print_json([s.to_json() for s in summaries])
    else:
        _table(summaries, with_review=True)
    return 0


def _lists(files: Sequence[str] | None) -> list[Any] | None:
    if not files:
        return None
    from desk.screening import builtin_list, load_list_csv

    return [builtin_list() if f == "default" else load_list_csv(f) for f in files]


def _assess(args: argparse.Namespace) -> int:
    if args.ids and (args.all or args.stale):
        raise InvalidInput(_("give case ids, or --all, or --stale, not both"))
    if not args.ids and not (args.all or args.stale):
        raise InvalidInput(_("give the ids of the cases to assess, or --all, or --stale"))
    lists = _lists(args.list)
    with open_context(database_url(args)) as ctx:
        run: AssessRun
        if args.stale:
            run = assess_stale(ctx, lists=lists)
        else:
            run = assess_cases(ctx, None if args.all else args.ids, lists=lists)
    if args.json:
        answers = [a.result for a in run.assessments]
        _print_json(answers[0] if len(answers) == 1 and args.ids else answers)
        return 0
    if not run.assessments:
        print(_("Nothing to assess."))
    for a in run.assessments:
        line = f"{a.ref}  {a.outcome}  {a.risk}"
        if a.review_on:
            line += "  " + _("review on {date}").format(date=shown(a.review_on))
        if a.changed:
            line += "  " + _("(was {outcome})").format(outcome=a.previous_outcome)
        print(line)
    return 0


def _status(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        summary = move_case(ctx, args.id, args.to, note=args.note)
    print(_("Case {ref} is now {status}.").format(ref=summary.ref, status=summary.status))
    return 0


def _link_shipment(args: argparse.Namespace) -> int:
    from desk.services.goods import link_case_shipment

    if args.clear and args.shipment is not None:
        raise InvalidInput(_("give either a shipment or --clear, not both"), where="--clear")
    if not args.clear and args.shipment is None:
        raise InvalidInput(_("name the shipment to link, or give --clear"), where="SHIPMENT")
    with open_context(database_url(args)) as ctx:
        info = link_case_shipment(ctx, args.id, None if args.clear else args.shipment)
    if args.json:
        _print_json(info.to_json())
        return 0
    if info.shipment_ref is None:
        print(_("Case {ref} no longer names a shipment.").format(ref=info.case_ref))
    else:
        print(
            _("Case {ref} now relies on shipment {shipment}.").format(
                ref=info.case_ref, shipment=info.shipment_ref
            )
        )
    if info.warning:
        print(_("Warning: {message}").format(message=info.warning))
    return 0


def _shipment_link(args: argparse.Namespace) -> int:
    from desk.services.goods import case_shipment_link

    with open_context(database_url(args)) as ctx:
        info = case_shipment_link(ctx, args.id)
    if args.json:
        _print_json(info.to_json())
        return 0
    if info.shipment_ref is None:
        print(_("Case {ref} names no shipment.").format(ref=info.case_ref))
    else:
        state = _("export cleared") if info.cleared else _("export not cleared")
        print(
            f"{info.case_ref}  {info.shipment_ref}  {terminal_safe(info.title or '')}  "
            f"{state}  {shown(info.decided_on) if info.decided_on else ''}".rstrip()
        )
    if info.warning:
        print(_("Warning: {message}").format(message=info.warning))
    return 0

"""``desk licences``: the licence register — 事前相談 → 許可申請 → granted / refused /
withdrawn — with ``add``, ``edit``, ``show``, ``list``, ``status`` (move it on), ``expiring``
(the alert before expiry) and ``check`` (does a case fall inside a valid licence?).
``--json`` on each."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _

_OPTIONS = {
    "--title": "title",
    "--number": "number",
    "--status": "status",
    "--consulted-on": "consulted_on",
    "--applied-on": "applied_on",
    "--granted-on": "granted_on",
    "--decided-on": "decided_on",
    "--valid-from": "valid_from",
    "--valid-until": "valid_until",
    "--tech": "technical_item",
    "--person": "person",
    "--org": "organization",
    "--conditions": "conditions",
    "--reprovision-consent": "reprovision_consent",
    "--notes": "notes",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "licences",
        help=_("the licence register: consultation, application, grant; coverage, expiry"),
    )
    sub = parser.add_subparsers(dest="licences_command", metavar="ACTION", required=True)

    def fields(p: argparse.ArgumentParser, *, status: bool) -> None:
        for option, key in _OPTIONS.items():
            if key == "status" and not status:
                continue
            p.add_argument(option, dest=key, default=None)
        p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = sub.add_parser("add", help=_("register a licence (by default a prior consultation)"))
    fields(p, status=True)
    p.set_defaults(func=_add)

    p = sub.add_parser("edit", help=_("change what a licence says"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--expect-version", type=int, default=None, dest="expect_version")
    fields(p, status=False)
    p.set_defaults(func=_edit)

    p = sub.add_parser("status", help=_("move a licence on: applied, granted, refused, withdrawn"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("to", metavar="STATUS")
    p.add_argument("--on", default=None, help=_("YYYY-MM-DD; default: today"))
    p.add_argument("--expect-version", type=int, default=None, dest="expect_version")
    fields(p, status=False)
    p.set_defaults(func=_status)

    p = sub.add_parser("show", help=_("show a licence"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)

    p = sub.add_parser("list", help=_("list the licence register"))
    p.add_argument("--status", default=None)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)

    p = sub.add_parser("expiring", help=_("granted licences that expire soon"))
    p.add_argument("--within", type=int, default=60, metavar="DAYS", help=_("default: 60"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_expiring)

    p = sub.add_parser("check", help=_("whether cases fall inside a valid licence"))
    p.add_argument("refs", nargs="+", metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_check)


def _values(args: argparse.Namespace) -> dict[str, Any]:
    return {
        key: getattr(args, key) for key in _OPTIONS.values() if getattr(args, key, None) is not None
    }


def _line(r: Any) -> str:
    period = f"{r.valid_from or r.granted_on or '…'} – {r.valid_until or '…'}"
    cells = [
        str(r.id),
        r.status_label,
        r.number or "—",
        r.technical_item[1] if r.technical_item else (r.case_ref or "—"),
        r.recipient or "—",
        period,
    ]
    return "\t".join(str(c) for c in cells)


def _print(record: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
        return
    print(_line(record))
    if record.conditions:
        print("  " + _("Conditions: {text}").format(text=record.conditions))
    if record.reprovision_consent:
        print("  " + _("Prior consent needed for re-provision"))


def _day(text: str | None) -> Any:
    import datetime as dt

    from desk.domain.errors import InvalidInput

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("{value!r} is not a date (YYYY-MM-DD)").format(value=text), where="--on"
        ) from None


def _add(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import add_licence

    with open_context(database_url(args)) as ctx:
        record = add_licence(ctx, _values(args))
    _print(record, args.json)
    return 0


def _edit(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import edit_licence

    with open_context(database_url(args)) as ctx:
        record = edit_licence(ctx, args.id, _values(args), expected_version=args.expect_version)
    _print(record, args.json)
    return 0


def _status(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import set_licence_status

    with open_context(database_url(args)) as ctx:
        record = set_licence_status(
            ctx,
            args.id,
            args.to,
            on=_day(args.on),
            values=_values(args),
            expected_version=args.expect_version,
        )
    _print(record, args.json)
    return 0


def _show(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import show_licence

    with open_context(database_url(args)) as ctx:
        record = show_licence(ctx, args.id)
    _print(record, args.json)
    return 0


def _list(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import list_licences

    with open_context(database_url(args)) as ctx:
        rows = list_licences(ctx, status=args.status)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No licences."))
    for r in rows:
        print(_line(r))
    return 0


def _expiring(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import licences_expiring

    with open_context(database_url(args)) as ctx:
        rows = licences_expiring(ctx, args.within)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No licence expires within {n} days.").format(n=args.within))
    for r in rows:
        print(_line(r.licence) + "\t" + _("{n} days left").format(n=r.days_left))
    return 0


def _check(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import licence_coverage

    with open_context(database_url(args)) as ctx:
        rows = [licence_coverage(ctx, ref) for ref in args.refs]
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        numbers = "、".join(lic.number or "—" for lic in r.licences)
        print("\t".join([r.ref, r.label, numbers or "—"]))
        for problem in r.problems:
            print("  " + problem)
    return 0

"""``desk informs``: the インフォーム通知 register — ``add`` (applied to every affected open
case at once), ``show``, ``list`` and ``apply`` (again, after new cases). ``--json`` on each."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "informs", help=_("the inform notice register, applied to every affected case")
    )
    sub = parser.add_subparsers(dest="informs_command", metavar="ACTION", required=True)

    p = sub.add_parser("add", help=_("register an inform notice and apply it"))
    p.add_argument("--number", required=True)
    p.add_argument("--notified-on", dest="notified_on", required=True, help="YYYY-MM-DD")
    p.add_argument("--kind", required=True, help="wmd | conventional")
    p.add_argument("--summary", default=None)
    p.add_argument("--tech", dest="technical_item", default=None, metavar="ID")
    p.add_argument("--person", default=None, metavar="ID")
    p.add_argument("--org", dest="organization", default=None, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_add)

    p = sub.add_parser("show", help=_("show an inform notice and the cases it affects"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)

    p = sub.add_parser("list", help=_("list inform notices"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)

    p = sub.add_parser("apply", help=_("apply every inform notice to the cases stored since"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_apply)


def _print(r: Any) -> None:
    whom = (r.person or r.organization or (0, "—"))[1]
    what = r.technical_item[1] if r.technical_item else "—"
    print("\t".join([str(r.id), r.number, r.notified_on.isoformat(), r.kind_label, what, whom]))
    if r.applied:
        print("  " + _("Applied to: {refs}").format(refs="、".join(r.applied)))
        print("  " + _("Assess these cases again: desk cases assess"))
    if r.locked:
        print(
            "  "
            + _("Decided or closed, not changed (reopen to apply): {refs}").format(
                refs="、".join(r.locked)
            )
        )


def _add(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import add_inform

    values = {
        k: getattr(args, k)
        for k in (
            "number",
            "notified_on",
            "kind",
            "summary",
            "technical_item",
            "person",
            "organization",
        )
        if getattr(args, k) is not None
    }
    with open_context(database_url(args)) as ctx:
        record = add_inform(ctx, values)
    if args.json:
        print(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
    else:
        _print(record)
    return 0


def _show(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import show_inform

    with open_context(database_url(args)) as ctx:
        record = show_inform(ctx, args.id)
    if args.json:
        print(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
    else:
        _print(record)
        print("  " + _("Affects: {refs}").format(refs="、".join(record.cases) or "—"))
    return 0


def _list(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import list_informs

    with open_context(database_url(args)) as ctx:
        rows = list_informs(ctx)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No inform notices."))
    for r in rows:
        _print(r)
    return 0


def _apply(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.reviews import apply_informs

    with open_context(database_url(args)) as ctx:
        rows = apply_informs(ctx)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        _print(r)
    return 0

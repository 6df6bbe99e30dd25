"""``desk classify``: classifications (該非判定) as records of their own.

``add`` (of a technical item ``--tech ID`` or a goods item ``--goods ID``), ``edit`` (with
``--expect-version`` to refuse a change made unseen), ``show``, ``list``, ``confirm`` (the
該非確認責任者, another person), ``attach`` (a basis document with its file) and ``queue``
(the classifications a rule-set or ordinance revision sends back). ``--json`` on each.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _

# option → service field
_OPTIONS = {
    "--result": "result",
    "--table": "table",
    "--item": "item",
    "--sub": "sub",
    "--article": "article",
    "--paragraph": "paragraph",
    "--article-number": "article_number",
    "--ordinance-revision": "ordinance_revision",
    "--ruleset-version": "ruleset_version",
    "--hs-code": "hs_code",
    "--in-item16-chapters": "in_item16_chapters",
    "--basis": "basis",
    "--related-goods": "related_goods",
    "--classified-on": "classified_on",
}
_HELP = {
    "--result": "listed | not_listed | out_of_scope | undetermined",
    "--table": "fefta_order | export_order",
    "--item": "7, 3-2 or 7(1)",
    "--sub": "1",
    "--article": "19, 14の2",
    "--paragraph": "1",
    "--article-number": "1",
    "--ordinance-revision": "YYYY-MM-DD",
    "--ruleset-version": "2025-10-09",
    "--hs-code": "8542",
    "--in-item16-chapters": "yes | no",
    "--basis": "",
    "--related-goods": "",
    "--classified-on": "YYYY-MM-DD",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "classify", help=_("classify technical data and goods; the re-classification queue")
    )
    sub = parser.add_subparsers(dest="classify_command", metavar="ACTION", required=True)

    def fields(p: argparse.ArgumentParser) -> None:
        for option, key in _OPTIONS.items():
            p.add_argument(option, dest=key, default=None, help=_HELP[option] or None)
        p.add_argument(
            "--param",
            action="append",
            default=None,
            dest="params",
            metavar="PARAMETER|CONTROL|VALUE|yes/no",
            help=_("a row of the parameter comparison (repeat; replaces all rows)"),
        )
        p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = sub.add_parser("add", help=_("classify a technical item or a goods item"))
    p.add_argument("--tech", type=int, default=None, metavar="ID", help=_("technical data id"))
    p.add_argument("--goods", type=int, default=None, metavar="ID", help=_("goods item id"))
    fields(p)
    p.set_defaults(func=_add)

    p = sub.add_parser("edit", help=_("change a classification"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--expect-version",
        type=int,
        default=None,
        dest="expect_version",
        help=_("refuse the change if the classification is no longer at this version"),
    )
    fields(p)
    p.set_defaults(func=_edit)

    p = sub.add_parser("show", help=_("show a classification"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)

    p = sub.add_parser("list", help=_("list classifications"))
    p.add_argument("--result", default=None, help=_HELP["--result"])
    p.add_argument("--unconfirmed", action="store_true", help=_("only those not yet confirmed"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)

    p = sub.add_parser("confirm", help=_("confirm a classification as classification officer"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--on", default=None, help=_("YYYY-MM-DD; default: today"))
    p.add_argument("--expect-version", type=int, default=None, dest="expect_version")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_confirm)

    p = sub.add_parser("attach", help=_("keep a basis document with a classification"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--kind", required=True, help="maker_sheet | catalogue | specification | other")
    p.add_argument("--title", required=True)
    p.add_argument("--issued-on", dest="issued_on", default=None, help="YYYY-MM-DD")
    p.add_argument("--doc-version", dest="doc_version", default=None)
    p.add_argument("--file", default=None, metavar="FILE", help=_("the document's file"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_attach)

    p = sub.add_parser("queue", help=_("classifications to do again after a revision"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_queue)


def _values(args: argparse.Namespace) -> dict[str, Any]:
    from desk.services.classification import parse_parameter_text

    values = {
        key: getattr(args, key) for key in _OPTIONS.values() if getattr(args, key) is not None
    }
    if args.params is not None:
        values["parameters"] = [parse_parameter_text(p) for p in args.params]
    return values


def _print(info: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(info.to_json(), ensure_ascii=False, indent=2))
        return
    data = info.to_json()
    subject = _("technical data") if info.subject == "technical_item" else _("goods item")
    print(
        _("Classification {id} (version {version}) of {subject} {sid}: {name}").format(
            id=info.id, version=info.version, subject=subject, sid=info.subject_id,
            name=info.subject_name,
        )
    )  # fmt: skip
    rows = [
        (_("Result"), info.result_ja),
        (_("Item"), info.item_display or "—"),
        (_("Article"), info.article_display or "—"),
        (_("Ordinance revision"), data["ordinance_revision"] or "—"),
        (_("Rule set"), info.ruleset_version or "—"),
        (_("Classified by"), f"{info.classified_by} {data['classified_on']}"),
        (
            _("Confirmed by"),
            f"{info.confirmed_by} {data['confirmed_on']}" if info.confirmed else _("not yet"),
        ),
    ]
    if info.result == "out_of_scope":
        answer = {True: _("yes"), False: _("no"), None: "—"}[info.in_item16_chapters]
        rows.append((_("HS chapter of item 16"), f"{info.hs_code or '—'} {answer}"))
    if info.basis:
        rows.append((_("Basis"), info.basis))
    if info.related_goods:
        rows.append((_("Related goods"), info.related_goods))
    for label, value in rows:
        print(f"  {label}: {value}")
    for p in info.parameters:
        meets = {True: _("meets"), False: _("does not meet"), None: "?"}[p.meets]
        print(f"  · {p.parameter}: {p.control_value} / {p.item_value} → {meets}")
    for d in info.documents:
        print(f"  □ {d.title} {d.doc_version or ''} {d.sha256 or ''}".rstrip())
    if info.cases:
        print("  " + _("Used by: {refs}").format(refs="、".join(info.cases)))


def _add(args: argparse.Namespace) -> int:
    from desk.services.classification import add_classification
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        info = add_classification(
            ctx, _values(args), technical_item=args.tech, goods_item=args.goods
        )
    _print(info, args.json)
    return 0


def _edit(args: argparse.Namespace) -> int:
    from desk.services.classification import edit_classification
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        info = edit_classification(
            ctx, args.id, _values(args), expected_version=args.expect_version
        )
    _print(info, args.json)
    return 0


def _show(args: argparse.Namespace) -> int:
    from desk.services.classification import show_classification
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        info = show_classification(ctx, args.id)
    _print(info, args.json)
    return 0


def _list(args: argparse.Namespace) -> int:
    from desk.services.classification import list_classifications
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        rows = list_classifications(ctx, result=args.result, unconfirmed=args.unconfirmed)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No classifications."))
    for r in rows:
        confirmed = r.confirmed_on.isoformat() if r.confirmed_on else _("unconfirmed")
        cells = [str(r.id), r.subject_name, r.result_ja, r.item_display or "—", confirmed]
        print("\t".join(cells))
    return 0


def _confirm(args: argparse.Namespace) -> int:
    from desk.services.classification import confirm_classification
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        info = confirm_classification(
            ctx, args.id, on=_date(args.on), expected_version=args.expect_version
        )
    _print(info, args.json)
    return 0


def _date(text: str | None) -> Any:
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


def _attach(args: argparse.Namespace) -> int:
    from desk.services.classification import attach_document
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        info = attach_document(
            ctx,
            args.id,
            kind=args.kind,
            title=args.title,
            issued_on=args.issued_on,
            doc_version=args.doc_version,
            path=args.file,
        )
    _print(info, args.json)
    return 0


def _queue(args: argparse.Namespace) -> int:
    from desk.services.classification import reclassification_queue
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        rows = reclassification_queue(ctx)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No classification needs to be done again."))
    for r in rows:
        under = r.classified_under.isoformat() if r.classified_under else "—"
        cells = [
            str(r.classification_id),
            r.subject_name,
            r.item,
            under,
            r.change.effective.isoformat(),
            r.change.source,
        ]
        print("\t".join(cells))
    return 0

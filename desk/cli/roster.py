"""``desk roster``: import the university's rosters into the people register (名寄せ), and
the review list of doubtful pairs.

    desk roster import FILE.xlsx|FILE.csv [--dry-run] [--map FIELD=COLUMN …]
                                          [--mapping MAP.json] [--sheet NAME] [--json]
    desk roster fields [--json]                 the fields and the headers recognised
    desk roster review [--all] [--json]         the doubtful pairs
    desk roster accept ID | reject ID [--json]  the same person (merged) | two people

A bad roster exits 2 naming file, sheet, row and column; nothing is stored.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "roster", help=_("import rosters of people (名寄せ) and review doubtful pairs")
    )
    sub = parser.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    import_parser(sub)
    p = sub.add_parser("fields", help=_("the roster fields and the headers recognised"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_fields)
    p = sub.add_parser("review", help=_("list the doubtful pairs the office decides"))
    p.add_argument("--all", action="store_true", help=_("include decided pairs"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_review)
    p = sub.add_parser("accept", help=_("the pair is one person: merge them"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_decide, accept=True)
    p = sub.add_parser("reject", help=_("the pair is two people: keep both"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_decide, accept=False)


def import_parser(sub: Any) -> None:
    """``import FILE …`` under ``sub`` (``desk roster import``, ``desk people import``)."""
    p = sub.add_parser("import", help=_("import a roster (.xlsx or .csv) into the people register"))
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--dry-run", action="store_true", help=_("show what would change; store nothing")
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=_("the column of a field (a header or a letter); FIELD= drops a field"),
    )
    p.add_argument("--mapping", default=None, metavar="MAP.json", help=_("a saved mapping"))
    p.add_argument("--sheet", default=None, metavar="NAME", help=_("the sheet (default: first)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_import)


def mapping_from(options: list[str], mapping_file: str | None) -> dict[str, str]:
    """``--mapping MAP.json`` (``{"field": "column"}``) overridden by ``--map`` options."""
    out: dict[str, str] = {}
    if mapping_file:
        path = Path(mapping_file)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInput(
                _("not a mapping file: {error}").format(error=exc), source=str(path)
            ) from None
        if not isinstance(doc, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in doc.items()
        ):
            raise InvalidInput(
                _('a mapping file is a JSON object {"field": "column", …}'), source=str(path)
            )
        out.update(doc)
    for option in options:
        field, sep, column = option.partition("=")
        if not sep or not field.strip():
            raise InvalidInput(_("not FIELD=COLUMN: {value}").format(value=option), where="--map")
        out[field.strip()] = column.strip()
    return out


def _run(args: argparse.Namespace, call: Any) -> Any:
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        return call(ctx)


def _import(args: argparse.Namespace) -> int:
    from desk.services.registers import import_roster

    mapping = mapping_from(args.map, args.mapping)
    result = _run(
        args,
        lambda ctx: import_roster(
            ctx, args.file, mapping or None, sheet=args.sheet, dry_run=args.dry_run
        ),
    )
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    from desk.services.registers import ROSTER_ACTIONS as ACTIONS

    where = f"{result.source} ({result.sheet})" if result.sheet else result.source
    print(_("Roster {file}: {rows} rows.").format(file=where, rows=len(result.rows)))
    print(_("Columns:"))
    for field, header in result.mapping.items():
        print(f"  {field} ← {header}")
    for header in result.unmapped:
        print("  " + _("(not imported) {header}").format(header=header))
    for r in result.rows:
        line = f"  {r.row:>5}  {_(ACTIONS[r.action]):<12} {r.name}"
        if r.person_id is not None:
            line += "  → " + _("person {id}").format(id=r.person_id)
        if r.candidates:
            line += "  ? " + ", ".join(str(c) for c in r.candidates)
        if r.changes:
            line += "  [" + ", ".join(r.changes) + "]"
        print(line)
    summary = _(
        "{created} new, {updated} updated, {unchanged} unchanged, {review} to review, "
        "{orgs} organizations registered."
    ).format(
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        review=result.review,
        orgs=result.organizations_created,
    )
    print(summary)
    if not result.applied:
        print(_("Dry run: nothing was stored."))
    return 0


def _fields(args: argparse.Namespace) -> int:
    from desk.services.registers import ROSTER_HEADERS

    if args.json:
        print(json.dumps({k: list(v) for k, v in ROSTER_HEADERS.items()}, ensure_ascii=False))
        return 0
    for field, headers in ROSTER_HEADERS.items():
        print(f"{field}: {' / '.join(headers)}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from desk.services.registers import REVIEW_STATUS_LABELS, roster_reviews

    items = _run(args, lambda ctx: roster_reviews(ctx, status=None if args.all else "pending"))
    if args.json:
        print(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(_("No pairs to review."))
    for i in items:
        print(f"{i.id}\t[{_(REVIEW_STATUS_LABELS[i.status])}]\t{i.source}")
        for label, p in ((_("row"), i.person), (_("registered"), i.candidate)):
            if p is None:
                print(f"\t{label}: —")
                continue
            facts = ", ".join(
                str(v)
                for v in (
                    p.get("name_latin"),
                    p.get("born_on"),
                    ",".join(p.get("nationalities") or ()),
                    "; ".join(p.get("affiliations") or ()),
                )
                if v
            )
            print(f"\t{label}: {p['id']} {p['name']} ({facts})")
        print("\t" + "; ".join(i.reasons))
    return 0


def _decide(args: argparse.Namespace) -> int:
    from desk.services.registers import accept_review, reject_review

    try:
        rid = int(args.id)
    except ValueError:
        rid = 0
    if rid <= 0:
        raise InvalidInput(
            _("not a record id (a whole number): {value}").format(value=args.id), where="ID"
        )
    decide = accept_review if args.accept else reject_review
    item = _run(args, lambda ctx: decide(ctx, rid))
    if args.json:
        print(json.dumps(item.to_json(), ensure_ascii=False, indent=2))
        return 0
    if args.accept:
        print(
            _("Review {id}: one person; merged into {keep}.").format(
                id=item.id, keep=item.candidate["id"] if item.candidate else "—"
            )
        )
    else:
        print(_("Review {id}: two people; both stay registered.").format(id=item.id))
    return 0

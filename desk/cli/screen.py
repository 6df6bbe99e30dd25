"""``desk screen``: screen names against restricted-party lists.

- ``desk screen "NAME" [--country CN]``: readable hits in the message language.
- ``desk screen --input NAMES.csv --json``: ``[{"id", "hits": [{"list", "entry", "name",
  "score", "band", "evidence"}]}]`` for a CSV with columns ``id,name[,country]``.

``--list FILE.csv`` (repeatable) screens against those lists instead of the built-in End
User List; ``--list default`` adds the built-in one back. Only hits that need a person's
attention (bands ``match`` and ``review``) are shown unless ``--all`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _, ngettext
from desk.services.screening import (
    ScreenedName,
    list_warnings,
    load_lists,
    screen_file,
    screen_one,
)


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "screen",
        help=_("screen names against restricted-party lists"),
        description=_(
            "Screen one name, or a CSV of names (columns id,name[,country]), against the "
            "End User List or the lists given with --list."
        ),
    )
    p.add_argument("name", nargs="?", help=_("a name to screen (any script)"))
    p.add_argument("--country", metavar="CC", help=_("the party's country (ISO 3166-1 alpha-2)"))
    p.add_argument(
        "--list",
        dest="lists",
        action="append",
        metavar="FILE.csv",
        help=_("a list CSV to screen against (repeatable; 'default' = the built-in list)"),
    )
    p.add_argument("--input", metavar="NAMES.csv", help=_("a CSV of names: id,name[,country]"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--all", action="store_true", help=_("also show weak hits"))
    p.add_argument(
        "--record",
        action="store_true",
        help=_(
            "store the screening (query, list versions, hits) in the database against every "
            "active list; decide its hits with desk hits"
        ),
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.record:
        return _record(args)
    if bool(args.name) == bool(args.input):
        raise InvalidInput(_("give either a NAME or --input NAMES.csv"), source="desk screen")
    if args.country and args.input:
        raise InvalidInput(
            _("--country applies to one NAME; give countries in the CSV's country column"),
            source="desk screen",
        )
    lists = load_lists(args.lists or [])
    for warning in list_warnings(lists):
        print(f"desk: {warning}", file=sys.stderr)
    if args.input:
        results = screen_file(lists, args.input, include_weak=args.all)
    else:
        results = [screen_one(lists, args.name, args.country, include_weak=args.all)]
    if args.json:
        payload: Any = [r.to_json() for r in results] if args.input else results[0].to_json()
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for r in results:
        _print_readable(r)
    return 0


def _print_readable(r: ScreenedName) -> None:
    label = f"{r.id}: {r.name}" if r.id else r.name
    if r.country:
        label += f" ({r.country})"
    if not r.hits:
        print(_("{name}: no hits").format(name=label))
        return
    print(
        ngettext("{name}: {count} hit", "{name}: {count} hits", len(r.hits)).format(
            name=label, count=len(r.hits)
        )
    )
    bands = {"match": _("match"), "review": _("review"), "weak": _("weak")}
    for h in r.hits:
        print(
            "  "
            + _("[{band}] {score:.2f}  {list} {version} no. {entry}  {name} ({country})").format(
                band=bands.get(h.band, h.band),
                score=h.score,
                list=h.list_id,
                version=h.list_version,
                entry=h.entry,
                name=h.entry_name,
                country=h.entry_country,
            )
        )
        ev = h.evidence
        matched = ev.get("matched_name", "")
        how = ev.get("key", "")
        print("      " + _("matched {name!r} by {key}").format(name=matched, key=how))
        if h.categories:
            print(
                "      " + _("categories: {categories}").format(categories=", ".join(h.categories))
            )


def _record(args: argparse.Namespace) -> int:
    # the stored lists are the ones a recorded screening runs against
    from desk.cli.hits import print_record
    from desk.cli.main import database_url
    from desk.services.context import open_context
    from desk.services.screening import record_screening

    if not args.name or args.input or args.lists:
        raise InvalidInput(
            _("--record screens one NAME against the stored lists (no --input, no --list)"),
            source="desk screen",
        )
    with open_context(database_url(args)) as ctx:
        record = record_screening(ctx, args.name, args.country)
    if args.json:
        json.dump(record.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print_record(record)
    return 0

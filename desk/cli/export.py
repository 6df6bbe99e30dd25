"""``desk export REGISTRY --out FILE [--format csv|xlsx|json]``: a register (people, orgs,
projects, tech, goods) to a file, filtered like its list. Never writes through a symbolic link,
never overwrites without ``--force``; cells that a spreadsheet would execute are written
as text."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _

REGISTRIES = ("people", "orgs", "projects", "tech", "goods")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export",
        help=_("export a register (people, orgs, projects, tech, goods) to CSV, Excel or JSON"),
    )
    p.add_argument("registry", metavar="REGISTRY", choices=REGISTRIES)
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--format", default=None, choices=("csv", "xlsx", "json"))
    p.add_argument("--filter", default=None, metavar="TEXT", help=_("only records matching TEXT"))
    p.add_argument("--all", action="store_true", help=_("include retired records"))
    p.add_argument("--force", action="store_true", help=_("overwrite an existing file"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.registers import REGISTRY_KINDS, export_registry

    with open_context(database_url(args)) as ctx:
        result = export_registry(
            ctx,
            REGISTRY_KINDS[args.registry],
            args.out,
            args.format,
            text=args.filter,
            include_retired=args.all,
            force=args.force,
        )
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(
            _("Exported {rows} records to {path} ({format}).").format(
                rows=result.rows, path=result.path, format=result.format
            )
        )
    return 0

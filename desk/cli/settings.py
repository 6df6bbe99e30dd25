"""``desk settings``: the office's settings stored in the database.

    desk settings show [--json]
    desk settings set institution "○○大学"      (an empty value removes it)
    desk settings set copies_kept "研究推進部 輸出管理室（電子ファイル: 共有サーバー）"
    desk settings group-b load FILE             (a desk-country-group/1 JSON file)
    desk settings group-b clear

The institution's name is printed on every record issued after it is set.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _
from desk.services import records
from desk.services.context import open_context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "settings", help=_("show or change the office's settings (the institution's name)")
    )
    sub = parser.add_subparsers(dest="settings_command", required=True)
    show = sub.add_parser("show", help=_("show the stored settings"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(func=_show)
    put = sub.add_parser("set", help=_("store a setting"))
    put.add_argument("key", choices=["institution", "copies_kept"], help=_("the setting"))
    put.add_argument("value", help=_("its value (empty: remove it)"))
    put.set_defaults(func=_set)
    group = sub.add_parser(
        "group-b", help=_("load or clear the Group B country table records print")
    )
    gsub = group.add_subparsers(dest="group_command", required=True)
    load = gsub.add_parser("load", help=_("load a Group B table (desk-country-group/1 JSON)"))
    load.add_argument("file", help=_("the table file"))
    load.set_defaults(func=_group_load)
    clear = gsub.add_parser("clear", help=_("remove the loaded Group B table"))
    clear.set_defaults(func=_group_clear)


def _show(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        stored = records.office_settings(ctx)
        table = records.group_table(ctx)
    if args.json:
        doc = {
            "institution": stored.institution,
            "copies_kept": stored.copies_kept,
            "group_b": table.to_json() if table else None,
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(_("Institution: {name}").format(name=stored.institution or "—"))
    print(_("Copies of records kept at: {where}").format(where=stored.copies_kept or "—"))
    if table is None:
        print(_("Group B table: none loaded (records print general country)"))
    else:
        print(_group_text(table))
    return 0


def _group_text(table: Any) -> str:
    return _(
        "Group B table: {n} countries ({codes}); source {source}, published {published}, "
        "SHA-256 {sha}"
    ).format(
        n=len(table.countries),
        codes=", ".join(table.countries),
        source=table.source,
        published=table.published,
        sha=table.sha256,
    )


def _group_load(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        table = records.load_group_table(ctx, args.file)
    print(_group_text(table))
    return 0


def _group_clear(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        records.clear_group_table(ctx)
    print(_("Removed the Group B table; records print general country again."))
    return 0


def _set(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        records.set_office_setting(ctx, args.key, args.value)
    print(_("Stored the setting {key}.").format(key=args.key))
    return 0

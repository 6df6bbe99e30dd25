"""``desk home``: what needs doing today (the app's Home, on the command line)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("home", help=_("show what needs doing today"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(func=_home)


def _home(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.permissions import ROLE_LABELS
    from desk.services.registers import home_summary

    with open_context(database_url(args)) as ctx:
        summary = home_summary(ctx)
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
        return 0
    roles = ", ".join(_(ROLE_LABELS.get(r, r)) for r in summary.roles) or _("every role")
    if summary.institution:
        print(summary.institution)
    print(
        _("Home for {user} ({roles}), {today}").format(
            user=summary.user, roles=roles, today=summary.today.isoformat()
        )
    )
    for heading, sections in (
        (_("My work"), summary.queue),
        (_("Needs attention"), summary.attention),
    ):
        print()
        print(heading)
        for section in sections:
            print(f"  {section.title}: {section.count:,}")
            for item in section.items:
                print(f"    {item.text}  ({item.note})")
    print()
    print(_("Lists in use"))
    for age in summary.lists:
        line = f"  {age.list} {age.version}"
        if age.days is not None:
            line += "  " + _("published {days} days ago").format(days=age.days)
        print(line)
        if age.warning:
            print(f"    {age.warning}")
    if not summary.lists:
        print("  " + _("No list version is stored; the built-in End User List is used."))
    print()
    print(_("Recent imports"))
    for item in summary.recent_imports:
        print(f"  {item.text}  ({item.note})")
    if not summary.recent_imports:
        print("  " + _("none"))
    return 0

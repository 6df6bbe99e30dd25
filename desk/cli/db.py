"""``desk db upgrade | check``: the database schema revision."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import DatabaseTooNew
from desk.domain.i18n import _
from desk.services.database import database_status, upgrade_database

EXIT_NOT_AT_HEAD = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help=_("check or upgrade the database schema"))
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p = sub.add_parser(
        "upgrade", help=_("bring the schema to this desk's version (a SQLite file is copied first)")
    )
    p.set_defaults(func=_upgrade)
    p = sub.add_parser(
        "check", help=_("exit 0 when the schema is current, 1 when it needs an upgrade")
    )
    p.set_defaults(func=_check)
    p = sub.add_parser(
        "setup-roles",
        help=_("shared mode: create desk's PostgreSQL group roles, grants and row policies"),
    )
    p.set_defaults(func=_setup_roles)


def _setup_roles(args: argparse.Namespace) -> int:
    from desk.services.context import open_context
    from desk.services.users import setup_roles

    with open_context(database_url(args)) as ctx:
        report = setup_roles(ctx)
    print(
        _(
            "Set up {n} group roles ({groups}) with grants on {tables} tables and {policies} "
            "row-level-security policies in schema {schema}"
        ).format(
            n=len(report.groups),
            groups=", ".join(report.groups),
            tables=report.tables,
            policies=report.policies,
            schema=report.schema,
        )
    )
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    result = upgrade_database(database_url(args))
    if result.from_revision == result.to_revision:
        print(
            _("The database is up to date (schema {revision}): {url}").format(
                revision=result.to_revision, url=result.url
            )
        )
        return 0
    print(
        _("Upgraded the database from schema {old} to {new}: {url}").format(
            old=result.from_revision or _("(empty)"), new=result.to_revision, url=result.url
        )
    )
    if result.backup is not None:
        print(_("A copy of the database before the upgrade: {path}").format(path=result.backup))
    return 0


def _check(args: argparse.Namespace) -> int:
    status = database_status(database_url(args))
    if not status.known:
        assert status.current is not None
        raise DatabaseTooNew(
            _(
                "The database {url} was written by a newer version of desk (schema {revision}). "
                "Install the newer desk to open it; this one would damage it."
            ).format(url=status.url, revision=status.current)
        )
    if status.at_head:
        print(
            _("The database is up to date (schema {revision}): {url}").format(
                revision=status.head, url=status.url
            )
        )
        return 0
    print(
        _(
            "The database needs an upgrade from schema {old} to {new}: {url}; run: desk db upgrade"
        ).format(old=status.current or _("(empty)"), new=status.head, url=status.url),
        file=sys.stderr,
    )
    return EXIT_NOT_AT_HEAD

"""``desk db upgrade | check | backup | restore | check-backup | encrypt | decrypt | rekey``:
the database's schema revision, backups of it (each checked after it is written:
docs/storage.md), and its encryption at rest (docs/security.md)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desk.cli.main import NEW_PASSPHRASE_ENV, ask_passphrase, database_url
from desk.domain.errors import DatabaseTooNew
from desk.domain.i18n import _
from desk.services.database import database_status, upgrade_database

EXIT_NOT_AT_HEAD = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "db", help=_("check or upgrade the database schema; back it up and restore it")
    )
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
        "backup", help=_("write a backup of the whole database and check it (counts, audit trail)")
    )
    p.add_argument("--out", required=True, metavar="FILE", help=_("the backup file to write"))
    p.add_argument(
        "--format",
        choices=("sqlite", "desk", "pg_dump"),
        default=None,
        help=_("sqlite (a SQLite copy), desk (desk's own dump, any database), pg_dump"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_backup)
    p = sub.add_parser(
        "restore",
        help=_("replace the database with a backup (checked first; numbers never issued twice)"),
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_restore)
    p = sub.add_parser("check-backup", help=_("read a backup file through and say what it holds"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_check_backup)
    p = sub.add_parser(
        "encrypt",
        help=_(
            "copy the single-PC database into a new encrypted file (passphrase from "
            "DESK_DB_NEW_PASSPHRASE or asked); the original is not changed"
        ),
    )
    p.add_argument("--out", required=True, metavar="FILE", help=_("the new file to write"))
    p.set_defaults(func=_encrypt)
    p = sub.add_parser(
        "decrypt",
        help=_("copy the encrypted database into a new plain file; the original is not changed"),
    )
    p.add_argument("--out", required=True, metavar="FILE", help=_("the new file to write"))
    p.set_defaults(func=_decrypt)
    p = sub.add_parser(
        "rekey",
        help=_(
            "change the passphrase of the encrypted database (the new one from "
            "DESK_DB_NEW_PASSPHRASE or asked)"
        ),
    )
    p.set_defaults(func=_rekey)
    p = sub.add_parser(
        "setup-roles",
        help=_("shared mode: create desk's PostgreSQL group roles, grants and row policies"),
    )
    p.set_defaults(func=_setup_roles)


def _unlock_backup(file: str) -> None:
    """An encrypted backup file is read with its passphrase (DESK_DB_PASSPHRASE or asked)."""
    from pathlib import Path

    from desk.services.database import locked_backup, unlock_database

    path = Path(file)
    if locked_backup(path):
        unlock_database(path, ask_passphrase(path))


def _encrypt(args: argparse.Namespace) -> int:
    from desk.services.backup import encrypt_database
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        passphrase = ask_passphrase(args.out, env=NEW_PASSPHRASE_ENV, new=True)
        result = encrypt_database(ctx, args.out, passphrase)
    print(
        _(
            "Wrote the encrypted copy {file} and checked it ({rows} rows, audit trail intact: "
            "{events} events). The original was not changed; open the copy with "
            "--database sqlite+pysqlcipher:///{absolute}, then remove the original "
            "(docs/security.md)."
        ).format(
            file=result.path,
            rows=result.check.rows,
            events=result.check.audit_events,
            absolute=result.path.resolve(),
        )
    )
    return 0


def _decrypt(args: argparse.Namespace) -> int:
    from desk.services.backup import decrypt_database
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        result = decrypt_database(ctx, args.out)
    print(
        _(
            "Wrote the plain (unencrypted) copy {file} and checked it ({rows} rows, audit trail "
            "intact: {events} events). The encrypted original was not changed."
        ).format(file=result.path, rows=result.check.rows, events=result.check.audit_events)
    )
    return 0


def _rekey(args: argparse.Namespace) -> int:
    from desk.services.backup import change_passphrase
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        path = ctx.url.split(":///", 1)[-1]
        passphrase = ask_passphrase(path, env=NEW_PASSPHRASE_ENV, new=True)
        src = change_passphrase(ctx, passphrase)
    print(
        _("Changed the passphrase of {file}. Backups taken before keep the old passphrase.").format(
            file=src
        )
    )
    return 0


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


def _check_json(check: Any) -> dict[str, Any]:
    return {
        "format": check.format,
        "revision": check.revision,
        "rows": check.rows,
        "counts": check.counts,
        "audit_events": check.audit_events,
        "audit_head": check.audit_head,
        "audit_ok": check.chain_ok,
        "document_numbers": check.floors,
    }


def _backup(args: argparse.Namespace) -> int:
    from desk.services.backup import backup_database
    from desk.services.context import open_context

    with open_context(database_url(args)) as ctx:
        result = backup_database(ctx, args.out, fmt=args.format)
    if args.json:
        payload = {"file": str(result.path), "sha256": result.sha256, "size": result.size}
        print(json.dumps({**payload, **_check_json(result.check)}, ensure_ascii=False, indent=2))
        return 0
    print(
        _(
            "Backed up and checked: {file} ({format}, {rows} rows, audit trail intact: "
            "{events} events, head {head})"
        ).format(
            file=result.path,
            format=result.check.format,
            rows=result.check.rows,
            events=result.check.audit_events,
            head=result.check.audit_head or "-",
        )
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from desk.services.backup import restore_database
    from desk.services.context import default_actor

    url = database_url(args)
    _unlock_backup(args.file)
    result = restore_database(url, args.file, actor=default_actor())
    if args.json:
        payload = {
            "database": result.url,
            "file": str(result.source),
            "kept_copy": str(result.before_copy) if result.before_copy else None,
            "numbers_continue_above": result.floors_moved,
            "head": result.audit_head,
        }
        print(json.dumps({**payload, **_check_json(result.check)}, ensure_ascii=False, indent=2))
        return 0
    print(
        _(
            "Restored {url} from {file} ({rows} rows); the audit trail verifies (head {head})."
        ).format(url=result.url, file=result.source, rows=result.check.rows, head=result.audit_head)
    )
    if result.before_copy is not None:
        print(_("The database it replaced is kept as {path}").format(path=result.before_copy))
    for prefix, serial in sorted(result.floors_moved.items()):
        print(
            _(
                "Document numbers {prefix}… continue after {serial:06d} (issued before the restore)"
            ).format(prefix=prefix, serial=serial)
        )
    return 0


def _check_backup(args: argparse.Namespace) -> int:
    from desk.services.backup import check_backup

    _unlock_backup(args.file)
    check = check_backup(args.file)
    if args.json:
        print(json.dumps(_check_json(check), ensure_ascii=False, indent=2))
    elif check.chain_ok:
        print(
            _(
                "{file}: {format}, schema {revision}, {rows} rows, audit trail intact "
                "({events} events, head {head})"
            ).format(
                file=args.file,
                format=check.format,
                revision=check.revision or "-",
                rows=check.rows,
                events=check.audit_events,
                head=check.audit_head or "-",
            )
        )
    else:
        print(
            _("{file}: the audit trail is broken ({problem})").format(
                file=args.file, problem=check.problem
            )
        )
    return 0 if check.chain_ok else 1

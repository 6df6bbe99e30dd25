"""``desk hits list | show | clear | confirm | record``: the stored screening records' hits.

- ``desk hits list [--open] [--json]``: every hit of a recorded screening (``desk screen
  NAME --record``, the app's screen dialog) with its list, entry, score and status.
- ``desk hits show RECORD [--json]``: one screening record with its hits.
- ``desk hits clear HIT --reason TEXT``: a false positive, with the reason.
- ``desk hits confirm HIT [--reason TEXT]``: a true match; the record is escalated.
- ``desk hits record RECORD --output FILE.pdf``: the printable screening record (PDF);
  ``desk hits verify FILE.pdf`` re-creates it from the database and compares bytes.

Deciding needs the office or reviewer role; every decision is in the audit trail.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desk.cli.main import database_url
from desk.domain.i18n import _
from desk.domain.limits import terminal_safe
from desk.domain.localtime import shown
from desk.services.context import open_context
from desk.services.screening import (
    RecordHit,
    ScreeningRecordInfo,
    clear_hit,
    confirm_hit,
    screening_hits,
    screening_record,
    screening_record_pdf,
    verify_screening_record,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "hits", help=_("stored screening hits: list, clear, confirm; the screening record")
    )
    sub = parser.add_subparsers(dest="hits_command", metavar="ACTION", required=True)

    p = sub.add_parser("list", help=_("the stored screening hits, newest first"))
    p.add_argument("--open", action="store_true", help=_("only hits awaiting a decision"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)

    p = sub.add_parser("show", help=_("one screening record with its hits"))
    p.add_argument("record", type=int, metavar="RECORD")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)

    p = sub.add_parser("clear", help=_("clear a hit as a false positive (reason required)"))
    p.add_argument("hit", type=int, metavar="HIT")
    p.add_argument("--reason", required=True, help=_("why the hit is not the listed party"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_clear)

    p = sub.add_parser("confirm", help=_("confirm a hit as a true match (escalates the record)"))
    p.add_argument("hit", type=int, metavar="HIT")
    p.add_argument("--reason", default="", help=_("a note on the decision"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_confirm)

    p = sub.add_parser("record", help=_("write the printable screening record (PDF)"))
    p.add_argument("record", type=int, metavar="RECORD")
    p.add_argument("--output", "-o", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    p.set_defaults(func=_print_pdf)

    p = sub.add_parser("verify", help=_("check a printed screening record against the database"))
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_verify)


def _dump(payload: Any) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _status(status: str) -> str:
    return {"open": _("open"), "cleared": _("cleared"), "confirmed": _("confirmed")}.get(
        status, status
    )


def _hit_line(h: RecordHit) -> str:
    where = h.list_id + (f" ({h.program})" if h.program else "")
    return _("#{id} [{status}] {score:.2f} {query!r} → {list} {version} no. {entry} {name}").format(
        id=h.id,
        status=_status(h.status),
        score=h.score,
        query=terminal_safe(h.query),
        list=terminal_safe(where),
        version=h.list_version,
        entry=terminal_safe(h.entry),
        name=terminal_safe(h.entry_name),
    )


def print_record(r: ScreeningRecordInfo) -> None:
    print(
        _("Screening record #{id}: {query} — {status}, {at} by {user}").format(
            id=r.id,
            query=terminal_safe(r.query),
            status=_status(r.status),
            at=shown(r.screened_at),
            user=r.screened_by or "-",
        )
    )
    print(
        "  "
        + _("Lists: {lists}").format(
            lists=", ".join(f"{x['id']} {x['version']}" for x in r.lists) or "-"
        )
    )
    if not r.hits:
        print("  " + _("No hits."))
    for h in r.hits:
        print("  " + _hit_line(h))
        if h.reason:
            print("      " + _("reason: {reason}").format(reason=terminal_safe(h.reason)))


def _list(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        hits = screening_hits(ctx, open_only=args.open)
    if args.json:
        _dump([h.to_json() for h in hits])
        return 0
    if not hits:
        print(_("No open hits.") if args.open else _("No stored screening hits."))
    for h in hits:
        print(_hit_line(h))
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        record = screening_record(ctx, args.record)
    if args.json:
        _dump(record.to_json())
        return 0
    print_record(record)
    return 0


def _clear(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        record = clear_hit(ctx, args.hit, args.reason)
    if args.json:
        _dump(record.to_json())
        return 0
    print(_("Hit #{id} cleared.").format(id=args.hit))
    print_record(record)
    return 0


def _confirm(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        record = confirm_hit(ctx, args.hit, args.reason)
    if args.json:
        _dump(record.to_json())
        return 0
    print(_("Hit #{id} confirmed as a true match: the record is escalated.").format(id=args.hit))
    print_record(record)
    return 0


def _print_pdf(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desk.domain.errors import InvalidInput

    with open_context(database_url(args)) as ctx:
        pdf = screening_record_pdf(ctx, args.record)
    try:
        Path(args.output).write_bytes(pdf)
    except OSError as exc:
        raise InvalidInput(
            _("cannot write {file}: {error}").format(file=args.output, error=exc.strerror),
            source=args.output,
        ) from None
    print(_("Wrote screening record #{id} to {file}.").format(id=args.record, file=args.output))
    return 0


def _verify(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        v = verify_screening_record(ctx, args.file)
    if args.json:
        _dump({"ok": v.ok, "record": v.record_id, "message": v.message})
    else:
        print(v.message)
    return 0 if v.ok else 1

"""``desk lists import | diff | show``: restricted-party list versions.

- ``desk lists import FILE [--format un-xml|us-csl|mof-xlsx|eul-xlsx|csv] [--source ID]
  [--published DATE]``: read a list in the format it is published in (told from the
  content when not given; desk.screening.adapters), store it as a version of its source,
  re-screen the stored people and organizations against its new and changed entries and
  print the impact report. A version that replaces another shows its diff first and is
  applied only when confirmed (``--yes`` in batch); the office role is needed.
- ``desk lists diff A B``: added, removed and changed entries from A to B; A and B are CSV
  files or stored versions (``jp-eul@2025-09-29``, ``jp-eul`` for its newest, ``#ID``).
- ``desk lists show [SOURCE]``: the stored versions (and a warning for an old list).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _, ngettext
from desk.domain.limits import terminal_safe
from desk.domain.localtime import shown
from desk.screening import ListDiff
from desk.services.context import open_context
from desk.services.screening import (
    ImportResult,
    ListPreview,
    current_lists,
    diff_refs,
    import_list,
    import_summary,
    list_versions,
    preview_list,
    warnings_for,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("lists", help=_("import, compare and show list versions"))
    sub = parser.add_subparsers(dest="lists_command", metavar="ACTION", required=True)

    p = sub.add_parser("import", help=_("store a list file as a new version and re-screen"))
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--format",
        dest="fmt",
        metavar="FORMAT",
        help=_("the file's format: csv, un-xml, us-csl, mof-xlsx, eul-xlsx (default: detected)"),
    )
    p.add_argument(
        "--source",
        help=_("the list's source id (default: the format's: jp-eul, un-sc, us-csl, jp-mof)"),
    )
    p.add_argument(
        "--published", metavar="DATE", help=_("publication date YYYY-MM-DD (default: from name)")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument(
        "--yes",
        action="store_true",
        help=_("apply a replacement without asking (batch use; the diff is still shown)"),
    )
    p.set_defaults(func=_import)

    p = sub.add_parser("diff", help=_("compare two list versions (files or stored versions)"))
    p.add_argument("old", metavar="A")
    p.add_argument("new", metavar="B")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_diff)

    p = sub.add_parser("show", help=_("the stored list versions"))
    p.add_argument("source", nargs="?", help=_("only this source"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)


def _dump(payload: Any) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _import(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        preview = preview_list(
            ctx, args.file, source=args.source, published=args.published, fmt=args.fmt
        )
        confirmed = _confirm(preview, args.yes, sys.stderr if args.json else sys.stdout)
        result = import_list(
            ctx,
            args.file,
            source=args.source,
            published=args.published,
            allow_mass_removal=confirmed,
            fmt=args.fmt,
        )
        if args.json:
            _dump(_import_json(result))
            return 0
        _print_import(result)
    return 0


def _confirm(preview: ListPreview, yes: bool, out: Any) -> bool:
    """Show what a replacement changes; apply it only when confirmed (``--yes`` in batch)."""
    diff = preview.diff
    if preview.previous_version is None or diff is None or diff.empty:
        return yes  # a first version, or nothing changes: nothing to confirm
    print(
        _(
            "{source} {version} replaces {previous}: {added} added, {removed} removed, "
            "{changed} changed ({count} entries before, {rows} after)."
        ).format(
            source=preview.source,
            version=preview.version,
            previous=preview.previous_version,
            added=len(diff.added),
            removed=len(diff.removed),
            changed=len(diff.changed),
            count=preview.previous_count,
            rows=preview.row_count,
        ),
        file=out,
    )
    shown = 0
    for sign, entries in (("+", diff.added), ("-", diff.removed)):
        for e in entries[: max(0, 20 - shown)]:
            print(f"  {sign} {terminal_safe(e.no)} {e.country} {terminal_safe(e.name)}", file=out)
            shown += 1
    for c in diff.changed[: max(0, 20 - shown)]:
        print(f"  ~ {terminal_safe(c.new.no)} {terminal_safe(c.new.name)}", file=out)
        shown += 1
    total = len(diff.added) + len(diff.removed) + len(diff.changed)
    if total > shown:
        print("  " + _("… and {n} more").format(n=total - shown), file=out)
    if preview.mass_removal:
        print(_("Warning: this removes most entries of the list it replaces."), file=sys.stderr)
    if yes:
        return True
    if not sys.stdin.isatty():
        raise InvalidInput(
            _("not applied: confirm the replacement with --yes (nothing was imported)"),
            where="--yes",
        )
    answer = input(_("Apply this list version? [y/N] ")).strip().lower()
    if answer not in ("y", "yes", "はい"):
        raise InvalidInput(_("not applied (nothing was imported)"))
    return True


def _import_json(r: ImportResult) -> dict[str, Any]:
    return {
        "version": r.version.to_json(),
        "already_stored": r.already_stored,
        "previous": r.previous.to_json() if r.previous else None,
        "diff": r.diff.to_json() if r.diff else None,
        "impact": r.impact.to_json() if r.impact else None,
        "reopened_records": list(r.reopened),
    }


def _print_import(r: ImportResult) -> None:
    print("\n".join(import_summary(r)))


def _diff(args: argparse.Namespace) -> int:
    refs = (args.old, args.new)
    if all(_is_file(r) for r in refs):
        d = diff_refs(None, *refs)
    else:
        with open_context(database_url(args)) as ctx:
            d = diff_refs(ctx, *refs)
    if args.json:
        _dump(d.to_json())
        return 0
    _print_diff(d)
    return 0


def _is_file(ref: str) -> bool:
    from pathlib import Path

    return ref == "default" or ref.lower().endswith(".csv") or Path(ref).is_file()


def _print_diff(d: ListDiff) -> None:
    old, new = d.old_identity, d.new_identity
    print(
        _("{old} → {new}: {added} added, {changed} changed, {removed} removed, {same} same").format(
            old=f"{old['id']} {old['version']}",
            new=f"{new['id']} {new['version']}",
            added=len(d.added),
            changed=len(d.changed),
            removed=len(d.removed),
            same=d.unchanged,
        )
    )
    for e in d.added:
        print(f"  + {e.no} {e.country} {e.name}")
    for e in d.removed:
        print(f"  - {e.no} {e.country} {e.name}")
    for c in d.changed:
        print(f"  ~ {c.old.no}→{c.new.no} {c.new.country} {c.new.name}  ({', '.join(c.fields)})")


def _show(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        versions = list_versions(ctx, args.source)
        in_use = current_lists(ctx)
        warnings = warnings_for(in_use, ctx.today())
    if args.json:
        _dump(
            {
                "versions": [v.to_json() for v in versions],
                "in_use": [lst.identity for lst in in_use],
                "warnings": warnings,
            }
        )
        return 0
    if not versions:
        print(_("No list is stored; screening uses the built-in End User List."))
    for v in versions:
        mark = "*" if v.current else " "
        print(
            f"{mark} {v.source} {v.version}  "
            + ngettext(
                "{rows} entry, SHA-256 {sha}…, imported {at}",
                "{rows} entries, SHA-256 {sha}…, imported {at}",
                v.row_count,
            ).format(rows=v.row_count, sha=v.sha256[:12], at=shown(v.imported_at))
        )
    for w in warnings:
        print(_("Warning: {message}").format(message=w), file=sys.stderr)
    return 0

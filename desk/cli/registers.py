"""``desk people|orgs|projects|tech|goods``: the registers on the command line.

Each register has ``add``, ``edit``, ``show``, ``list``, ``merge`` and ``retire``
(``--json`` on every one); people also ``event``, organizations ``screen``, projects
``member`` and ``funding``. Bad input exits 2 naming the option; every change is one
transaction with its audit event, so nothing is half-stored. The services are imported
inside the command functions, so that ``desk --help`` does not load the database stack.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _

# option → (service field, takes a list)
_PERSON = {
    "--name": ("name", False),
    "--name-latin": ("name_latin", False),
    "--reading": ("reading", False),
    "--born-on": ("born_on", False),
    "--nationality": ("nationalities", True),
    "--country": ("country", False),
    "--role": ("role", False),
    "--department": ("department", False),
    "--host": ("host", False),
    "--visa-status": ("visa_status", False),
    "--stay-from": ("stay_from", False),
    "--stay-until": ("stay_until", False),
    "--email": ("email", False),
    "--notes": ("notes", False),
    "--affiliation": ("affiliations", True),
}
_ORGANIZATION = {
    "--name": ("name", False),
    "--name-latin": ("name_latin", False),
    "--local-name": ("local_names", True),
    "--alias": ("aliases", True),
    "--country": ("country", False),
    "--kind": ("kind", False),
}
_PROJECT = {
    "--title": ("title", False),
    "--pi": ("pi_name", False),
    "--department": ("department", False),
    "--status": ("status", False),
    "--starts-on": ("starts_on", False),
    "--ends-on": ("ends_on", False),
    "--field": ("technology_fields", True),
    "--partner": ("partners", True),
}
_TECHNICAL = {
    "--title": ("title", False),
    "--classification": ("classification", False),
    "--item": ("item", False),
    "--specific-item-16-1": ("specific_item_16_1", False),
    "--concern": ("concern_relevance", True),
    "--lab": ("lab", False),
    "--project": ("project", True),
}
_GOODS = {
    "--name": ("name", False),
    "--model": ("model", False),
    "--maker": ("maker", False),
    "--hs-code": ("hs_code", False),
    "--unit-value": ("unit_value", False),
    "--currency": ("currency", False),
    "--classification": ("classification", False),
    "--item": ("item", False),
    "--article": ("article", False),
    "--basis": ("basis", True),
    "--determined-by": ("determined_by", False),
    "--checked-by": ("checked_by", False),
    "--determined-on": ("determined_on", False),
    "--ordinance-version": ("ordinance_version", False),
}
# command → (register kind, options)
REGISTERS: dict[str, tuple[str, dict[str, tuple[str, bool]]]] = {
    "people": ("person", _PERSON),
    "orgs": ("organization", _ORGANIZATION),
    "projects": ("project", _PROJECT),
    "tech": ("technical_item", _TECHNICAL),
    "goods": ("goods_item", _GOODS),
}


def _help(command: str) -> str:
    return {
        "people": _("register people: add, edit, show, list, merge, retire"),
        "orgs": _("register organizations (screened when added or renamed)"),
        "projects": _("register projects: members, funding, partners"),
        "tech": _("register technical data with its classification"),
        "goods": _("register goods with their classification, reused by shipments"),
    }[command]


def register_command(subparsers: Any, command: str) -> None:
    """Add ``desk COMMAND`` (people, orgs, projects or tech) to ``subparsers``."""
    kind, options = REGISTERS[command]
    parser = subparsers.add_parser(command, help=_help(command))
    sub = parser.add_subparsers(dest=f"{command}_command", metavar="ACTION", required=True)
    p = sub.add_parser("add", help=_("register a new record"))
    _field_options(p, options)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_add, kind=kind, options=options)
    p = sub.add_parser("edit", help=_("change the fields given ('' empties one)"))
    p.add_argument("id", metavar="ID")
    _field_options(p, options)
    p.add_argument(
        "--seen-version",
        type=int,
        default=None,
        metavar="N",
        help=_("the version you read (show --json); refused if someone saved since"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_edit, kind=kind, options=options)
    p = sub.add_parser("show", help=_("show one record with its links and hits"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show, kind=kind)
    p = sub.add_parser("list", help=_("list the records (filtered by TEXT)"))
    p.add_argument("text", nargs="?", default=None, metavar="TEXT")
    p.add_argument("--all", action="store_true", help=_("include retired records"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list, kind=kind)
    p = sub.add_parser("merge", help=_("merge record DROP into record KEEP"))
    p.add_argument("keep", metavar="KEEP")
    p.add_argument("drop", metavar="DROP")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_merge, kind=kind)
    p = sub.add_parser("retire", help=_("mark a record retired (kept, no longer picked)"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--undo", action="store_true", help=_("put a retired record back in use"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_retire, kind=kind)
    if command == "people":
        _people_extras(sub)
    elif command == "orgs":
        p = sub.add_parser("screen", help=_("screen an organization again"))
        p.add_argument("id", metavar="ID")
        p.add_argument("--json", action="store_true", help=_("print JSON"))
        p.set_defaults(func=_screen, kind=kind)
    elif command == "projects":
        _project_extras(sub)


def _people_extras(sub: Any) -> None:
    from desk.cli.roster import import_parser

    import_parser(sub)  # desk people import FILE … = desk roster import FILE …
    p = sub.add_parser("event", help=_("record a dated residency fact of a person"))
    p.add_argument("id", metavar="ID")
    p.add_argument("event", metavar="KIND", help="entry | departure | employment | status_change")
    p.add_argument("on", metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--detail", default=None, help=_("what happened"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_event, kind="person")


def _project_extras(sub: Any) -> None:
    p = sub.add_parser("member", help=_("add a person to a project for a period"))
    p.add_argument("id", metavar="PROJECT")
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--role", default=None)
    p.add_argument("--since", default=None, metavar="DATE")
    p.add_argument("--until", default=None, metavar="DATE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_member, kind="project")
    p = sub.add_parser("funding", help=_("add a funding line to a project"))
    p.add_argument("id", metavar="PROJECT")
    p.add_argument("funder", metavar="FUNDER")
    p.add_argument(
        "--foreign-government",
        action="store_true",
        help=_("funded by a foreign government (a possible 特定類型② fact)"),
    )
    p.add_argument("--country", default=None)
    p.add_argument("--organization", default=None, metavar="ORG_ID")
    p.add_argument("--reference", default=None)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_funding, kind="project")


def _field_options(
    parser: argparse.ArgumentParser, options: Mapping[str, tuple[str, bool]]
) -> None:
    for flag, (key, many) in options.items():
        parser.add_argument(
            flag,
            dest=f"field_{key}",
            action="append" if many else "store",
            default=None,
            metavar="VALUE",
        )


def _values(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for _flag, (key, _many) in args.options.items():
        value = getattr(args, f"field_{key}")
        if value is not None:
            out[key] = value
    return out


def _option_for(args: argparse.Namespace, key: str | None) -> str | None:
    """The command-line option of a service field (for messages)."""
    options: Mapping[str, tuple[str, bool]] = getattr(args, "options", {}) or {}
    for flag, (field, _many) in options.items():
        if field == key:
            return flag
    extra = {"event": "KIND", "event_on": "DATE", "member": "PERSON", "funder": "FUNDER"}
    if key in extra:
        return extra[key]
    return f"--{key.replace('_', '-')}" if key else None


def _run(args: argparse.Namespace, call: Any) -> Any:
    from desk.services.context import open_context

    try:
        with open_context(database_url(args)) as ctx:
            return call(ctx)
    except InvalidInput as exc:
        raise InvalidInput(
            exc.detail, source=exc.source, where=_option_for(args, exc.where)
        ) from None


def _id(text: str, what: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number <= 0:
        raise InvalidInput(
            _("not a record id (a whole number): {value}").format(value=text), where=what
        )
    return number


def _print_record(args: argparse.Namespace, record: Any) -> int:
    if args.json:
        print(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
        return 0
    data = record.to_json()
    state = " " + _("(retired)") if record.retired else ""
    print(f"{record.kind} {record.id}: {record.name}{state}")
    for key, value in data["fields"].items():
        if value not in (None, [], ""):
            print(f"  {key}: {_plain(value)}")
    for key, value in data["links"].items():
        if value not in (None, [], ""):
            print(f"  {key}: {_plain(value)}")
    via_word = _("via")
    for hit in data["hits"]:
        via = f" ({via_word} {hit['via']['name']})" if hit.get("via") else ""
        print(
            "  "
            + _("hit: {list} {entry} {name} {score} [{status}]").format(
                list=hit["list"],
                entry=hit["entry"],
                name=hit["name"],
                score=hit["score"],
                status=hit["status"],
            )
            + via
        )
    return 0


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_plain(v)}" for k, v in value.items() if v not in (None, ""))
    return str(value)


def _add(args: argparse.Namespace) -> int:
    from desk.services.registers import add

    return _print_record(args, _run(args, lambda ctx: add(ctx, args.kind, _values(args))))


def _edit(args: argparse.Namespace) -> int:
    from desk.services.registers import edit

    rid = _id(args.id, "ID")
    values = _values(args)
    if not values:
        raise InvalidInput(_("give at least one field to change"))
    from desk.services.registers import RecordSeen

    seen = RecordSeen(args.seen_version) if args.seen_version else None
    return _print_record(args, _run(args, lambda ctx: edit(ctx, args.kind, rid, values, seen=seen)))


def _show(args: argparse.Namespace) -> int:
    from desk.services.registers import show

    rid = _id(args.id, "ID")
    return _print_record(args, _run(args, lambda ctx: show(ctx, args.kind, rid)))


def _list(args: argparse.Namespace) -> int:
    from desk.services.registers import list_records

    rows = _run(args, lambda ctx: list_records(ctx, args.kind, args.text, include_retired=args.all))
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No records."))
    for r in rows:
        state = "  " + _("(retired)") if r.retired else ""
        print(f"{r.id}\t{r.name}\t{r.detail}{state}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    from desk.services.registers import merge

    keep, drop = _id(args.keep, "KEEP"), _id(args.drop, "DROP")
    if keep == drop:
        raise InvalidInput(_("a record cannot be merged into itself"), where="DROP")
    record = _run(args, lambda ctx: merge(ctx, args.kind, keep, drop))
    if not args.json:
        print(_("Merged {drop} into {keep}.").format(drop=drop, keep=keep))
    return _print_record(args, record)


def _retire(args: argparse.Namespace) -> int:
    from desk.services.registers import retire

    rid = _id(args.id, "ID")
    return _print_record(
        args, _run(args, lambda ctx: retire(ctx, args.kind, rid, retired=not args.undo))
    )


def _screen(args: argparse.Namespace) -> int:
    from desk.services.registers import screen_organization

    rid = _id(args.id, "ID")
    return _print_record(args, _run(args, lambda ctx: screen_organization(ctx, rid)))


def _event(args: argparse.Namespace) -> int:
    from desk.services.registers import add_person_event

    rid = _id(args.id, "ID")
    return _print_record(
        args, _run(args, lambda ctx: add_person_event(ctx, rid, args.event, args.on, args.detail))
    )


def _member(args: argparse.Namespace) -> int:
    from desk.services.registers import add_member

    rid = _id(args.id, "PROJECT")
    person = _id(args.person, "PERSON")
    return _print_record(
        args,
        _run(
            args,
            lambda ctx: add_member(
                ctx, rid, person, role=args.role, since=args.since, until=args.until
            ),
        ),
    )


def _funding(args: argparse.Namespace) -> int:
    from desk.services.registers import add_funding

    rid = _id(args.id, "PROJECT")
    return _print_record(
        args,
        _run(
            args,
            lambda ctx: add_funding(
                ctx,
                rid,
                args.funder,
                foreign_government=args.foreign_government,
                country=args.country,
                organization_id=args.organization,
                reference=args.reference,
            ),
        ),
    )

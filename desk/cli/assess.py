"""``desk assess FILE.json [MORE.json ...] [--list FILE.csv ...] [--as-of DATE] [--json]``.

Judges case files (``desk-case/1``) and shipment files (``desk-shipment/1``, goods),
mixed in any order, each dispatched on its ``format``, and prints the answer: JSON (one
object per file, an array for several) or a readable explanation in the UI language.
Every file is read and checked before anything is printed, so invalid input gives exit
status 2, one message naming the file and the key, and no partial output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from desk.domain.case import Case, load_case_file, p_date
from desk.domain.i18n import N_, _, citation_text, current_language, pick
from desk.domain.localtime import format_date
from desk.domain.localtime import today as local_today
from desk.rules import Assessment, assess
from desk.screening import ScreeningList, builtin_list, load_list_csv

EUL_ID = "jp-eul"
STALE_MONTHS = 12

OUTCOME_LABELS = {
    "NOT_APPLICABLE": N_("not applicable (no licence needed)"),
    "NOT_LISTED_NO_TRIGGER": N_("not listed, no catch-all trigger (no licence needed)"),
    "EXEMPT": N_("exemption applies (no licence needed)"),
    "LICENSE_REQUIRED": N_("licence required (list control)"),
    "LICENSE_REQUIRED_CATCHALL": N_("licence required (catch-all)"),
    "HOLD": N_("hold: information missing or unsettled"),
    "STOP": N_("stop: prohibited"),
}
CONTROL_LABELS = {
    "place_abroad": N_("provided abroad"),
    "non_resident": N_("non-resident"),
    "specific_category_1": N_("specific category 1"),
    "specific_category_2": N_("specific category 2"),
    "specific_category_3": N_("specific category 3"),
    "re_provision": N_("evident re-provision to a non-resident"),
    "media_abroad": N_("media carried abroad"),
}
RESIDENCY_LABELS = {
    "resident": N_("resident"),
    "non_resident": N_("non-resident"),
    "unknown": N_("unknown (treated as non-resident)"),
    "unsettled": N_("unsettled (treated as non-resident)"),
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="judge desk-case/1 and desk-shipment/1 files",
        description="Judge one or more desk-case/1 (technology) or desk-shipment/1 (goods) "
        "files and explain the answer.",
    )
    parser.add_argument(
        "cases", nargs="+", metavar="FILE.json", help="case or shipment files, mixed freely"
    )
    parser.add_argument(
        "--list",
        dest="lists",
        action="append",
        metavar="FILE.csv",
        help="screen against this list instead of the built-in End User List "
        "(repeatable; 'default' adds the built-in list back)",
    )
    parser.add_argument(
        "--as-of", dest="as_of", metavar="DATE", help="judge on this date (YYYY-MM-DD)"
    )
    parser.add_argument("--json", action="store_true", help="print the engine's JSON answer")
    parser.add_argument(
        "--lang",
        choices=("ja", "en"),
        default=argparse.SUPPRESS,
        help="language of the explanation",
    )
    parser.set_defaults(func=run)


def load_lists(specs: list[str] | None) -> list[ScreeningList]:
    if not specs:
        return [builtin_list()]
    lists: list[ScreeningList] = []
    for spec in specs:
        lst = builtin_list() if spec == "default" else load_list_csv(spec)
        if lst not in lists:
            lists.append(lst)
    return lists


def stale_lists(lists: list[ScreeningList], as_of: dt.date) -> list[ScreeningList]:
    """End User Lists published more than 12 months before ``as_of``."""
    stale = []
    for lst in lists:
        if lst.id != EUL_ID:
            continue
        try:
            published = dt.date.fromisoformat(lst.version)
        except ValueError:
            continue  # no publication date known (a file without a date in its name)
        index = published.year * 12 + published.month - 1 + STALE_MONTHS
        year, month0 = divmod(index, 12)
        try:
            limit = published.replace(year=year, month=month0 + 1)
        except ValueError:
            limit = dt.date(year, month0 + 1, 28) + dt.timedelta(days=1)
        if as_of > limit:
            stale.append(lst)
    return stale


def _is_shipment(path: str) -> bool:
    """Peek at ``format``; the goods engine is imported only when a shipment is given."""
    try:
        doc = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return False  # the case loader reports what is wrong with the file
    if not isinstance(doc, dict):
        return False
    fmt = doc.get("format")
    # another version or a misspelt format of a shipment is reported by the shipment loader
    return fmt != "desk-case/1" and (
        (isinstance(fmt, str) and fmt.startswith("desk-shipment")) or "goods" in doc
    )


def run(args: argparse.Namespace) -> int:
    as_of = p_date(args.as_of, "--as-of") if args.as_of is not None else None
    goods: Any = None
    docs: list[Any] = []
    for path in args.cases:
        if _is_shipment(path):
            from desk.cli import assess_goods as goods

            docs.append(goods.load(path))
        else:
            docs.append(load_case_file(path))
    if as_of is not None:
        docs = [replace(d, as_of=as_of) for d in docs]
    lists = load_lists(args.lists)
    today = local_today()
    results = [
        assess(d, lists=lists, today=today)
        if isinstance(d, Case)
        else goods.assess(d, lists, today)
        for d in docs
    ]

    latest = max(r.as_of for r in results)
    for lst in stale_lists(lists, latest):
        print(
            "desk: "
            + _(
                "warning: the End User List in use ({list} {version}) is more than 12 months older "
                "than the as-of date {as_of}; import the current revision"
            ).format(list=lst.id, version=lst.version, as_of=latest.isoformat()),
            file=sys.stderr,
        )

    if args.json:
        answers = [r.to_json() for r in results]
        payload: Any = answers[0] if len(answers) == 1 else answers
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        lang = current_language()
        for i, (doc, result) in enumerate(zip(docs, results, strict=True)):
            if i:
                sys.stdout.write("\n")
            if isinstance(doc, Case):
                sys.stdout.write(explain(doc, result, lang))
            else:
                sys.stdout.write(goods.explain(doc, result, lang, OUTCOME_LABELS))
    return 0


def explain(case: Case, a: Assessment, lang: str) -> str:
    """The answer as a person reads it, in ``lang``."""
    none = _("none")
    status = a.recipient_status
    lines = [f"{a.id}" + (f"  {case.title}" if case.title else "")]

    def row(label: str, value: str) -> None:
        lines.append(f"  {label}: {value}")

    row(_("Outcome"), f"{a.outcome} — {_(OUTCOME_LABELS[a.outcome])}")
    row(_("Risk"), a.risk)
    row(_("As of"), format_date(a.as_of, lang=lang))
    row(_("Residency"), _(RESIDENCY_LABELS[status.residency]))
    row(_("Specific categories"), ", ".join(str(t) for t in status.specific_categories) or none)
    row(
        _("Controlled because"),
        ", ".join(_(CONTROL_LABELS[c]) for c in a.controlled_because) or none,
    )
    row(_("Deemed countries"), ", ".join(status.deemed_countries) or none)
    row(_("Review on"), format_date(a.review_on, lang=lang) if a.review_on else none)
    if a.exemptions:
        lines.append("  " + _("Exemptions") + ":")
        for e in a.exemptions:
            mark = _("accepted") if e.accepted else _("not accepted")
            lines.append(f"    - {e.basis}: {mark} — {pick(e.reason_ja, e.reason_en, lang)}")
    if a.list_hits:
        lines.append("  " + _("List hits") + ":")
        for h in a.list_hits:
            cats = ",".join(h.categories) or "—"
            lines.append(f"    - {h.list} {h.entry} {h.name} ({h.country}; {cats}; {h.score:.2f})")
    lines.append("  " + _("Reasons") + ":")
    for r in a.reasons:
        lines.append(f"    - {r.text(lang)}")
        lines.append(f"      [{r.code}] {citation_text(r.citation, lang)}")
    lists = ", ".join(f"{i} {v}" for i, v in a.lists)
    row(_("Rule set"), f"{a.ruleset[0]} {a.ruleset[1]}; " + _("lists") + f": {lists}")
    return "\n".join(lines) + "\n"

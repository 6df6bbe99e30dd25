"""``desk report``: issue PDF review records, verify one, and write the annual audit report.

    desk report record CASE_ID --kind precheck|classification|screening [--lang ja|en] --out FILE
    desk report records --all --out DIR [--kind …] [--lang ja|en]
    desk report audit --fiscal-year YYYY --out FILE [--lang ja|en] [--seed S] [--sample N]
                      [--audit REF]
    desk report verify FILE

The report language (``--lang`` after the subcommand) is the record's own parameter,
independent of the language of desk's messages (``desk --lang``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _, ngettext
from desk.domain.limits import strict_date
from desk.reports.data import CLEAR_CHECKLIST, KINDS
from desk.services import records  # its use cases are imported when called (records: no charts)

if TYPE_CHECKING:
    from desk.services.context import ServiceContext


def open_context(url: str | None) -> ServiceContext:
    """The service context, imported when a command needs it: ``report record`` issues
    without it (and without the ORM it imports) where it can."""
    from desk.services.context import open_context as open_

    return open_(url)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report", help=_("issue PDF review records and the audit report")
    )
    sub = parser.add_subparsers(
        dest="report_command", metavar="SUBCOMMAND", parser_class=type(parser)
    )

    rec = sub.add_parser("record", help=_("issue one case's record as PDF"))
    rec.add_argument("case_id", metavar="CASE_ID")
    rec.add_argument("--kind", required=True, choices=KINDS)
    rec.add_argument(
        "--lang", dest="report_lang", choices=("ja", "en"), default="ja", help=_("report language")
    )
    rec.add_argument("--out", required=True, metavar="FILE")
    rec.set_defaults(func=_record)

    recs = sub.add_parser("records", help=_("issue the records of every assessed case"))
    recs.add_argument("--all", action="store_true", required=True, help=_("every assessed case"))
    recs.add_argument(
        "--kind", action="append", choices=KINDS, help=_("kinds to issue (default: all three)")
    )
    recs.add_argument(
        "--lang", dest="report_lang", choices=("ja", "en"), default="ja", help=_("report language")
    )
    recs.add_argument("--out", required=True, metavar="DIR")
    recs.set_defaults(func=_records)

    aud = sub.add_parser("audit", help=_("write the annual internal-audit report"))
    aud.add_argument("--fiscal-year", type=int, required=True, metavar="YYYY")
    aud.add_argument(
        "--lang", dest="report_lang", choices=("ja", "en"), default="ja", help=_("report language")
    )
    aud.add_argument(
        "--seed", default="", help=_("seed of the auditor's random sample (default: FY<year>)")
    )
    aud.add_argument(
        "--sample", type=int, default=20, metavar="N", help=_("size of the random sample")
    )
    aud.add_argument(
        "--audit",
        metavar="REF",
        default=None,
        help=_("the internal audit to print (default: the year's newest)"),
    )
    aud.add_argument("--out", required=True, metavar="FILE")
    aud.set_defaults(func=_audit)

    chk = sub.add_parser(
        "transaction",
        help=_("record or show a case's transaction-review facts (printed on the screening sheet)"),
    )
    chk.add_argument("case_id", metavar="CASE_ID")
    chk.add_argument("--end-use", help=_("the end use the recipient stated"))
    chk.add_argument("--end-user", help=_("the end user as confirmed"))
    chk.add_argument(
        "--document", action="append", help=_("a document checked (repeat; replaces the list)")
    )
    chk.add_argument(
        "--confirm",
        action="append",
        default=[],
        choices=CLEAR_CHECKLIST,
        help=_("a 'clearly absent' guideline item confirmed (repeat)"),
    )
    chk.add_argument(
        "--not-confirmed",
        action="append",
        default=[],
        choices=CLEAR_CHECKLIST,
        help=_("a 'clearly absent' guideline item not confirmed (repeat)"),
    )
    chk.add_argument(
        "--red-flag",
        action="append",
        default=[],
        metavar="QUESTION=ANSWER",
        help=_("a red-flag question answered: QUESTION=yes, no or clear (repeat)"),
    )
    chk.add_argument(
        "--cancelled-on", metavar="DATE", help=_("the provision was cancelled on (YYYY-MM-DD)")
    )
    chk.add_argument("--json", action="store_true", help=_("print JSON"))
    chk.set_defaults(func=_transaction)

    ver = sub.add_parser("verify", help=_("check that a record file is unaltered"))
    ver.add_argument("file", metavar="FILE")
    ver.add_argument(
        "--public-key",
        metavar="PEM",
        default=None,
        help=_("the institution's public key (default: the one in the settings)"),
    )
    ver.set_defaults(func=_verify)

    parser.set_defaults(func=lambda args: (parser.print_help(sys.stderr), 2)[1])


def _record(args: argparse.Namespace) -> int:
    # the fast path (no ORM: a third of the time); None where only the ORM path can issue it
    info = records.issue_record_fast(
        database_url(args), args.case_id, args.kind, args.report_lang, args.out
    )
    if info is None:
        with open_context(database_url(args)) as ctx:
            info = records.issue_record(ctx, args.case_id, args.kind, args.report_lang, args.out)
    print(
        _("Issued {number} ({kind}, {lang}) for case {ref}: {path}").format(
            number=info.document_number,
            kind=info.kind,
            lang=info.lang,
            ref=info.case_ref,
            path=info.path,
        )
    )
    print(f"SHA-256 {info.sha256}")
    return 0


class _Bar:
    """Progress on stderr: a bar redrawn in place (``\\r``) on a terminal; in a redirected log,
    a plain line at every tenth, so the log holds no carriage returns."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = _isatty(self.stream)
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        pct = 100 * done // max(total, 1)
        step = pct if self.tty else pct // 10 * 10
        if step == self.last and done != total:
            return
        self.last = step
        if self.tty:
            filled = pct * 30 // 100
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
            if done == total:
                self.stream.write("\n")
        else:
            self.stream.write(f"{done}/{total} ({pct}%)\n")
        self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _records(args: argparse.Namespace) -> int:
    kinds = tuple(dict.fromkeys(args.kind or KINDS))
    with open_context(database_url(args)) as ctx:
        run = records.issue_all(ctx, args.out, kinds=kinds, lang=args.report_lang, progress=_Bar())
    print(
        ngettext(
            "Issued {n} record into {folder}", "Issued {n} records into {folder}", len(run.records)
        ).format(n=len(run.records), folder=args.out)
    )
    return 0


def _audit(args: argparse.Namespace) -> int:
    if args.sample < 0:
        raise InvalidInput(_("The sample size cannot be negative"), where="--sample")
    with open_context(database_url(args)) as ctx:
        info = records.audit_report(
            ctx,
            args.fiscal_year,
            args.out,
            lang=args.report_lang,
            seed=args.seed,
            sample_size=args.sample,
            audit=args.audit,
        )
    print(
        _("Audit report {number} for FY{year} ({n} cases): {path}").format(
            number=info.document_number, year=info.fiscal_year, n=info.cases, path=info.path
        )
    )
    print(
        _("Internal audit: {ref}").format(ref=info.audit_ref)
        if info.audit_ref
        else _("No internal audit is recorded for this fiscal year.")
    )
    if info.chain_sha256:
        print(_("Audit trail head at issue: {sha}").format(sha=info.chain_sha256))
    print(f"SHA-256 {info.sha256}")
    return 0


def _transaction(args: argparse.Namespace) -> int:
    cancelled = None
    if args.cancelled_on:
        try:
            cancelled = strict_date(args.cancelled_on)
        except ValueError:
            raise InvalidInput(
                _("not a date YYYY-MM-DD: {text}").format(text=args.cancelled_on),
                where="--cancelled-on",
            ) from None
    flags = _red_flags(args.red_flag)
    change = any(
        x is not None for x in (args.end_use, args.end_user, args.document, cancelled)
    ) or bool(args.confirm or args.not_confirmed or flags)
    with open_context(database_url(args)) as ctx:
        if change:
            records.record_transaction_check(
                ctx,
                args.case_id,
                end_use=args.end_use,
                end_user=args.end_user,
                documents=args.document,
                confirmed=args.confirm,
                not_confirmed=args.not_confirmed,
                cancelled_on=cancelled,
                red_flags=flags,
            )
        review = records.transaction_review(ctx, args.case_id)
    if args.json:
        print(json.dumps(review.to_json(), ensure_ascii=False, indent=2))
        return 0
    shown = review.to_json()
    shown.pop("id", None)
    for key, value in shown.items():
        if isinstance(value, list):
            value = ", ".join(value) or "—"
        elif isinstance(value, dict):
            words = {True: "yes", False: "no"}
            value = ", ".join(f"{k}={words.get(v, '—')}" for k, v in value.items()) or "—"
        print(f"{key}: {value if value is not None else '—'}")
    return 0


_ANSWERS = {"yes": True, "no": False, "clear": None}


def _red_flags(given: list[str]) -> dict[str, bool | None]:
    """``QUESTION=yes|no|clear`` → question → answer (None: answered no longer)."""
    out: dict[str, bool | None] = {}
    for text in given:
        code, sep, answer = text.partition("=")
        if not sep or answer.strip().lower() not in _ANSWERS:
            raise InvalidInput(
                _("not QUESTION=yes, no or clear: {text}").format(text=text), where="--red-flag"
            )
        out[code.strip()] = _ANSWERS[answer.strip().lower()]
    return out


def _verify(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        result = records.verify_record(ctx, args.file, public_key=args.public_key)
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1

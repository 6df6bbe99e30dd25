"""``desk intake``: reviews of a person at admission, hiring or a visit (separate from any
technology case), and who is due for one.

    desk intake review PERSON --occasion admission|hiring|visit|status_change|other
                       --outcome cleared|conditions|refused|pending [--on DATE] [--notes TEXT]
    desk intake list [--person ID] [--json]
    desk intake due [--changed] [--json]    never reviewed, or facts changed since
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.declarations import number, run
from desk.domain.i18n import _

OCCASIONS = ("admission", "hiring", "visit", "status_change", "other")
OUTCOMES = ("cleared", "conditions", "refused", "pending")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "intake", help=_("review people at admission, hiring or a visit; who is due")
    )
    sub = parser.add_subparsers(dest="intake_command", metavar="ACTION", required=True)
    p = sub.add_parser("review", help=_("screen a person again and record the review"))
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--occasion", required=True, choices=OCCASIONS)
    p.add_argument("--outcome", required=True, choices=OUTCOMES)
    p.add_argument("--on", default=None, metavar="DATE")
    p.add_argument("--notes", default=None)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_review)
    p = sub.add_parser("list", help=_("list intake reviews"))
    p.add_argument("--person", default=None, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_list)
    p = sub.add_parser("due", help=_("people never reviewed or whose facts changed since"))
    p.add_argument("--changed", action="store_true", help=_("only people whose facts changed"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_due)


def _print(args: argparse.Namespace, reviews: list[Any]) -> int:
    if args.json:
        print(json.dumps([r.to_json() for r in reviews], ensure_ascii=False, indent=2))
        return 0
    from desk.services.registers import OCCASION_LABELS, OUTCOME_LABELS

    if not reviews:
        print(_("No reviews."))
    for r in reviews:
        print(
            f"{r.id}\t{r.person_id} {r.person_name}\t{r.reviewed_on}"
            f"\t{_(OCCASION_LABELS[r.occasion])}\t{_(OUTCOME_LABELS[r.outcome])}"
            + "\t"
            + _("{n} hits").format(n=len(r.hits))
        )
    return 0


def _review(args: argparse.Namespace) -> int:
    from desk.services.registers import review_person

    person = number(args.person, "PERSON")
    review = run(
        args,
        lambda ctx: review_person(
            ctx, person, args.occasion, args.outcome, on=args.on, notes=args.notes
        ),
    )
    if args.json:
        print(json.dumps(review.to_json(), ensure_ascii=False, indent=2))
        return 0
    return _print(args, [review])


def _list(args: argparse.Namespace) -> int:
    from desk.services.registers import intake_reviews

    person = number(args.person, "--person") if args.person else None
    return _print(args, run(args, lambda ctx: intake_reviews(ctx, person)))


def _due(args: argparse.Namespace) -> int:
    from desk.services.registers import FACT_LABELS, reviews_due

    due = run(args, lambda ctx: reviews_due(ctx, changed_only=args.changed))
    if args.json:
        print(json.dumps([d.to_json() for d in due], ensure_ascii=False, indent=2))
        return 0
    if not due:
        print(_("Nobody is due for a review."))
    for d in due:
        why = (
            _("changed: {facts}").format(facts=", ".join(_(FACT_LABELS[c]) for c in d.changed))
            if d.changed
            else _("never reviewed")
        )
        print(f"{d.person_id}\t{d.person_name}\t{why}")
    return 0

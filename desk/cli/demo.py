"""``desk demo [--database URL] [--people N] [--seed S] [--no-assess] [--json]``.

Fills an empty database with realistic, fictitious demo data; the same seed always
gives the same data.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from desk.cli.main import database_url
from desk.demo import DEFAULT_PEOPLE, DEFAULT_SEED, load_demo
from desk.domain.i18n import _
from desk.services.context import open_context


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {text}").format(text=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("must be 0 or more: {n}").format(n=value))
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "demo",
        help=_("fill an empty database with fictitious demo data"),
        description=_(
            "Fill an empty database with realistic, fictitious demo data: departments, "
            "projects, people in their own scripts, technical items and cases. The same seed "
            "always gives the same data."
        ),
    )
    p.add_argument(
        "--people",
        type=_count,
        default=DEFAULT_PEOPLE,
        metavar="N",
        help=_("number of people (default {n}; 100000 for the UI benchmark)").format(
            n=DEFAULT_PEOPLE
        ),
    )
    p.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=_("seed: the same seed gives the same data (default {n})").format(n=DEFAULT_SEED),
    )
    p.add_argument(
        "--no-assess", action="store_true", help=_("store the cases without assessing them")
    )
    p.add_argument("--json", action="store_true", help=_("print the counts as JSON"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    quiet = args.json

    def progress(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr, flush=True)

    with open_context(database_url(args)) as ctx:
        summary, _changes = load_demo(
            ctx,
            seed=args.seed,
            people=args.people,
            assess=not args.no_assess,
            progress=progress,
        )
        url = ctx.db.engine.url.render_as_string(hide_password=True)
    if args.json:
        print(json.dumps({"database": url, **asdict(summary)}, ensure_ascii=False))
        return 0
    print(
        _(
            "Demo data (seed {seed}) stored in {url}: {departments} departments, "
            "{organizations} organizations, {people} people, {projects} projects, "
            "{items} technical items, {cases} cases ({assessed} assessed) in {seconds:.1f} s."
        ).format(
            seed=summary.seed,
            url=url,
            departments=summary.departments,
            organizations=summary.organizations,
            people=summary.people,
            projects=summary.projects,
            items=summary.technical_items,
            cases=summary.cases,
            assessed=summary.assessed,
            seconds=summary.seconds,
        )
    )
    return 0

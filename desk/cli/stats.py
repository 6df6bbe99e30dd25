"""``desk stats``: how many projects, people, organizations, technical items, cases,
shipments and goods items are stored."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.cli.main import database_url
from desk.cli.text import cells, ljust
from desk.domain.i18n import N_, _
from desk.services.context import open_context
from desk.services.stats import stats

LABELS = {
    "projects": N_("Projects"),
    "people": N_("People"),
    "organizations": N_("Organizations"),
    "technical_items": N_("Technical items"),
    "cases": N_("Cases"),
    "shipments": N_("Shipments"),
    "goods_items": N_("Goods items"),
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("stats", help=_("count what is stored"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(func=_stats)


def _stats(args: argparse.Namespace) -> int:
    with open_context(database_url(args)) as ctx:
        counts = stats(ctx).to_json()
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return 0
    labels = {key: _(label) for key, label in LABELS.items()}
    width = max(cells(v) for v in labels.values())
    for key, value in counts.items():
        print(f"{ljust(labels[key], width)}  {value:>9,}")
    return 0

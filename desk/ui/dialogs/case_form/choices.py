"""The case form's choices: label tables for the combo boxes (Japanese and English), the
columns of its small tables, the facts each exemption basis uses, and the suggested id."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from desk.domain import case as d
from desk.domain.countries import COUNTRY_NAMES
from desk.domain.i18n import N_, pick
from desk.reports.labels import AFFILIATION_KINDS, EXEMPTIONS

Pair = tuple[str, str]

KIND_LABELS: dict[str, Pair] = {
    "person": ("個人", "person"),
    "organization": ("組織", "organization"),
}
LOCATION_LABELS: dict[str, Pair] = {"japan": ("日本国内", "in Japan"), "abroad": ("外国", "abroad")}
OFFICIAL_LABELS: dict[str, Pair] = {
    "foreign_official": ("外国政府等の公務", "foreign official on duty"),
    "diplomatic_consular": ("外交官・領事官", "diplomatic or consular"),
    "japanese_mission": ("在外公館の職員", "staff of a Japanese mission"),
}
EMPLOYMENT_LABELS: dict[str, Pair] = {
    "full_time": ("常勤", "full time"),
    "part_time": ("非常勤", "part time"),
    "research_assistant": ("RA（リサーチ・アシスタント）", "research assistant"),
    "teaching_assistant": ("TA（ティーチング・アシスタント）", "teaching assistant"),
}
PURPOSE_LABELS: dict[str, Pair] = {
    "work": ("就労", "work"),
    "study": ("留学", "study"),
    "other": ("その他", "other"),
}
TIE_LABELS: dict[str, Pair] = {
    "employment": ("雇用", "employment"),
    "mandate": ("委任", "mandate"),
    "appointment": ("任命", "appointment"),
    "contract_other": ("その他の契約（請負等）", "other contract"),
    "funding": ("資金・便益の提供", "funding"),
    "instruction": ("指示・依頼", "instruction"),
}
COUNTERPARTY_LABELS: dict[str, Pair] = {
    "foreign_government": ("外国政府等", "foreign government"),
    "foreign_entity": ("外国法人等", "foreign entity"),
    "foreign_group_company": ("外国の関係会社", "foreign group company"),
    "japanese_entity": ("日本の法人等", "Japanese entity"),
}
PAID_TO_LABELS: dict[str, Pair] = {
    "person": ("本人", "the person"),
    "institution": ("機関", "institution"),
}
TIMING_LABELS: dict[str, Pair] = {
    "current": ("現在（約束を含む）", "current"),
    "before_employment": ("雇用前", "before employment"),
}
AUDIENCE_LABELS: dict[str, Pair] = {"open": ("公開", "open"), "restricted": ("限定", "restricted")}
END_USE_LABELS: dict[str, Pair] = {
    "wmd": ("大量破壊兵器等", "weapons of mass destruction"),
    "conventional": ("通常兵器", "conventional weapons"),
}
PLACE_LABELS = LOCATION_LABELS
NONE = "—"

COUNTRY_CODES = sorted(COUNTRY_NAMES)


def label(table: Mapping[str, Pair], code: str) -> str:
    return pick(*table[code]) if code in table else code


def suggest_id(existing: Iterable[str], today: dt.date) -> str:
    """The next free ``EC-YYYY-NNNN`` id of ``today``'s year."""
    prefix = f"EC-{today.year}-"
    taken = {r for r in existing}
    numbers = [int(r[len(prefix) :]) for r in taken if re.fullmatch(rf"{prefix}\d+", r)]
    n = max(numbers, default=0) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


EXEMPTION_COLUMNS: tuple[tuple[str, str, str, Any], ...] = (
    ("basis", N_("Basis"), "combo", (EXEMPTIONS, False)),
    ("evidence", N_("Evidence"), "text", None),
    ("covers_all_content", N_("Covers all content"), "check", None),
    ("audience", N_("Audience"), "combo", (AUDIENCE_LABELS, True)),
    ("aims_at_natural_principles", N_("Aims at natural principles"), "check", None),
    ("aims_at_specific_product", N_("Aims at a specific product"), "check", None),
    ("includes_use_technology", N_("Includes use technology"), "check", None),
    ("minimum_necessary", N_("Minimum necessary"), "check", None),
    ("goods_export_cleared", N_("Goods export cleared"), "check", None),
    ("sold_to_public", N_("Sold to the public"), "check", None),
    ("not_custom_made", N_("Not custom made"), "check", None),
    ("note", N_("Note"), "text", None),
)
AFFILIATION_COLUMNS: tuple[tuple[str, str, str, Any], ...] = (
    ("name", N_("Name"), "text", None),
    ("country", N_("Country"), "country", None),
    ("kind", N_("Kind"), "combo", (AFFILIATION_KINDS, True)),
)
TIE_COLUMNS: tuple[tuple[str, str, str, Any], ...] = (
    ("type", N_("Type"), "combo", (TIE_LABELS, False)),
    ("counterparty", N_("Counterparty"), "text", None),
    ("counterparty_kind", N_("Counterparty kind"), "combo", (COUNTERPARTY_LABELS, False)),
    ("country", N_("Country"), "country", None),
    ("follows_directions", N_("Follows directions"), "check", None),
    ("priority_agreement", N_("Priority agreement"), "check", None),
    ("paid_to", N_("Paid to"), "combo", (PAID_TO_LABELS, True)),
    ("share_of_income", N_("Share of income (0–1)"), "text", None),
    ("timing", N_("Timing"), "combo", (TIMING_LABELS, False)),
    ("repayment_waived", N_("Repayment waived"), "check", None),
)
# the facts each basis uses, besides evidence and note (EXEMPTION_FACTS, plus the optional one)
BASIS_FACTS: dict[str, tuple[str, ...]] = {
    basis: tuple(f for f in facts if f != "evidence")
    + (("includes_use_technology",) if basis == "fundamental_research" else ())
    for basis, facts in d.EXEMPTION_FACTS.items()
}
FACT_KEYS = tuple(
    k for k, _h, _kind, _c in EXEMPTION_COLUMNS if k not in ("basis", "evidence", "note")
)

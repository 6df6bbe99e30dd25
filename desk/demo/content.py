"""The demo's content, read from the data files under ``resources/demo/``.

Name pools (``names.json``), organizations (``organizations.json``), technology
templates (``items.csv`` with ``item_choices_ja.csv``), the office's tables — roles,
departments, project titles, purposes (``office.json``) — and the weights the generator
draws with (``weights.json``), the review chain's decisions and conditions
(``review.json``). ``resources/demo/README.md`` gives their columns and
provenance. The generator (:mod:`desk.demo.data`) reads them as module attributes
(``content.JA_SURNAMES``), loaded once, on first use, and checked: a malformed file is
reported with the file and the key or row, never half-used.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from desk.domain.errors import InvalidInput
from desk.resources import resource

FOLDER = ("demo",)  # under resources/


class ItemTemplate(NamedTuple):
    """One row of ``items.csv``. ``{n}`` in a title takes one of the template's
    ``choices``, so that one template yields several distinct items."""

    department: str
    classification: str
    item: str | None
    concerns: tuple[str, ...]
    specific_16_1: bool
    title_en: str
    title_ja: str
    choices: tuple[str, ...] = ("",)


@dataclass(frozen=True)
class DemoDepartment:
    code: str
    name_ja: str
    name_en: str


Org = tuple[str, str | None, str, str]  # (name, local name or None, country, kind)

if TYPE_CHECKING:  # loaded on first use by __getattr__ below
    SCRIPTS: tuple[str, ...]
    JA_SURNAMES: tuple[tuple[str, str, str], ...]  # (kanji, kana reading, Latin)
    JA_GIVEN: tuple[tuple[str, str, str], ...]
    ZH_HANS_SURNAMES: tuple[tuple[str, str], ...]  # (name, Latin)
    ZH_HANS_GIVEN: tuple[tuple[str, str], ...]
    ZH_HANT_TW_SURNAMES: tuple[tuple[str, str], ...]
    ZH_HANT_TW_GIVEN: tuple[tuple[str, str], ...]
    ZH_HANT_HK_SURNAMES: tuple[tuple[str, str], ...]
    ZH_HANT_HK_GIVEN: tuple[tuple[str, str], ...]
    KO_SURNAMES: tuple[tuple[str, str], ...]
    KO_GIVEN: tuple[tuple[str, str], ...]
    FA_GIVEN: tuple[tuple[str, str], ...]
    FA_SURNAMES: tuple[tuple[str, str], ...]
    RU_GIVEN: tuple[tuple[str, str, bool], ...]  # (Cyrillic, Latin, feminine)
    RU_SURNAMES: tuple[tuple[str, str], ...]
    LATIN_BY_COUNTRY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # (given, surnames)
    VI_SURNAMES: tuple[tuple[str, str], ...]
    VI_MIDDLE: tuple[tuple[str, str], ...]
    VI_GIVEN: tuple[tuple[str, str], ...]
    TH_GIVEN: tuple[tuple[str, str], ...]
    TH_SURNAMES: tuple[tuple[str, str], ...]
    HOME_UNIVERSITY: Org
    JAPANESE_ORGS: tuple[Org, ...]
    FOREIGN_ORGS: dict[str, tuple[Org, ...]]
    EUL_LOOKALIKE_ORGS: tuple[Org, ...]
    # (name, local, country, kind, entry no. it resembles, reason it is a different body)
    EUL_FALSE_FRIENDS: tuple[tuple[str, str | None, str, str, str, str], ...]
    FOREIGN_GOVERNMENT_FUNDERS: tuple[tuple[str, str], ...]  # (name, country)
    TEMPLATES: tuple[ItemTemplate, ...]
    CHOICE_JA: dict[str, str]
    ROLES: tuple[str, ...]
    REGISTRY_ROLES: dict[str, str]
    ROLE_LABELS: dict[str, tuple[str, str]]  # (ja, en)
    PURPOSES: dict[str, tuple[str, str]]  # (en, ja)
    PURPOSE_ACTIVITY: dict[str, str]
    PURPOSE_CHANNELS: dict[str, tuple[tuple[str, ...], ...]]
    CONFERENCE_COUNTRIES: tuple[str, ...]
    DEPARTMENTS: tuple[DemoDepartment, ...]
    PROJECT_TITLES: dict[str, tuple[tuple[str, str, str], ...]]  # (ja, en, funder)
    SCRIPT_WEIGHTS: dict[str, int]
    CLASSIFICATION_WEIGHTS: dict[str, int]
    JAPANESE_ROLE_WEIGHTS: dict[str, int]
    FOREIGN_ROLE_WEIGHTS: dict[str, int]
    REVIEW_DECISIONS: dict[str, tuple[tuple[str, int], ...]]  # outcome → (decision, weight)
    REVIEW_CONDITIONS: tuple[str, ...]


def _frozen(value: Any) -> Any:
    """JSON arrays as tuples, all the way down (the generator's pools are tuples)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


class _File:
    """One data file, with the checks that name the file and the key or row."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.path = folder / name

    def fail(self, where: str, message: str) -> InvalidInput:
        return InvalidInput(message, source=str(self.path), where=where)

    def json(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise self.fail("", f"cannot read the demo data file: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise self.fail(f"line {exc.lineno}", f"not JSON: {exc.msg}") from None
        if not isinstance(doc, dict):
            raise self.fail("", "expected a JSON object")
        return doc

    def rows(self, columns: tuple[str, ...]) -> list[dict[str, str]]:
        try:
            with self.path.open(encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                if tuple(reader.fieldnames or ()) != columns:
                    raise self.fail("row 1", f"expected the columns {', '.join(columns)}")
                rows = list(reader)
        except OSError as exc:
            raise self.fail("", f"cannot read the demo data file: {exc.strerror or exc}") from None
        for i, row in enumerate(rows, start=2):
            if None in row or any(v is None for v in row.values()):
                raise self.fail(f"row {i}", f"expected {len(columns)} columns")
        return rows


def _table(f: _File, doc: dict[str, Any], key: str, width: int | None, *kinds: type) -> Any:
    """``doc[key]``: an array of rows of ``width`` values (or of strings, ``width`` None)."""
    if key not in doc:
        raise f.fail(key, "missing")
    value = doc[key]
    if not isinstance(value, list) or not value:
        raise f.fail(key, "expected a non-empty array")
    for i, row in enumerate(value):
        where = f"{key}[{i}]"
        if width is None:
            if not isinstance(row, str):
                raise f.fail(where, "expected a string")
            continue
        if not isinstance(row, list) or len(row) != width:
            raise f.fail(where, f"expected an array of {width} values")
        allowed = kinds or (str,)
        if not all(isinstance(v, allowed) for v in row):
            raise f.fail(where, "unexpected value type")
    return _frozen(value)


def _sub(f: _File, key: str, value: Any, width: int | None, *kinds: type) -> Any:
    return _table(f, {key: value}, key, width, *kinds)


def _mapping(f: _File, doc: dict[str, Any], key: str, kind: type) -> dict[str, Any]:
    value = doc.get(key)
    if not isinstance(value, dict) or not value:
        raise f.fail(key, "expected a non-empty object")
    for k, v in value.items():
        if not isinstance(v, kind) or isinstance(v, bool) is not (kind is bool):
            raise f.fail(f"{key}.{k}", f"expected a {kind.__name__}")
    return dict(value)  # values are strings or numbers: nothing to freeze


def _names(f: _File) -> dict[str, Any]:
    doc = f.json()
    out: dict[str, Any] = {"SCRIPTS": _table(f, doc, "scripts", None)}
    for key in ("ja_surnames", "ja_given"):
        out[key.upper()] = _table(f, doc, key, 3)
    for key in (
        "zh_hans_surnames",
        "zh_hans_given",
        "zh_hant_tw_surnames",
        "zh_hant_tw_given",
        "zh_hant_hk_surnames",
        "zh_hant_hk_given",
        "ko_surnames",
        "ko_given",
        "fa_given",
        "fa_surnames",
        "ru_surnames",
        "vi_surnames",
        "vi_middle",
        "vi_given",
        "th_given",
        "th_surnames",
    ):
        out[key.upper()] = _table(f, doc, key, 2)
    out["RU_GIVEN"] = _table(f, doc, "ru_given", 3, str, bool)
    latin = doc.get("latin_by_country")
    if not isinstance(latin, dict) or not latin:
        raise f.fail("latin_by_country", "expected a non-empty object")
    for country, pools in latin.items():
        if not isinstance(pools, list) or len(pools) != 2:
            raise f.fail(f"latin_by_country.{country}", "expected [given names, surnames]")
        for j, pool in enumerate(pools):
            _sub(f, f"latin_by_country.{country}[{j}]", pool, None)
    out["LATIN_BY_COUNTRY"] = _frozen(latin)
    return out


def _organizations(f: _File) -> dict[str, Any]:
    doc = f.json()
    org = (str, type(None))
    home = doc.get("home_university")
    _sub(f, "home_university", [home], 4, *org)
    foreign = doc.get("foreign")
    if not isinstance(foreign, dict) or not foreign:
        raise f.fail("foreign", "expected a non-empty object")
    for country, pool in foreign.items():
        _sub(f, f"foreign.{country}", pool, 4, *org)
    return {
        "HOME_UNIVERSITY": _frozen(home),
        "JAPANESE_ORGS": _table(f, doc, "japanese", 4, *org),
        "FOREIGN_ORGS": _frozen(foreign),
        "EUL_LOOKALIKE_ORGS": _table(f, doc, "eul_lookalikes", 4, *org),
        "EUL_FALSE_FRIENDS": _table(f, doc, "eul_false_friends", 6, *org),
        "FOREIGN_GOVERNMENT_FUNDERS": _table(f, doc, "foreign_government_funders", 2),
    }


_ITEM_COLUMNS = (
    "department",
    "classification",
    "item",
    "concerns",
    "specific_16_1",
    "title_en",
    "title_ja",
    "choices",
)


def _items(f: _File, choices: _File) -> dict[str, Any]:
    templates = []
    for i, row in enumerate(f.rows(_ITEM_COLUMNS), start=2):
        if row["specific_16_1"] not in ("yes", "no"):
            raise f.fail(f"row {i}, specific_16_1", "expected yes or no")
        if not all(row[k] for k in ("department", "classification", "title_en", "title_ja")):
            raise f.fail(f"row {i}", "department, classification and both titles are required")
        templates.append(
            ItemTemplate(
                row["department"],
                row["classification"],
                row["item"] or None,
                tuple(row["concerns"].split()),
                row["specific_16_1"] == "yes",
                row["title_en"],
                row["title_ja"],
                tuple(row["choices"].split("|")),
            )
        )
    if not templates:
        raise f.fail("", "no templates")
    choice_ja = {r["en"]: r["ja"] for r in choices.rows(("en", "ja"))}
    return {"TEMPLATES": tuple(templates), "CHOICE_JA": choice_ja}


def _office(f: _File) -> dict[str, Any]:
    doc = f.json()
    departments = _table(f, doc, "departments", 3)
    titles = doc.get("project_titles")
    if not isinstance(titles, dict) or not titles:
        raise f.fail("project_titles", "expected a non-empty object")
    for dep, rows in titles.items():
        _sub(f, f"project_titles.{dep}", rows, 3)
    channels = doc.get("purpose_channels")
    if not isinstance(channels, dict) or not channels:
        raise f.fail("purpose_channels", "expected a non-empty object")
    for purpose, options in channels.items():
        if not isinstance(options, list) or not options:
            raise f.fail(f"purpose_channels.{purpose}", "expected a non-empty array")
        for j, option in enumerate(options):
            _sub(f, f"purpose_channels.{purpose}[{j}]", option, None)
    labels = doc.get("role_labels")
    if not isinstance(labels, dict):
        raise f.fail("role_labels", "expected an object")
    _sub(f, "role_labels", list(labels.values()), 2)
    purposes = doc.get("purposes")
    if not isinstance(purposes, dict):
        raise f.fail("purposes", "expected an object")
    _sub(f, "purposes", list(purposes.values()), 2)
    return {
        "ROLES": _table(f, doc, "roles", None),
        "REGISTRY_ROLES": _mapping(f, doc, "registry_roles", str),
        "ROLE_LABELS": _frozen(labels),
        "PURPOSES": _frozen(purposes),
        "PURPOSE_ACTIVITY": _mapping(f, doc, "purpose_activity", str),
        "PURPOSE_CHANNELS": _frozen(channels),
        "CONFERENCE_COUNTRIES": _table(f, doc, "conference_countries", None),
        "DEPARTMENTS": tuple(DemoDepartment(*d) for d in departments),
        "PROJECT_TITLES": _frozen(titles),
    }


def _weights(f: _File) -> dict[str, Any]:
    doc = f.json()
    return {
        "SCRIPT_WEIGHTS": _mapping(f, doc, "scripts", int),
        "CLASSIFICATION_WEIGHTS": _mapping(f, doc, "classifications", int),
        "JAPANESE_ROLE_WEIGHTS": _mapping(f, doc, "japanese_roles", int),
        "FOREIGN_ROLE_WEIGHTS": _mapping(f, doc, "foreign_roles", int),
    }


def _review(f: _File) -> dict[str, Any]:
    doc = f.json()
    decisions = doc.get("decisions")
    if not isinstance(decisions, dict) or not decisions:
        raise f.fail("decisions", "expected a non-empty object")
    for outcome, choices in decisions.items():
        _sub(f, f"decisions.{outcome}", choices, 2, str, int)
    return {
        "REVIEW_DECISIONS": _frozen(decisions),
        "REVIEW_CONDITIONS": _table(f, doc, "conditions", None),
    }


@cache
def load(folder: Path | None = None) -> dict[str, Any]:
    """Every table of the demo's content, by its attribute name; ``folder`` defaults to
    ``resources/demo``."""
    where = folder if folder is not None else resource(*FOLDER)

    def f(name: str) -> _File:
        return _File(name, where)

    return {
        **_names(f("names.json")),
        **_organizations(f("organizations.json")),
        **_items(f("items.csv"), f("item_choices_ja.csv")),
        **_office(f("office.json")),
        **_weights(f("weights.json")),
        **_review(f("review.json")),
    }


def __getattr__(name: str) -> Any:
    if not name.isupper():
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    tables = load()
    if name not in tables:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return tables[name]

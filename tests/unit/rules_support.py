"""Builders for the engine tests: small desk-case/1 documents, lists and a scripted matcher."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from desk.domain.case import Case, loads_case
from desk.rules import Assessment, assess
from desk.rules import listhits as engine_mod
from desk.screening import Hit, ScreeningList, band_for, load_list_csv

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"  # see tests/fixtures/README.md
FIXTURE_LIST = FIXTURES / "cases" / "lists" / "eul-fixture.csv"

KITA = {
    "name": "Kita-Kanto Institute of Science and Technology",
    "country": "JP",
    "kind": "university",
}
NO_TYPES = {"declared_on": "2026-04-01", "types": []}
AS_OF = "2026-09-01"


def fixture_list() -> ScreeningList:
    return load_list_csv(FIXTURE_LIST)


def jp_resident(**extra: Any) -> dict[str, Any]:
    rec = {
        "name": "佐藤 花子",
        "name_latin": "Sato Hanako",
        "nationalities": ["JP"],
        "affiliations": [KITA],
        "declaration": NO_TYPES,
    }
    rec.update(extra)
    return rec


def foreign_resident(nat: str = "CN", **extra: Any) -> dict[str, Any]:
    """In Japan since 2024-04-01: a resident by the six-month rule on 2026-09-01."""
    rec = {
        "name": "Test Resident",
        "nationalities": [nat],
        "entered_japan_on": "2024-04-01",
        "affiliations": [KITA],
        "declaration": NO_TYPES,
    }
    rec.update(extra)
    return rec


def visitor(nat: str = "CN", **extra: Any) -> dict[str, Any]:
    """Entered 2026-08-01: a non-resident on 2026-09-01 (resident from 2027-02-02)."""
    rec = {
        "name": "Test Visitor",
        "nationalities": [nat],
        "entered_japan_on": "2026-08-01",
        "affiliations": [{"name": "Home University", "country": nat, "kind": "university"}],
    }
    rec.update(extra)
    return rec


def org_abroad(country: str, name: str = "Overseas Partner Ltd.", **extra: Any) -> dict[str, Any]:
    rec = {"kind": "organization", "name": name, "country": country, "location": "abroad"}
    rec.update(extra)
    return rec


def listed(item: str = "7", **extra: Any) -> dict[str, Any]:
    return {"classification": "listed", "item": item, **extra}


def item16(**extra: Any) -> dict[str, Any]:
    return {"classification": "not_on_list", **extra}


def document(
    technology: dict[str, Any] | None = None,
    recipient: dict[str, Any] | None = None,
    provision: dict[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "desk-case/1",
        "id": top.pop("id", "T1"),
        "as_of": top.pop("as_of", AS_OF),
        "technology": copy.deepcopy(technology or listed()),
        "recipient": copy.deepcopy(recipient or visitor()),
    }
    if provision is not None:
        doc["provision"] = copy.deepcopy(provision)
    doc.update(top)
    return doc


def make(*args: Any, **kwargs: Any) -> Case:
    return loads_case(json.dumps(document(*args, **kwargs), ensure_ascii=False), source="test.json")


def judge(*args: Any, lists: list[ScreeningList] | None = None, **kwargs: Any) -> Assessment:
    return assess(make(*args, **kwargs), lists=lists if lists is not None else [fixture_list()])


class ScriptedMatcher:
    """Stands in for desk.screening.Matcher: name → "
    "[(list id, entry, score, categories, country)]."""

    script: ClassVar[dict[str, list[tuple[str, str, float, tuple[str, ...], str]]]] = {}

    def __init__(self, lists: Any):
        self.lists = tuple(lists)

    def screen(self, name: str, country: str | None = None) -> list[Hit]:
        return [
            Hit(
                list_id=lst,
                list_version="test",
                entry=entry,
                entry_name=f"Listed {entry}",
                entry_country=ctry,
                categories=cats,
                score=score,
                band=band_for(score),
                query=name,
            )
            for lst, entry, score, cats, ctry in self.script.get(name, [])
        ]


@contextmanager
def scripted_hits(
    monkeypatch: Any, script: dict[str, list[tuple[str, str, float, tuple[str, ...], str]]]
) -> Iterator[None]:
    monkeypatch.setattr(ScriptedMatcher, "script", script)
    monkeypatch.setattr(engine_mod, "Matcher", ScriptedMatcher)
    engine_mod._MATCHERS.clear()
    try:
        yield
    finally:
        engine_mod._MATCHERS.clear()

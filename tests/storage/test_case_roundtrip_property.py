"""Any valid ``desk-case/1`` document comes back out of the database as it went in.

Hypothesis writes case documents from the format's own vocabularies (optional keys
present or absent, defaults and nulls spelled out or left out), and each one must
export as the same JSON after import — the example cases are not the acceptance set.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.domain import case as d
from desk.domain.errors import InvalidInput
from desk.services.cases import get_case, import_case_documents
from desk.services.context import ServiceContext, open_context

COUNTRIES = ("CN", "KR", "US", "JP", "DE", "IR", "HK", "TW")
TEXT = st.text(
    alphabet=st.sampled_from("abcXYZ 0-9王子涵김민준ヤマダ株式会社éü'\"\\/"),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")
OPT_TEXT = st.none() | TEXT
DATES = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)).map(
    dt.date.isoformat
)
BOOL = st.booleans()
_ids = itertools.count()


def subset(values: tuple[Any, ...]) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=3)


def obj(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def exemption(draw: st.DrawFn) -> dict[str, Any]:
    basis = draw(st.sampled_from(d.EXEMPTION_BASES))
    facts = {
        "evidence": OPT_TEXT,
        "covers_all_content": BOOL,
        "audience": st.sampled_from(("open", "restricted")),
        "aims_at_natural_principles": BOOL,
        "aims_at_specific_product": BOOL,
        "minimum_necessary": BOOL,
        "goods_export_cleared": BOOL,
        "sold_to_public": BOOL,
        "not_custom_made": BOOL,
    }
    required = {k: facts[k] for k in d.EXEMPTION_FACTS[basis]}
    optional = {k: v for k, v in facts.items() if k not in required}
    optional["note"] = OPT_TEXT
    if basis == "fundamental_research":
        optional["includes_use_technology"] = BOOL
    return {"basis": basis, **draw(obj(required, optional))}


@st.composite
def technology(draw: st.DrawFn) -> dict[str, Any]:
    classification = draw(st.sampled_from(d.CLASSIFICATIONS))
    items = st.sampled_from(d.LISTED_ITEMS) | st.sampled_from(d.LISTED_ITEMS).map(
        lambda i: f"{i}:(1)"
    )
    required: dict[str, Any] = {"classification": st.just(classification)}
    optional: dict[str, Any] = {
        "title": OPT_TEXT,
        "specific_item_16_1": BOOL,
        "concern_relevance": subset(d.CONCERNS),
        "exemptions": st.lists(exemption(), max_size=3),
    }
    if classification == "listed":
        required["item"] = items
    else:
        optional["item"] = st.none() | items | st.just("16")
    return draw(obj(required, optional))


def tie() -> st.SearchStrategy[dict[str, Any]]:
    def build(kind: str) -> st.SearchStrategy[dict[str, Any]]:
        required: dict[str, Any] = {
            "type": st.just(kind),
            "counterparty_kind": st.sampled_from(d.COUNTERPARTY_KINDS),
        }
        optional: dict[str, Any] = {
            "counterparty": OPT_TEXT,
            "country": st.none() | st.sampled_from(COUNTRIES),
            "priority_agreement": BOOL,
            "share_of_income": st.none() | st.sampled_from((0, 0.25, 0.5, 1)),
            "timing": st.sampled_from(d.TIMINGS),
            "repayment_waived": BOOL,
        }
        if kind in d.CONTRACT_TIE_TYPES:
            required["follows_directions"] = BOOL
        else:
            optional["follows_directions"] = BOOL
        if kind == "funding":
            required["paid_to"] = st.sampled_from(d.PAID_TO)
        else:
            optional["paid_to"] = st.sampled_from(d.PAID_TO)
        return obj(required, optional)

    return st.sampled_from(d.TIE_TYPES).flatmap(build)


@st.composite
def employment(draw: st.DrawFn) -> dict[str, Any]:
    since = draw(DATES)
    optional: dict[str, Any] = {"employer": OPT_TEXT}
    optional["until"] = st.none() | DATES.filter(lambda u: u >= since)
    return draw(
        obj({"since": st.just(since), "form": st.sampled_from(d.EMPLOYMENT_FORMS)}, optional)
    )


@st.composite
def recipient(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(d.RECIPIENT_KINDS))
    optional: dict[str, Any] = {
        "official_status": st.none() | st.sampled_from(d.OFFICIAL_STATUSES),
        "name_latin": OPT_TEXT,
        "nationalities": subset(COUNTRIES),
        "country": st.none() | st.sampled_from(COUNTRIES),
        "entered_japan_on": st.none() | DATES,
        "employment_in_japan": st.none() | employment(),
        "left_japan_on": st.none() | DATES,
        "abroad_purpose": st.none() | st.sampled_from(d.ABROAD_PURPOSES),
        "intended_stay_years": st.none() | st.sampled_from((0, 0.5, 2, 3.5)),
        "returned_on": st.none() | DATES,
        "affiliations": st.lists(
            obj(
                {"name": st.sampled_from(("Univ A", "Univ B", "清华大学"))},
                {
                    "country": st.none() | st.sampled_from(COUNTRIES),
                    "kind": st.none() | st.sampled_from(d.AFFILIATION_KINDS),
                },
            ),
            max_size=3,
        ),
        "ties": st.lists(tie(), max_size=2),
        "cleared_hits": st.lists(
            obj(
                {"list": st.just("jp-eul"), "entry": st.sampled_from(("1", "77"))},
                {"name": OPT_TEXT, "reason": OPT_TEXT},
            ),
            max_size=2,
        ),
        "declaration": st.none() | obj({"declared_on": DATES, "types": subset((1, 2, 3))}, {}),
    }
    if kind == "organization":
        optional["location"] = st.sampled_from(d.LOCATIONS)
    else:
        optional["location"] = st.sampled_from(d.LOCATIONS)
    doc = draw(obj({"name": TEXT}, optional))
    if draw(BOOL) or kind == "organization":
        doc = {"kind": kind, **doc}
    return doc


@st.composite
def provision(draw: st.DrawFn) -> dict[str, Any]:
    place = draw(st.sampled_from(d.PLACES))
    optional: dict[str, Any] = {
        "channels": subset(d.CHANNELS),
        "date": st.none() | DATES,
        "re_provision_evident": BOOL,
        "re_provision_country": st.none() | st.sampled_from(COUNTRIES),
        "known_end_use": st.none() | st.sampled_from(d.END_USES),
        "known_end_user": subset(d.CONCERNS),
        "inform": st.none() | st.sampled_from(d.END_USES),
        "clear_finding": st.none() | obj({"documented": BOOL}, {"rationale": OPT_TEXT}),
    }
    required: dict[str, Any] = {}
    if place == "abroad":
        required["country"] = st.sampled_from(COUNTRIES)
    doc = draw(obj(required, optional))
    if place != "japan" or draw(BOOL):
        doc = {"place": place, **doc}
    return doc


@st.composite
def case_document(draw: st.DrawFn) -> dict[str, Any]:
    optional = {
        "title": OPT_TEXT,
        "as_of": st.none() | DATES,
        "provision": provision(),
        "notes": OPT_TEXT,
    }
    body = draw(obj({"technology": technology(), "recipient": recipient()}, optional))
    return {"format": d.FORMAT, "id": f"H{next(_ids):05d}", **body}


@pytest.fixture
def store(database_url: str) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="hypothesis")
    try:
        yield ctx
    finally:
        ctx.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(docs=st.lists(case_document(), min_size=1, max_size=3))
def test_generated_cases_round_trip(store: ServiceContext, docs: list[dict[str, Any]]) -> None:
    valid: list[tuple[dict[str, Any], d.Case]] = []
    for doc in docs:
        try:
            valid.append((doc, d.parse_case(json.loads(json.dumps(doc)))))
        except InvalidInput:
            continue  # a combination the format itself refuses (about 3 %); nothing to store
    if not valid:
        return
    import_case_documents(store, [(doc["id"], case) for doc, case in valid])
    for doc, _case in valid:
        assert json.loads(d.dumps_case(get_case(store, doc["id"]))) == doc

"""The demo data generator: realistic variety, every script, deterministic, valid cases."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from desk.cli.main import main
from desk.demo import (
    DEFAULT_CASES,
    DEFAULT_ITEMS,
    DEFAULT_PEOPLE,
    DEFAULT_PROJECTS,
    REFERENCE_DATE,
    WORKFLOW_STATUSES,
    DemoDataset,
    generate,
    generate_people,
)
from desk.demo.content import SCRIPTS
from desk.domain.case import case_to_dict, dumps_case, loads_case
from desk.screening import Matcher, builtin_list


@pytest.fixture(scope="module")
def data() -> DemoDataset:
    return generate(seed=1)


def test_counts_meet_the_minimums(data: DemoDataset) -> None:
    assert len(data.departments) >= 3
    assert {d.name_ja for d in data.departments} >= {"工学研究科", "理学研究科", "医学系研究科"}
    assert len(data.projects) == DEFAULT_PROJECTS == 30
    assert len(data.people) == DEFAULT_PEOPLE == 200
    assert len(data.items) == DEFAULT_ITEMS == 100
    assert len(data.cases) == DEFAULT_CASES == 300
    assert len({c.case.id for c in data.cases}) == 300, "case ids are unique"
    assert len({p.key for p in data.people}) == 200


def _scripts_of(text: str) -> set[str]:
    out = set()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        for word in (
            "CJK",
            "HIRAGANA",
            "KATAKANA",
            "HANGUL",
            "ARABIC",
            "CYRILLIC",
            "THAI",
            "LATIN",
        ):
            if name.startswith(word):
                out.add(word)
    return out


EXPECTED_SCRIPT = {
    "ja": "CJK",
    "zh-Hans": "CJK",
    "zh-Hant": "CJK",
    "ko": "HANGUL",
    "fa": "ARABIC",
    "ru": "CYRILLIC",
    "latin": "LATIN",
    "vi": "LATIN",
    "th": "THAI",
}


def test_every_script_is_present_with_a_latin_form(data: DemoDataset) -> None:
    by_script = Counter(p.script for p in data.people)
    assert set(by_script) == set(SCRIPTS)
    for p in data.people:
        assert EXPECTED_SCRIPT[p.script] in _scripts_of(p.name), (p.script, p.name)
        assert p.name_latin and p.name_latin.isascii(), (p.name, p.name_latin)
        assert _scripts_of(p.name_latin) == {"LATIN"}
        if p.script == "ja":
            # kanji name with a kana reading
            assert _scripts_of(p.reading or "") <= {"HIRAGANA"} and p.reading
    # simplified and traditional Chinese really differ: each has characters of its own
    hans = "".join(p.name for p in data.people if p.script == "zh-Hans")
    hant = "".join(p.name for p in data.people if p.script == "zh-Hant")
    assert set("陈张刘杨赵黄吴孙马罗") & set(hans)
    assert set("陳張劉楊趙黃吳許鄭謝") & set(hant)
    assert any(p.recipient.nationalities[0] == "IR" for p in data.people if p.script == "fa")
    assert any(p.recipient.nationalities[0] == "RU" for p in data.people if p.script == "ru")


def test_same_seed_same_data_other_seed_other_data() -> None:
    first, again, other = generate(seed=42), generate(seed=42), generate(seed=43)
    assert first == again
    assert [dumps_case(c.case) for c in first.cases] == [dumps_case(c.case) for c in again.cases]
    assert [p.name for p in first.people] != [p.name for p in other.people]


def test_more_people_keep_the_first_ones() -> None:
    # the 100,000-person benchmark database starts with the people of the default one
    assert generate_people(5, 600)[:200] == generate_people(5, 200)


def test_every_case_is_a_valid_case_document(data: DemoDataset) -> None:
    for dc in data.cases:
        text = dumps_case(dc.case)
        parsed = loads_case(text, source=dc.case.id)
        assert parsed == dc.case
        assert dumps_case(parsed) == text
        assert json.loads(text)["format"] == "desk-case/1"
        assert case_to_dict(parsed)["recipient"]["name"] == dc.case.recipient.name


def test_realistic_variety(data: DemoDataset) -> None:
    techs = [i.technology for i in data.items]
    assert {t.classification for t in techs} == {
        "listed",
        "below_threshold",
        "not_on_list",
        "undetermined",
    }
    assert Counter(t.classification for t in techs) == {
        "listed": 40,
        "not_on_list": 32,
        "below_threshold": 18,
        "undetermined": 10,
    }
    assert len({i.title_ja for i in data.items}) == len(data.items)
    listed = [t for t in techs if t.classification == "listed"]
    assert len({t.item_number for t in listed}) >= 5, "listed items spread over many items"
    assert any(t.specific_item_16_1 for t in techs)
    bases = {e.basis for t in techs for e in t.exemptions}
    assert {"public_domain", "fundamental_research"} <= bases
    assert any(
        not e.covers_all_content for t in techs for e in t.exemptions if e.basis == "public_domain"
    )
    assert len({i.title_en for i in data.items}) == len(data.items), "item titles are distinct"

    recipients = [p.recipient for p in data.people]
    assert any(r.effective_location == "abroad" for r in recipients)
    assert any(
        r.employment_in_japan and r.employment_in_japan.form == "research_assistant"
        for r in recipients
    )
    assert any(
        r.employment_in_japan and r.employment_in_japan.form == "full_time" for r in recipients
    )
    recent = [
        r
        for r in recipients
        if r.entered_japan_on and REFERENCE_DATE - r.entered_japan_on < dt.timedelta(days=150)
    ]
    assert recent, "some foreign nationals entered Japan less than six months ago"
    assert any(r.left_japan_on and "JP" in r.nationalities for r in recipients)
    roles = Counter(p.role for p in data.people)
    assert {"faculty", "doctoral_student", "visitor", "collaborator_abroad"} <= set(roles)
    tie_types = {t.type for r in recipients for t in r.ties}
    assert {"funding", "appointment", "employment"} <= tie_types
    declared = [r.declaration for r in recipients if r.declaration]
    assert declared and any(not d.types for d in declared) and any(d.types for d in declared)
    assert any(r.declaration is None and r.effective_location == "japan" for r in recipients)
    assert any(r.cleared_hits for r in recipients)

    cases = [c.case for c in data.cases]
    assert {c.provision.place for c in cases} == {"japan", "abroad"}
    channels = {ch for c in cases for ch in c.provision.channels}
    assert {"lab_access", "email", "cloud", "presentation", "media_carried_abroad"} <= channels
    assert any(c.recipient.kind == "organization" for c in cases)
    assert {dc.status for dc in data.cases} == set(WORKFLOW_STATUSES)
    assert len({c.as_of for c in cases}) > 100, "dates spread over the year"
    assert len({dc.item for dc in data.cases}) == len(data.items), "every item has a case"
    leaders = {p.code: p.leader for p in data.projects}
    assert all(dc.person != leaders[dc.project] for dc in data.cases), "no one files for oneself"


def test_the_review_chain_has_every_role(data: DemoDataset) -> None:
    roles = Counter(r for st in data.staff for r in st.roles)
    # the office also confirms classifications (該非確認責任者) before the second review
    assert roles == {
        "office": 1,
        "admin": 1,
        "classification_officer": 1,
        "dept_head": 3,
        "chief": 1,
        "auditor": 1,
    }
    # a first-level reviewer (部局責任者) for every department, and the director
    assert {st.department for st in data.staff if st.department} == {
        d.code for d in data.departments
    }
    assert any(st.title_ja.startswith("統括責任者") for st in data.staff)
    logins = [st.login for st in data.staff] + [p.email for p in data.people if p.email]
    assert len(set(logins)) == len(logins)


def test_screening_has_work_but_people_are_fictitious(data: DemoDataset) -> None:
    eul = builtin_list()
    matcher = Matcher([eul])
    listed_names = {e.name.casefold() for e in eul.entries}
    affiliation_hits = set()
    for p in data.people:
        assert p.name.casefold() not in listed_names
        for a in p.recipient.affiliations:
            if any(h.band == "match" for h in matcher.screen(a.name, a.country)):
                affiliation_hits.add(a.name)
    assert affiliation_hits, "some affiliations resemble End User List entries"
    assert "Kita-Kanto Institute of Science and Technology" not in affiliation_hits


def test_small_and_empty_populations() -> None:
    tiny = generate(seed=3, people=5)
    assert len(tiny.people) == 5 and len(tiny.cases) == 300
    assert {p.script for p in tiny.people} == set(SCRIPTS[:5])
    nobody = generate(seed=3, people=0)
    assert all(dc.case.recipient.kind == "organization" for dc in nobody.cases)
    with pytest.raises(ValueError):
        generate(seed=3, people=-1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--people", "-5"], "--people: must be 0 or more: -5"),
        (["--people", "many"], "--people: not a whole number: many"),
        (["--seed", "abc"], "--seed: invalid int value"),
    ],
)
def test_desk_demo_rejects_bad_arguments(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "never.sqlite3"
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--database", f"sqlite:///{db}", *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not db.exists(), "nothing was created"


def test_no_case_is_judged_before_its_recipient_entered_japan() -> None:
    data = generate(seed=1)
    for dc in data.cases:
        entered = dc.case.recipient.entered_japan_on
        assert entered is None or dc.case.as_of is None or entered < dc.case.as_of, dc.case.id


def test_some_answers_carry_a_cleared_hit() -> None:
    # docs/demo.md: near-matches reviewed and judged not the same
    from desk.rules import assess
    from desk.screening import load_list_csv

    lst = load_list_csv(
        next((Path(__file__).parents[2] / "resources" / "lists").glob("jp-eul-*.csv"))
    )
    data = generate(seed=1)
    cleared = [
        dc
        for dc in data.cases
        if dc.case.recipient.cleared_hits
        and "screening.cleared" in assess(dc.case, lists=[lst]).reason_codes
    ]
    assert cleared

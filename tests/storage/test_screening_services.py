"""List versions, dispositions and re-screening in the database (SQLite and PostgreSQL).

Fictitious list entries and parties, so that the tests do not depend on the real list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.domain.errors import InvalidInput, NotFound
from desk.domain.i18n import set_language
from desk.services.context import ServiceContext, open_context
from desk.services.screening import (
    CLEARED,
    CONFIRMED,
    OPEN,
    PartyRef,
    current_lists,
    diff_refs,
    import_list,
    list_versions,
    party_hits,
    record_disposition,
    screen_party,
)
from desk.storage import models as m

HEADER = "no,country,country_name,name,local_names,aliases,wmd,cw\n"
V1 = HEADER + (
    "1,CN,China,Kestrel Avionics Corporation,凱斯特航空電子公司,,M,CW\n"
    '2,IR,Iran,Alborz Propulsion Institute,,APPI,"M,N",\n'
)
V2 = HEADER + (  # renumbered, entry unchanged; one added
    '1,IR,Iran,Alborz Propulsion Institute,,APPI,"M,N",\n'
    "2,CN,China,Kestrel Avionics Corporation,凱斯特航空電子公司,,M,CW\n"
    "3,RU,Russia,Volga Composites JSC,,Volga Kompozit,,CW\n"
)
V3 = V2.replace("凱斯特航空電子公司,,M,CW", "凱斯特航空電子公司,Kestrel Avionic Systems,M,CW")


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def ctx(database_url: str) -> Iterator[ServiceContext]:
    context = open_context(database_url, actor="reviewer1", today=dt.date(2026, 3, 1))
    set_language("en")
    with context.transaction() as s:
        kestrel = m.Organization(name="Kestrel Avionics Co., Ltd.", country="CN")
        volga = m.Organization(name="Volga Composites", country="RU")
        textile = m.Organization(name="Northern Textile Works", country="CN")
        ivan = m.Person(name="Ivan Petrov", nationalities=["RU"])
        mei = m.Person(name="李 梅", nationalities=["CN"])
        s.add_all([kestrel, volga, textile, ivan, mei])
        s.flush()
        s.add(m.Affiliation(person=ivan, organization=volga))
        item = m.TechnicalItem(
            title="Wing spar layup",
            classification="listed",
            item="4",
            project=m.Project(title="Composite wings"),
        )
        s.add(m.Case(ref="C-1", technical_item=item, person=ivan, status="draft"))
        s.add(m.Case(ref="C-2", technical_item=item, person=ivan, status="closed"))
    try:
        yield context
    finally:
        context.close()


def party(ctx: ServiceContext, model: type[m.Person] | type[m.Organization], name: str) -> PartyRef:
    with ctx.reading() as s:
        row = s.scalars(select(model).where(model.name == name)).one()
        return PartyRef("person" if model is m.Person else "organization", row.id)


def test_import_keeps_every_version_with_its_identity(ctx: ServiceContext, tmp_path: Path) -> None:
    r1 = import_list(ctx, write(tmp_path, "eul.csv", V1), source="jp-eul", published="2025-09-29")
    r2 = import_list(ctx, write(tmp_path, "eul-2026-01-15.csv", V2))
    assert (r1.version.version, r1.version.row_count) == ("2025-09-29", 2)
    assert r2.version.published_on == dt.date(2026, 1, 15)  # from the file name
    versions = list_versions(ctx)
    assert [(v.version, v.current) for v in versions] == [
        ("2025-09-29", False),
        ("2026-01-15", True),
    ]
    assert len({v.sha256 for v in versions}) == 2
    assert [lst.version for lst in current_lists(ctx)] == ["2026-01-15"]
    again = import_list(ctx, tmp_path / "eul-2026-01-15.csv")
    assert again.already_stored and len(list_versions(ctx)) == 2
    with ctx.reading() as s:
        actions = s.scalars(select(m.AuditEvent.action)).all()
    assert actions.count("list.import") == 2


def test_stored_entries_carry_the_search_key_the_orm_would_give(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    """The import stores entries with Core inserts in batches (no ORM object per row):
    every column, the search key included, as an ORM insert stores it."""
    import_list(ctx, write(tmp_path, "eul.csv", V3), source="jp-eul", published="2026-02-01")
    with ctx.reading() as s:
        stored = {
            e.no: (e.name, e.local_names, e.aliases, e.search_name, e.wmd, e.cw, e.program)
            for e in s.scalars(select(m.ListEntry))
        }
    name, local, aliases, search, wmd, cw, _program = stored["2"]
    expected = m.ListEntry(name=name, local_names=local, aliases=aliases)
    assert search == expected.search_name and "kestrel avionic systems" in search
    assert local == ["凱斯特航空電子公司"] and wmd == ["M"] and cw
    assert stored["1"][4] == ["M", "N"] and stored["3"][6] == ""


def test_a_bad_file_stores_nothing_and_names_row_and_column(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    bad = write(tmp_path, "bad.csv", V1 + "3,XX,Nowhere,Some Works,,,,\n")
    with pytest.raises(InvalidInput) as info:
        import_list(ctx, bad, published="2025-10-01")
    assert "bad.csv" in str(info.value) and "row 4, column country" in str(info.value)
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(m.ListVersion)) == 0
        assert s.scalar(select(func.count()).select_from(m.ListEntry)) == 0
    with pytest.raises(InvalidInput):
        import_list(ctx, write(tmp_path, "undated.csv", V1))  # no date anywhere


def test_first_import_screens_every_party_and_reports_the_impact(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    r = import_list(ctx, write(tmp_path, "eul.csv", V1), published="2025-09-29")
    imp = r.impact
    assert imp.screened_entries == 2 and imp.parties_screened == 5
    assert [(h.party_name, h.hit.entry, h.hit.band) for h in imp.hits] == [
        ("Kestrel Avionics Co., Ltd.", "1", "match")
    ]
    assert [o.label for o in imp.organizations] == ["Kestrel Avionics Co., Ltd."]
    assert imp.people == () and imp.open_cases == ()


def test_clear_holds_until_the_entry_changes(ctx: ServiceContext, tmp_path: Path) -> None:
    import_list(ctx, write(tmp_path, "eul.csv", V1), published="2025-09-29")
    kestrel = party(ctx, m.Organization, "Kestrel Avionics Co., Ltd.")
    first = screen_party(ctx, kestrel)
    assert [(h.hit.entry, h.status) for h in first.hits] == [("1", OPEN)]

    with pytest.raises(InvalidInput):
        record_disposition(ctx, kestrel, "jp-eul", "1", "clear", "  ")
    d = record_disposition(
        ctx, kestrel, "jp-eul@2025-09-29", "1", "clear", "different company: avionics repair shop"
    )
    assert d.reviewer == "reviewer1" and d.decision == "clear"
    assert [h.status for h in screen_party(ctx, kestrel).hits] == [CLEARED]

    # v2: the entry is renumbered but says the same: still cleared, not re-raised
    r2 = import_list(ctx, write(tmp_path, "eul-2026-01-15.csv", V2))
    assert r2.diff is not None and [e.name for e in r2.diff.added] == ["Volga Composites JSC"]
    assert r2.diff.changed == () and r2.diff.removed == ()
    assert "Kestrel Avionics Co., Ltd." not in [h.party_name for h in r2.impact.hits]
    again = screen_party(ctx, kestrel)
    assert [(h.hit.entry, h.status) for h in again.hits] == [("2", CLEARED)]
    assert again.hits[0].disposition is not None
    assert again.hits[0].disposition.list_version == "2025-09-29"
    assert again.open_hits == ()

    # v3: the entry changes (a new alias): raised again, in the import's impact report
    r3 = import_list(ctx, write(tmp_path, "eul-2026-02-20.csv", V3))
    assert r3.diff is not None and [c.fields for c in r3.diff.changed] == [("aliases",)]
    assert [(h.party_name, h.status) for h in r3.impact.hits] == [
        ("Kestrel Avionics Co., Ltd.", OPEN)
    ]
    assert [h.status for h in screen_party(ctx, kestrel).hits] == [OPEN]
    assert [h.status for h in party_hits(ctx, kestrel)] == [OPEN]


def test_new_entry_impact_reaches_affiliated_people_projects_and_open_cases(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    import_list(ctx, write(tmp_path, "eul.csv", V1), published="2025-09-29")
    r = import_list(ctx, write(tmp_path, "eul-2026-01-15.csv", V2))
    imp = r.impact
    assert imp.screened_entries == 1  # only the added entry
    assert [(h.party_name, h.hit.entry) for h in imp.hits] == [("Volga Composites", "3")]
    assert [o.label for o in imp.organizations] == ["Volga Composites"]
    assert [(p.label, p.via) for p in imp.people] == [("Ivan Petrov", "Volga Composites")]
    assert [(c.label, c.status) for c in imp.open_cases] == [("C-1", "draft")]  # C-2 is closed
    assert [p.label for p in imp.projects] == ["Composite wings"]
    assert r.impact.to_json()["open_cases"] == [
        {"id": imp.open_cases[0].id, "label": "C-1", "via": "Ivan Petrov", "status": "draft"}
    ]


def test_a_clearance_that_expired_raises_the_hit_again(
    ctx: ServiceContext, tmp_path: Path, database_url: str
) -> None:
    import_list(ctx, write(tmp_path, "eul.csv", V1), published="2025-09-29")
    kestrel = party(ctx, m.Organization, "Kestrel Avionics Co., Ltd.")
    record_disposition(
        ctx, kestrel, "jp-eul", "1", "clear", "checked", expires_on=dt.date(2026, 6, 30)
    )
    assert [h.status for h in screen_party(ctx, kestrel).hits] == [CLEARED]
    later = open_context(database_url, actor="reviewer2", today=dt.date(2026, 7, 1))
    try:
        hit = screen_party(later, kestrel).hits[0]
        assert hit.status == OPEN and hit.disposition is not None  # shows the lapsed one
        record_disposition(later, kestrel, "jp-eul", "1", "confirm", "it is the listed entity")
        assert [h.status for h in screen_party(later, kestrel).hits] == [CONFIRMED]
    finally:
        later.close()


def test_dispositions_refuse_bad_input(ctx: ServiceContext, tmp_path: Path) -> None:
    import_list(ctx, write(tmp_path, "eul.csv", V1), published="2025-09-29")
    kestrel = party(ctx, m.Organization, "Kestrel Avionics Co., Ltd.")
    with pytest.raises(InvalidInput):
        record_disposition(ctx, kestrel, "jp-eul", "1", "ignore", "why not")
    with pytest.raises(NotFound):
        record_disposition(ctx, kestrel, "jp-eul", "99", "clear", "no such entry")
    with pytest.raises(NotFound):
        record_disposition(ctx, kestrel, "other-list", "1", "clear", "no such list")
    with pytest.raises(NotFound):
        record_disposition(ctx, PartyRef("person", 9999), "jp-eul", "1", "clear", "nobody")
    with pytest.raises(InvalidInput):
        record_disposition(
            ctx, kestrel, "jp-eul", "1", "clear", "past", expires_on=dt.date(2026, 1, 1)
        )


def test_screening_an_empty_database_stores_the_builtin_list(ctx: ServiceContext) -> None:
    mei = party(ctx, m.Person, "李 梅")
    result = screen_party(ctx, mei)
    assert result.lists == (("jp-eul", "2025-09-29"),)
    assert [v.row_count for v in list_versions(ctx)] == [835]


def test_diff_of_stored_versions_and_files(ctx: ServiceContext, tmp_path: Path) -> None:
    import_list(ctx, write(tmp_path, "eul.csv", V1), published="2025-09-29")
    import_list(ctx, write(tmp_path, "eul-2026-02-20.csv", V3))
    d = diff_refs(ctx, "jp-eul@2025-09-29", "jp-eul")
    assert [e.name for e in d.added] == ["Volga Composites JSC"]
    assert [c.new.name for c in d.changed] == ["Kestrel Avionics Corporation"]
    same = diff_refs(ctx, "jp-eul@2026-02-20", str(tmp_path / "eul-2026-02-20.csv"))
    assert same.empty
    with pytest.raises(NotFound):
        diff_refs(ctx, "jp-eul@1999-01-01", "jp-eul")


def test_reverse_rescreen_finds_what_forward_screening_finds(ctx: ServiceContext) -> None:
    from desk.resources import resource
    from desk.screening import Matcher, builtin_list
    from tests.unit.screening_heldout import NEAR_NEGATIVES, NEGATIVES, POSITIVES

    names = [(q, c) for q, c, _e, _t in POSITIVES] + NEGATIVES[:15] + NEAR_NEGATIVES
    with ctx.transaction() as s:
        for q, c in names:
            s.add(m.Organization(name=q, country=c))
    eul = resource("lists", "jp-eul-2025-09-29.csv")  # = shared/data/jp-eul-2025-09-29.csv
    imp = import_list(ctx, eul).impact
    got = {(h.party_name, h.hit.entry) for h in imp.hits}
    forward = Matcher([builtin_list()])
    want = {
        (q, h.entry) for q, c in names for h in forward.screen(q, c, limit=None) if h.band != "weak"
    }
    assert got == want
    assert len({p for p, _e in got}) >= 70  # nearly every listed name was found

"""The registers (people, organizations, projects, technical data) on SQLite and PostgreSQL:
add/edit/show/list/merge/retire, validation naming the field, audit in the same
transaction, screening of organizations, and case import linking to registered records."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desk.domain.errors import InvalidInput, NotFound
from desk.services import registers as reg
from desk.services.cases import export_cases, get_case, import_cases
from desk.services.context import ServiceContext, open_context
from desk.storage import models as m


@pytest.fixture
def store(database_url: str) -> Iterator[ServiceContext]:
    ctx = open_context(database_url, actor="tester", today=dt.date(2026, 5, 1))
    try:
        yield ctx
    finally:
        ctx.close()


def count(ctx: ServiceContext, model: Any) -> int:
    with ctx.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def audit_actions(ctx: ServiceContext) -> list[str]:
    with ctx.reading() as s:
        return list(s.scalars(select(m.AuditEvent.action).order_by(m.AuditEvent.id)))


def write_case(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / f"{doc['id']}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def a_case(ref: str, recipient: dict[str, Any], **technology: Any) -> dict[str, Any]:
    return {
        "format": "desk-case/1",
        "id": ref,
        "technology": {"classification": "not_on_list", **technology},
        "recipient": recipient,
    }


# --------------------------------------------------------------------------- people


def test_person_add_edit_show_list_retire(store: ServiceContext) -> None:
    hit = reg.add(store, "organization", {"name": "Kita-Kanto Institute", "country": "JP"})
    added = reg.add(
        store,
        "person",
        {
            "name": "李 明",
            "name_latin": "Li Ming",
            "reading": "り みん",
            "born_on": "1995-03-02",
            "nationalities": ["CN"],
            "role": "researcher",
            "department": "工学研究科",
            "host": "山田 太郎",
            "visa_status": "教授",
            "stay_from": "2026-04-01",
            "stay_until": "2027-03-31",
            "affiliations": [hit.id],
        },
    )
    assert added.fields["born_on"] == dt.date(1995, 3, 2)
    assert added.fields["department"] == "工学研究科"
    assert added.links["affiliations"] == [{"id": hit.id, "name": "Kita-Kanto Institute"}]
    assert added.changes.ids == {"person": (added.id,)}
    reg.add_person_event(store, added.id, "entry", "2026-04-01", "入国")
    edited = reg.edit(store, "person", added.id, {"visa_status": "特定活動", "host": ""})
    assert edited.fields["visa_status"] == "特定活動" and edited.fields["host"] is None
    assert edited.links["events"] == [
        {"kind": "entry", "on": dt.date(2026, 4, 1), "detail": "入国"}
    ]
    # sorted by reading, found by reading
    reg.add(store, "person", {"name": "安藤 花子", "reading": "あんどう はなこ"})
    assert [p.name for p in reg.list_records(store, "person")] == ["安藤 花子", "李 明"]
    assert [p.name for p in reg.list_records(store, "person", "りみん")] == []
    assert [p.name for p in reg.list_records(store, "person", "り みん")] == ["李 明"]
    reg.retire(store, "person", added.id)
    assert [p.name for p in reg.list_records(store, "person")] == ["安藤 花子"]
    assert len(reg.list_records(store, "person", include_retired=True)) == 2
    assert reg.show(store, "person", added.id).retired
    actions = audit_actions(store)
    for action in ("person.add", "person.event", "person.edit", "person.retire"):
        assert action in actions


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({}, "name"),
        ({"name": "  "}, "name"),
        ({"name": "A", "born_on": "1995-3-2"}, "born_on"),
        ({"name": "A", "nationalities": ["XX"]}, "nationalities"),
        ({"name": "A", "role": "king"}, "role"),
        ({"name": "A", "stay_from": "2026-04-01", "stay_until": "2026-03-01"}, "stay_until"),
        ({"name": "A", "affiliations": [999]}, "affiliations"),
        ({"name": "A", "shoe_size": "42"}, "shoe_size"),
        ({"name": "x" * 301}, "name"),
    ],
)
def test_bad_person_input_names_the_field_and_stores_nothing(
    store: ServiceContext, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        reg.add(store, "person", values)
    assert err.value.where == field
    assert count(store, m.Person) == 0
    assert count(store, m.AuditEvent) == 0


def test_unknown_record_is_not_found(store: ServiceContext) -> None:
    with pytest.raises(NotFound):
        reg.show(store, "person", 42)
    with pytest.raises(NotFound):
        reg.edit(store, "technical_item", 42, {"title": "x"})


# --------------------------------------------------------------------------- organizations


def test_organization_is_screened_and_its_hits_show_on_affiliated_people(
    store: ServiceContext,
) -> None:
    org = reg.add(
        store, "organization", {"name": "Harbin Institute of Technology", "country": "CN"}
    )
    assert org.hits and org.hits[0]["name"]
    assert "party.screen" in audit_actions(store)
    person = reg.add(store, "person", {"name": "Zhang Wei", "affiliations": [org.id]})
    via = [h for h in person.hits if h["via"]]
    assert via and via[0]["via"] == {"organization": org.id, "name": org.name}
    # renaming screens again; a non-name change does not
    before = audit_actions(store).count("party.screen")
    reg.edit(store, "organization", org.id, {"kind": "university"})
    assert audit_actions(store).count("party.screen") == before
    reg.edit(store, "organization", org.id, {"aliases": ["HIT"]})
    assert audit_actions(store).count("party.screen") == before + 1


def test_bad_organization_input(store: ServiceContext) -> None:
    with pytest.raises(InvalidInput) as err:
        reg.add(store, "organization", {"name": "X", "country": "ZZ"})
    assert err.value.where == "country"
    with pytest.raises(InvalidInput) as err:
        reg.add(store, "organization", {"name": "X", "kind": "club"})
    assert err.value.where == "kind"
    assert count(store, m.Organization) == 0


# ----------------------------------------------------------------- projects, technical data


def test_project_members_funding_partners_and_technical_data(store: ServiceContext) -> None:
    partner = reg.add(store, "organization", {"name": "Seoul Lab", "country": "KR"}).id
    person = reg.add(store, "person", {"name": "Kim Minji", "nationalities": ["KR"]}).id
    project = reg.add(
        store,
        "project",
        {"title": "Battery materials", "pi_name": "山田 太郎", "partners": [partner]},
    )
    reg.add_member(store, project.id, person, role="visiting researcher", since="2026-04-01")
    shown = reg.add_funding(
        store, project.id, "Ministry of Science (KR)", foreign_government=True, country="KR"
    )
    assert shown.links["foreign_government_funding"] is True
    assert shown.links["members"][0]["id"] == person
    assert shown.links["partners"] == [{"id": partner, "name": "Seoul Lab"}]
    item = reg.add(
        store,
        "technical_item",
        {
            "title": "Cathode recipe",
            "classification": "listed",
            "item": "2",
            "lab": "Lab A",
            "project": [project.id],
        },
    )
    assert item.fields["project"] == project.id
    assert reg.show(store, "project", project.id).links["technical_items"][0]["id"] == item.id
    assert reg.show(store, "person", person).links["projects"][0]["id"] == project.id
    with pytest.raises(InvalidInput) as err:
        reg.add(store, "technical_item", {"title": "X", "classification": "secret"})
    assert err.value.where == "classification"
    with pytest.raises(InvalidInput) as err:
        reg.add_member(store, project.id, person, since="2026-05-01", until="2026-04-01")
    assert err.value.where == "until"
    with pytest.raises(InvalidInput) as err:
        reg.add_funding(store, project.id, " ")
    assert err.value.where == "funder"


# --------------------------------------------------------------------------- merging


def test_merge_moves_every_link_and_is_recorded(store: ServiceContext, tmp_path: Path) -> None:
    org = reg.add(store, "organization", {"name": "Foo University", "country": "DE"}).id
    import_cases(
        store,
        [
            write_case(tmp_path, a_case("C1", {"name": "Anna Schmidt", "nationalities": ["DE"]})),
            write_case(tmp_path, a_case("C2", {"name": "Schmidt Anna", "nationalities": ["DE"]})),
        ],
    )
    with store.reading() as s:
        keep, drop = s.scalars(select(m.Person.id).order_by(m.Person.id)).all()
    reg.edit(store, "person", drop, {"affiliations": [org], "reading": "shumitto anna"})
    project = reg.add(store, "project", {"title": "P"}).id
    reg.add_member(store, project, drop)
    merged = reg.merge(store, "person", keep, drop)
    assert sorted(merged.links["cases"]) == ["C1", "C2"]
    assert merged.links["affiliations"] == [{"id": org, "name": "Foo University"}]
    assert merged.links["projects"][0]["id"] == project
    assert merged.fields["reading"] == "shumitto anna"  # an empty field takes the dropped value
    assert count(store, m.Person) == 1
    with store.reading() as s:
        event = s.scalars(select(m.AuditEvent).where(m.AuditEvent.action == "person.merge")).one()
        assert event.details["merged"] == drop and event.entity_id == str(keep)
    with pytest.raises(InvalidInput):
        reg.merge(store, "person", keep, keep)


def test_merging_organizations_keeps_the_names_as_aliases(store: ServiceContext) -> None:
    a = reg.add(
        store,
        "organization",
        {"name": "Harbin Institute of Technology"},
    ).id
    b = reg.add(store, "organization", {"name": "哈尔滨工业大学"}).id
    p = reg.add(store, "project", {"title": "P", "partners": [a]}).id
    reg.edit(store, "project", p, {"partners": [a, b]})
    merged = reg.merge(store, "organization", a, b)
    assert "哈尔滨工业大学" in merged.fields["aliases"]
    assert reg.show(store, "project", p).links["partners"] == [
        {"id": a, "name": "Harbin Institute of Technology"}
    ]


# --------------------------------------------------------------------------- case import links


def test_two_case_files_about_the_same_person_give_one_person(
    store: ServiceContext, tmp_path: Path
) -> None:
    wang = {
        "name": "王 子涵",
        "name_latin": "Wang Zihan",
        "nationalities": ["CN"],
        "entered_japan_on": "2026-04-01",
    }
    files = [
        write_case(tmp_path, a_case("A1", wang, title="Solver")),
        write_case(tmp_path, a_case("A2", wang, title="Mesh tool")),
    ]
    import_cases(store, files)
    assert count(store, m.Person) == 1
    import_cases(store, [write_case(tmp_path, a_case("A3", wang, title="Solver"))])
    assert count(store, m.Person) == 1
    assert count(store, m.TechnicalItem) == 2  # A3's technology is A1's item
    # a person with other facts is not merged silently: a second row, for the register to merge
    other = {**wang, "entered_japan_on": "2025-10-01"}
    import_cases(store, [write_case(tmp_path, a_case("A4", other))])
    assert count(store, m.Person) == 2
    out = tmp_path / "out"
    export_cases(store, out)
    for ref in ("A1", "A2", "A3"):
        assert json.loads((out / f"{ref}.json").read_text("utf-8"))["recipient"] == wang


def test_a_registered_person_is_filled_in_by_the_first_case(
    store: ServiceContext, tmp_path: Path
) -> None:
    person = reg.add(
        store, "person", {"name": "Kim Minji", "nationalities": ["KR"], "reading": "きむ みんじ"}
    ).id
    import_cases(
        store,
        [
            write_case(
                tmp_path,
                a_case(
                    "K1",
                    {
                        "name": "Kim Minji",
                        "nationalities": ["KR"],
                        "entered_japan_on": "2026-04-01",
                    },
                ),
            )
        ],
    )
    assert count(store, m.Person) == 1
    assert reg.show(store, "person", person).links["cases"] == ["K1"]
    assert get_case(store, "K1").recipient.entered_japan_on == dt.date(2026, 4, 1)


def test_a_free_text_affiliation_links_to_the_registered_organization(
    store: ServiceContext, tmp_path: Path
) -> None:
    hit = reg.add(
        store,
        "organization",
        {
            "name": "Harbin Institute of Technology",
            "local_names": ["哈尔滨工业大学"],
            "country": "CN",
            "kind": "university",
        },
    ).id
    seoul = reg.add(
        store, "organization", {"name": "Seoul National University", "aliases": ["SNU Seoul"]}
    ).id
    docs = [
        a_case("H1", {"name": "张伟", "affiliations": [{"name": "哈尔滨工业大学"}]}),
        a_case(
            "H2", {"name": "李娜", "affiliations": [{"name": "哈爾濱工業大學", "country": "CN"}]}
        ),
        a_case("H3", {"name": "Park", "affiliations": [{"name": "SNU Seoul"}]}),
    ]
    import_cases(store, [write_case(tmp_path, d) for d in docs])
    assert count(store, m.Organization) == 2
    shown = reg.show(store, "organization", hit)
    assert sorted(p["name"] for p in shown.links["people"]) == ["张伟", "李娜"]
    assert reg.show(store, "organization", seoul).links["people"][0]["name"] == "Park"
    # the case still says what its file said
    out = tmp_path / "out"
    export_cases(store, out)
    for d in docs:
        assert json.loads((out / f"{d['id']}.json").read_text("utf-8")) == d
    # and the person shows the organization's stored hits
    person = reg.list_records(store, "person", "张伟")[0].id
    assert any(
        h["via"] and h["via"]["organization"] == hit for h in reg.show(store, "person", person).hits
    )


def test_retired_records_are_not_linked(store: ServiceContext, tmp_path: Path) -> None:
    org = reg.add(store, "organization", {"name": "Old Lab"}).id
    reg.retire(store, "organization", org)
    import_cases(
        store,
        [write_case(tmp_path, a_case("R1", {"name": "X", "affiliations": [{"name": "Old Lab"}]}))],
    )
    assert count(store, m.Organization) == 2


def test_only_the_office_changes_the_registers(store: ServiceContext) -> None:
    from desk.domain.errors import PermissionDenied
    from desk.services.reviews import add_user

    kept = reg.add(store, "person", {"name": "Kept"}).id
    add_user(store, "tester", ["auditor"])
    with pytest.raises(PermissionDenied):
        reg.add(store, "person", {"name": "Refused"})
    with pytest.raises(PermissionDenied):
        reg.retire(store, "person", kept)
    with pytest.raises(PermissionDenied):
        reg.merge(store, "person", kept, kept + 1)
    assert [p.name for p in reg.list_records(store, "person")] == ["Kept"]

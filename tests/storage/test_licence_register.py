"""The licence register and the インフォーム通知 register on SQLite and PostgreSQL: a licence
from 事前相談 to its grant, the coverage check of a case (covered / outside its period or
recipient / none), the alert before expiry, an inform notice applied to every affected open
case (and the engine then requiring a licence), and ``desk licences`` / ``desk informs``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desk.cli.main import main
from desk.domain.errors import ConflictError, InvalidInput, PermissionDenied, WorkflowError
from desk.domain.i18n import set_language
from desk.services import reviews as rv
from desk.services.cases import assess_cases, get_case, import_cases, list_cases
from desk.services.context import ServiceContext, open_context
from desk.storage import models as m

TODAY = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def ctx(database_url: str, fixtures_dir: Path) -> Iterator[ServiceContext]:
    context = open_context(database_url, actor="office", today=TODAY)
    rv.add_user(context, "office", ["office"], display_name="事務局")
    import_cases(context, [fixtures_dir / "cases" / f"{r}.json" for r in ("S02", "S10")])
    assess_cases(context)
    try:
        yield context
    finally:
        context.close()


def case_ids(ctx: ServiceContext, ref: str) -> dict[str, Any]:
    with ctx.reading() as s:
        row = s.scalars(select(m.Case).where(m.Case.ref == ref)).one()
        orgs = [a.organization_id for a in row.person.affiliations] if row.person else []
        return {"tech": row.technical_item_id, "person": row.person_id, "orgs": orgs}


def granted(ctx: ServiceContext, ref: str, **more: Any) -> rv.LicenceRecord:
    ids = case_ids(ctx, ref)
    lic = rv.add_licence(
        ctx,
        {
            "title": "GaN MMIC 設計データの提供",
            "technical_item": ids["tech"],
            "person": ids["person"],
            "consulted_on": "2026-06-01",
            **more,
        },
    )
    lic = rv.set_licence_status(ctx, lic.id, "applied", on=dt.date(2026, 6, 20))
    return rv.set_licence_status(
        ctx,
        lic.id,
        "granted",
        on=dt.date(2026, 8, 1),
        values={"number": "役務-2026-0815", "valid_until": "2027-07-31"},
    )


def test_a_licence_goes_from_consultation_to_grant_and_covers_the_case(ctx: ServiceContext) -> None:
    assert rv.licence_coverage(ctx, "S02").state == "not_covered"
    assert rv.licence_coverage(ctx, "S10").state == "not_needed"
    lic = granted(ctx, "S02", conditions="再提供には事前同意", reprovision_consent="yes")
    assert (lic.status, lic.number, lic.granted_on) == (
        "granted",
        "役務-2026-0815",
        dt.date(2026, 8, 1),
    )
    assert (lic.consulted_on, lic.applied_on) == (dt.date(2026, 6, 1), dt.date(2026, 6, 20))
    assert lic.reprovision_consent and lic.version == 3
    cover = rv.licence_coverage(ctx, "S02")
    assert cover.state == "covered" and [x.number for x in cover.licences] == ["役務-2026-0815"]
    # the case's detail pane says so
    from desk.services.registers import detail

    with ctx.reading() as s:
        case_id = s.scalar(select(m.Case.id).where(m.Case.ref == "S02"))
    fields = dict(detail(ctx, "cases", int(case_id or 0)).fields)
    assert fields["Licence"] == "covered by a valid licence（役務-2026-0815）"
    with ctx.reading() as s:
        actions = list(
            s.scalars(select(m.AuditEvent.action).where(m.AuditEvent.entity == "licence"))
        )
    assert actions == ["licence.add", "licence.status", "licence.status"]
    # a granted licence moves no further
    with pytest.raises(WorkflowError, match="can go to"):
        rv.set_licence_status(ctx, lic.id, "applied")


def test_outside_its_period_or_for_another_recipient_is_flagged(ctx: ServiceContext) -> None:
    ids = case_ids(ctx, "S02")
    lic = granted(ctx, "S02")
    rv.edit_licence(ctx, lic.id, {"valid_from": "2026-10-01"})  # the case provides on 09-01
    cover = rv.licence_coverage(ctx, "S02")
    assert cover.state == "outside" and "not valid on 2026-09-01" in cover.problems[0]
    other = case_ids(ctx, "S10")["person"]
    rv.edit_licence(ctx, lic.id, {"valid_from": None, "person": other})
    cover = rv.licence_coverage(ctx, "S02")
    assert cover.state == "outside" and "another recipient" in cover.problems[0]
    # an organization the recipient belongs to is the recipient too
    rv.edit_licence(ctx, lic.id, {"person": None, "organization": ids["orgs"][0]})
    assert rv.licence_coverage(ctx, "S02").state == "covered"


def test_bad_licences_name_the_field_and_store_nothing(ctx: ServiceContext) -> None:
    ids = case_ids(ctx, "S02")
    base = {"technical_item": ids["tech"], "person": ids["person"]}
    for values, where in (
        ({**base, "status": "granted", "granted_on": "2026-08-01"}, "number"),
        ({**base, "status": "granted", "number": "N"}, "granted_on"),
        ({**base, "status": "maybe"}, "status"),
        ({"person": ids["person"]}, "technical_item"),
        ({"technical_item": ids["tech"]}, "person"),
        ({**base, "consulted_on": "2026-13-01"}, "consulted_on"),
        (
            {**base, "status": "granted", "number": "N", "granted_on": "2026-08-01",
             "valid_until": "2026-07-01"},
            "valid_until",
        ),
    ):  # fmt: skip
        with pytest.raises(InvalidInput) as err:
            rv.add_licence(ctx, values)
        assert err.value.where == where
    assert rv.list_licences(ctx) == []
    lic = rv.add_licence(ctx, base)
    with pytest.raises(ConflictError):
        rv.edit_licence(ctx, lic.id, {"notes": "x"}, expected_version=lic.version + 1)
    with pytest.raises(InvalidInput, match="before the prior consultation"):
        rv.set_licence_status(ctx, lic.id, "applied", on=TODAY - dt.timedelta(days=1))
    assert rv.show_licence(ctx, lic.id).status == "consultation"


def test_licences_expiring_within_days(ctx: ServiceContext) -> None:
    lic = granted(ctx, "S02")  # valid until 2027-07-31
    assert rv.licences_expiring(ctx, 60) == []
    soon = rv.licences_expiring(ctx, 60, today=dt.date(2027, 6, 15))
    assert [(e.licence.id, e.days_left) for e in soon] == [(lic.id, 46)]
    assert rv.licences_expiring(ctx, 0, today=dt.date(2027, 7, 31))[0].days_left == 0
    assert rv.licences_expiring(ctx, 60, today=dt.date(2027, 8, 1)) == []  # expired: gone
    with pytest.raises(InvalidInput):
        rv.licences_expiring(ctx, -1)


def test_an_inform_notice_applies_to_every_affected_open_case(
    ctx: ServiceContext, fixtures_dir: Path, tmp_path: Path
) -> None:
    # the same non-resident student, given technology not on the list: no licence needed…
    doc = json.loads((fixtures_dir / "cases" / "S02.json").read_text(encoding="utf-8"))
    doc["id"] = "S02N"
    doc["technology"] = {"title": "公開予定の計測手法", "classification": "not_on_list"}
    (tmp_path / "S02N.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import_cases(ctx, [tmp_path / "S02N.json"])
    assess_cases(ctx, ["S02N"])
    assert rv.licence_coverage(ctx, "S02N").state == "not_needed"
    person = case_ids(ctx, "S02N")["person"]
    assert person == case_ids(ctx, "S02")["person"]
    record = rv.add_inform(
        ctx,
        {"number": "20260820貿経第1号", "notified_on": "2026-08-20", "kind": "wmd",
         "person": person, "summary": "大量破壊兵器等の開発等に用いられるおそれ"},
    )  # fmt: skip
    # …until the notice: both cases of that student are affected and now carry the fact
    assert record.cases == ("S02", "S02N") and record.applied == ("S02", "S02N")
    assert get_case(ctx, "S02N").provision.inform == "wmd"
    assess_cases(ctx, ["S02N"])
    (summary,) = [c for c in list_cases(ctx) if c.ref == "S02N"]
    assert summary.outcome == "LICENSE_REQUIRED_CATCHALL"
    assert rv.licence_coverage(ctx, "S02N").state == "not_covered"
    with pytest.raises(WorkflowError, match="already registered"):
        rv.add_inform(ctx, {"number": "20260820貿経第1号", "notified_on": "2026-08-20",
                            "kind": "wmd", "person": person})  # fmt: skip
    with pytest.raises(InvalidInput) as err:
        rv.add_inform(ctx, {"number": "X", "notified_on": "2026-08-20", "kind": "wmd"})
    assert err.value.where == "technical_item"
    assert [i.number for i in rv.informs_for_case(ctx, "S02N")] == ["20260820貿経第1号"]
    assert rv.informs_for_case(ctx, "S10") == []


def test_a_decided_case_is_listed_not_changed(ctx: ServiceContext) -> None:
    with ctx.transaction() as s:
        row = s.scalars(select(m.Case).where(m.Case.ref == "S02")).one()
        row.status = "decided"
    ids = case_ids(ctx, "S02")
    record = rv.add_inform(
        ctx, {"number": "N-2", "notified_on": "2026-08-20", "kind": "conventional",
              "organization": ids["orgs"][0]},
    )  # fmt: skip
    # S10's student belongs to the same institute: an open case, changed
    assert record.locked == ("S02",) and record.applied == ("S10",)
    assert get_case(ctx, "S02").provision.inform is None
    assert get_case(ctx, "S10").provision.inform == "conventional"


def test_an_auditor_keeps_no_register(ctx: ServiceContext, database_url: str) -> None:
    rv.add_user(ctx, "audit", ["auditor"])
    with open_context(database_url, actor="audit") as auditor, pytest.raises(PermissionDenied):
        rv.add_licence(auditor, {"technical_item": 1, "person": 1})


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_desk_licences_and_informs_on_the_command_line(
    ctx: ServiceContext,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME", "DESK_USER"):  # DESK_USER: shared mode
        monkeypatch.setenv(name, "office")
    db = ("--database", database_url)
    ids = case_ids(ctx, "S02")
    code, out, err = run(
        capsys, "licences", "add", *db, "--tech", str(ids["tech"]), "--person",
        str(ids["person"]), "--consulted-on", "2026-06-01", "--json",
    )  # fmt: skip
    assert code == 0, err
    lid = str(json.loads(out)["id"])
    assert json.loads(out)["status"] == "consultation"
    code, out, err = run(capsys, "licences", "status", *db, lid, "granted")
    assert code == 2 and "can go to" in err
    code, out, err = run(capsys, "licences", "status", *db, lid, "applied", "--on", "2026-06-20")
    assert code == 0, err
    code, out, err = run(
        capsys, "licences", "status", *db, lid, "granted", "--on", "2026-08-01",
        "--number", "L-1", "--valid-until", "2099-10-01", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["number"] == "L-1"
    code, out, err = run(capsys, "licences", "check", *db, "S02", "S10", "--json")
    assert [c["state"] for c in json.loads(out)] == ["covered", "not_needed"]
    code, out, err = run(capsys, "licences", "list", *db, "--json")
    assert code == 0 and [r["number"] for r in json.loads(out)] == ["L-1"]
    code, out, err = run(capsys, "licences", "expiring", *db, "--within", "40000", "--json")
    assert code == 0 and json.loads(out)[0]["number"] == "L-1"
    code, out, err = run(capsys, "licences", "show", *db, lid)
    assert code == 0 and "L-1" in out
    code, out, err = run(
        capsys, "informs", "add", *db, "--number", "I-1", "--notified-on", "2026-08-20",
        "--kind", "nuclear", "--person", str(ids["person"]),
    )  # fmt: skip
    assert code == 2 and "kind" in err
    code, out, err = run(
        capsys, "informs", "add", *db, "--number", "I-1", "--notified-on", "2026-08-20",
        "--kind", "wmd", "--person", str(ids["person"]), "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["applied"] == ["S02"]
    code, out, err = run(capsys, "informs", "list", *db, "--json")
    assert [r["number"] for r in json.loads(out)] == ["I-1"]
    code, out, err = run(capsys, "informs", "show", *db, "1")
    assert code == 0 and "S02" in out

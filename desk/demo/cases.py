"""The demo's cases: planned provisions of the items to people and organizations, with
a purpose, channels, a filing date and the workflow status they have reached."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from desk.demo import content
from desk.demo.model import (
    DEFAULT_CASES,
    REFERENCE_DATE,
    DemoCase,
    DemoItem,
    DemoPerson,
    DemoProject,
    _days,
    _weighted,
)
from desk.domain.case import (
    Case,
    ClearFinding,
    Provision,
    Recipient,
)
from desk.domain.countries import country_name

# --------------------------------------------------------------------------- cases


def _organization_recipient(rng: random.Random) -> tuple[Recipient, str]:
    roll = rng.random()
    if roll < 0.45:
        org = rng.choice(
            [o for c, pool in content.FOREIGN_ORGS.items() for o in pool if o[3] == "company"]
        )
        return Recipient(
            name=org[0],
            kind="organization",
            country=org[2],
        ), org[0]
    if roll < 0.8:
        org = rng.choice(content.JAPANESE_ORGS[5:])
        return Recipient(name=org[0], kind="organization", country="JP"), org[0]
    if roll < 0.9:
        org = rng.choice(content.EUL_LOOKALIKE_ORGS)
        return Recipient(name=org[0], kind="organization", country=org[2]), org[0]
    country = rng.choice(("US", "KR", "TW", "DE"))
    name = f"Embassy of {country_name(country)} in Tokyo, Science and Technology Section"
    return Recipient(
        name=name,
        kind="organization",
        country=country,
        location="japan",
        official_status="diplomatic_consular",
    ), name


def _purpose_for(rng: random.Random, person: DemoPerson | None) -> str:
    if person is None:
        return rng.choice(("contract_research", "joint_research", "business_trip"))
    role = person.role
    if person.recipient.effective_location == "abroad":
        return rng.choice(("email_abroad", "joint_research", "conference_abroad", "business_trip"))
    if role in ("visitor", "visiting_researcher"):
        return rng.choice(("lab_visit", "lab_visit", "joint_research"))
    if role in ("doctoral_student", "masters_student", "exchange_student", "postdoc", "staff"):
        return rng.choice(("lab_supervision", "lab_supervision", "joint_research"))
    return rng.choice(("joint_research", "lab_supervision", "conference_abroad"))


def _status(rng: random.Random, as_of: dt.date, ref: dt.date) -> str:
    if as_of > ref:
        return _weighted(rng, {"draft": 3, "submitted": 3, "first_review": 3, "second_review": 2})
    if as_of > ref - dt.timedelta(days=30):
        return _weighted(rng, {"submitted": 2, "first_review": 3, "second_review": 3, "decided": 4})
    return _weighted(rng, {"decided": 12, "closed": 7, "second_review": 1})


def generate_cases(
    seed: int,
    people: Sequence[DemoPerson],
    items: Sequence[DemoItem],
    projects: Sequence[DemoProject],
    count: int = DEFAULT_CASES,
    *,
    reference_date: dt.date = REFERENCE_DATE,
) -> list[DemoCase]:
    rng = random.Random(f"{seed}/cases")
    ref = reference_date
    project_by_code = {p.code: p for p in projects}
    out: list[DemoCase] = []
    for i in range(count):
        item = items[i] if i < len(items) else rng.choice(items)  # every item gets a case
        project = project_by_code[item.project]
        person: DemoPerson | None = None
        org_name: str | None = None
        if rng.random() < 0.1 or not people:
            recipient, org_name = _organization_recipient(rng)
        else:
            person = rng.choice(people)
            if person.key == project.leader and len(people) > 1:
                person = rng.choice([p for p in people[:50] if p.key != project.leader])
            recipient = person.recipient
        purpose = _purpose_for(rng, person)
        channels = rng.choice(content.PURPOSE_CHANNELS[purpose])
        as_of = ref + _days(rng, -330, 45)
        entered = recipient.entered_japan_on
        if entered is not None and entered >= as_of:
            # a case is judged after its recipient arrived, never before (no draw: the rest of
            # the data set stays as it was)
            as_of = entered + dt.timedelta(days=14)
        place, pcountry = "japan", None
        if purpose in ("conference_abroad", "business_trip"):
            place = "abroad"
            pcountry = (
                recipient.country
                if recipient.country and recipient.country != "JP"
                else (rng.choice(content.CONFERENCE_COUNTRIES))
            )
        tech = item.technology
        is16 = tech.classification in ("below_threshold", "not_on_list")
        known_end_use: str | None = None
        known_end_user: tuple[str, ...] = ()
        inform: str | None = None
        clear: ClearFinding | None = None
        re_prov, re_country = False, None
        roll = rng.random()
        if is16 and roll < 0.02:
            inform = "wmd"
        elif is16 and roll < 0.04:
            known_end_use = rng.choice(("wmd", "conventional"))
        elif is16 and roll < 0.09:
            known_end_user = (rng.choice(("M", "CW", "B")),)
            if rng.random() < 0.6:
                clear = ClearFinding(
                    documented=True,
                    rationale="明らかガイドラインに基づき確認済み; "
                    "the counterpart's civil-only mandate is documented",
                )
        elif roll < 0.11:
            re_prov = True
            re_country = rng.choice(("CN", "US", "RU", None))
        prov = Provision(
            place=place,
            country=pcountry,
            channels=channels,
            date=as_of + _days(rng, 0, 21) if rng.random() < 0.8 else None,
            re_provision_evident=re_prov,
            re_provision_country=re_country,
            known_end_use=known_end_use,
            known_end_user=known_end_user,
            inform=inform,
            clear_finding=clear,
        )
        en, ja = content.PURPOSES[purpose]
        # a case is filed in the language its technology was documented in
        if tech.title == item.title_ja:
            title = f"{ja}: {recipient.name}"
        else:
            title = f"{en}: {recipient.name_latin or recipient.name}"
        notes = f"{ja}（{project.title_ja}）" if rng.random() < 0.5 else None
        case = Case(
            id=f"EC-{as_of.year}-{i + 1:04d}",
            title=title,
            as_of=as_of,
            technology=tech,
            recipient=recipient,
            provision=prov,
            notes=notes,
        )
        status = _status(rng, as_of, ref)
        submitted = None if status == "draft" else as_of - _days(rng, 3, 30)
        out.append(
            DemoCase(
                case=case,
                person=person.key if person else None,
                organization=org_name,
                item=item.code,
                project=project.code,
                department=item.department,
                filed_by=project.leader,
                purpose=purpose,
                status=status,
                submitted_on=submitted,
            )
        )
    return out

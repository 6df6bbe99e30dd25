"""The demo's people: names drawn in their own scripts (with the Latin form a passport
would carry), roles, departments, stays in and out of Japan, employment, affiliations,
ties and declarations — person *i* drawn from the seed and its predecessors only.

The name pools and the weights are data (:mod:`desk.demo.content`); the rules that
combine them — who is abroad, who has which tie — are the code below. One piece,
a little over 400 lines: a person's rules (:func:`_make_person`) read top to bottom, and
the name and affiliation helpers beside them serve only those rules."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache

from desk.demo import content
from desk.demo.model import (
    EMAIL_DOMAIN,
    EUL_LIST_ID,
    REFERENCE_DATE,
    DemoPerson,
    _days,
    _weighted,
    home_university,
    latin_fold,
)
from desk.domain.case import (
    Affiliation,
    ClearedHit,
    Declaration,
    Employment,
    Recipient,
    Tie,
)
from desk.domain.countries import country_name

# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class _Name:
    name: str
    latin: str
    reading: str | None
    nationalities: tuple[str, ...]


def _make_name(rng: random.Random, script: str) -> _Name:
    if script == "ja":
        s, g = rng.choice(content.JA_SURNAMES), rng.choice(content.JA_GIVEN)
        nats: tuple[str, ...] = ("JP", "US") if rng.random() < 0.03 else ("JP",)
        return _Name(f"{s[0]} {g[0]}", f"{s[2]} {g[2]}", f"{s[1]} {g[1]}", nats)
    if script == "zh-Hans":
        s2, g2 = rng.choice(content.ZH_HANS_SURNAMES), rng.choice(content.ZH_HANS_GIVEN)
        nat = "SG" if rng.random() < 0.06 else "CN"
        return _Name(f"{s2[0]}{g2[0]}", f"{s2[1]} {g2[1]}", None, (nat,))
    if script == "zh-Hant":
        if rng.random() < 0.7:
            s2, g2, nat = (
                rng.choice(content.ZH_HANT_TW_SURNAMES),
                rng.choice(content.ZH_HANT_TW_GIVEN),
                "TW",
            )
            return _Name(f"{s2[0]}{g2[0]}", f"{s2[1]} {g2[1]}", None, (nat,))
        s2, g2 = rng.choice(content.ZH_HANT_HK_SURNAMES), rng.choice(content.ZH_HANT_HK_GIVEN)
        # Hong Kong rosters put the given name first in Latin script
        return _Name(
            f"{s2[0]}{g2[0]}", f"{s2[1]} {g2[1]}", None, ("HK",) if rng.random() < 0.8 else ("CN",)
        )
    if script == "ko":
        s2, g2 = rng.choice(content.KO_SURNAMES), rng.choice(content.KO_GIVEN)
        return _Name(f"{s2[0]}{g2[0]}", f"{s2[1]} {g2[1]}", None, ("KR",))
    if script == "fa":
        g2, s2 = rng.choice(content.FA_GIVEN), rng.choice(content.FA_SURNAMES)
        roll = rng.random()
        fa_nats: tuple[str, ...] = (
            ("AF",) if roll < 0.1 else ("IR", "CA") if roll < 0.18 else ("IR",)
        )
        return _Name(f"{g2[0]} {s2[0]}", f"{g2[1]} {s2[1]}", None, fa_nats)
    if script == "ru":
        gr = rng.choice(content.RU_GIVEN)
        sr = rng.choice(content.RU_SURNAMES)
        fem = gr[2]
        cyr = sr[0] + ("а" if fem else "")
        lat = sr[1] + ("a" if fem else "")
        nat = _weighted(rng, {"RU": 6, "KZ": 2, "BY": 1, "UZ": 1})
        return _Name(f"{gr[0]} {cyr}", f"{gr[1]} {lat}", None, (nat,))
    if script == "latin":
        country = rng.choice(sorted(content.LATIN_BY_COUNTRY))
        givens, surnames = content.LATIN_BY_COUNTRY[country]
        full = f"{rng.choice(givens)} {rng.choice(surnames)}"
        return _Name(full, latin_fold(full), None, (country,))
    if script == "vi":
        s2, m2, g2 = (
            rng.choice(content.VI_SURNAMES),
            rng.choice(content.VI_MIDDLE),
            rng.choice(content.VI_GIVEN),
        )
        return _Name(f"{s2[0]} {m2[0]} {g2[0]}", f"{s2[1]} {m2[1]} {g2[1]}", None, ("VN",))
    if script == "th":
        g2, s2 = rng.choice(content.TH_GIVEN), rng.choice(content.TH_SURNAMES)
        return _Name(f"{g2[0]} {s2[0]}", f"{g2[1]} {s2[1]}", None, ("TH",))
    raise ValueError(f"unknown script {script!r}")


# --------------------------------------------------------------------------- people


def _foreign_org(rng: random.Random, country: str) -> Affiliation:
    pool = content.FOREIGN_ORGS.get(country)
    if not pool:
        pool = content.FOREIGN_ORGS["US"]
    name, _local, org_country, kind = rng.choice(pool)
    return Affiliation(name=name, country=org_country, kind=kind)


def _org_affiliation(org: tuple[str, str | None, str, str]) -> Affiliation:
    return Affiliation(name=org[0], country=org[2], kind=org[3])


def _declaration(rng: random.Random, types: set[int], start: dt.date) -> Declaration | None:
    if rng.random() < 0.2:
        return None  # nothing on file
    declared = sorted(types)
    if types and rng.random() < 0.25:
        declared = []  # declared none although a tie gives a type: a mismatch to find
    # "types" is always written: the format requires it even when it is empty
    # specific-category declarations began with the May 2022 clarification
    start = max(start, dt.date(2022, 5, 1))
    return Declaration(
        declared_on=start + _days(rng, 1, 20), types=tuple(declared), given=frozenset({"types"})
    )


def _contract(
    kind: str,
    counterparty: str,
    counterparty_kind: str,
    country: str | None,
    *,
    follows_directions: bool,
    priority_agreement: bool = False,
) -> Tie:
    # contract ties must spell out follows_directions even when it is false
    return Tie(
        type=kind,
        counterparty=counterparty,
        counterparty_kind=counterparty_kind,
        country=country,
        follows_directions=follows_directions,
        priority_agreement=priority_agreement,
        given=frozenset({"follows_directions"}),
    )


def _make_person(rng: random.Random, index: int, script: str, ref: dt.date) -> DemoPerson:
    nm = _make_name(rng, script)
    japanese = "JP" in nm.nationalities
    role = _weighted(
        rng, content.JAPANESE_ROLE_WEIGHTS if japanese else content.FOREIGN_ROLE_WEIGHTS
    )
    nat = nm.nationalities[0]
    department: str | None = rng.choice(content.DEPARTMENTS).code
    affiliations: list[Affiliation] = []
    ties: list[Tie] = []
    types: set[int] = set()
    cleared: list[ClearedHit] = []
    entered: dt.date | None = None
    employment: Employment | None = None
    location: str | None = None
    country: str | None = None
    left: dt.date | None = None
    purpose: str | None = None
    stay: float | None = None
    returned: dt.date | None = None
    official: str | None = None
    start = ref - _days(rng, 30, 1500)  # when the person's current relation began

    if role in ("faculty", "staff", "postdoc", "doctoral_student", "masters_student"):
        affiliations.append(home_university())
        if not japanese:
            span = {
                "faculty": (700, 5500),
                "staff": (400, 4000),
                "postdoc": (0, 1000),
                "doctoral_student": (20, 1400),
                "masters_student": (10, 700),
            }[role]
            entered = ref - _days(rng, *span)
            start = entered
            if role in ("faculty", "staff"):
                employment = Employment(
                    since=entered + _days(rng, 0, 60),
                    form="full_time",
                    employer=home_university().name,
                )
            elif role == "postdoc":
                since = entered + _days(rng, 0, 10)
                until = (
                    since + dt.timedelta(days=365 * rng.choice((2, 3)))
                    if rng.random() < 0.7
                    else None
                )
                form = "part_time" if rng.random() < 0.2 else "full_time"
                employment = Employment(
                    since=since, form=form, employer=home_university().name, until=until
                )
            elif rng.random() < (0.4 if role == "doctoral_student" else 0.25):
                form = "research_assistant" if role == "doctoral_student" else "teaching_assistant"
                employment = Employment(
                    since=entered + _days(rng, 20, 200), form=form, employer=home_university().name
                )
            if role in ("doctoral_student", "masters_student") and rng.random() < 0.7:
                affiliations.append(_foreign_org(rng, nat))  # where they studied before
        else:
            start = ref - _days(rng, 30, 6000)
    elif role == "exchange_student":
        entered = ref - _days(rng, 5, 240)
        start = entered
        affiliations += [home_university(), _foreign_org(rng, nat)]
    elif role == "visiting_researcher":
        entered = ref - _days(rng, 0, 330) if rng.random() < 0.9 else None  # unknown entry date
        start = entered or ref - _days(rng, 0, 60)
        home = _foreign_org(rng, nat)
        affiliations.append(home)
        if rng.random() < 0.7:
            # a visiting researcher stays employed by the home institution and follows it
            ties.append(
                _contract(
                    "employment", home.name, "foreign_entity", home.country, follows_directions=True
                )
            )
            types.add(1)
    elif role == "visitor":
        department = None if rng.random() < 0.5 else department
        if japanese:
            org = rng.choice(content.JAPANESE_ORGS)
            affiliations.append(_org_affiliation(org))
        else:
            entered = ref - _days(rng, 0, 25)
            start = entered
            if rng.random() < 0.12:
                official = "foreign_official"
                affiliations.append(
                    Affiliation(
                        name=f"Ministry of Science and Technology, {country_name(nat)}",
                        country=nat,
                        kind="government",
                    )
                )
            else:
                affiliations.append(_foreign_org(rng, nat))
    elif role == "collaborator_abroad":
        department = None
        location, country = "abroad", nat
        affiliations.append(_foreign_org(rng, nat))
    elif role in ("japanese_abroad", "returned_from_abroad"):
        affiliations.append(home_university())
        left = ref - _days(rng, 30, 1300)
        purpose = _weighted(rng, {"study": 4, "work": 3, "other": 1})
        stay = rng.choice((0.5, 1.0, 1.0, 2.0, 3.0))
        abroad_country = rng.choice(("US", "DE", "GB", "FR", "SG", "CN", "AU", "CH"))
        affiliations.append(_foreign_org(rng, abroad_country))
        start = left
        if role == "japanese_abroad":
            location, country = "abroad", abroad_country
        else:
            returned = left + dt.timedelta(days=int(stay * 365))
            if returned > ref:
                returned = ref - _days(rng, 0, 90)
                returned = max(returned, left + dt.timedelta(days=20))

    in_japan = location != "abroad"
    # a few people carry an affiliation that resembles an End User List entry
    if not japanese and in_japan and role not in ("visitor",):
        lookalikes = [o for o in content.EUL_LOOKALIKE_ORGS if o[2] == nat]
        friends = [o for o in content.EUL_FALSE_FRIENDS if o[2] == nat]
        roll = rng.random()
        if lookalikes and roll < 0.1:
            affiliations.append(_org_affiliation(rng.choice(lookalikes)))
        elif friends and roll > (0.6 if nat == "IR" else 0.8):
            f = rng.choice(friends)
            affiliations.append(Affiliation(name=f[0], country=f[2], kind=f[3]))
            if rng.random() < 0.7:  # reviewed and cleared; the others are still open
                cleared.append(ClearedHit(list=EUL_LIST_ID, entry=f[4], name=f[0], reason=f[5]))
    # ties that make a resident fall under a 特定類型
    if (
        in_japan
        and not japanese
        and role in ("doctoral_student", "masters_student", "postdoc", "exchange_student")
    ):
        funders = [f for f in content.FOREIGN_GOVERNMENT_FUNDERS if f[1] == nat]
        if funders and rng.random() < 0.35:
            share = rng.choice((0.3, 0.6, 0.9, 1.0, None, 0.15))
            ties.append(
                Tie(
                    type="funding",
                    counterparty=funders[0][0],
                    counterparty_kind="foreign_government",
                    country=nat,
                    paid_to="person",
                    share_of_income=share,
                )
            )
            if share is None or share >= 0.25:
                types.add(2)
    if in_japan and role == "faculty":
        roll = rng.random()
        if roll < 0.08:
            cross = _foreign_org(rng, rng.choice(("US", "CN", "KR", "DE", "SG")))
            priority = rng.random() < 0.5
            ties.append(
                _contract(
                    "appointment",
                    cross.name,
                    "foreign_entity",
                    cross.country,
                    follows_directions=True,
                    priority_agreement=priority,
                )
            )
            affiliations.append(cross)
            if not priority:
                types.add(1)
        elif roll < 0.2:
            org = rng.choice(content.JAPANESE_ORGS[5:])
            ties.append(
                _contract(
                    "contract_other", org[0], "japanese_entity", "JP", follows_directions=True
                )
            )
        elif roll < 0.23:
            ties.append(
                Tie(
                    type="funding",
                    counterparty="Foreign talent programme",
                    counterparty_kind="foreign_government",
                    country=rng.choice(("CN", "RU")),
                    paid_to="person",
                    share_of_income=rng.choice((0.1, 0.4, None)),
                )
            )
            if ties[-1].share_of_income is None or (ties[-1].share_of_income or 0) >= 0.25:
                types.add(2)
    if in_japan and not japanese and rng.random() < 0.01:
        ties.append(
            Tie(
                type="instruction",
                counterparty=f"Embassy of {country_name(nat)}",
                counterparty_kind="foreign_government",
                country=nat,
            )
        )
        types.add(3)

    declaration = _declaration(rng, types, start) if in_japan and role != "visitor" else None
    recipient = Recipient(
        name=nm.name,
        name_latin=nm.latin,
        official_status=official,
        nationalities=nm.nationalities,
        country=country,
        location=location,
        entered_japan_on=entered,
        employment_in_japan=employment,
        left_japan_on=left,
        abroad_purpose=purpose,
        intended_stay_years=stay,
        returned_on=returned,
        affiliations=tuple(affiliations),
        ties=tuple(ties),
        cleared_hits=tuple(cleared),
        declaration=declaration,
    )
    return DemoPerson(
        key=f"P{index + 1:06d}",
        script=script,
        role=role,
        department=department if in_japan else None,
        reading=nm.reading,
        recipient=recipient,
        email=_email(nm.latin, index) if home_university() in affiliations else None,
    )


def _email(latin: str, index: int) -> str:
    return f"{_slug(latin)}.{index + 1}@{EMAIL_DOMAIN}"


@cache
def _slug(latin: str) -> str:
    return ".".join(
        "".join(c for c in part if c.isalnum()) for part in latin_fold(latin).lower().split()
    )


def generate_people(
    seed: int, count: int, *, reference_date: dt.date = REFERENCE_DATE
) -> list[DemoPerson]:
    """``count`` people; person *i* depends only on the seed and *i*'s predecessors."""
    rng = random.Random(f"{seed}/people")
    scripts = list(content.SCRIPT_WEIGHTS)
    weights = [content.SCRIPT_WEIGHTS[s] for s in scripts]
    out: list[DemoPerson] = []
    for i in range(count):
        # the first few people cover every script, so even a small database shows them all
        script = (
            content.SCRIPTS[i]
            if i < len(content.SCRIPTS)
            else rng.choices(scripts, weights=weights)[0]
        )
        out.append(_make_person(rng, i, script, reference_date))
    return out

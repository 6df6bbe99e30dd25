"""Realistic, fictitious demo data, generated deterministically from a seed.

Pure: builds plain frozen dataclasses (``desk-case/1`` :class:`~desk.domain.case.Case`
objects and registry records) and touches no database, so the unit tests run it
without one. :mod:`desk.services.demo` stores the result.

Determinism: every part draws from its own ``random.Random`` seeded with a string
derived from the seed (``"7/people"``, ``"7/items"``, ...), and dates are counted
from a fixed reference date, never from today. Person *i* depends only on persons
before it, so the first 200 people of a 100,000-person database are the people of
the default one.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from desk.demo import names
from desk.demo.items import CHOICE_JA, CLASSIFICATION_WEIGHTS, TEMPLATES, ItemTemplate
from desk.domain.case import (
    Affiliation,
    Case,
    ClearedHit,
    ClearFinding,
    Declaration,
    Employment,
    ExemptionClaim,
    Provision,
    Recipient,
    Technology,
    Tie,
)
from desk.domain.countries import country_name

# Dates are counted from here so that the same seed gives the same data on any day.
REFERENCE_DATE = dt.date(2026, 12, 1)
DEFAULT_SEED = 1
DEFAULT_PEOPLE = 200
DEFAULT_PROJECTS = 30
DEFAULT_ITEMS = 100
DEFAULT_CASES = 300
EUL_LIST_ID = "jp-eul"

HOME = Affiliation(name=names.HOME_UNIVERSITY[0], country="JP", kind="university")

ROLES = (
    "faculty",  # 教員
    "staff",  # 技術職員・事務職員
    "postdoc",  # 博士研究員
    "doctoral_student",  # 博士課程学生
    "masters_student",  # 修士課程学生
    "exchange_student",  # 交換留学生
    "visiting_researcher",  # 外国人招へい研究者
    "visitor",  # 短期訪問者
    "collaborator_abroad",  # 海外の共同研究者
    "japanese_abroad",  # 海外滞在中の日本人
    "returned_from_abroad",  # 海外から一時帰国・帰国した日本人
)

# desk.storage.models.CASE_STATUSES: where a case is in the office's workflow
# ROLES → the people registry's coarser roles, and how the detail pane names them
REGISTRY_ROLES = {
    "faculty": "staff",
    "staff": "staff",
    "postdoc": "staff",
    "doctoral_student": "student",
    "masters_student": "student",
    "exchange_student": "student",
    "visiting_researcher": "visitor",
    "visitor": "visitor",
    "collaborator_abroad": "foreign_collaborator",
    "japanese_abroad": "staff",
    "returned_from_abroad": "staff",
}
ROLE_LABELS = {
    "faculty": ("教員", "Faculty member"),
    "staff": ("職員", "Staff"),
    "postdoc": ("博士研究員", "Postdoctoral researcher"),
    "doctoral_student": ("博士後期課程学生", "Doctoral student"),
    "masters_student": ("修士課程学生", "Master's student"),
    "exchange_student": ("交換留学生", "Exchange student"),
    "visiting_researcher": ("外国人招へい研究者", "Visiting researcher"),
    "visitor": ("短期訪問者", "Short-term visitor"),
    "collaborator_abroad": ("海外共同研究者", "Collaborator abroad"),
    "japanese_abroad": ("海外渡航中の教職員", "Member abroad"),
    "returned_from_abroad": ("海外から帰国した教職員", "Member back from abroad"),
}
EMAIL_DOMAIN = "kitakanto-ist.example"  # .example: reserved, never a real mailbox

WORKFLOW_STATUSES = (
    "draft",  # 作成中
    "submitted",  # 提出済み
    "first_review",  # 一次審査中 (部局)
    "second_review",  # 二次審査中 (統括)
    "decided",  # 判定済み
    "closed",  # 完了・取下げ
)

PURPOSES: dict[str, tuple[str, str]] = {
    "lab_supervision": ("Research supervision in the laboratory", "研究室での研究指導"),
    "joint_research": ("Joint research data exchange", "共同研究のデータ共有"),
    "lab_visit": ("Laboratory visit and demonstration", "研究室見学・デモンストレーション"),
    "conference_abroad": ("Conference presentation abroad", "海外学会での発表"),
    "business_trip": ("Business trip abroad with a laptop", "ノートPCを携行する海外出張"),
    "email_abroad": (
        "E-mail exchange with a collaborator abroad",
        "海外共同研究者とのメールでのやり取り",
    ),
    "contract_research": ("Contract research deliverable", "受託研究の成果物提供"),
}
# purpose → the pre-check's activity (desk.storage.models.ACTIVITIES)
PURPOSE_ACTIVITY = {
    "lab_supervision": "hosting",
    "joint_research": "joint_research",
    "lab_visit": "hosting",
    "conference_abroad": "lecture_meeting",
    "business_trip": "business_trip",
    "email_abroad": "email_cloud",
    "contract_research": "joint_research",
}
PURPOSE_CHANNELS: dict[str, tuple[tuple[str, ...], ...]] = {
    "lab_supervision": (("lab_access", "oral"), ("lab_access",), ("oral", "document")),
    "joint_research": (("email", "cloud"), ("cloud",), ("email", "document")),
    "lab_visit": (("lab_access", "oral"), ("oral", "presentation")),
    "conference_abroad": (("presentation",), ("presentation", "media_carried_abroad")),
    "business_trip": (("media_carried_abroad", "oral"), ("media_carried_abroad",)),
    "email_abroad": (("email",), ("email", "cloud")),
    "contract_research": (("document", "email"), ("document",), ("cloud", "document")),
}
CONFERENCE_COUNTRIES = ("US", "DE", "FR", "GB", "KR", "CN", "SG", "TW", "IT", "AU", "CA", "AE")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class DemoDepartment:
    code: str
    name_ja: str
    name_en: str


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    name_local: str | None
    country: str
    kind: str


@dataclass(frozen=True)
class DemoPerson:
    key: str  # stable reference, "P000001"
    script: str  # one of demo_names.SCRIPTS
    role: str  # one of ROLES
    department: str | None  # department code for members of the university
    reading: str | None  # kana reading of a Japanese name
    recipient: Recipient  # the person as a desk-case/1 recipient
    email: str | None = None  # members of the university only

    @property
    def registry_role(self) -> str:
        """The role as the people registry records it (desk.storage.models.PERSON_ROLES)."""
        return REGISTRY_ROLES[self.role]

    @property
    def name(self) -> str:
        return self.recipient.name

    @property
    def name_latin(self) -> str | None:
        return self.recipient.name_latin


@dataclass(frozen=True)
class DemoProject:
    code: str
    title_ja: str
    title_en: str
    department: str
    leader: str | None  # person key
    funder: str
    partner: str | None  # organization name


@dataclass(frozen=True)
class DemoItem:
    code: str
    title_ja: str
    title_en: str
    department: str
    project: str
    technology: Technology


@dataclass(frozen=True)
class DemoCase:
    case: Case
    person: str | None  # person key; None when the recipient is an organization
    organization: str | None  # organization name when the recipient is one
    item: str
    project: str
    department: str
    filed_by: str | None  # person key of the researcher providing the technology
    purpose: str
    status: str
    submitted_on: dt.date | None

    @property
    def activity(self) -> str:
        """The pre-check's activity (hosting, joint research, business trip, ...)."""
        return PURPOSE_ACTIVITY[self.purpose]


@dataclass(frozen=True)
class DemoStaff:
    """A desk user of the export control office's review chain (not a screened party)."""

    login: str
    name: str  # in Japanese, as the office writes it
    name_latin: str
    title_ja: str  # 輸出管理室 担当, 部局責任者 (工学研究科), 統括責任者
    department: str | None
    roles: tuple[str, ...]  # desk.storage.models.ROLES
    email: str


@dataclass(frozen=True)
class DemoDataset:
    seed: int
    reference_date: dt.date
    departments: tuple[DemoDepartment, ...]
    organizations: tuple[DemoOrganization, ...]
    people: tuple[DemoPerson, ...]
    projects: tuple[DemoProject, ...]
    items: tuple[DemoItem, ...]
    cases: tuple[DemoCase, ...]
    staff: tuple[DemoStaff, ...] = ()


DEPARTMENTS = (
    DemoDepartment("ENG", "工学研究科", "Graduate School of Engineering"),
    DemoDepartment("SCI", "理学研究科", "Graduate School of Science"),
    DemoDepartment("MED", "医学系研究科", "Graduate School of Medicine"),
)

PROJECT_TITLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "ENG": (
        (
            "次世代パワー半導体デバイスの信頼性研究",
            "Reliability of next-generation power semiconductor devices",
            "JST CREST",
        ),
        (
            "ミリ波帯無線通信用集積回路の開発",
            "Integrated circuits for millimetre-wave wireless links",
            "JSPS KAKENHI (A)",
        ),
        (
            "小型衛星姿勢制御システムの研究",
            "Attitude control systems for small satellites",
            "JAXA joint research",
        ),
        ("航空宇宙用複合材料の成形技術", "Forming technology for aerospace composites", "NEDO"),
        ("自律移動ロボットの知能化", "Intelligent autonomous mobile robots", "Industry-funded"),
        ("高出力ファイバーレーザー加工", "High-power fibre-laser processing", "JSPS KAKENHI (B)"),
        (
            "量子暗号通信の実証研究",
            "Field trials of quantum-key-distribution networks",
            "MIC SCOPE",
        ),
        (
            "水中ロボティクスによる海洋観測",
            "Ocean observation by underwater robotics",
            "JAMSTEC joint research",
        ),
        ("次世代蓄電池材料の探索", "Materials for next-generation batteries", "JST ALCA"),
        (
            "インフラ構造物のモニタリング技術",
            "Monitoring technology for civil infrastructure",
            "MLIT grant",
        ),
    ),
    "SCI": (
        (
            "核融合炉ブランケット材料の研究",
            "Blanket materials for fusion reactors",
            "NIFS collaboration",
        ),
        (
            "超伝導量子コンピュータの基礎研究",
            "Foundations of superconducting quantum computing",
            "JST Moonshot",
        ),
        (
            "有機エレクトロニクス材料の合成",
            "Synthesis of organic electronic materials",
            "JSPS KAKENHI (B)",
        ),
        ("地震波動の数値解析", "Numerical analysis of seismic waves", "MEXT"),
        ("宇宙線観測用検出器の開発", "Detectors for cosmic-ray observation", "JSPS KAKENHI (S)"),
        ("構造生物学による酵素機能解明", "Enzyme function by structural biology", "AMED"),
        ("同位体分析の精密化", "Precision isotope analysis", "JSPS KAKENHI (C)"),
        (
            "気候変動と農業生産の予測",
            "Forecasting climate change and crop production",
            "Environment Research Fund",
        ),
        ("フッ素化学の新反応開発", "New reactions in fluorine chemistry", "Industry-funded"),
        ("深宇宙探査機搭載機器の研究", "Instruments for deep-space probes", "JAXA joint research"),
    ),
    "MED": (
        ("新興感染症ウイルスの病原性解析", "Pathogenicity of emerging viruses", "AMED"),
        ("ワクチン有効性評価系の構築", "Vaccine efficacy models", "AMED SCARDA"),
        ("毒素中和抗体の開発", "Neutralising antibodies against toxins", "JSPS KAKENHI (A)"),
        ("遺伝子治療ベクターの最適化", "Optimising gene-therapy vectors", "Industry-funded"),
        ("iPS細胞を用いた再生医療", "Regenerative medicine with iPS cells", "AMED"),
        ("医用画像AI診断支援", "AI diagnosis support for medical imaging", "JST AIP"),
        ("中毒治療薬の研究", "Antidotes for poisoning", "MHLW grant"),
        ("環境微生物叢と健康", "Environmental microbiome and health", "JSPS KAKENHI (B)"),
        ("バイオセーフティ施設の運用研究", "Operating biosafety facilities", "MEXT"),
        ("臨床検査機器の高度化", "Advanced clinical laboratory instruments", "Industry-funded"),
    ),
}


# --------------------------------------------------------------------------- helpers


@cache  # a few hundred distinct names, folded 100,000 times for the benchmark database
def latin_fold(text: str) -> str:
    """Strip diacritics for the passport-style Latin form: ``"Müller"`` → ``"Muller"``."""
    special = {"ß": "ss", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae"}
    text = "".join(special.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _days(rng: random.Random, lo: int, hi: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(lo, hi))


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


# --------------------------------------------------------------------------- names

SCRIPT_WEIGHTS = {
    "ja": 34,
    "zh-Hans": 20,
    "zh-Hant": 7,
    "ko": 8,
    "fa": 5,
    "ru": 6,
    "latin": 12,
    "vi": 5,
    "th": 3,
}


@dataclass(frozen=True)
class _Name:
    name: str
    latin: str
    reading: str | None
    nationalities: tuple[str, ...]


def _make_name(rng: random.Random, script: str) -> _Name:
    if script == "ja":
        s, g = rng.choice(names.JA_SURNAMES), rng.choice(names.JA_GIVEN)
        nats: tuple[str, ...] = ("JP", "US") if rng.random() < 0.03 else ("JP",)
        return _Name(f"{s[0]} {g[0]}", f"{s[2]} {g[2]}", f"{s[1]} {g[1]}", nats)
    if script == "zh-Hans":
        s2, g2 = rng.choice(names.ZH_HANS_SURNAMES), rng.choice(names.ZH_HANS_GIVEN)
        nat = "SG" if rng.random() < 0.06 else "CN"
        return _Name(f"{s2[0]}{g2[0]}", f"{s2[1]} {g2[1]}", None, (nat,))
    if script == "zh-Hant":
        if rng.random() < 0.7:
            s2, g2, nat = (
                rng.choice(names.ZH_HANT_TW_SURNAMES),
                rng.choice(names.ZH_HANT_TW_GIVEN),
                "TW",
            )
            return _Name(f"{s2[0]}{g2[0]}", f"{s2[1]} {g2[1]}", None, (nat,))
        s2, g2 = rng.choice(names.ZH_HANT_HK_SURNAMES), rng.choice(names.ZH_HANT_HK_GIVEN)
        # Hong Kong rosters put the given name first in Latin script
        return _Name(
            f"{s2[0]}{g2[0]}", f"{s2[1]} {g2[1]}", None, ("HK",) if rng.random() < 0.8 else ("CN",)
        )
    if script == "ko":
        s2, g2 = rng.choice(names.KO_SURNAMES), rng.choice(names.KO_GIVEN)
        return _Name(f"{s2[0]}{g2[0]}", f"{s2[1]} {g2[1]}", None, ("KR",))
    if script == "fa":
        g2, s2 = rng.choice(names.FA_GIVEN), rng.choice(names.FA_SURNAMES)
        roll = rng.random()
        fa_nats: tuple[str, ...] = (
            ("AF",) if roll < 0.1 else ("IR", "CA") if roll < 0.18 else ("IR",)
        )
        return _Name(f"{g2[0]} {s2[0]}", f"{g2[1]} {s2[1]}", None, fa_nats)
    if script == "ru":
        gr = rng.choice(names.RU_GIVEN)
        sr = rng.choice(names.RU_SURNAMES)
        fem = gr[2]
        cyr = sr[0] + ("а" if fem else "")
        lat = sr[1] + ("a" if fem else "")
        nat = _weighted(rng, {"RU": 6, "KZ": 2, "BY": 1, "UZ": 1})
        return _Name(f"{gr[0]} {cyr}", f"{gr[1]} {lat}", None, (nat,))
    if script == "latin":
        country = rng.choice(sorted(names.LATIN_BY_COUNTRY))
        givens, surnames = names.LATIN_BY_COUNTRY[country]
        full = f"{rng.choice(givens)} {rng.choice(surnames)}"
        return _Name(full, latin_fold(full), None, (country,))
    if script == "vi":
        s2, m2, g2 = (
            rng.choice(names.VI_SURNAMES),
            rng.choice(names.VI_MIDDLE),
            rng.choice(names.VI_GIVEN),
        )
        return _Name(f"{s2[0]} {m2[0]} {g2[0]}", f"{s2[1]} {m2[1]} {g2[1]}", None, ("VN",))
    if script == "th":
        g2, s2 = rng.choice(names.TH_GIVEN), rng.choice(names.TH_SURNAMES)
        return _Name(f"{g2[0]} {s2[0]}", f"{g2[1]} {s2[1]}", None, ("TH",))
    raise ValueError(f"unknown script {script!r}")


# --------------------------------------------------------------------------- people

_JA_ROLES = {
    "faculty": 25,
    "staff": 7,
    "postdoc": 8,
    "doctoral_student": 14,
    "masters_student": 24,
    "visitor": 3,
    "japanese_abroad": 13,
    "returned_from_abroad": 6,
}
_FOREIGN_ROLES = {
    "faculty": 7,
    "postdoc": 12,
    "doctoral_student": 22,
    "masters_student": 15,
    "exchange_student": 9,
    "visiting_researcher": 12,
    "visitor": 7,
    "collaborator_abroad": 16,
}


def _foreign_org(rng: random.Random, country: str) -> Affiliation:
    pool = names.FOREIGN_ORGS.get(country)
    if not pool:
        pool = names.FOREIGN_ORGS["US"]
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
    role = _weighted(rng, _JA_ROLES if japanese else _FOREIGN_ROLES)
    nat = nm.nationalities[0]
    department: str | None = rng.choice(DEPARTMENTS).code
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
        affiliations.append(HOME)
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
                    since=entered + _days(rng, 0, 60), form="full_time", employer=HOME.name
                )
            elif role == "postdoc":
                since = entered + _days(rng, 0, 10)
                until = (
                    since + dt.timedelta(days=365 * rng.choice((2, 3)))
                    if rng.random() < 0.7
                    else None
                )
                form = "part_time" if rng.random() < 0.2 else "full_time"
                employment = Employment(since=since, form=form, employer=HOME.name, until=until)
            elif rng.random() < (0.4 if role == "doctoral_student" else 0.25):
                form = "research_assistant" if role == "doctoral_student" else "teaching_assistant"
                employment = Employment(
                    since=entered + _days(rng, 20, 200), form=form, employer=HOME.name
                )
            if role in ("doctoral_student", "masters_student") and rng.random() < 0.7:
                affiliations.append(_foreign_org(rng, nat))  # where they studied before
        else:
            start = ref - _days(rng, 30, 6000)
    elif role == "exchange_student":
        entered = ref - _days(rng, 5, 240)
        start = entered
        affiliations += [HOME, _foreign_org(rng, nat)]
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
            org = rng.choice(names.JAPANESE_ORGS)
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
        affiliations.append(HOME)
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
        lookalikes = [o for o in names.EUL_LOOKALIKE_ORGS if o[2] == nat]
        friends = [o for o in names.EUL_FALSE_FRIENDS if o[2] == nat]
        roll = rng.random()
        if lookalikes and roll < 0.1:
            affiliations.append(_org_affiliation(rng.choice(lookalikes)))
        elif friends and roll > (0.6 if nat == "IR" else 0.94):
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
        funders = [f for f in names.FOREIGN_GOVERNMENT_FUNDERS if f[1] == nat]
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
            org = rng.choice(names.JAPANESE_ORGS[5:])
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
        email=_email(nm.latin, index) if HOME in affiliations else None,
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
    scripts = list(SCRIPT_WEIGHTS)
    weights = [SCRIPT_WEIGHTS[s] for s in scripts]
    out: list[DemoPerson] = []
    for i in range(count):
        # the first few people cover every script, so even a small database shows them all
        script = (
            names.SCRIPTS[i] if i < len(names.SCRIPTS) else rng.choices(scripts, weights=weights)[0]
        )
        out.append(_make_person(rng, i, script, reference_date))
    return out


# --------------------------------------------------------------------------- staff


def generate_staff(seed: int) -> list[DemoStaff]:
    """The review chain: the office, a reviewer per department (一次), the director (二次)."""
    rng = random.Random(f"{seed}/staff")
    posts: list[tuple[str, str | None, tuple[str, ...]]] = [
        ("輸出管理室 担当", None, ("office",)),
        *((f"部局責任者 {d.name_ja}", d.code, ("reviewer",)) for d in DEPARTMENTS),
        ("統括責任者 研究担当理事", None, ("reviewer",)),
        ("監査担当", None, ("auditor",)),
    ]
    out: list[DemoStaff] = []
    seen: set[str] = set()
    for title, dep, roles in posts:
        while True:
            s, g = rng.choice(names.JA_SURNAMES), rng.choice(names.JA_GIVEN)
            login = f"{g[2]}.{s[2]}".lower()
            if login not in seen:
                seen.add(login)
                break
        out.append(
            DemoStaff(
                login=login,
                name=f"{s[0]} {g[0]}",
                name_latin=f"{s[2]} {g[2]}",
                title_ja=title,
                department=dep,
                roles=roles,
                email=f"{login}@{EMAIL_DOMAIN}",
            )
        )
    return out


# --------------------------------------------------------------------------- organizations


def all_organizations() -> tuple[DemoOrganization, ...]:
    """Every organization the people and cases name, once each (by name)."""
    seen: dict[str, DemoOrganization] = {}
    rows: list[tuple[str, str | None, str, str]] = [names.HOME_UNIVERSITY, *names.JAPANESE_ORGS]
    for pool in names.FOREIGN_ORGS.values():
        rows.extend(pool)
    rows.extend(names.EUL_LOOKALIKE_ORGS)
    rows.extend(o[:4] for o in names.EUL_FALSE_FRIENDS)
    for name, local, country, kind in rows:
        seen.setdefault(name, DemoOrganization(name, local, country, kind))
    return tuple(seen.values())


# --------------------------------------------------------------------------- projects and items


def generate_projects(
    seed: int, people: Sequence[DemoPerson], count: int = DEFAULT_PROJECTS
) -> list[DemoProject]:
    rng = random.Random(f"{seed}/projects")
    leaders: dict[str, list[str]] = {d.code: [] for d in DEPARTMENTS}
    for p in people[:2000]:  # leaders come from the first people, so they do not depend on --people
        if p.role == "faculty" and p.department and p.recipient.effective_location == "japan":
            leaders[p.department].append(p.key)
    partners = [
        o
        for o in all_organizations()
        if o.country != "JP"
        and o.kind in ("company", "university")
        and o.name not in {x[0] for x in names.EUL_LOOKALIKE_ORGS}
    ]
    out: list[DemoProject] = []
    for i in range(count):
        dep = DEPARTMENTS[i % len(DEPARTMENTS)].code
        titles = PROJECT_TITLES[dep]
        ja, en, funder = titles[(i // len(DEPARTMENTS)) % len(titles)]
        lead = rng.choice(leaders[dep]) if leaders[dep] else None
        partner = rng.choice(partners).name if rng.random() < 0.4 else None
        out.append(
            DemoProject(
                f"PJ-{dep}-{i // len(DEPARTMENTS) + 1:02d}", ja, en, dep, lead, funder, partner
            )
        )
    return out


def _exemptions(rng: random.Random, tpl: ItemTemplate) -> tuple[ExemptionClaim, ...]:
    roll = rng.random()
    if tpl.classification == "listed":
        if roll < 0.2:
            # a paper is out, but the process data go beyond it: the claim fails
            covers = rng.random() < 0.35
            return (
                ExemptionClaim(
                    basis="public_domain",
                    evidence="Journal article (2025), open access",
                    covers_all_content=covers,
                ),
            )
        if roll < 0.38:
            product = rng.random() < 0.3
            use = rng.random() < 0.15
            return (
                ExemptionClaim(
                    basis="fundamental_research",
                    aims_at_natural_principles=not product,
                    aims_at_specific_product=product,
                    covers_all_content=True,
                    includes_use_technology=use,
                ),
            )
        if roll < 0.43:
            return (
                ExemptionClaim(
                    basis="patent_filing",
                    minimum_necessary=rng.random() < 0.8,
                    note="Japanese patent application in preparation",
                ),
            )
        if roll < 0.5 and tpl.item == "9":
            return (
                ExemptionClaim(
                    basis="commercial_software",
                    sold_to_public=True,
                    not_custom_made=True,
                    evidence="Vendor catalogue",
                ),
            )
        return ()
    if tpl.classification == "undetermined" and roll < 0.3:
        return (
            ExemptionClaim(
                basis="fundamental_research",
                aims_at_natural_principles=True,
                aims_at_specific_product=False,
                covers_all_content=rng.random() < 0.8,
            ),
        )
    if roll < 0.15:
        return (
            ExemptionClaim(
                basis="publication",
                audience=rng.choice(("open", "open", "restricted")),
                covers_all_content=True,
                note="Conference proceedings",
            ),
        )
    return ()


def generate_items(
    seed: int, projects: Sequence[DemoProject], count: int = DEFAULT_ITEMS
) -> list[DemoItem]:
    rng = random.Random(f"{seed}/items")
    # every (template, parameter) once, in random order, before any is used again
    pools: dict[str, list[tuple[ItemTemplate, str]]] = {}
    for tpl in TEMPLATES:
        pools.setdefault(tpl.classification, []).extend((tpl, n) for n in tpl.choices)
    for pool in pools.values():
        rng.shuffle(pool)
    drawn: dict[str, int] = {}
    used: dict[str, int] = {}
    out: list[DemoItem] = []
    # the classifications in fixed shares (40 % listed, ...), in random order
    total = sum(CLASSIFICATION_WEIGHTS.values())
    classes = [c for c, w in CLASSIFICATION_WEIGHTS.items() for _ in range(count * w // total)]
    classes += list(CLASSIFICATION_WEIGHTS)[: count - len(classes)]
    rng.shuffle(classes)
    for i, cls in enumerate(classes):
        pool = pools[cls]
        tpl, n = pool[drawn.get(cls, 0) % len(pool)]
        drawn[cls] = drawn.get(cls, 0) + 1
        en, ja = tpl.title_en.format(n=n), tpl.title_ja.format(n=CHOICE_JA.get(n, n))
        # researchers file in either language; the registry keeps both
        in_japanese = rng.random() < 0.5
        used[en] = used.get(en, 0) + 1
        if used[en] > 1:  # the same technology, documented again by another group
            en, ja = f"{en} (ed. {used[en]})", f"{ja}（第{used[en]}版）"
        dep_projects = [p for p in projects if p.department == tpl.department] or list(projects)
        project = rng.choice(dep_projects)
        tech = Technology(
            classification=tpl.classification,
            title=ja if in_japanese else en,
            item=tpl.item if tpl.classification != "undetermined" else None,
            specific_item_16_1=tpl.specific_16_1,
            concern_relevance=tpl.concerns,
            exemptions=_exemptions(rng, tpl),
        )
        out.append(DemoItem(f"T-{i + 1:04d}", ja, en, tpl.department, project.code, tech))
    return out


# --------------------------------------------------------------------------- cases


def _organization_recipient(rng: random.Random) -> tuple[Recipient, str]:
    roll = rng.random()
    if roll < 0.45:
        org = rng.choice(
            [o for c, pool in names.FOREIGN_ORGS.items() for o in pool if o[3] == "company"]
        )
        return Recipient(
            name=org[0],
            kind="organization",
            country=org[2],
        ), org[0]
    if roll < 0.8:
        org = rng.choice(names.JAPANESE_ORGS[5:])
        return Recipient(name=org[0], kind="organization", country="JP"), org[0]
    if roll < 0.9:
        org = rng.choice(names.EUL_LOOKALIKE_ORGS)
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
        channels = rng.choice(PURPOSE_CHANNELS[purpose])
        as_of = ref + _days(rng, -330, 45)
        place, pcountry = "japan", None
        if purpose in ("conference_abroad", "business_trip"):
            place = "abroad"
            pcountry = (
                recipient.country
                if recipient.country and recipient.country != "JP"
                else (rng.choice(CONFERENCE_COUNTRIES))
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
        en, ja = PURPOSES[purpose]
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


def generate(
    seed: int = DEFAULT_SEED,
    people: int = DEFAULT_PEOPLE,
    *,
    projects: int = DEFAULT_PROJECTS,
    items: int = DEFAULT_ITEMS,
    cases: int = DEFAULT_CASES,
    reference_date: dt.date = REFERENCE_DATE,
) -> DemoDataset:
    """The whole demo data set for ``seed``: same arguments, same data set."""
    if people < 0 or projects < 1 or items < 1 or cases < 0:
        raise ValueError("counts must be positive")
    persons = generate_people(seed, people, reference_date=reference_date)
    projs = generate_projects(seed, persons, projects)
    techs = generate_items(seed, projs, items)
    demo_cases = generate_cases(seed, persons, techs, projs, cases, reference_date=reference_date)
    return DemoDataset(
        seed=seed,
        reference_date=reference_date,
        departments=DEPARTMENTS,
        organizations=all_organizations(),
        people=tuple(persons),
        projects=tuple(projs),
        items=tuple(techs),
        cases=tuple(demo_cases),
        staff=tuple(generate_staff(seed)),
    )

"""What a record says, built from the database: the case's facts, its assessment, the
review's steps up to the record, the country groups of the rule set it was judged by.

Shared by issuing (:mod:`.issue`), verifying (:mod:`.verify`, which rebuilds the data
as it was when the record was issued) and the audit report (:mod:`.annual_report`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, translator
from desk.domain.localtime import DEFAULT_ZONE, local_date
from desk.reports.data import (
    RECORD_FORMAT_VERSION,
    CaseFacts,
    Evidence,
    Person,
    RecordData,
    SignOff,
    red_flags_for,
)
from desk.rules import RuleSet
from desk.rules.ruleset import select_ruleset
from desk.services.classification import ClassificationInfo
from desk.services.records.gathered import Gathered, TransactionFacts
from desk.services.reviews import ReviewCutoff, ReviewFacts, ReviewStepInfo
from desk.storage.casemap import load_case

if TYPE_CHECKING:  # the ORM path's types; the fast path passes plain rows (duck-typed)
    from sqlalchemy.orm import Session

    from desk.storage import models as m

# --------------------------------------------------------------------------- building record data


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _groups(
    ruleset: RuleSet | None, countries: Sequence[str | None], legacy: bool = False
) -> dict[str, str]:
    """Country → group as the record prints it: ``A`` (輸出令別表第3), ``concern`` (別表第4),
    ``un`` (別表第3の2), ``B`` and ``C`` when the rule set loads Group B, else ``general``
    (一般国: groups B and C together). Records of
    formats 1 and 2 printed ``A``, ``D`` and ``B/C``."""
    if ruleset is None:
        return {}
    out: dict[str, str] = {}
    for c in countries:
        if not c or c == "JP":
            continue
        if c in ruleset.group_a:
            out[c] = "A"
        elif legacy:
            out[c] = "D" if ruleset.is_un_or_concern(c) else "B/C"
        elif c in ruleset.concern_countries:
            out[c] = "concern"
        elif c in ruleset.un_arms_embargo:
            out[c] = "un"
        elif ruleset.group_b:  # the rule set loads Group B: B or C, never "B/C"
            out[c] = "B" if c in ruleset.group_b else "C"
        else:
            out[c] = "general"
    return out


@lru_cache(maxsize=16)
def _ruleset(version: str | None) -> RuleSet | None:
    try:
        return select_ruleset(version=version) if version else None
    except InvalidInput:
        return None


# a reviewer's decision → the renderer's decision code (desk.reports.labels.OUTCOMES);
# "approve" confirms the engine's outcome of the assessment the decision was based on
_DECISION_CODES = {
    "approve_with_conditions": "CONDITIONAL",
    "reject": "STOP",
    "return_for_information": "HOLD",
    "refer_to_meti": "REFER_TO_METI",
    "escalate": "COMMITTEE",
}
# from record format 3 on a reviewer's refusal is 不承認, never the engine's 提供不可（制裁措置等）,
# and a return is 差戻し, not the engine's 保留
_DECISION_CODES_V3 = {
    **_DECISION_CODES,
    "reject": "REJECTED",
    "return_for_information": "RETURNED",
}


def _decision_code(step: ReviewStepInfo, legacy: bool = True) -> str:
    return (_DECISION_CODES if legacy else _DECISION_CODES_V3).get(step.decision, step.outcome)


def _day(when: dt.datetime, zone: str | None) -> dt.date:
    """The day a stored time fell on where the record is read (``zone``); None: the UTC day,
    as records of format 1 printed it."""
    return _utc(when).date() if zone is None else local_date(when, zone)


def _with_review(
    facts: CaseFacts,
    review: ReviewFacts,
    lang: str,
    zone: str | None = DEFAULT_ZONE,
    legacy: bool = True,
) -> CaseFacts:
    """CaseFacts fields from the review workflow (sign-offs, decision, conditions, licences)."""
    t = translator(lang)
    reviews = tuple(
        SignOff(
            s.level,
            s.reviewer_name,
            _day(s.decided_at, zone),
            _decision_code(s, legacy),
            s.comment,
        )
        for s in (review.first, review.second, review.committee)
        if s is not None
    )
    conditions: list[str] = []  # the first review's conditions hold after the second's too
    for step in (review.first, review.second, review.committee):
        conditions += [c for c in (step.conditions if step else ()) if c not in conditions]
    for lic in review.licences:
        if legacy:
            text = t(N_("Licence {number} granted on {granted}")).format(
                number=lic.number, granted=lic.granted_on.isoformat()
            )
            if lic.valid_until:
                text += t(N_(", valid until {until}")).format(until=lic.valid_until.isoformat())
            if lic.conditions:
                text += f": {lic.conditions}"
        else:
            text = t(N_("Licence number {number}, granted on {granted}")).format(
                number=lic.number, granted=date_text(lic.granted_on, lang)
            )
            if lic.valid_until:
                text += t(N_(", valid until {until}")).format(
                    until=date_text(lic.valid_until, lang)
                )
            if lic.conditions:
                text += ("：" if lang == "ja" else ": ") + lic.conditions
        conditions.append(text)
    sub = review.submission
    return dataclasses.replace(
        facts,
        activity=review.activity,
        evidence=tuple(Evidence(e.title, e.version) for e in review.evidence),
        certified_by=sub.reviewer_name if sub else None,
        certified_on=_day(sub.decided_at, zone) if sub else None,
        decision=_decision_code(review.decision, legacy) if review.decision else None,
        conditions=tuple(conditions),
        reviews=reviews,
    )


def _audit_review(
    review: ReviewFacts | None, outcome: str
) -> tuple[str | None, str | None, str | None]:
    """(decision, licence, licence number) for the audit report. A licence-required case that
    was approved or referred keeps its outcome, so that it stays in the licence table."""
    if review is None:
        return None, None, None
    decision = None
    if review.decision is not None:
        code = _decision_code(review.decision)
        keeps = outcome.startswith("LICENSE_REQUIRED") and review.decision.decision in (
            "approve",
            "approve_with_conditions",
            "refer_to_meti",
        )
        decision = None if keeps else code
    if review.licences:
        return decision, "held", ", ".join(lic.number for lic in review.licences)
    if review.decision is not None and review.decision.decision == "refer_to_meti":
        return decision, "applied", None
    return decision, None, None


def _basis_text(c: ClassificationInfo, lang: str, english: bool) -> str | None:
    """判定根拠: the item, the 貨物等省令 article and the HS code in English when ``english``
    (an English record of format 4 on), else 「外為令別表の7の項(1)、貨物等省令第19条」 (Japanese
    records, and English records of format 3 as most were issued); the office's own words as
    they wrote them."""
    if lang == "ja" or not english:
        return c.basis_text() or None
    from desk.reports.labels import item_text

    parts: list[str] = []
    item = item_text(c.item, "en") if c.item_number else None
    if item:
        parts.append(item)
    if c.article:
        article = f"Ministerial Ordinance on Goods and Technology, Article {c.article}"
        if c.paragraph:
            article += f", paragraph {c.paragraph}"
        if c.article_number:
            article += f", item {c.article_number}"
        parts.append(article)
    if c.result == "out_of_scope" and c.hs_code:
        parts.append(f"HS code {c.hs_code}")
    if c.basis:
        parts.append(c.basis)
    return "; ".join(parts) or None


def _with_classification(
    facts: CaseFacts,
    c: ClassificationInfo | None,
    lang: str = "ja",
    english_basis: bool = True,
) -> CaseFacts:
    """判定者, 確認者, their dates, 判定根拠, 関連貨物 and the basis documents from the technical
    item's classification record (None: the item has none; the record prints —)."""
    if c is None:
        return facts
    documents = tuple(
        Evidence(
            d.title,
            " ".join(x for x in (d.doc_version, d.issued_on and d.issued_on.isoformat()) if x)
            or None,
        )
        for d in c.documents
    )
    return dataclasses.replace(
        facts,
        related_goods=c.related_goods,
        classification_basis=_basis_text(c, lang, english_basis),
        evidence=documents + facts.evidence,
        classified_by=c.classified_by,
        classified_on=c.classified_on,
        classification_reviewed_by=c.confirmed_by,
        classification_reviewed_on=c.confirmed_on,
    )


def _classification(
    session: Session, row: m.Case, cutoff: ReviewCutoff | None
) -> ClassificationInfo | None:
    """The technical item's classification as the record saw it: the snapshot named by the
    cutoff (0: none — records issued before classifications were kept), else the newest."""
    if cutoff is not None and cutoff.classification == 0:
        return None
    from desk.services.classification import classification_as_of

    return classification_as_of(
        session, row.technical_item_id, cutoff.classification if cutoff else None
    )


def _facts(
    row: m.Case,
    lang: str = "ja",
    cutoff: ReviewCutoff | None = None,
    zone: str | None = DEFAULT_ZONE,
    legacy: bool = True,
    english_basis: bool = True,
    gathered: Gathered | None = None,
) -> CaseFacts:
    """The office's facts that the database holds about ``row``, with the review as the record
    saw it (``cutoff``); the workflow status is left out on purpose, so that a later step
    does not make an issued record unverifiable. ``english_basis``: an English record prints
    its 判定根拠 in English (format 4 on). ``gathered``: the review and classification read
    already (the fast path); None: read them through ``row``'s session."""
    project = row.technical_item.project
    applicant = None
    if row.filed_by is not None:
        applicant = Person(row.filed_by.display_name, contact=row.filed_by.email)
    elif project is not None and (project.pi is not None or project.pi_name):
        name = project.pi.display_name if project.pi is not None else str(project.pi_name)
        applicant = Person(name)
    if applicant is not None and project is not None and project.department is not None:
        applicant = Person(
            applicant.name, project.department.name, applicant.position, applicant.contact
        )
    period = None
    funding = None
    if project is not None:
        if project.starts_on or project.ends_on:
            if legacy:
                start = project.starts_on.isoformat() if project.starts_on else "…"
                end = project.ends_on.isoformat() if project.ends_on else "…"
                period = f"{start} – {end}"
            else:
                start = date_text(project.starts_on, lang) or "…"
                end = date_text(project.ends_on, lang) or "…"
                period = f"{start}〜{end}"
        funding = (", " if legacy else join_text(lang)).join(project.funding_sources or []) or None
    facts = CaseFacts(
        applicant=applicant,
        purpose=project.title if project else None,
        funding=funding,
        period=period,
    )
    if gathered is None:
        gathered = _gather(row, cutoff, check_id=None, legacy=True)
        if gathered is None:
            return facts
    facts = _with_review(facts, gathered.review, lang, zone, legacy)
    return _with_classification(facts, gathered.classification, lang, english_basis)


def _gather(
    row: m.Case, cutoff: ReviewCutoff | None, *, check_id: int | None, legacy: bool
) -> Gathered | None:
    """What the record prints beyond the case's rows, read through ``row``'s ORM session
    (None: the row has none); the 取引審査 facts only for record formats 3 on."""
    from sqlalchemy.orm import Session

    from desk.services.records.checks import stored_check
    from desk.services.reviews import review_facts

    session = Session.object_session(row)
    if session is None:
        return None
    return Gathered(
        review_facts(session, row, cutoff),
        _classification(session, row, cutoff),
        TransactionFacts() if legacy else stored_check(session, row.id, check_id),
    )


def _record_data(
    row: m.Case,
    assessment: m.Assessment,
    *,
    kind: str,
    lang: str,
    number: str,
    generated_at: dt.datetime,
    institution: str | None,
    zone: str | None,
    cutoff: ReviewCutoff | None = None,
    format_version: int | None = None,
    references: dict[str, str] | None = None,
    audit_head: str | None = None,
    check_id: int | None = None,
    copies_kept: str | None = None,
    english_basis: bool | None = None,
    group_b: Sequence[str] | None = None,
    gathered: Gathered | None = None,
) -> RecordData:
    """The record's data; ``zone`` is the zone it prints times in (record format 2 on), None
    for a record of format 1 (UTC), re-created as it was issued; ``format_version`` None: the
    current format (or 1 when ``zone`` is None). ``english_basis`` None: an English record's
    判定根拠 is English from format 4 on (Japanese before, as format 3 was first issued);
    True re-creates an English record of format 3 issued with the English wording.
    ``group_b``: the Group B table the office loaded when the record was issued (format 4
    on: its countries print グループB, the others outside A and D グループC). ``gathered``:
    the review, classification and 取引審査 facts read already (the fast path,
    :mod:`.core_path`); None: read through ``row``'s ORM session."""
    if format_version is None:
        format_version = 1 if zone is None else RECORD_FORMAT_VERSION
    legacy = format_version < 3
    case = load_case(row)
    rec = case.recipient
    if english_basis is None:
        english_basis = format_version >= 4
    if gathered is None:
        gathered = _gather(row, cutoff, check_id=check_id, legacy=legacy)
    facts = _facts(row, lang, cutoff, zone, legacy, english_basis, gathered)
    if not legacy and gathered is not None:
        check = gathered.check
        facts = dataclasses.replace(
            facts,
            end_use=check.end_use,
            end_user=check.end_user,
            documents_checked=check.documents_checked,
            clear_checklist=dict(check.clear_checklist),
            cancelled_on=check.cancelled_on,
            copies_kept=copies_kept,
            # a record names only the questions its format asks (format 3: the first five)
            red_flags={
                k: v for k, v in check.red_flags.items() if k in red_flags_for(format_version)
            },
        )
    countries = [
        *rec.nationalities,
        rec.country,
        case.provision.country,
        *(a.country for a in rec.affiliations),
    ]
    ruleset = _ruleset(assessment.ruleset_version)
    grouped = ruleset
    if ruleset is not None and group_b and format_version >= 4:
        grouped = dataclasses.replace(ruleset, group_b=frozenset(group_b))
    return RecordData(
        kind=kind,
        document_number=number,
        lang=lang,
        generated_at=_utc(generated_at),
        case=case,
        assessment=dict(assessment.result),
        facts=facts,
        country_groups=_groups(grouped, countries, legacy),
        institution=institution,
        zone=zone or DEFAULT_ZONE,
        format_version=format_version,
        references=({} if legacy else dict(references or {})),
        audit_head=None if legacy else audit_head,
        un_arms_embargo=(
            tuple(sorted(ruleset.un_arms_embargo))
            if format_version >= 4 and ruleset is not None
            else ()
        ),
    )


def _institution() -> str | None:
    """The institution as records of formats 1 and 2 printed it (the environment when issued);
    format 3 prints the stored setting, kept in the ``record.issue`` event (:mod:`.settings`)."""
    return os.environ.get("DESK_INSTITUTION") or None


def date_text(value: dt.date | None, lang: str) -> str | None:
    if value is None:
        return None
    return f"{value.year}年{value.month}月{value.day}日" if lang == "ja" else value.isoformat()


def join_text(lang: str) -> str:
    return "、" if lang == "ja" else ", "

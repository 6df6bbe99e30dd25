"""§G4 Order of decision: each line through steps 0–6, and the shipment takes the worst.

The steps live in their own modules (sanctions, classification, listed, catchall,
exceptions, unknowns); this one orders them and builds the answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desk.domain.goods.model import GoodsLine, Shipment
from desk.rules.goods.answer import LineAnswer, ShipmentAssessment
from desk.rules.goods.catchall import not_listed, scope_of
from desk.rules.goods.classification import classification
from desk.rules.goods.exceptions import claims_label
from desk.rules.goods.facts import Env, ScreenHit, build_env, screen, screen_reasons
from desk.rules.goods.listed import listed
from desk.rules.goods.outcome import documents, line_risk, records
from desk.rules.goods.reasons import Bi, GoodsReason, reason
from desk.rules.goods.ruleset import GoodsRuleSet, select_goods_ruleset
from desk.rules.goods.sanctions import sanctions
from desk.rules.goods.unknowns import Judge, resolve
from desk.rules.goods.verdict import SEVERITY, ClaimResult, LineVerdict, Probe, worst
from desk.screening import ScreeningList

ENDED_EARLY = {
    "sanction": Bi("制裁措置", "sanctions"),
    "class": Bi("該非判定", "classification"),
}


class _Context:
    def __init__(self, shipment: Shipment, rs: GoodsRuleSet, hits: list[ScreenHit], day: dt.date):
        self.shipment = shipment
        self.rs = rs
        self.hits = hits
        self.day = day
        self.counting = [h for h in hits if h.band == "review" and h.counting]
        self._envs: dict[frozenset[str], Env] = {}

    def env(self, probe: Probe) -> Env:
        promoted = frozenset(
            h.key
            for h in self.counting
            if probe.ask(
                h.key,
                Bi(
                    f"外国ユーザーリスト掲載番号{h.entry}「{h.name}」との同一性",
                    f"whether {h.name!r} ({h.list} {h.entry}) is the party",
                ),
            )
        )
        found = self._envs.get(promoted)
        if found is None:
            found = self._envs[promoted] = build_env(self.shipment, self.rs, self.hits, promoted)
        return found


def _ended(line: GoodsLine, n: int, why: str) -> list[ClaimResult]:
    label = ENDED_EARLY[why]
    return [
        ClaimResult(
            c.basis,
            "not_evaluated",
            reason(
                "exception.not_evaluated",
                n,
                why_ja=label,
                why_en=label,
                claims_ja=claims_label([c]),
                claims_en=claims_label([c]),
            ),
        )
        for c in line.exceptions
    ]


def judge_line(ctx: _Context, line: GoodsLine, n: int, probe: Probe) -> tuple[LineVerdict, Env]:
    """Steps 0–4 for one combination of the unknowns."""
    env = ctx.env(probe)
    stop = sanctions(ctx.shipment, line, n, env, ctx.rs, ctx.day)
    if stop is not None:
        return LineVerdict(stop[0], [stop[1]], _ended(line, n, "sanction")), env
    held, prefix = classification(line, n, ctx.rs, ctx.day)
    if held is not None:
        return LineVerdict(held, prefix, _ended(line, n, "class")), env
    if line.classification.status == "listed":
        verdict = listed(ctx.shipment, line, n, env, ctx.rs, ctx.day, probe)
    else:
        verdict = not_listed(ctx.shipment, line, n, env, ctx.rs, probe)
    verdict.reasons = [*prefix, *verdict.reasons]
    return verdict, env


def _judge_for(ctx: _Context, line: GoodsLine, n: int) -> Judge:
    def judge(probe: Probe) -> tuple[LineVerdict, Env]:
        return judge_line(ctx, line, n, probe)

    return judge


def _technology(shipment: Shipment, line: GoodsLine, n: int, verdict: LineVerdict) -> None:
    """Step 6: goods carrying recorded technology need the related technology case."""
    if not line.carries_technology:
        return
    if shipment.related_cases:
        verdict.reasons.append(
            reason("tech.related_case", n, cases=", ".join(shipment.related_cases))
        )
        return
    if SEVERITY[verdict.outcome] < SEVERITY["HOLD"]:
        verdict.outcome, verdict.track = "HOLD", None
    verdict.reasons.append(reason("tech.related_case_missing", n))


def assess_shipment(
    shipment: Shipment,
    *,
    lists: Sequence[ScreeningList],
    ruleset: GoodsRuleSet | None = None,
    today: dt.date | None = None,
) -> ShipmentAssessment:
    """Judge ``shipment`` by goods-policy.md (pure: the lists and rule set are given or shipped)."""
    as_of = shipment.judged_on(today)
    day = shipment.export_date(today)
    rs = ruleset or select_goods_ruleset(as_of)
    hits = screen(shipment, lists)
    ctx = _Context(shipment, rs, hits, day)
    shipment_reasons: list[GoodsReason] = []
    if rs.effective > as_of:
        shipment_reasons.append(
            reason("ruleset.not_in_force", None, as_of=as_of, version=rs.version)
        )
    shipment_reasons += screen_reasons(hits)

    answers: list[tuple[GoodsLine, LineAnswer]] = []
    default_env: Env | None = None
    for n, line in enumerate(shipment.goods, start=1):
        verdict, env = resolve(_judge_for(ctx, line, n), n)
        default_env = env
        _technology(shipment, line, n, verdict)
        answers.append(
            (
                line,
                LineAnswer(
                    line=n,
                    name=line.name,
                    value_jpy=shipment.line_value_jpy(line),
                    scope=scope_of(line, rs),
                    outcome=verdict.outcome,
                    risk=line_risk(line, verdict, env),
                    catch_all_track=verdict.track
                    if verdict.outcome == "LICENSE_REQUIRED_CATCHALL"
                    else None,
                    exceptions=tuple(verdict.claims),
                    reasons=tuple(verdict.reasons),
                ),
            )
        )
    assert default_env is not None  # goods has at least one line (loader)
    line_answers = [a for _, a in answers]
    return ShipmentAssessment(
        id=shipment.id,
        as_of=as_of,
        export_date=day,
        outcome=worst([a.outcome for a in line_answers]),
        risk=max(a.risk for a in line_answers),
        countries=tuple(sorted(default_env.countries)),
        strictest=default_env.strictest,
        lines=tuple(line_answers),
        list_hits=tuple(hits),
        reasons=(*shipment_reasons, *(r for a in line_answers for r in a.reasons)),
        documents=documents(shipment, answers),
        records=records(shipment, rs),
        ruleset=(rs.id, rs.version),
        lists=tuple((lst.id, lst.version) for lst in lists),
    )

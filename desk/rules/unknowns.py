"""Policy §5.6, Unknowns: judge the case again with each unknown or unsettled fact set the
other way (residency unknown or assistant employment → resident; a review-band hit → a
match; an unsettled exemption → accepted). If the answers differ and the worse one is
severe (LICENSE_REQUIRED, LICENSE_REQUIRED_CATCHALL, STOP), the answer is HOLD, naming
the facts whose other value changes an answer.

The judgement itself is passed in (:data:`Judge`), so this step does not import the
engine that runs it.
"""

from __future__ import annotations

import itertools
from typing import Any, Protocol

from desk.rules import residency as res
from desk.rules.answer import SEVERE, SEVERITY
from desk.rules.exemptions import BASIS_LABELS
from desk.rules.facts import Facts, Verdict
from desk.rules.reasons import Reason, reason


class Judge(Protocol):
    def __call__(
        self,
        f: Facts,
        *,
        residency: str,
        matched: frozenset[tuple[str, str]],
        accepted_unsettled: frozenset[int],
    ) -> Verdict: ...


def rejudge(
    f: Facts, outcome: str, *, matched: frozenset[tuple[str, str]], judge: Judge
) -> tuple[str, list[Reason]]:
    """The answer after §5.6 (``outcome`` or HOLD), and the reason for a HOLD."""
    residency, hits = f.residency, f.hits
    extra: list[Reason] = []

    # §5.6 unknowns: judge again with each unsettled fact set the other way
    # (kind, what_ja, what_en, alternatives); the kind, never the label, says what is
    # flipped: a screened name may contain any word ("… exemption office").
    factors: list[tuple[str, str, str, list[Any]]] = []
    if residency.state in (res.UNKNOWN, res.UNSETTLED):
        factors.append(("residency", "居住性", "residency", [residency.state, res.RESIDENT]))
    review = [s.hit for s in hits if s.hit.band == "review" and s.relevant]
    for h in review:
        factors.append(
            (
                "review_hit",
                f"{h.list} {h.entry}番との同一性",
                f"whether {h.query!r} is {h.list} entry {h.entry}",
                [frozenset(), frozenset({(h.list, h.entry)})],
            )
        )
    unsettled = [i for i, e in enumerate(f.exemptions) if e.state == "unsettled"]
    for i in unsettled:
        basis = f.exemptions[i].claim.basis
        factors.append(
            (
                "exemption",
                f"例外「{BASIS_LABELS[basis][0]}」の適用",
                f"whether the {BASIS_LABELS[basis][1]} exemption applies",
                [frozenset(), frozenset({i})],
            )
        )
    if (
        len(factors) > 8
    ):  # keep the re-judging bounded: flip the review hits and the claims together
        all_review = frozenset((h.list, h.entry) for h in review)
        grouped: list[tuple[str, str, str, list[Any]]] = [x for x in factors if x[0] == "residency"]
        if review:
            grouped.append(
                (
                    "review_hit",
                    "類似ヒットとの同一性",
                    "whether the review-band hits are the listed entities",
                    [frozenset(), all_review],
                )
            )
        if unsettled:
            grouped.append(
                (
                    "exemption",
                    "未確定の例外の適用",
                    "whether the unsettled exemptions apply",
                    [frozenset(), frozenset(unsettled)],
                )
            )
        factors = grouped
    if factors:
        answers = {outcome}
        by_combo: dict[tuple[int, ...], str] = {}
        choices = [range(len(alts)) for _, _, _, alts in factors]
        for combo in itertools.product(*choices):
            if not any(combo):  # every fact as recorded: the base judgement
                by_combo[combo] = outcome
                continue
            r_state = residency.state
            extra_matches: set[tuple[str, str]] = set()
            accepted: set[int] = set()
            for (kind, _, _, alts), pick in zip(factors, combo, strict=True):
                value = alts[pick]
                if kind == "residency":
                    r_state = value
                elif kind == "exemption":
                    accepted |= value
                else:
                    extra_matches |= value
            variant = judge(
                f,
                residency=r_state,
                matched=matched | extra_matches,
                accepted_unsettled=frozenset(accepted),
            )
            by_combo[combo] = variant.outcome
            answers.add(variant.outcome)
        if len(answers) > 1 and answers & SEVERE:
            worst = max(answers, key=SEVERITY.__getitem__)
            ordered = sorted(answers, key=SEVERITY.__getitem__)
            # name what is missing: the facts whose other value changes an answer
            missing = [
                x
                for i, x in enumerate(factors)
                if any(by_combo[c] != by_combo[(*c[:i], 1 - c[i], *c[i + 1 :])] for c in by_combo)
            ] or factors
            extra.append(
                reason(
                    "unknowns.hold",
                    what_ja="、".join(x[1] for x in missing),
                    what_en="; ".join(x[2] for x in missing),
                    outcomes=ordered,
                    worst=worst,
                )
            )
            outcome = "HOLD"

    return outcome, extra

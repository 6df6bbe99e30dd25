"""§G4 step 1, Classification: undetermined goods, and classifications made under an
ordinance revision older than the one in force on the export date."""

from __future__ import annotations

import datetime as dt

from desk.domain.goods.model import GoodsLine
from desk.rules.goods.reasons import Bi, GoodsReason, reason
from desk.rules.goods.ruleset import GoodsRuleSet, OrdinanceRevision


def revisions_since(
    line: GoodsLine, rs: GoodsRuleSet, day: dt.date
) -> tuple[OrdinanceRevision, ...]:
    version = line.classification.ordinance_version
    return tuple(r for r in rs.revisions_in_force(day) if version is None or r.effective > version)


def could_change(line: GoodsLine, rev: OrdinanceRevision) -> bool:
    """The revision changed the line's item number, or added entries and the line names none."""
    c = line.classification
    if c.item is not None and c.status in ("listed", "below_threshold"):
        return c.item_number in rev.items_changed
    return c.item is None and rev.entries_added


def classification(
    line: GoodsLine, n: int, rs: GoodsRuleSet, day: dt.date
) -> tuple[str | None, list[GoodsReason]]:
    """(``HOLD`` or None to go on, reasons)."""
    c = line.classification
    if c.status == "undetermined":
        return "HOLD", [reason("class.undetermined", n)]
    revs = revisions_since(line, rs, day)
    if not revs:
        return None, []
    hold = any(could_change(line, r) for r in revs)
    names = [f"{r.effective.isoformat()}施行" for r in revs]
    names_en = [f"{r.effective.isoformat()} ({r.summary})" for r in revs]
    effect = (
        Bi(
            "改正が該非判定を変え得るため、再判定まで保留。",
            "It could change this classification: hold.",
        )
        if hold
        else Bi(
            "改正は当該貨物の項に及ばないため、判定を続ける。",
            "It does not touch this line's item: judged on.",
        )
    )
    why = reason(
        "class.revision_outdated",
        n,
        version=c.ordinance_version
        or Bi("改正前（記録なし）", "an earlier revision (not recorded)"),
        revisions=Bi("、".join(names), "; ".join(names_en)),
        effect_ja=effect,
        effect_en=effect,
    )
    return ("HOLD" if hold else None), [why]

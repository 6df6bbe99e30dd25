"""§G4 step 0, Sanctions (外為法48条3項 承認, never presumed).

Each table is read on the export date; a table whose validity ended gives HOLD.
"""

from __future__ import annotations

import datetime as dt

from desk.domain.goods.model import GoodsLine, Shipment
from desk.rules.goods.facts import Env
from desk.rules.goods.reasons import Bi, GoodsReason, countries_text, item_cite, reason
from desk.rules.goods.ruleset import GoodsRuleSet, SanctionTable


def _applies(table: SanctionTable, shipment: Shipment, line: GoodsLine, env: Env) -> bool:
    if table.party_flag is not None:
        where = any(p.ru_specified_entity for _, p in shipment.shipment.parties())
    else:
        where = bool(table.countries & env.countries)
    if not where:
        return False
    if table.lines == "any":
        return True
    listed = line.classification.status == "listed"
    return listed or bool(table.concern_relevance_any & set(line.concern_relevance))


def sanctions(
    shipment: Shipment, line: GoodsLine, n: int, env: Env, rs: GoodsRuleSet, day: dt.date
) -> tuple[str, GoodsReason] | None:
    """The first applicable table's outcome (or HOLD when its validity has ended)."""
    for table in rs.sanctions:
        if not table.started_on(day) or not _applies(table, shipment, line, env):
            continue
        if table.expired_on(day):
            return "HOLD", reason(
                "sanction.table_expired", n, table=table.code, valid_to=table.valid_to
            )
        return table.outcome, _reason(table, shipment, line, n, env)
    return None


def _reason(
    table: SanctionTable, shipment: Shipment, line: GoodsLine, n: int, env: Env
) -> GoodsReason:
    code = table.code
    if code == "sanction.ru_specified_entity":
        role, party = next((r, p) for r, p in shipment.shipment.parties() if p.ru_specified_entity)
        from desk.rules.goods.facts import PARTY_LABELS

        label = PARTY_LABELS[role]
        return reason(code, n, party=label, party_en=label, name=party.name)
    hit = sorted(table.countries & env.countries)
    names = Bi(
        countries_text(hit, "ja"), countries_text(hit, "en") + (" are" if len(hit) > 1 else " is")
    )
    if code == "sanction.iran":
        listed = line.classification.status == "listed"
        what = (
            Bi(
                f"輸出令別表第1の{item_cite(line.classification.item)}に該当する貨物である",
                "the goods are listed",
            )
            if listed
            else Bi(
                "貨物が大量破壊兵器等の用途に関連する",
                "the goods are relevant to WMD uses ("
                + ", ".join(sorted(table.concern_relevance_any & set(line.concern_relevance)))
                + ")",
            )
        )
        return reason(code, n, what_ja=what, what_en=what)
    return reason(
        code,
        n,
        countries=names,
        countries_en=names,
        item=line.classification.item,
        item_cite=item_cite(line.classification.item),
    )

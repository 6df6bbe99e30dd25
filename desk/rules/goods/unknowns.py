"""§G7 Unknown facts: judge the line under every combination of the unknowns it consults.

If the answers differ and the worst of them is licence-like, the line is ``HOLD`` with
the default combination's reasons plus ``unknown.hold`` naming each unknown; otherwise
it takes the default combination's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from desk.rules.goods.facts import Env
from desk.rules.goods.reasons import Bi, reason
from desk.rules.goods.verdict import LICENCE_LIKE, LineVerdict, Probe, worst

Judge = Callable[[Probe], tuple[LineVerdict, Env]]
MAX_UNKNOWNS = 12  # 4,096 tries; a line never consults more in practice


def resolve(judge: Judge, n: int) -> tuple[LineVerdict, Env]:
    first = Probe()
    default, env = judge(first)
    labels = dict(first.consulted)
    outcomes = [default.outcome]
    tried: set[frozenset[str]] = {frozenset()}
    while True:
        keys = sorted(labels)[:MAX_UNKNOWNS]
        new = False
        for size in range(1, len(keys) + 1):
            for combo in combinations(keys, size):
                alt = frozenset(combo)
                if alt in tried:
                    continue
                tried.add(alt)
                probe = Probe(alt)
                verdict, _ = judge(probe)
                outcomes.append(verdict.outcome)
                for key, label in probe.consulted.items():
                    if key not in labels:
                        labels[key] = label
                        new = True
        if not new:
            break
    if len(set(outcomes)) > 1 and worst(outcomes) in LICENCE_LIKE:
        names = [labels[k] for k in sorted(labels)]
        what = Bi("、".join(x.ja for x in names), "; ".join(x.en for x in names))
        held = LineVerdict(
            "HOLD",
            [*default.reasons, reason("unknown.hold", n, unknowns_ja=what, unknowns_en=what)],
            default.claims,
            track=None,
            t_holds=default.t_holds,
        )
        return held, env
    return default, env

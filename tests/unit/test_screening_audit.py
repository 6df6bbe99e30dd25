"""Independent audit of the matcher on names it was not written against.

``screening_audit_names.py`` holds variants of End User List entries in other scripts and
spellings, and real unlisted look-alikes. The policy's targets: recall of listed names
≥ 0.95 across all treatments, and at most 1 in 20 unlisted look-alikes raising an alert
(band match or review). On failure the message lists figures per treatment and each miss.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import pytest

from desk.screening import Matcher, builtin_list
from tests.unit import screening_audit_names as names

LISTED = names.LISTED + names.LISTED_2
LOOKALIKES = names.LOOKALIKES + names.LOOKALIKES_2


@pytest.fixture(scope="module")
def eul() -> Matcher:
    return Matcher([builtin_list()])


def _raised(m: Matcher, name: str, country: str | None) -> list[str]:
    return [h.entry for h in m.screen(name, country) if h.band in ("match", "review")]


def _per_treatment(rows: list[tuple[str, bool]]) -> str:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for treatment, ok in rows:
        per[treatment][0] += int(ok)
        per[treatment][1] += 1
    return "\n".join(f"  {t:36} {a:>3}/{n}" for t, (a, n) in sorted(per.items()))


def test_audit_set_is_big_enough_and_well_formed() -> None:
    entries = {e.no for e in builtin_list().entries}
    assert len(LISTED) >= 150 and len(LOOKALIKES) >= 100
    assert {e for _q, _c, e, _t in LISTED} <= entries
    queries = [q for q, *_ in LISTED] + [q for q, *_ in LOOKALIKES]
    assert len(queries) == len(set(queries)), "duplicate audit names"


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(ch for ch in s if ch.isalnum())


def test_lookalikes_are_not_listed() -> None:
    """A look-alike must not be, letter for letter, a name the list publishes."""
    published = {_fold(n) for e in builtin_list().entries for n in e.all_names}
    assert [q for q, _c, _k in LOOKALIKES if _fold(q) in published] == []


def test_audit_recall_of_listed_names_is_at_least_95_percent(eul: Matcher) -> None:
    rows = [(t, e in _raised(eul, q, c)) for q, c, e, t in LISTED]
    missed = [
        (q, e, t, _raised(eul, q, c)[:3])
        for (q, c, e, t), (_t, ok) in zip(LISTED, rows, strict=True)
        if not ok
    ]
    recall = sum(ok for _t, ok in rows) / len(rows)
    assert recall >= 0.95, (
        f"recall {recall:.3f} over {len(rows)} listed names\n"
        f"{_per_treatment(rows)}\nmissed (query, expected, treatment, raised instead):\n"
        + "\n".join(f"  {m}" for m in missed)
    )


def test_audit_lookalikes_rarely_raise_an_alert(eul: Matcher) -> None:
    raised = [(k, _raised(eul, q, c)) for q, c, k in LOOKALIKES]
    alarms = [(q, r) for (q, _c, _k), (_k2, r) in zip(LOOKALIKES, raised, strict=True) if r]
    rate = len(alarms) / len(LOOKALIKES)
    assert rate <= 0.05, (
        f"false alarms {rate:.3f} over {len(LOOKALIKES)} look-alikes\n"
        f"{_per_treatment([(k, not r) for k, r in raised])}\nalarms (query, raised):\n"
        + "\n".join(f"  {a}" for a in alarms)
    )

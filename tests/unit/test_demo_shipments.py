"""The demo's shipments: two of every outcome, valid desk-shipment/1 documents."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from desk.demo.shipments import TEMPLATES, generate_shipments
from desk.domain.goods import dumps_shipment, loads_shipment
from desk.rules.goods import assess_shipment
from desk.screening import builtin_list

OUTCOMES = {
    "NOT_APPLICABLE",
    "NOT_LISTED_NO_TRIGGER",
    "EXEMPT",
    "LICENSE_REQUIRED",
    "LICENSE_REQUIRED_CATCHALL",
    "HOLD",
    "STOP",
}


def test_two_shipments_of_every_outcome_for_any_seed():
    for seed in (1, 2, 20261207):
        shipments = generate_shipments(seed, dt.date(2026, 10, 15))
        answers = [assess_shipment(s, lists=[builtin_list()]) for s in shipments]
        assert [a.outcome for a in answers] == [t[0] for t in TEMPLATES]
        assert Counter(a.outcome for a in answers) == dict.fromkeys(OUTCOMES, 2)
        for s in shipments:
            assert loads_shipment(dumps_shipment(s)) == s


def test_the_seed_decides_the_dates():
    a = generate_shipments(1, dt.date(2026, 10, 15))
    assert a == generate_shipments(1, dt.date(2026, 10, 15))
    assert [s.shipment.date for s in a] != [
        s.shipment.date for s in generate_shipments(2, dt.date(2026, 10, 15))
    ]

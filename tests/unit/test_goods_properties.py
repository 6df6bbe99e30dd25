"""Properties the goods engine keeps for every shipment (hypothesis)."""

from __future__ import annotations

import copy

from goods_support import document, judge, line, party
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.rules.goods.verdict import SEVERITY

COUNTRIES = ["CN", "US", "DE", "TH", "VN", "IN", "LB", "IQ", "HK", "SG", "KZ"]
HS = [
    None,
    "1006.10",
    "8471.30",
    "8542",
    "8542.31",
    "8542.90",
    "9027.50",
    "9030",
    "8807",
    "85",
    "4901.99",
]
ITEMS = ["1", "2:(1)", "3", "5:(1)", "6", "6:(2)", "7:(1)", "11", "13", "15"]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

claim_st = st.one_of(
    st.just({"basis": "small_value"}),
    st.builds(
        lambda p, a, b: {
            "basis": "free_temporary",
            "purpose": p,
            "exported_free_of_charge": a,
            "ownership_unchanged": b,
        },
        st.sampled_from(["exhibition_abroad", "repair_abroad", "other"]),
        st.booleans(),
        st.booleans(),
    ),
)
line_st = st.one_of(
    st.builds(
        lambda hs, rel, flag, v, tech: line(
            "not_on_list", hs=hs, value=v, concern_relevance=rel, carries_technology=tech,
            classification={"specific_item_16_1": flag},
        ),
        st.sampled_from(HS),
        st.lists(st.sampled_from(["B", "C", "M", "N", "CW"]), unique=True, max_size=2),
        st.sampled_from([None, True, False]),
        st.integers(0, 2_000_000),
        st.booleans(),
    ),
    st.builds(
        lambda item, t33, v, claims: line(
            "listed", item=item, hs=None, value=v, exceptions=claims,
            classification={"table_3_3": t33},
        ),
        st.sampled_from(ITEMS),
        st.sampled_from([None, True, False]),
        st.integers(0, 1_500_000),
        st.lists(claim_st, max_size=2),
    ),
    st.just(line("undetermined")),
)  # fmt: skip
shipment_st = st.fixed_dictionaries(
    {
        "destination": st.sampled_from(COUNTRIES),
        "onward_countries": st.lists(st.sampled_from(COUNTRIES), unique=True, max_size=2),
        "known_end_use": st.sampled_from([None, "wmd", "conventional"]),
        "known_end_user": st.lists(st.sampled_from(["B", "N", "CW"]), unique=True, max_size=2),
        "inform": st.sampled_from([None, "wmd", "conventional"]),
        "end_user": st.sampled_from(["consignee", None]),
        "clear_finding": st.sampled_from([None, {"documented": True, "rationale": "x"}]),
        "return_planned": st.just(True),
        "return_by": st.just("2027-01-31"),
    }
)


def build(info, lines):
    info = dict(info)
    info["consignee"] = party(country=info["destination"])
    return document(*lines, **info)


@SETTINGS
@given(shipment_st, st.lists(line_st, min_size=1, max_size=3))
def test_the_shipment_takes_the_worst_line_and_the_highest_risk(info, lines):
    a = judge(build(info, lines))
    assert a.outcome == max((ln.outcome for ln in a.lines), key=SEVERITY.__getitem__)
    assert a.risk == max(ln.risk for ln in a.lines)
    assert [ln.line for ln in a.lines] == list(range(1, len(lines) + 1))
    assert all(r.line is None or 1 <= r.line <= len(lines) for r in a.reasons)
    assert all(r.text_ja and r.text_en and r.citation for r in a.reasons)


@SETTINGS
@given(shipment_st, st.lists(line_st, min_size=1, max_size=3), st.randoms())
def test_a_line_is_judged_on_its_own_whatever_its_neighbours_order(info, lines, rnd):
    # the small-value bracket reads other lines' values, but never their order
    a = judge(build(info, lines))
    order = list(range(len(lines)))
    rnd.shuffle(order)
    b = judge(build(info, [lines[i] for i in order]))
    assert [b.lines[order.index(i)].outcome for i in range(len(lines))] == [
        ln.outcome for ln in a.lines
    ]
    assert a.outcome == b.outcome and a.risk == b.risk


@SETTINGS
@given(shipment_st, line_st)
def test_an_unknown_hs_code_never_gives_less_than_either_value(info, ln):
    # §G7 U1: judged inside and outside item 16; the answer is never milder than the
    # licence-like one of the two
    if ln["classification"]["status"] != "not_on_list":
        return
    unknown = copy.deepcopy(ln)
    unknown.pop("hs_code", None)
    inside, outside = copy.deepcopy(ln), copy.deepcopy(ln)
    inside["hs_code"], outside["hs_code"] = "9027.50", "1006.10"
    got = judge(build(info, [unknown])).outcome
    answers = [judge(build(info, [x])).outcome for x in (inside, outside)]
    licence_like = [
        x for x in answers if x in ("STOP", "LICENSE_REQUIRED_CATCHALL", "LICENSE_REQUIRED")
    ]
    if licence_like and len(set(answers)) > 1:
        assert got in ("HOLD", *licence_like)
        assert SEVERITY[got] >= SEVERITY["HOLD"]


@SETTINGS
@given(shipment_st, st.lists(line_st, min_size=1, max_size=3))
def test_adding_an_inform_never_lowers_the_outcome(info, lines):
    before = judge(build(info, lines))
    after = judge(build({**info, "inform": "wmd"}, lines))
    for x, y in zip(before.lines, after.lines, strict=True):
        assert SEVERITY[y.outcome] >= SEVERITY[x.outcome]


@SETTINGS
@given(shipment_st, st.lists(line_st, min_size=1, max_size=3))
def test_north_korea_anywhere_stops_every_line(info, lines):
    a = judge(build({**info, "onward_countries": ["KP"]}, lines))
    assert all(ln.outcome == "STOP" for ln in a.lines) and a.documents == ()


def _both_ways(got: str, default: str, other: str) -> None:
    """§G7: the default's answer, or HOLD when the two differ and one is licence-like."""
    licence_like = {"STOP", "LICENSE_REQUIRED_CATCHALL", "LICENSE_REQUIRED"}
    if default != other and {default, other} & licence_like:
        assert got == "HOLD"
    else:
        assert got == default


@SETTINGS
@given(shipment_st, st.sampled_from(["5", "6:(1)", "13"]), st.integers(0, 1_200_000))
def test_table_3_3_unknown_is_judged_both_ways(info, item, value):
    def outcome(t33):
        ln = line(
            "listed", item=item, hs=None, value=value, exceptions=[{"basis": "small_value"}],
            classification={"table_3_3": t33},
        )  # fmt: skip
        return judge(build(info, [ln])).lines[0].outcome

    _both_ways(outcome(None), outcome(True), outcome(False))


@SETTINGS
@given(shipment_st, st.sampled_from(["8542", "9030", "85", "8807"]))
def test_undecidable_16_1_is_judged_both_ways(info, hs):
    def outcome(flag, code):
        ln = line("not_on_list", hs=code, classification={"specific_item_16_1": flag})
        return judge(build(info, [ln])).lines[0].outcome

    # the default reads 16(2) (e.g. 8471 is 16(2)); the other value 16(1) (the flag)
    _both_ways(outcome(None, hs), outcome(None, "8471.30"), outcome(True, hs))

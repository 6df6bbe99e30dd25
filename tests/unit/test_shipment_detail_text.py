"""The goods lines of a shipment's detail pane (desk.services.registers.shipment_detail):
Japanese joins its parts with 「、」 and full-width brackets (glossary-ja §2.4: never 「; 」
in Japanese output), English with "; "."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk.domain.i18n import current_language, set_language
from desk.reports.labels import OUTCOMES, RISKS
from desk.services.registers.shipment_detail import judgment_sections

RESULT = {
    "outcome": "STOP",
    "risk": "R3",
    "lines": [
        {
            "line": 1,
            "name": "Oscilloscope",
            "outcome": "STOP",
            "risk": "R3",
            "value_jpy": 120000,
            "exceptions": [
                {"basis": "small_value", "status": "rejected", "reason": "over the limit"},
                {"basis": "returned", "status": "rejected", "reason": "not a return"},
            ],
        },
        {"line": 2, "name": "Cable", "outcome": "NOT_APPLICABLE", "risk": "R0", "value_jpy": 500},
    ],
    "reasons": [],
}


@pytest.fixture
def language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def _lines(lang: str) -> dict[str, str]:
    set_language(lang)
    _judgment, lines, _reasons = judgment_sections(RESULT)
    return dict(lines.fields)


def test_japanese_lines_join_with_the_japanese_comma(language: None) -> None:
    lines = _lines("ja")
    stop, r3 = OUTCOMES["STOP"][0], RISKS["R3"][0]
    assert lines["1. Oscilloscope"] == (
        f"{stop}（{r3}）、¥120000、small_value: over the limit、returned: not a return"
    )
    assert lines["2. Cable"] == f"{OUTCOMES['NOT_APPLICABLE'][0]}（{RISKS['R0'][0]}）、¥500"
    assert not any(";" in value or " (" in value for value in lines.values())


def test_english_lines_join_with_semicolons(language: None) -> None:
    lines = _lines("en")
    stop, r3 = OUTCOMES["STOP"][1], RISKS["R3"][1]
    assert lines["1. Oscilloscope"] == (
        f"{stop} ({r3}); ¥120000; small_value: over the limit; returned: not a return"
    )
    assert lines["2. Cable"] == f"{OUTCOMES['NOT_APPLICABLE'][1]} ({RISKS['R0'][1]}); ¥500"

"""The decision core a case and a shipment share (desk.services.reviews.deciding) and the
conflict a flush meets, named by what was changed (a case or a shipment)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError

from desk.domain.errors import ConflictError
from desk.services.reviews.deciding import route
from desk.services.reviews.guards import flush_or_conflict


@pytest.mark.parametrize(
    ("level", "decision", "risk", "expected"),
    [
        ("first", "approve", "R0", ("decided", True)),
        ("first", "approve", "R1", ("decided", True)),
        ("first", "approve", "R2", ("second_review", False)),
        ("first", "reject", "R4", ("second_review", False)),
        ("second", "approve", "R4", ("decided", True)),
        ("committee", "approve", "R4", ("decided", True)),
        ("first", "return_for_information", "R0", ("draft", False)),
        ("second", "return_for_information", "R3", ("draft", False)),
        ("second", "escalate", "R3", ("committee", False)),
    ],
)
def test_route(level: str, decision: str, risk: str, expected: tuple[str, bool]) -> None:
    assert route(level, decision, risk) == expected


class _Stale:
    """A session whose flush finds the row's version moved on."""

    def flush(self) -> None:
        raise StaleDataError("version moved on")


class _Fine:
    flushed = 0

    def flush(self) -> None:
        self.flushed += 1


@pytest.mark.parametrize(("subject", "name"), [("case", "Case K1"), ("shipment", "Shipment K1")])
def test_a_concurrent_change_is_a_conflict_about_the_subject(subject: str, name: str) -> None:
    with pytest.raises(ConflictError, match=rf"^{name} was changed by someone else"):
        flush_or_conflict(_Stale(), "K1", subject)  # type: ignore[arg-type]
    fine = _Fine()
    flush_or_conflict(fine, "K1", subject)  # type: ignore[arg-type]
    assert fine.flushed == 1


def test_a_case_by_default() -> None:
    with pytest.raises(ConflictError, match=r"^Case K1 was changed"):
        flush_or_conflict(_Stale(), "K1")  # type: ignore[arg-type]

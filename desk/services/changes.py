"""What a service changed (:class:`Changes`), for front ends to refresh: kept apart from the
service context so that plain results (a classification as a record prints it) can carry it
without importing the database layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """What a service changed, for front ends to refresh: table names and ids touched."""

    tables: frozenset[str] = frozenset()
    ids: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.tables

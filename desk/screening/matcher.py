"""Name matching. Placeholder: normalised exact matching behind the final interface."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from desk.screening.model import Hit, ScreeningList, band_for


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


class Matcher:
    def __init__(self, lists: Sequence[ScreeningList]):
        self.lists = tuple(lists)
        self._index: dict[str, list[tuple[ScreeningList, int, str]]] = {}
        for lst in self.lists:
            for i, entry in enumerate(lst.entries):
                for n in entry.all_names:
                    self._index.setdefault(_norm(n), []).append((lst, i, n))

    def screen(self, name: str, country: str | None = None) -> list[Hit]:
        key = _norm(name)
        hits: dict[tuple[str, str], Hit] = {}
        for lst, i, matched in self._index.get(key, []):
            entry = lst.entries[i]
            hits[(lst.id, entry.no)] = Hit(
                list_id=lst.id,
                list_version=lst.version,
                entry=entry.no,
                entry_name=entry.name,
                entry_country=entry.country,
                categories=entry.categories if lst.has_categories else (),
                score=1.0,
                band=band_for(1.0),
                query=name,
                evidence={"matched_name": matched, "key": key},
            )
        return sorted(hits.values(), key=lambda h: -h.score)

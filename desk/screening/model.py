"""Restricted-party lists and hits: the plain data the matcher works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ListEntry:
    no: str
    country: str
    name: str
    country_name: str = ""
    local_names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    wmd: tuple[str, ...] = ()  # subset of B, C, M, N
    cw: bool = False
    # the part of a composite list the entry comes from (the US Consolidated Screening List's
    # source list, the UN list's regime, the MOF workbook's sheet); "" for the End User List
    program: str = ""

    @property
    def categories(self) -> tuple[str, ...]:
        return self.wmd + (("CW",) if self.cw else ())

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.local_names, *self.aliases)


@dataclass(frozen=True)
class ScreeningList:
    """One version of one list: ``id`` is its source (``jp-eul``), ``version`` its
    publication date."""

    id: str
    version: str
    sha256: str
    entries: tuple[ListEntry, ...]
    has_categories: bool = True
    source_file: str | None = None

    @property
    def identity(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version, "sha256": self.sha256}


@dataclass(frozen=True)
class Hit:
    list_id: str
    list_version: str
    entry: str  # the entry's ``no``
    entry_name: str
    entry_country: str
    categories: tuple[str, ...]
    score: float
    band: str  # "match" | "review" | "weak"
    query: str
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)
    program: str = ""  # the entry's part of a composite list (ListEntry.program)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "list": self.list_id,
            "entry": self.entry,
            "name": self.entry_name,
            "score": round(self.score, 4),
            "band": self.band,
            "evidence": self.evidence,
        }
        if self.program:
            out["program"] = self.program
        return out


MATCH = 0.90
REVIEW = 0.70


def band_for(score: float) -> str:
    if score >= MATCH:
        return "match"
    if score >= REVIEW:
        return "review"
    return "weak"


@dataclass(frozen=True)
class NameKey:
    """One comparable form of a name."""

    tokens: tuple[str, ...]
    han: str = ""
    acronym: str = ""  # set when the name is an acronym (compared exactly, not fuzzily)
    via: str = "latin"  # how the tokens were obtained: latin, pinyin, kana, hangul, translit

    @property
    def text(self) -> str:
        return self.acronym or " ".join(self.tokens)

    def describe(self) -> dict[str, Any]:
        d: dict[str, Any] = {"via": self.via, "tokens": list(self.tokens)}
        if self.han:
            d["han"] = self.han
        if self.acronym:
            d["acronym"] = self.acronym
        return d

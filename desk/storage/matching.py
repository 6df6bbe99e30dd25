"""Finding the registered record a name means, so that case import (and later rosters)
link to it instead of creating a duplicate.

- organizations: the same name after :func:`~desk.storage.models.search_key`, or the same
  cross-script key of the screening normaliser (:func:`desk.screening.normalize.name_keys`)
  on any of the organization's names — its name, Latin name, local-script names and
  aliases — so that 哈爾濱工業大學 finds the organization registered as "Harbin Institute
  of Technology" with the local name 哈尔滨工业大学. Countries must agree where both are
  known. Acronym keys ("HIT") are not used: too many bodies share one.
- people: the same name or Latin name or reading (search keys), nationalities and date of
  birth agreeing where both sides have them.

Retired records are never matched. The organization index is built once per unit of work
(``session.info``) and kept up to date with :func:`remember_organization`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desk.screening.normalize import name_keys
from desk.storage import models as m

_ORG_INDEX = "desk.matching.organizations"


def organization_keys(*names: str | None) -> set[str]:
    """The comparable forms of an organization's names (search keys and cross-script keys)."""
    out: set[str] = set()
    for n in names:
        if not n or not n.strip():
            continue
        out.add("=" + m.search_key(n))
        for k in name_keys(n):
            if not k.acronym and k.tokens:
                out.add(k.text)
    return out


def _all_names(org: m.Organization) -> list[str]:
    return [org.name, org.name_latin or "", *(org.local_names or []), *(org.aliases or [])]


def _index(session: Session) -> dict[str, list[int]]:
    index: dict[str, list[int]] | None = session.info.get(_ORG_INDEX)
    if index is None:
        index = {}
        rows = session.execute(
            select(
                m.Organization.id,
                m.Organization.name,
                m.Organization.name_latin,
                m.Organization.local_names,
                m.Organization.aliases,
            ).where(m.Organization.retired.is_(False))
        )
        for oid, name, latin, local, aliases in rows:
            for key in organization_keys(name, latin, *(local or []), *(aliases or [])):
                index.setdefault(key, []).append(oid)
        session.info[_ORG_INDEX] = index
    return index


def remember_organization(session: Session, org: m.Organization) -> None:
    """Add a new or renamed organization to this unit of work's index (after a flush)."""
    index: dict[str, list[int]] | None = session.info.get(_ORG_INDEX)
    if index is None or org.id is None:
        return
    for key in organization_keys(*_all_names(org)):
        ids = index.setdefault(key, [])
        if org.id not in ids:
            ids.append(org.id)


def forget_index(session: Session) -> None:
    session.info.pop(_ORG_INDEX, None)


def find_organizations(
    session: Session,
    name: str,
    country: str | None = None,
    *,
    exclude: Iterable[int] = (),
) -> list[m.Organization]:
    """Registered organizations ``name`` means, best first (exact name before other keys)."""
    index = _index(session)
    keys = organization_keys(name)
    exact = index.get("=" + m.search_key(name), [])
    ids: list[int] = list(exact)
    for key in sorted(keys):
        for oid in index.get(key, []):
            if oid not in ids:
                ids.append(oid)
    skip = set(exclude)
    out: list[m.Organization] = []
    with session.no_autoflush:
        for oid in ids:
            if oid in skip:
                continue
            org = session.get(m.Organization, oid)
            if org is None or org.retired:
                continue
            if country and org.country and org.country != country:
                continue
            out.append(org)
    return out


def find_people(
    session: Session,
    name: str,
    *,
    name_latin: str | None = None,
    reading: str | None = None,
    nationalities: Sequence[str] = (),
    born_on: dt.date | None = None,
) -> list[m.Person]:
    """Registered people with the same name (in any of the three forms), whose nationalities
    and date of birth do not contradict the ones given."""
    keys = {m.search_key(n) for n in (name, name_latin, reading) if n and n.strip()}
    if not keys:
        return []
    conds = [m.Person.search_name.contains(k) for k in keys]
    with session.no_autoflush:
        rows = session.scalars(
            select(m.Person)
            .where(m.Person.retired.is_(False), or_(*conds))
            .order_by(m.Person.id)
            .limit(200)
        ).all()
    out: list[m.Person] = []
    for p in rows:
        mine = {m.search_key(n) for n in (p.name, p.name_latin, p.reading) if n}
        if not (mine & keys):
            continue
        if nationalities and p.nationalities and set(nationalities) != set(p.nationalities):
            continue
        if born_on and p.born_on and born_on != p.born_on:
            continue
        out.append(p)
    return out


# --------------------------------------------------------------------------- 名寄せ keys

_LATIN_WORD = re.compile(r"[^\W\d_]+|\d+")


def _latin_keys(text: str) -> set[str]:
    """``YAMADA Taro`` and ``Taro Yamada`` (and ``Zhang Wei`` / ``zhangwei``) alike: the
    words without accents, joined in their order, reversed and sorted."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    words = _LATIN_WORD.findall(plain)
    if not words:
        return set()
    return {
        "l:" + "".join(words),
        "l:" + "".join(reversed(words)),
        "l:" + "".join(sorted(words)),
    }


@lru_cache(maxsize=20000)
def _simplified_char(char: str) -> str:
    """One character folded to simplified Chinese (names: character by character, cached;
    OpenCC on a whole name costs a tenth of a millisecond)."""
    from desk.screening.folds.han import to_simplified

    return to_simplified(char)


def person_name_keys(*names: str | None, deep: bool = True) -> set[str]:
    """The comparable forms of a person's names, across scripts (名寄せ).

    - Chinese characters: folded to simplified Chinese, spaces dropped (山田 太郎 = 山田太郎,
      張偉 = 张伟); ``deep``: also their pinyin as Latin words (张伟 = Zhang Wei);
    - kana: folded to hiragana, spaces dropped (ヤマダ タロウ = やまだたろう); ``deep``: also
      desk's Hepburn (= YAMADA Taro, with and without long vowels);
    - hangul: spaces dropped; ``deep``: also romanised (김민준 = Kim Minjun);
    - Latin (and other alphabets): the words in their order, reversed and sorted
      (YAMADA Taro = Taro Yamada).

    ``deep`` costs about a quarter of a millisecond a name; a roster's rows are keyed deep,
    a registered person with a Latin name need not be.
    """
    out: set[str] = set()
    for name in names:
        if not name or not name.strip():
            continue
        if name.isascii():
            out |= _latin_keys(name)
            continue
        text = unicodedata.normalize("NFKC", name).strip()
        han = "".join(_HAN.findall(text))
        if han:
            simple = "".join(_simplified_char(c) for c in han)
            out.add("h:" + simple)
            if deep:
                from desk.screening.folds.han import romanise_han

                out |= _latin_keys(romanise_han(simple))
            continue
        kana = "".join(_KANA.findall(text)).translate(_TO_HIRAGANA)
        if kana:
            out.add("k:" + kana)
            if deep:
                from desk.screening.folds.kana import romanise_kana

                for variant in (0, 1):
                    out |= _latin_keys(romanise_kana(text, variant))
            continue
        hangul = "".join(_HANGUL.findall(text))
        if hangul:
            out.add("g:" + hangul)
            if deep:
                from desk.screening.folds.hangul import romanise_hangul

                out |= _latin_keys(romanise_hangul(text))
            continue
        out |= _latin_keys(text)
    return out


# the script ranges of desk.screening.folds.is_han / is_kana / is_hangul, as patterns
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u3007\U00020000-\U0003ffff]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_TO_HIRAGANA = {c: c - 0x60 for c in range(ord("ァ"), ord("ヶ") + 1)}


def is_latin_name(name: str | None) -> bool:
    """A name written in Latin letters only (its keys need no romanisation)."""
    return bool(name) and all(ord(c) < 0x250 for c in str(name))

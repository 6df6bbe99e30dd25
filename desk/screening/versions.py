"""List versions: comparing two revisions of a list and how old the one in use is.

An entry's ``no`` is only stable within one revision, so entries of two revisions are
paired by country and name: first by the published (Latin) name, then by any shared
name (a renamed entry usually keeps its old name as an alias). A paired entry whose
names, categories or country name differ is *changed*.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from desk.domain.i18n import _
from desk.screening.model import ListEntry, ScreeningList
from desk.screening.normalize import fold

MAX_AGE_MONTHS = 12
_FIELDS = ("name", "local_names", "aliases", "wmd", "cw", "country_name", "program")


def _name_id(name: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in fold(name)).split())


def entry_fingerprint(entry: ListEntry) -> str:
    """SHA-256 over what an entry says (everything but its number): equal fingerprints,
    same entry content. Used to tell whether a cleared hit's entry changed later."""
    doc = {
        "country": entry.country,
        "name": entry.name,
        "local_names": sorted(entry.local_names),
        "aliases": sorted(entry.aliases),
        "wmd": sorted(entry.wmd),
        "cw": entry.cw,
    }
    if entry.program:  # only lists that have one: End User List fingerprints stay as they were
        doc["program"] = entry.program
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def changed_fields(old: ListEntry, new: ListEntry) -> tuple[str, ...]:
    out = []
    for f in _FIELDS:
        a, b = getattr(old, f), getattr(new, f)
        if isinstance(a, tuple):
            a, b = sorted(a), sorted(b)
        if a != b:
            out.append(f)
    return tuple(out)


@dataclass(frozen=True)
class EntryChange:
    old: ListEntry
    new: ListEntry
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ListDiff:
    old_identity: dict[str, str]
    new_identity: dict[str, str]
    added: tuple[ListEntry, ...]
    removed: tuple[ListEntry, ...]
    changed: tuple[EntryChange, ...]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, object]:
        def brief(e: ListEntry) -> dict[str, object]:
            return {"no": e.no, "country": e.country, "name": e.name}

        return {
            "old": self.old_identity,
            "new": self.new_identity,
            "added": [brief(e) for e in self.added],
            "removed": [brief(e) for e in self.removed],
            "changed": [
                {
                    "old_no": c.old.no,
                    "new_no": c.new.no,
                    "country": c.new.country,
                    "name": c.new.name,
                    "fields": list(c.fields),
                }
                for c in self.changed
            ],
            "unchanged": self.unchanged,
        }


def pair_entries(
    old: tuple[ListEntry, ...], new: tuple[ListEntry, ...]
) -> tuple[list[tuple[ListEntry, ListEntry]], list[ListEntry], list[ListEntry]]:
    """Pair entries of two revisions: (pairs, only in old, only in new)."""
    by_main: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_any: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, e in enumerate(old):
        by_main[(e.country, _name_id(e.name))].append(i)
        for n in e.all_names:
            by_any[(e.country, _name_id(n))].append(i)
    taken: set[int] = set()
    pairs: list[tuple[ListEntry, ListEntry]] = []
    unpaired: list[ListEntry] = []
    pending: list[ListEntry] = []
    for e in new:
        for i in by_main.get((e.country, _name_id(e.name)), ()):
            if i not in taken:
                taken.add(i)
                pairs.append((old[i], e))
                break
        else:
            pending.append(e)
    for e in pending:  # renamed entries: any shared name in the same country
        match = None
        for n in e.all_names:
            for i in by_any.get((e.country, _name_id(n)), ()):
                if i not in taken:
                    match = i
                    break
            if match is not None:
                break
        if match is None:
            unpaired.append(e)
        else:
            taken.add(match)
            pairs.append((old[match], e))
    only_old = [e for i, e in enumerate(old) if i not in taken]
    return pairs, only_old, unpaired


def diff_lists(old: ScreeningList, new: ScreeningList) -> ListDiff:
    pairs, removed, added = pair_entries(old.entries, new.entries)
    changed = []
    unchanged = 0
    for a, b in pairs:
        fields = changed_fields(a, b)
        if fields:
            changed.append(EntryChange(a, b, fields))
        else:
            unchanged += 1
    return ListDiff(
        old_identity=old.identity,
        new_identity=new.identity,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        unchanged=unchanged,
    )


def published_on(lst: ScreeningList) -> dt.date | None:
    """The list's publication date when its version is one (``2025-09-29``)."""
    try:
        return dt.date.fromisoformat(lst.version)
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def staleness_warning(
    lst: ScreeningList, today: dt.date, *, max_age_months: int = MAX_AGE_MONTHS
) -> str | None:
    """A warning (in the current language) when ``lst`` was published more than
    ``max_age_months`` before ``today``; None while it is recent or has no date."""
    published = published_on(lst)
    if published is None or today <= _add_months(published, max_age_months):
        return None
    return _(
        "The list {list} in use was published on {date}, more than {months} months ago; "
        "import the current revision."
    ).format(list=lst.id, date=published.isoformat(), months=max_age_months)

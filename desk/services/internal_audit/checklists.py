"""Checklist templates (JSON): the one desk ships and any an institution gives."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.limits import check_text
from desk.resources import resource

DEFAULT = ("internal_audit", "checklist-university.json")


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    section: str
    question: str
    section_en: str | None
    question_en: str | None


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    source: str
    items: tuple[ChecklistItem, ...]


def load_checklist(path: str | Path | None = None) -> Checklist:
    """The template at ``path`` (default: the university checklist desk ships)."""
    file = Path(path) if path is not None else resource(*DEFAULT)
    where = str(file)
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read {file}: {error}").format(file=file, error=exc.strerror or exc),
            where="--checklist",
        ) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            _("not JSON: {error}").format(error=exc.msg), source=where, where=f"line {exc.lineno}"
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("sections"), list):
        raise InvalidInput(
            _("a checklist needs a list of sections"), source=where, where="sections"
        )
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for i, sec in enumerate(doc["sections"]):
        path_ = f"sections[{i}]"
        if not isinstance(sec, dict) or not isinstance(sec.get("name"), str):
            raise InvalidInput(_("a section needs a name"), source=where, where=path_)
        for j, item in enumerate(sec.get("items") or []):
            at = f"{path_}.items[{j}]"
            if (
                not isinstance(item, list)
                or len(item) not in (2, 3)
                or not all(isinstance(x, str) and x.strip() for x in item)
            ):
                raise InvalidInput(
                    _("an item is [code, question] or [code, question, question in English]"),
                    source=where,
                    where=at,
                )
            code = item[0].strip()
            check_text(code, source=where, where=at, limit=20, one_line=True)
            check_text(item[1], source=where, where=at, limit=2000)
            if code in seen:
                raise InvalidInput(
                    _("item {code} appears twice").format(code=code), source=where, where=at
                )
            seen.add(code)
            items.append(
                ChecklistItem(
                    code,
                    sec["name"],
                    item[1],
                    sec.get("name_en"),
                    item[2] if len(item) == 3 else None,
                )
            )
    if not items:
        raise InvalidInput(_("the checklist has no items"), source=where, where="sections")
    return Checklist(
        id=str(doc.get("id") or file.stem)[:60],
        title=str(doc.get("title") or file.stem),
        source=str(doc.get("source") or file.name),
        items=tuple(items),
    )

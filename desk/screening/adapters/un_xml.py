"""The UN Security Council Consolidated List, as the XML the UN publishes
(``consolidated.xml``: ``CONSOLIDATED_LIST`` with ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY``).

Per record: ``REFERENCE_NUMBER`` (``KPe.001``) is the entry number; the name is
``FIRST_NAME`` (entities) or ``FIRST_NAME`` … ``FOURTH_NAME`` joined (individuals);
``NAME_ORIGINAL_SCRIPT`` gives the local name; ``*_ALIAS/ALIAS_NAME`` the aliases, except
those of quality ``Low`` (the UN's own "low quality" aliases: fragments that would raise
alarms on common words); the country is the first address's ``COUNTRY`` (entities) or the
first ``NATIONALITY`` (individuals), by name; ``UN_LIST_TYPE`` (``DPRK``, ``Iran``,
``Al-Qaida`` …) is the entry's program. The publication date is the root's
``dateGenerated``.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.screening.adapters.common import (
    Adapted,
    check_unique,
    country_code,
    entry,
    parse_day,
    split_names,
)
from desk.screening.model import ListEntry

FORMAT = "un-xml"
SOURCE = "un-sc"
ROOT = "CONSOLIDATED_LIST"


def _t(el: ET.Element | None, tag: str) -> str:
    if el is None:
        return ""
    found = el.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def parse(data: bytes, where: str) -> Adapted:
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
        raise InvalidInput(_("the XML declares a document type or entities; refused"), source=where)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise InvalidInput(
            _("not well-formed XML: {error}").format(error=str(exc).split(":")[0]),
            source=where,
            where=_("line {line}, column {column}").format(line=line, column=column + 1),
        ) from None
    if root.tag != ROOT:
        raise InvalidInput(
            _("not the UN consolidated list: the root element is {found}, not {expected}").format(
                found=root.tag, expected=ROOT
            ),
            source=where,
        )
    entries: list[ListEntry] = []
    seen: dict[str, str] = {}
    for group, tag, alias_tag in (
        ("ENTITIES", "ENTITY", "ENTITY_ALIAS"),
        ("INDIVIDUALS", "INDIVIDUAL", "INDIVIDUAL_ALIAS"),
    ):
        for n, el in enumerate(root.findall(f"{group}/{tag}"), start=1):
            ref = _t(el, "REFERENCE_NUMBER")
            data_id = _t(el, "DATAID")
            at = _("{tag} no. {n}").format(tag=tag, n=n) + (
                f" (DATAID {data_id})" if data_id else ""
            )
            if tag == "ENTITY":
                name = _t(el, "FIRST_NAME")
                place = el.find("ENTITY_ADDRESS")
                country_text = _t(place, "COUNTRY")
            else:
                name = " ".join(
                    p
                    for p in (_t(el, f"{k}_NAME") for k in ("FIRST", "SECOND", "THIRD", "FOURTH"))
                    if p
                )
                country_text = _t(el.find("NATIONALITY"), "VALUE") or _t(
                    el.find("INDIVIDUAL_ADDRESS"), "COUNTRY"
                )
            aliases = [
                _t(a, "ALIAS_NAME")
                for a in el.findall(alias_tag)
                if _t(a, "QUALITY").casefold() != "low"
            ]
            e = entry(
                source=where,
                where=at,
                no=ref,
                name=name,
                country=country_code(country_text),
                country_name=country_text,
                local_names=split_names([_t(el, "NAME_ORIGINAL_SCRIPT")]),
                aliases=aliases,
                program=_t(el, "UN_LIST_TYPE"),
                fields={
                    "no": "REFERENCE_NUMBER",
                    "name": "FIRST_NAME",
                    "aliases": alias_tag + "/ALIAS_NAME",
                    "local_names": "NAME_ORIGINAL_SCRIPT",
                    "country_name": "COUNTRY",
                    "program": "UN_LIST_TYPE",
                },
            )
            check_unique(seen, e.no, at, where, "REFERENCE_NUMBER")
            entries.append(e)
    if not entries:
        raise InvalidInput(_("no entries (no ENTITY or INDIVIDUAL element)"), source=where)
    return Adapted(FORMAT, tuple(entries), parse_day(root.get("dateGenerated", "")), SOURCE)

"""A 該非判定 (classification) as the office keeps it: values, the control item written
structurally (項・号) and displayed as the glossary says (「外為令別表の7の項(1)」), the
貨物等省令 article, and which items changed between two revisions of the rules.

Pure: no database, no Qt. :mod:`desk.services.classification` stores and checks it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desk.domain.errors import InvalidInput
from desk.domain.i18n import N_, _

# the four classification values (glossary §2.5: 該当／非該当／対象外（16項）／不明・疑義)
RESULTS = ("listed", "not_listed", "out_of_scope", "undetermined")
RESULT_LABELS = {
    "listed": N_("listed (controlled item)"),
    "not_listed": N_("not listed"),
    "out_of_scope": N_("outside items 1-15 (item 16)"),
    "undetermined": N_("undetermined or in doubt"),
}
# the Japanese words are the standard ones whatever the UI language (records, the CLI's ja)
RESULT_JA = {
    "listed": "該当",
    "not_listed": "非該当",
    "out_of_scope": "対象外（16項）",
    "undetermined": "不明・疑義",
}
# the value the case format and the goods format know (``technology.classification``)
CASE_CLASSIFICATION = {
    "listed": "listed",
    "not_listed": "not_on_list",
    "out_of_scope": "not_on_list",
    "undetermined": "undetermined",
}

# the table the item is in: technology → 外為令別表, goods → 輸出令別表第1
TABLES = ("fefta_order", "export_order")
TABLE_JA = {"fefta_order": "外為令別表", "export_order": "輸出令別表第1"}
TABLE_LABELS = {
    "fefta_order": N_("Foreign Exchange Order, Appended Table"),
    "export_order": N_("Export Trade Control Order, Appended Table 1"),
}

# basis documents kept with a classification
DOCUMENT_KINDS = ("maker_sheet", "catalogue", "specification", "other")
DOCUMENT_LABELS = {
    "maker_sheet": N_("maker's classification sheet"),
    "catalogue": N_("catalogue"),
    "specification": N_("specification"),
    "other": N_("other document"),
}

# items 1–15 are the list; 16 is the catch-all item
_ITEM = re.compile(r"^(\d{1,2})(?:[-の](\d{1,2}))?$")
_SUB = re.compile(r"^[0-9A-Za-z一-龥ぁ-んァ-ン-]{1,20}$")
_ARTICLE = re.compile(r"^\d{1,3}(?:の\d{1,3})?$")


@dataclass(frozen=True)
class ControlItem:
    """An item of the control list: 項 (``"7"``, ``"3-2"``) and 号/細分 (``"1"`` or None)."""

    number: str
    sub: str | None = None

    def display(self) -> str:
        """``7の項(1)``, ``3の2の項`` (glossary §2.1)."""
        text = self.number.replace("-", "の") + "の項"
        return text + (f"({self.sub})" if self.sub else "")

    def code(self) -> str:
        """The case format's spelling: ``7:(1)``, ``3-2``."""
        return self.number + (f":({self.sub})" if self.sub else "")


def parse_item(number: str | None, sub: str | None = None, *, where: str = "item") -> ControlItem:
    """A 項 (``7``, ``3-2``, ``3の2``) and its sub-item (``1``, ``(1)``); ``7(1)`` and
    ``7:(1)`` in ``number`` alone are split."""
    text = unicodedata.normalize("NFKC", number or "").strip()
    sub = unicodedata.normalize("NFKC", sub) if sub is not None else None
    if not text:
        raise InvalidInput(_("give the item number (for example 7)"), where=where)
    if sub is None:
        m = re.match(r"^([^:(（]+)[:]?[(（]([^)）]+)[)）]$", text)
        if m:
            text, sub = m.group(1), m.group(2)
    found = _ITEM.match(text.replace("の項", "").replace("項", "").replace("の", "-").strip())
    if not found:
        raise InvalidInput(
            _("{value!r} is not an item number such as 7 or 3-2").format(value=number),
            where=where,
        )
    head = int(found.group(1))
    if not 1 <= head <= 16:
        raise InvalidInput(
            _("{value!r} is not an item of the list (1 to 16)").format(value=number), where=where
        )
    num = str(head) + (f"-{int(found.group(2))}" if found.group(2) else "")
    clean_sub = (sub or "").strip().strip("()（）").strip() or None
    if clean_sub is not None and not _SUB.match(clean_sub):
        raise InvalidInput(
            _("{value!r} is not a sub-item such as (1)").format(value=sub), where=where
        )
    return ControlItem(num, clean_sub)


def item_from_code(code: str | None) -> ControlItem | None:
    """``"7:(1)"`` (the case format) → its item; None or unreadable → None."""
    if not code:
        return None
    try:
        return parse_item(code)
    except InvalidInput:
        return None


def item_cite(table: str, item: ControlItem) -> str:
    """「外為令別表の7の項(1)」, 「輸出令別表第1の16の項」."""
    return f"{TABLE_JA[table]}の{item.display()}"


def parse_article(value: str | None, *, where: str) -> str | None:
    """An article or paragraph number as written (``19``, ``14の2``); 第 and 条 are dropped."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    for word in ("第", "条", "項", "号"):
        text = text.replace(word, "")
    text = text.replace("-", "の")
    if not text:
        return None
    if not _ARTICLE.match(text):
        raise InvalidInput(
            _("{value!r} is not an article or paragraph number such as 19 or 14の2").format(
                value=value
            ),
            where=where,
        )
    return text


def article_cite(article: str | None, paragraph: str | None, number: str | None = None) -> str:
    """「貨物等省令第19条第1項第1号」 (glossary §2.1); empty when no article is given."""
    if not article:
        return ""
    head, _no, branch = article.partition("の")
    text = f"貨物等省令第{head}条" + (f"の{branch}" if branch else "")
    if paragraph:
        text += f"第{paragraph}項"
    if number:
        text += f"第{number}号"
    return text


@dataclass(frozen=True)
class ParameterRow:
    """A row of the 項目別対比表 (パラメータシート): the control parameter, the value the
    regulation names, the item's value and whether the item meets the control."""

    parameter: str
    control_value: str
    item_value: str
    meets: bool | None

    def to_json(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "control_value": self.control_value,
            "item_value": self.item_value,
            "meets": self.meets,
        }


def parse_parameters(rows: Iterable[Any], *, where: str = "parameters") -> tuple[ParameterRow, ...]:
    """Rows given as mappings (JSON, the form) with ``parameter``, ``control_value``,
    ``item_value`` and ``meets`` (true/false/null)."""
    out: list[ParameterRow] = []
    for i, row in enumerate(rows, 1):
        at = f"{where}[{i}]"
        if not isinstance(row, Mapping):
            raise InvalidInput(_("each parameter row is an object"), where=at)
        unknown = sorted(set(row) - {"parameter", "control_value", "item_value", "meets"})
        if unknown:
            raise InvalidInput(
                _("unknown key {key!r}").format(key=unknown[0]), where=f"{at}.{unknown[0]}"
            )
        name = str(row.get("parameter") or "").strip()
        if not name:
            raise InvalidInput(_("a parameter row needs the parameter"), where=f"{at}.parameter")
        meets = row.get("meets")
        if meets is not None and not isinstance(meets, bool):
            raise InvalidInput(_("meets is true, false or null"), where=f"{at}.meets")
        control = str(row.get("control_value") or "").strip()
        value = str(row.get("item_value") or "").strip()
        for key, text in (("parameter", name), ("control_value", control), ("item_value", value)):
            if len(text) > 500:
                raise InvalidInput(_("at most 500 characters"), where=f"{at}.{key}")
        out.append(ParameterRow(name, control, value, meets))
    return tuple(out)


def changed_items(old: Mapping[str, Any], new: Mapping[str, Any]) -> frozenset[str]:
    """The 項 whose definition differs between two revisions: ``old`` and ``new`` map an
    item (``"7"``, ``"7:(1)"``, ``"3-2"``) to its definition (text or any JSON value). An
    item added, removed or changed counts; a sub-item's change counts for its 項."""

    def heads(table: Mapping[str, Any]) -> dict[str, list[tuple[str, Any]]]:
        out: dict[str, list[tuple[str, Any]]] = {}
        for key, value in table.items():
            item = item_from_code(key)
            head = item.number if item else key
            out.setdefault(head, []).append((key, value))
        return {k: sorted(v, key=lambda kv: kv[0]) for k, v in out.items()}

    a, b = heads(old), heads(new)
    return frozenset(k for k in set(a) | set(b) if a.get(k) != b.get(k))

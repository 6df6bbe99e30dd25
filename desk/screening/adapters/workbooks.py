"""Lists published as Excel workbooks: Japan MOF's economic-sanctions list and METI's End
User List.

Both are found by their header row (within a sheet's first ten rows), whatever the sheet
is called; sheets without one (a cover sheet, notes) are skipped, and a workbook in which
no sheet has one is refused, naming the sheets it has.

**MOF** (財務省「経済制裁措置及び対象者リスト」): one sheet per regime (北朝鮮, ロシア …);
columns recognised by their heading: 番号 / 告示番号 (entry number), 日本語表記 / 氏名・名称
(the Japanese name), 英語表記 (the name in Latin letters), 別称 / 別名 (aliases, one per line
or separated by 、 or ;), 国籍 / 所在地 / 住所 (the country, by name). The sheet's name is the
entry's program; the entry number is made unique as ``SHEET:NUMBER``.

**METI End User List** (外国ユーザーリスト, the Excel form of the bilingual list): columns
No. / 国名・地域名 (Country or Region) / 企業名・組織名 (Company or Organization) /
別名 (Also Known As) / 懸念区分 (Type of WMD). The name cell and the aliases cell hold one
name per line; lines not in Latin letters are local names. 懸念区分 is letters (B, C, M,
N, CW) or words (生物 化学 ミサイル 核 通常兵器; Biological Chemical Missile Nuclear
Conventional).
"""

from __future__ import annotations

import re

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.screening.adapters.common import (
    Adapted,
    check_unique,
    country_code,
    country_in,
    entry,
    is_latin,
    split_names,
)
from desk.screening.adapters.xlsx import Sheet, column_letter, read_workbook
from desk.screening.model import ListEntry

MOF = "mof-xlsx"
EUL = "eul-xlsx"
HEADER_ROWS = 10

# our field → the headings that name it (a heading matches when it contains one of them)
MOF_COLUMNS: dict[str, tuple[str, ...]] = {
    "no": ("告示番号", "番号"),
    "name": ("英語表記", "アルファベット表記", "英語名"),
    "name_ja": ("日本語表記", "氏名・名称", "名称（日本語）", "氏名（日本語）"),
    "aliases": ("別称", "別名"),
    "nationality": ("国籍",),
    "address": ("所在地", "住所"),
}
MOF_REQUIRED = ("no", "name_ja", "name")
EUL_COLUMNS: dict[str, tuple[str, ...]] = {
    "no": ("no.", "番号"),
    "country": ("国名・地域名", "country or region"),
    "name": ("企業名・組織名", "company or organization"),
    "aliases": ("別名", "also known as"),
    "wmd": ("懸念区分", "type of wmd"),
}
EUL_REQUIRED = ("no", "country", "name", "aliases", "wmd")
_WMD_WORDS = {
    "b": "B", "c": "C", "m": "M", "n": "N", "cw": "CW",
    "生物": "B", "化学": "C", "ミサイル": "M", "核": "N", "通常兵器": "CW",
    "biological": "B", "chemical": "C", "missile": "M", "nuclear": "N",
    "conventional": "CW", "conventional weapons": "CW",
}  # fmt: skip


def _heading(text: str) -> str:
    return " ".join(text.replace("\n", " ").split()).casefold()


def _columns(row: tuple[str, ...], table: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Which column holds each field. MOF's headings must *start* with the word (旅券番号,
    the passport number, is not 番号); the End User List's bilingual ones contain it."""
    found: dict[str, int] = {}
    starts = table is MOF_COLUMNS
    for i, cell in enumerate(row):
        h = _heading(cell)
        for field, words in table.items():
            hit = any(h.startswith(w) if starts else w in h for w in words)
            if field not in found and hit:
                found[field] = i
                break
    return found


def _find_header(
    sheet: Sheet, table: dict[str, tuple[str, ...]], required: tuple[str, ...], where: str
) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, columns) or None; a row naming most columns but not all
    is an error that names the missing ones."""
    for i, (number, row) in enumerate(sheet.rows[:HEADER_ROWS]):
        cols = _columns(row, table)
        if all(r in cols for r in required):
            return i, cols
        if len([r for r in required if r in cols]) >= 2:
            missing = [table[r][0] for r in required if r not in cols]
            raise InvalidInput(
                _("missing column(s): {columns}").format(columns=", ".join(missing)),
                source=where,
                where=_("sheet {sheet}, row {row}").format(sheet=sheet.name, row=number),
            )
    return None


def _no_sheet(sheets: list[Sheet], what: str, where: str) -> InvalidInput:
    return InvalidInput(
        _("no sheet has the header row of {what} (sheets: {sheets})").format(
            what=what, sheets=", ".join(s.name for s in sheets) or "-"
        ),
        source=where,
    )


def detect(data: bytes, where: str) -> str | None:
    """Which of the two workbooks this is, from its header rows (None: neither)."""
    sheets = read_workbook(data, where)
    for s in sheets:
        for _number, row in s.rows[:HEADER_ROWS]:
            # most of the columns are enough to tell: the parser then names the missing ones
            if len([r for r in EUL_REQUIRED if r in _columns(row, EUL_COLUMNS)]) >= 3:
                return EUL
            if len([r for r in MOF_REQUIRED if r in _columns(row, MOF_COLUMNS)]) >= 2:
                return MOF
    return None


def _cell(row: tuple[str, ...], cols: dict[str, int], field: str) -> str:
    i = cols.get(field)
    return row[i].strip() if i is not None and i < len(row) else ""


def _at(sheet: Sheet, number: int) -> str:
    return _("sheet {sheet}, row {row}").format(sheet=sheet.name, row=number)


def parse_mof(data: bytes, where: str) -> Adapted:
    sheets = read_workbook(data, where)
    entries: list[ListEntry] = []
    seen: dict[str, str] = {}
    used = 0
    for sheet in sheets:
        found = _find_header(sheet, MOF_COLUMNS, MOF_REQUIRED, where)
        if found is None:
            continue
        used += 1
        start, cols = found
        header = sheet.rows[start][1]
        names = {f: header[i] for f, i in cols.items()}
        for number, row in sheet.rows[start + 1 :]:
            if not any(c.strip() for c in row):
                continue
            at = _at(sheet, number)
            ja = _cell(row, cols, "name_ja")
            latin = _cell(row, cols, "name")
            no = _cell(row, cols, "no")
            country_text = _cell(row, cols, "nationality") or _cell(row, cols, "address")
            e = entry(
                source=where,
                where=at,
                no=f"{sheet.name}:{no}" if no else "",
                name=latin or ja,
                country=country_code(country_text) or country_in(country_text),
                country_name=country_text.split("\n")[0][:200],
                local_names=[ja] if latin and ja else [],
                aliases=split_names([_cell(row, cols, "aliases")], r"[;\n、；]"),
                program=sheet.name,
                fields={
                    "no": names["no"],
                    "name": names["name"],
                    "local_names": names["name_ja"],
                    "aliases": names.get("aliases", "aliases"),
                    "country_name": names.get("nationality", "country"),
                    "program": _("sheet name"),
                },
            )
            if not latin:
                raise InvalidInput(
                    _("empty name"),
                    source=where,
                    where=_("{where}, field {field}").format(
                        where=at, field=names["name"].replace("\n", " ")
                    ),
                )
            check_unique(seen, e.no, at, where, names["no"])
            entries.append(e)
    if not used:
        raise _no_sheet(sheets, _("the MOF sanctions list"), where)
    if not entries:
        raise InvalidInput(_("no entries"), source=where)
    return Adapted(MOF, tuple(entries), None, "jp-mof")


def _wmd(text: str, at: str, field: str, where: str) -> tuple[tuple[str, ...], bool]:
    codes: list[str] = []
    for word in re.split(r"[,、，/・\s]+", text.strip()):
        if not word:
            continue
        code = _WMD_WORDS.get(word.casefold())
        if code is None:
            raise InvalidInput(
                _("unknown concern category {value!r} (B, C, M, N or CW)").format(value=word),
                source=where,
                where=_("{where}, field {field}").format(where=at, field=field),
            )
        if code not in codes:
            codes.append(code)
    wmd = tuple(c for c in ("B", "C", "M", "N") if c in codes)
    return wmd, "CW" in codes


def parse_eul(data: bytes, where: str) -> Adapted:
    sheets = read_workbook(data, where)
    entries: list[ListEntry] = []
    seen: dict[str, str] = {}
    used = 0
    for sheet in sheets:
        found = _find_header(sheet, EUL_COLUMNS, EUL_REQUIRED, where)
        if found is None:
            continue
        used += 1
        start, cols = found
        header = sheet.rows[start][1]
        names = {f: " ".join(header[i].split()) for f, i in cols.items()}
        for number, row in sheet.rows[start + 1 :]:
            if not any(c.strip() for c in row):
                continue
            at = _at(sheet, number)
            country_text = _cell(row, cols, "country")
            code = country_code(country_text.split("\n")[0]) or country_in(country_text)
            if not code:
                raise InvalidInput(
                    _("unknown country or region {value!r}").format(value=country_text),
                    source=where,
                    where=_("{where}, field {field}").format(where=at, field=names["country"]),
                )
            lines = split_names([_cell(row, cols, "name")], r"\n")
            latin = [n for n in lines if is_latin(n)]
            aliases = split_names([_cell(row, cols, "aliases")], r"[\n;]")
            wmd, cw = _wmd(_cell(row, cols, "wmd"), at, names["wmd"], where)
            e = entry(
                source=where,
                where=at,
                no=_cell(row, cols, "no"),
                name=latin[0] if latin else (lines[0] if lines else ""),
                country=code,
                country_name=country_text.split("\n")[-1].strip(),
                local_names=[n for n in lines if not is_latin(n)]
                + [a for a in aliases if not is_latin(a)],
                aliases=latin[1:] + [a for a in aliases if is_latin(a)],
                wmd=wmd,
                cw=cw,
                fields={k: v for k, v in names.items()} | {"local_names": names["name"]},
            )
            check_unique(seen, e.no, at, where, names["no"])
            entries.append(e)
    if not used:
        raise _no_sheet(sheets, _("the End User List"), where)
    if not entries:
        raise InvalidInput(_("no entries"), source=where)
    return Adapted(EUL, tuple(entries), None, "jp-eul")


__all__ = ["EUL", "MOF", "column_letter", "detect", "parse_eul", "parse_mof"]

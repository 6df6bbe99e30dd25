"""Reading the cells of an Excel workbook (.xlsx) with the standard library only.

An .xlsx file is a zip of XML parts (ECMA-376): ``xl/workbook.xml`` names the sheets,
``xl/_rels/workbook.xml.rels`` says which part holds each, ``xl/sharedStrings.xml`` holds
the strings the cells point to. Only cell *values* are read (strings, numbers, booleans,
inline strings, formulas' cached results); styles, merged cells and formulas are not.
A workbook that is not a zip, lacks a part or holds a document type declaration is refused
with a message that names the file and the part.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
MAX_UNPACKED = 200_000_000  # bytes, all parts together: a larger "workbook" is refused
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number as Excel shows it, cells)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _xml(z: zipfile.ZipFile, part: str, where: str) -> ET.Element:
    try:
        data = z.read(part)
    except KeyError:
        raise InvalidInput(
            _("not an Excel workbook: the part {part} is missing").format(part=part), source=where
        ) from None
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InvalidInput(
            _("the workbook part {part} declares a document type; refused").format(part=part),
            source=where,
        )
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInput(
            _("the workbook part {part} is not well-formed XML ({error})").format(
                part=part, error=exc
            ),
            source=where,
        ) from None


def _text(el: ET.Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{{{_NS['m']}}}t"))


def read_workbook(data: bytes, where: str) -> list[Sheet]:
    """Every sheet's rows (cell values as text, empty cells ""), in workbook order."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidInput(
            _("not an Excel workbook (.xlsx): not a zip file"), source=where
        ) from None
    with z:
        if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
            raise InvalidInput(_("the workbook unpacks to more than 200 MB; refused"), source=where)
        book = _xml(z, "xl/workbook.xml", where)
        rels = _xml(z, "xl/_rels/workbook.xml.rels", where)
        targets = {
            r.get("Id"): (r.get("Target") or "") for r in rels.findall("rel:Relationship", _NS)
        }
        shared: list[str] = []
        if "xl/sharedStrings.xml" in z.namelist():
            sst = _xml(z, "xl/sharedStrings.xml", where)
            shared = [_text(si) for si in sst.findall("m:si", _NS)]
        sheets: list[Sheet] = []
        for sh in book.findall("m:sheets/m:sheet", _NS):
            name = sh.get("name") or ""
            target = targets.get(sh.get(f"{{{_NS['r']}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            sheets.append(Sheet(name, _rows(_xml(z, part, where), shared, where, name)))
    return sheets


def _rows(
    root: ET.Element, shared: list[str], where: str, sheet: str
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    out: list[tuple[int, tuple[str, ...]]] = []
    for n, row in enumerate(root.iterfind("m:sheetData/m:row", _NS), start=1):
        number = int(row.get("r") or n)
        cells: dict[int, str] = {}
        for pos, c in enumerate(row.findall("m:c", _NS)):
            ref = _REF.match(c.get("r") or "")
            col = _column_index(ref.group(1)) if ref else pos
            kind = c.get("t") or "n"
            v = c.find("m:v", _NS)
            if kind == "inlineStr":
                is_ = c.find("m:is", _NS)
                value = _text(is_) if is_ is not None else ""
            elif v is None or v.text is None:
                value = ""
            elif kind == "s":
                try:
                    value = shared[int(v.text)]
                except (ValueError, IndexError):
                    raise InvalidInput(
                        _("cell {cell} points to a text that the workbook does not have").format(
                            cell=c.get("r") or "?"
                        ),
                        source=where,
                        where=_("sheet {sheet}").format(sheet=sheet),
                    ) from None
            elif kind == "b":
                value = "TRUE" if v.text == "1" else "FALSE"
            else:
                value = v.text
                if kind == "n" and value.endswith(".0"):
                    value = value[:-2]
            cells[col] = value
        width = max(cells) + 1 if cells else 0
        out.append((number, tuple(cells.get(i, "") for i in range(width))))
    return tuple(out)


def write_workbook(sheets: list[tuple[str, list[list[str]]]]) -> bytes:
    """A minimal .xlsx of string cells (shared strings, as Excel writes them): used to make
    test fixtures, and by nothing at run time."""
    strings: list[str] = []
    index: dict[str, int] = {}

    def sid(s: str) -> int:
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    parts: dict[str, str] = {}
    sheet_xml = []
    for i, (_name, rows) in enumerate(sheets, start=1):
        lines = []
        for r, row in enumerate(rows, start=1):
            cells = "".join(
                f'<c r="{column_letter(c)}{r}" t="s"><v>{sid(v)}</v></c>'
                for c, v in enumerate(row)
                if v != ""
            )
            lines.append(f'<row r="{r}">{cells}</row>')
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_NS["m"]}"><sheetData>{"".join(lines)}</sheetData></worksheet>'
        )
        sheet_xml.append(f'<sheet name="{esc(_name)}" sheetId="{i}" r:id="rId{i}"/>')
    n = len(sheets)
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_NS["m"]}" xmlns:r="{_NS["r"]}"><sheets>{"".join(sheet_xml)}'
        "</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    rels += (
        f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_NS["rel"]}">{rels}</Relationships>'
    )
    sis = "".join(f'<si><t xml:space="preserve">{esc(s)}</t></si>' for s in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{_NS["m"]}" count="{len(strings)}" uniqueCount="{len(strings)}">{sis}</sst>'
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_NS["rel"]}"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in (
            "[Content_Types].xml",
            "_rels/.rels",
            *sorted(k for k in parts if k[0] != "[" and k[0] != "_"),
        ):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])
    return buf.getvalue()

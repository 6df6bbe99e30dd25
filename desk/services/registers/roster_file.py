"""Reading a roster as the university sends it — an Excel workbook from the student office,
a CSV file from HR — into checked rows: which column means which field (recognised from
Japanese or English headers, or given), and each cell's value checked.

A bad roster is refused whole: the first problem raises
:class:`~desk.domain.errors.InvalidInput` naming the file, the sheet, the row and the column
(``roster.xlsx: sheet 名簿, row 7, column D (生年月日): not a date``). Excel is read with
openpyxl (values, never formulas: a cell holding a formula is refused).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.domain.countries import find_countries, is_country
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.wareki import ERAS

# field → the headers that plainly mean it (compared after NFKC, case folding and with
# spaces, brackets and punctuation dropped)
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("氏名", "名前", "氏名(漢字)", "氏名漢字", "name", "full name", "fullname"),
    "name_latin": (
        "氏名(ローマ字)",
        "氏名(英字)",
        "氏名(英語)",
        "ローマ字氏名",
        "英字氏名",
        "ローマ字",
        "name (latin)",
        "latin name",
        "name in latin",
        "name (roman)",
        "romanized name",
        "english name",
        "name (english)",
    ),
    "reading": (
        "フリガナ",
        "ふりがな",
        "よみ",
        "よみがな",
        "氏名(カナ)",
        "氏名(フリガナ)",
        "カナ氏名",
        "カナ",
        "reading",
        "kana",
        "name (kana)",
    ),
    "born_on": (
        "生年月日",
        "誕生日",
        "date of birth",
        "birth date",
        "birthdate",
        "dob",
        "birthday",
    ),
    "nationalities": ("国籍", "nationality", "nationalities", "citizenship"),
    "affiliation": (
        "所属",
        "所属機関",
        "所属先",
        "原籍機関",
        "affiliation",
        "organization",
        "organisation",
        "home institution",
        "institution",
    ),
    "role": ("身分", "区分", "身分区分", "status", "role", "category", "position"),
    "department": (
        "部局",
        "所属部局",
        "研究科",
        "学部・研究科",
        "department",
        "faculty",
        "school",
    ),
    "roster_id": (
        "学籍番号",
        "学生番号",
        "職員番号",
        "個人番号",
        "番号",
        "student id",
        "staff id",
        "student number",
        "staff number",
        "employee number",
        "employee id",
        "id",
    ),
    "email": ("メールアドレス", "メール", "e-mail", "email", "email address", "mail"),
    "visa_status": (
        "在留資格",
        "visa status",
        "status of residence",
        "residence status",
        "visa",
    ),
    "stay_from": ("在留期間(開始)", "受入開始日", "受入期間(開始)", "stay from", "arrival", "from"),
    "stay_until": (
        "在留期限",
        "在留期間満了日",
        "在留期間(終了)",
        "受入終了日",
        "受入期間(終了)",
        "stay until",
        "visa expiry",
        "until",
    ),
    "host": ("受入教員", "指導教員", "受入研究者", "host", "supervisor", "host faculty member"),
    "country": ("居住国", "country of residence", "country"),
    "notes": ("備考", "notes", "remarks", "note"),
}
FIELDS = tuple(HEADERS)
ROSTER_HEADERS = HEADERS  # the name the services package exports
_DATES = ("born_on", "stay_from", "stay_until")

# 身分 as rosters write it → the register's role
ROLE_WORDS: dict[str, str] = {
    "学生": "student",
    "学部生": "student",
    "大学院生": "student",
    "留学生": "student",
    "修士": "student",
    "博士": "student",
    "研究生": "student",
    "student": "student",
    "undergraduate": "student",
    "graduate student": "student",
    "研究員": "researcher",
    "研究者": "researcher",
    "教員": "researcher",
    "教授": "researcher",
    "准教授": "researcher",
    "講師": "researcher",
    "助教": "researcher",
    "ポスドク": "researcher",
    "特任研究員": "researcher",
    "researcher": "researcher",
    "faculty": "researcher",
    "postdoc": "researcher",
    "professor": "researcher",
    "職員": "staff",
    "事務職員": "staff",
    "技術職員": "staff",
    "staff": "staff",
    "訪問研究者": "visitor",
    "外国人研究者": "visitor",
    "来訪者": "visitor",
    "訪問者": "visitor",
    "visitor": "visitor",
    "visiting researcher": "visitor",
    "visiting scholar": "visitor",
    "共同研究者": "foreign_collaborator",
    "foreign collaborator": "foreign_collaborator",
    "collaborator": "foreign_collaborator",
}


def header_key(text: str) -> str:
    """A header compared: NFKC, case-folded, brackets, spaces and punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if c.isalnum())


_HEADER_INDEX = {header_key(h): f for f, hs in HEADERS.items() for h in hs}


@dataclass(frozen=True)
class RosterRow:
    """One roster row, checked: ``values`` are register fields (``affiliation`` a name)."""

    number: int  # the row number as the spreadsheet shows it
    values: Mapping[str, Any]

    @property
    def where(self) -> str:
        return _("row {row}").format(row=self.number)


@dataclass(frozen=True)
class Roster:
    """A roster read: its file, sheet, the mapping used (field → column header) and rows."""

    source: str
    sheet: str | None
    mapping: Mapping[str, str]
    rows: tuple[RosterRow, ...] = ()
    unmapped: tuple[str, ...] = field(default=())  # headers that mean no field

    def place(self, row: int) -> str:
        if self.sheet:
            return _("sheet {sheet}, row {row}").format(sheet=self.sheet, row=row)
        return _("row {row}").format(row=row)


def _column_letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _column_index(letter: str) -> int | None:
    if not re.fullmatch(r"[A-Za-z]{1,3}", letter):
        return None
    n = 0
    for c in letter.upper():
        n = n * 26 + ord(c) - 64
    return n - 1


def detect_mapping(
    headers: Sequence[str], given: Mapping[str, str] | None = None, *, source: str = ""
) -> dict[str, int]:
    """field → column index: recognised headers, overridden by ``given`` (field → a header
    as written or a column letter; an empty value drops the field)."""
    out: dict[str, int] = {}
    for i, h in enumerate(headers):
        f = _HEADER_INDEX.get(header_key(h or ""))
        if f is not None and f not in out:
            out[f] = i
    for f, column in (given or {}).items():
        if f not in HEADERS:
            raise InvalidInput(
                _("not a roster field: {field} (one of: {fields})").format(
                    field=f, fields=", ".join(FIELDS)
                ),
                source=source,
                where="--map",
            )
        if not column:
            out.pop(f, None)
            continue
        found = [i for i, h in enumerate(headers) if (h or "").strip() == column.strip()]
        if not found:
            found = [i for i, h in enumerate(headers) if header_key(h or "") == header_key(column)]
        if not found:
            index = _column_index(column)
            found = [index] if index is not None and index < len(headers) else []
        if not found:
            raise InvalidInput(
                _("no column {column} in the roster (its columns: {headers})").format(
                    column=column, headers=", ".join(h for h in headers if h)
                ),
                source=source,
                where="--map",
            )
        out[f] = found[0]
    if "name" not in out and "name_latin" not in out:
        raise InvalidInput(
            _(
                "the roster has no name column (氏名 / Name or 氏名（ローマ字） / Name (Latin)); "
                "name it with --map name=COLUMN"
            ),
            source=source,
        )
    return out


def read_roster(
    path: Path | str,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
) -> Roster:
    """Read and check a roster (``.xlsx`` or ``.csv``); refuse it whole at the first bad cell."""
    path = Path(path)
    source = path.name
    if not path.is_file():
        raise InvalidInput(_("no such file"), source=str(path))
    suffix = path.suffix.casefold()
    if suffix in (".xlsx", ".xlsm"):
        sheet_name, table = _xlsx_table(path, sheet)
    elif suffix in (".csv", ".txt"):
        sheet_name, table = None, _csv_table(path)
    else:
        raise InvalidInput(
            _("not a roster: give an Excel workbook (.xlsx) or a CSV file (.csv)"), source=source
        )
    # the header row: the first row with a recognised name column
    header_at = 0
    for i, row in enumerate(table[:20]):
        fields = {_HEADER_INDEX.get(header_key(str(c.value or ""))) for c in row}
        if fields & {"name", "name_latin"}:
            header_at = i
            break
    if not table:
        raise InvalidInput(_("the roster is empty"), source=source)
    headers = [str(c.value).strip() if c.value is not None else "" for c in table[header_at]]
    columns = detect_mapping(headers, mapping, source=source)
    rows: list[RosterRow] = []
    place = Roster(source, sheet_name, {}).place
    for row in table[header_at + 1 :]:
        if all(c.value is None or str(c.value).strip() == "" for c in row):
            continue
        number = row[0].row if row else 0
        values: dict[str, Any] = {}
        for f, index in columns.items():
            cell = row[index] if index < len(row) else _Cell(None, number)
            where = "{place}, {column}".format(
                place=place(number),
                column=_("column {letter} ({header})").format(
                    letter=_column_letter(index), header=headers[index]
                ),
            )
            try:
                value = _value(f, cell)
            except InvalidInput as exc:
                raise InvalidInput(exc.detail, source=source, where=where) from None
            if value not in (None, "", []):
                values[f] = value
        if not values.get("name") and not values.get("name_latin"):
            column = columns.get("name", columns.get("name_latin", 0))
            raise InvalidInput(
                _("this field is required"),
                source=source,
                where="{place}, {column}".format(
                    place=place(number),
                    column=_("column {letter} ({header})").format(
                        letter=_column_letter(column), header=headers[column]
                    ),
                ),
            )
        if not values.get("name"):
            values["name"] = values["name_latin"]
        rows.append(RosterRow(number, values))
    mapped = {f: headers[i] or _column_letter(i) for f, i in columns.items()}
    unmapped = tuple(h for i, h in enumerate(headers) if h and i not in columns.values())
    return Roster(source, sheet_name, mapped, tuple(rows), unmapped)


# --------------------------------------------------------------------------- reading cells


@dataclass(frozen=True)
class _Cell:
    value: Any
    row: int
    formula: bool = False


def _xlsx_table(path: Path, sheet: str | None) -> tuple[str, list[list[_Cell]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(
            _("not an Excel workbook (.xlsx): {error}").format(error=exc), source=path.name
        ) from None
    except Exception as exc:  # zipfile.BadZipFile and the like: a damaged file
        raise InvalidInput(
            _("not an Excel workbook (.xlsx): {error}").format(error=type(exc).__name__),
            source=path.name,
        ) from None
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise InvalidInput(
                    _("no sheet {sheet} (the workbook has: {sheets})").format(
                        sheet=sheet, sheets=", ".join(book.sheetnames)
                    ),
                    source=path.name,
                )
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        table: list[list[_Cell]] = []
        for number, row in enumerate(ws.iter_rows(), start=1):
            table.append(
                [
                    _Cell(
                        c.value,
                        number,
                        formula=getattr(c, "data_type", None) == "f"
                        or (isinstance(c.value, str) and c.value.startswith("=")),
                    )
                    for c in row
                ]
            )
        return ws.title, table
    finally:
        book.close()


def _csv_table(path: Path) -> list[list[_Cell]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(_("not UTF-8 or Shift_JIS text"), source=path.name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    return [
        [_Cell(v if v != "" else None, n, formula=v.startswith("=")) for v in row]
        for n, row in enumerate(rows, start=1)
    ]


def _value(f: str, cell: _Cell) -> Any:
    if cell.formula:
        raise InvalidInput(_("a formula where a value should be: {value}").format(value=cell.value))
    value = cell.value
    if value is None:
        return None
    if f in _DATES:
        return parse_date(value)
    if isinstance(value, (dt.datetime, dt.date)):
        raise InvalidInput(_("a date where text should be"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    if any(ord(c) < 32 for c in text):
        raise InvalidInput(_("control characters are not allowed"))
    if len(text) > 300:
        raise InvalidInput(
            _("too long: at most {limit} characters, got {n}").format(limit=300, n=len(text))
        )
    if f == "nationalities":
        return parse_countries(text)
    if f == "country":
        codes = parse_countries(text)
        if len(codes) != 1:
            raise InvalidInput(_("not one country: {value}").format(value=text))
        return codes[0]
    if f == "role":
        role = ROLE_WORDS.get(text.casefold()) or ROLE_WORDS.get(header_key(text))
        if role is None:
            raise InvalidInput(
                _("unknown status {value!r} (student, researcher, staff, visitor…)").format(
                    value=text
                )
            )
        return role
    return text


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)
_ERA_LETTERS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}
_ERA = re.compile(
    r"(令和|平成|昭和|大正|明治|[RHSTM])\.?(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?"
)


def parse_date(value: Any) -> dt.date:
    """A date cell: an Excel date, ``2001-04-02``, ``2001/4/2``, ``2001年4月2日`` or 和暦
    (``平成13年4月2日``, ``H13.4.2``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    try:
        for pattern in _DATE_PATTERNS:
            found = pattern.fullmatch(text)
            if found:
                return dt.date(*(int(g) for g in found.groups()))
        found = _ERA.fullmatch(text.upper() if text[:1].isascii() else text)
        if found:
            name = _ERA_LETTERS.get(found.group(1), found.group(1))
            start = next(day for day, era in ERAS if era == name)
            year = 1 if found.group(2) == "元" else int(found.group(2))
            return dt.date(start.year + year - 1, int(found.group(3)), int(found.group(4)))
    except ValueError:
        pass
    raise InvalidInput(_("not a date (YYYY-MM-DD, YYYY/MM/DD or 和暦): {value}").format(value=text))


def parse_countries(text: str) -> list[str]:
    """``CN``, ``中国``, ``China``, several joined by ``,`` ``;`` ``/`` ``・`` or ``、``."""
    out: list[str] = []
    for part in re.split(r"[,;/・、，]", text):
        part = part.strip()
        if not part:
            continue
        code = part.upper() if is_country(part.upper()) else None
        if code is None:
            found = find_countries(part)
            exact = [
                c for c in found if header_key(part) in {header_key(n) for n in _country_names(c)}
            ]
            code = exact[0] if exact else (found[0] if len(found) == 1 else None)
        if code is None:
            raise InvalidInput(_("unknown country: {value}").format(value=part))
        if code not in out:
            out.append(code)
    return out


def _country_names(code: str) -> tuple[str, ...]:
    from desk.domain.countries import country_name

    return (code, country_name(code, "en"), country_name(code, "ja"))

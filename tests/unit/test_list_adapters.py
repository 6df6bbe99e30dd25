"""List adapters (desk.screening.adapters): each published format read into desk's list
model from the small real-format extracts in tests/fixtures/lists (README there), and each
broken file refused with a message that names the file, the row (or element) and the field."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.domain.errors import InvalidInput
from desk.domain.i18n import set_language
from desk.screening import Matcher
from desk.screening.adapters import adapt, country_code, detect_format, read_list_file
from desk.screening.adapters.common import country_in, entry, is_latin, split_names
from desk.screening.adapters.xlsx import column_letter, read_workbook, write_workbook
from desk.screening.model import ListEntry
from desk.screening.versions import entry_fingerprint

FIX = Path(__file__).parents[1] / "fixtures" / "lists"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield


def by_no(path: str, **kw: str) -> dict[str, ListEntry]:
    lst, _a = read_list_file(FIX / path, **kw)  # type: ignore[arg-type]
    return {e.no: e for e in lst.entries}


def refused(path: Path | str, fmt: str | None = None) -> str:
    with pytest.raises(InvalidInput) as exc:
        read_list_file(path if isinstance(path, Path) else FIX / path, fmt=fmt)
    return str(exc.value)


# --------------------------------------------------------------------------- formats


def test_un_xml_entities_and_individuals() -> None:
    lst, adapted = read_list_file(FIX / "un-consolidated.xml")
    assert (adapted.format, lst.id, lst.version) == ("un-xml", "un-sc", "2025-10-01")
    assert adapted.published == dt.date(2025, 10, 1)
    assert len(lst.entries) == 13 and not lst.has_categories
    e = {x.no: x for x in lst.entries}
    komid = e["KPe.001"]
    assert komid.name == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert komid.country == "KP" and komid.program == "DPRK"
    assert "KOMID" in komid.aliases and "CHANGGWANG SINYONG CORPORATION" in komid.aliases
    # the UN's "Low" quality aliases are left out; empty alias elements too
    assert e["KPe.007"].aliases == ("NCG", "NAMCHONGANG TRADING", "NAM CHON GANG CORPORATION")
    assert e["KPe.006"].aliases == ()
    # the address's country, by its formal name; individuals by nationality
    assert (
        e["KPe.008"].country == "IR" and e["KPe.008"].country_name == "Iran (Islamic Republic of)"
    )
    assert e["IRe.001"].program == "Iran"
    ri = e["KPi.003"]
    assert (ri.name, ri.local_names, ri.country) == ("RI JE SON", ("리제선",), "KP")
    assert e["KPi.004"].name == "HWANG SOK HWA"


def test_us_csl_csv_and_json_read_the_same_entries() -> None:
    csv_list, a = read_list_file(FIX / "us-csl.csv")
    json_list, b = read_list_file(FIX / "us-csl.json")
    assert (a.format, b.format, csv_list.id) == ("us-csl", "us-csl", "us-csl")
    assert a.published is None and b.published == dt.date(2025, 9, 30)
    assert csv_list.entries == json_list.entries
    e = {x.name: x for x in csv_list.entries}
    hit = e["Harbin Institute of Technology"]
    assert hit.country == "CN" and hit.aliases == ("Harbin Gongye Daxue", "HIT")
    assert hit.program == "Entity List (EL) - Bureau of Industry and Security"
    assert len(hit.no) == 40  # the list's own _id
    # local-script alt names become local names
    assert e["Northwestern Polytechnical University"].local_names == ("西北工业大学",)
    ros = e["ROSOBORONEXPORT"]
    assert ros.country == "RU" and ros.local_names == ("АО РОСОБОРОНЭКСПОРТ",)
    assert ros.program.startswith("Specially Designated Nationals")


def test_mof_workbook_sheets_are_programs() -> None:
    lst, a = read_list_file(FIX / "mof-sanctions.xlsx")
    assert (a.format, lst.id) == ("mof-xlsx", "jp-mof")
    e = {x.no: x for x in lst.entries}
    assert len(e) == 12  # the cover sheet 説明 is skipped
    komid = e["北朝鮮:1"]
    assert komid.name == "Korea Mining Development Trading Corporation"
    assert komid.local_names == ("朝鮮鉱業開発貿易会社",)
    assert komid.country == "KP" and komid.program == "北朝鮮"
    assert komid.aliases[0] == "KOMID"
    assert e["北朝鮮:6"].country == "KP"  # 国籍 before 住所
    assert e["ロシア:4"].aliases == ("Rostec", "Ростех") and e["ロシア:4"].country == "RU"


def test_eul_workbook_matches_the_shipped_csv() -> None:
    from desk.screening import builtin_list

    lst, a = read_list_file(FIX / "eul.xlsx")
    assert (a.format, lst.id) == ("eul-xlsx", "jp-eul") and lst.has_categories
    shipped = {e.no: e for e in builtin_list().entries}
    for e in lst.entries:
        assert entry_fingerprint(e) == entry_fingerprint(shipped[e.no]), e.no


def test_screening_says_which_list_and_program_matched() -> None:
    lists = [
        read_list_file(FIX / n)[0]
        for n in ("un-consolidated.xml", "us-csl.csv", "mof-sanctions.xlsx")
    ]
    hits = Matcher(lists).screen("Korea Mining Development Trading Corp.", "KP")
    found = {(h.list_id, h.program) for h in hits if h.band == "match"}
    assert found == {
        ("un-sc", "DPRK"),
        ("us-csl", "Specially Designated Nationals (SDN) - Treasury Department"),
        ("jp-mof", "北朝鮮"),
    }
    assert all(h.to_json()["program"] for h in hits)
    # an entry without a country is not "another country"
    hit = Matcher(lists).screen("端川商業銀行", "KP")[0]
    assert hit.list_id == "jp-mof" and hit.band == "match"


def test_detection_by_content_not_name(tmp_path: Path) -> None:
    for name, fmt in (
        ("un-consolidated.xml", "un-xml"),
        ("us-csl.csv", "us-csl"),
        ("us-csl.json", "us-csl"),
        ("mof-sanctions.xlsx", "mof-xlsx"),
        ("eul.xlsx", "eul-xlsx"),
    ):
        copy = tmp_path / "download.bin"
        copy.write_bytes((FIX / name).read_bytes())
        assert detect_format(copy.read_bytes(), "x") == fmt
        assert read_list_file(copy)[1].format == fmt
    assert detect_format(b"no,country,country_name,name,local_names,aliases,wmd,cw\n", "x") == "csv"
    with pytest.raises(InvalidInput, match="--format"):
        detect_format(b"hello,world\n1,2\n", "f.txt")


# --------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("un-broken.xml", None, "un-broken.xml: line 217, column 5: not well-formed XML"),
        (
            "un-missing-reference.xml",
            None,
            "ENTITY no. 3 (DATAID 110409), field REFERENCE_NUMBER: empty entry number",
        ),
        (
            "us-csl-missing-column.csv",
            None,
            "us-csl-missing-column.csv: header: missing column(s): name",
        ),
        ("us-csl-bad-field.json", None, "results[2], field alt_names: expected a list"),
        (
            "mof-wrong-sheet.xlsx",
            "mof-xlsx",
            "no sheet has the header row of the MOF sanctions list (sheets: 説明, Sheet2)",
        ),
        ("mof-missing-column.xlsx", None, "sheet 北朝鮮, row 1: missing column(s): 英語表記"),
        (
            "eul-bad-category.xlsx",
            None,
            "sheet End User List, row 6, field 懸念区分 Type of WMD: unknown concern category 'X'",
        ),
        ("not-a-workbook.xlsx", None, "not-a-workbook.xlsx: not an Excel workbook (.xlsx)"),
        ("mof-wrong-sheet.xlsx", None, "cannot tell the list's format"),
        ("us-csl.csv", "un-xml", "not well-formed XML"),
        ("un-consolidated.xml", "eul-xlsx", "not an Excel workbook"),
    ],
)
def test_broken_files_name_file_row_and_field(name: str, fmt: str | None, expected: str) -> None:
    message = refused(name, fmt)
    assert expected in message
    assert str(FIX / name) in message


def test_bad_cases_built_here(tmp_path: Path) -> None:
    un = (FIX / "un-consolidated.xml").read_text(encoding="utf-8")
    p = tmp_path / "dup.xml"
    p.write_text(un.replace("KPe.002", "KPe.001"), encoding="utf-8")
    assert (
        "ENTITY no. 2 (DATAID 110408), field REFERENCE_NUMBER: duplicate entry number 'KPe.001'"
        in refused(p)
    )
    p.write_text(
        un.replace("<CONSOLIDATED_LIST ", "<OTHER_LIST ").replace(
            "</CONSOLIDATED_LIST>", "</OTHER_LIST>"
        )
    )
    assert "root element is OTHER_LIST" in refused(p)
    p.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST/>')
    assert "document type" in refused(p)
    p.write_text(un.replace("KOREA TANGUN TRADING CORPORATION", ""), encoding="utf-8")
    assert "ENTITY no. 6 (DATAID 110412), field FIRST_NAME: empty name" in refused(p)
    p.write_text("<CONSOLIDATED_LIST><ENTITIES/></CONSOLIDATED_LIST>")
    assert "no entries" in refused(p)

    doc = json.loads((FIX / "us-csl.json").read_text(encoding="utf-8"))
    j = tmp_path / "c.json"
    doc["results"][1]["name"] = "x" * 501
    j.write_text(json.dumps(doc))
    assert "results[1], field name: too long" in refused(j)
    doc["results"][1] = "oops"
    j.write_text(json.dumps(doc))
    assert "results[1]: a record is not an object" in refused(j)
    j.write_text('{"results": [')
    assert "not valid JSON" in refused(j) and "line 1" in refused(j)
    j.write_text('{"total": 0}')
    assert 'expected a "results" array' in refused(j)
    j.write_bytes(b'{"results": ["\xff"]}')
    assert "not UTF-8" in refused(j)

    c = tmp_path / "c.csv"
    lines = (FIX / "us-csl.csv").read_text(encoding="utf-8").splitlines()
    c.write_text("\n".join([lines[0], lines[1], lines[1]]) + "\n")
    message = refused(c)
    assert message.startswith(f"{c}: row 3, field _id: duplicate entry number")
    assert message.endswith("(also at row 2)")
    c.write_text("\n".join([lines[0], lines[1] + ",extra"]) + "\n")
    assert "row 2: has 30 fields, the header has 29" in refused(c)
    c.write_text(lines[0] + "\n")
    assert "no entries" in refused(c)


def test_workbook_reader(tmp_path: Path) -> None:
    data = write_workbook([("A", [["x", "", "z"], [], ["1"]]), ("B", [["&<>"]])])
    sheets = read_workbook(data, "w.xlsx")
    assert [s.name for s in sheets] == ["A", "B"]
    assert sheets[0].rows == ((1, ("x", "", "z")), (2, ()), (3, ("1",)))
    assert sheets[1].rows == ((1, ("&<>",)),)
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    with pytest.raises(InvalidInput, match=r"part xl/workbook\.xml is missing"):
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("other.xml", "<a/>")
        read_workbook(buf.getvalue(), "w.xlsx")


def test_country_names() -> None:
    assert country_code("Democratic People's Republic of Korea") == "KP"
    assert country_code("Iran (Islamic Republic of)") == "IR"
    assert country_code("ロシア連邦") == "RU" and country_code("北朝鮮") == "KP"
    assert country_code("cn") == "CN" and country_code("Atlantis") == ""
    # typographic apostrophes, a leading "the", a trailing full stop
    assert country_code("Democratic People’s Republic of Korea") == "KP"
    assert country_code("the Gambia") == "GM" and country_code("Russian Federation.") == "RU"
    assert country_in("92 West Dazhi Street, Harbin, CN") == "CN"
    assert country_in("ロシア連邦 モスクワ") == "RU"
    assert country_in("nowhere") == ""
    # the longest name found wins: South Sudan is not Sudan, Nigeria not Niger
    assert country_in("Juba South Sudan") == "SS"
    assert country_in("Lagos Nigeria") == "NG"
    assert split_names(["a; b\nc | a"]) == ("a", "b", "c")
    # list bullets and dashes around a name go, its own letters stay
    assert split_names(["・KOMID\n- NCG -", "SPACEX"]) == ("KOMID", "NCG", "SPACEX")
    # two characters are a code only when they are one; else a name (中国 is China)
    assert country_code("中国") == "CN" and country_code("ZZ") == ""
    # Latin letters end where the IPA extensions begin (U+0250)
    assert is_latin("Ģēōŗģē ŀ") and not is_latin("ɐ") and not is_latin("123")


def test_entry_checks() -> None:
    ok = entry(source="f", where="row 2", no=" 7 ", name=" A  B ", aliases=["A B", "C", "C"])
    assert (ok.no, ok.name, ok.aliases) == ("7", "A B", ("C",))
    with pytest.raises(InvalidInput, match="row 2, field REF: empty entry number"):
        entry(source="f", where="row 2", no="", name="A", fields={"no": "REF"})
    with pytest.raises(InvalidInput, match="row 2, field no: too long"):
        entry(source="f", where="row 2", no="1" * 51, name="A")
    with pytest.raises(InvalidInput, match="row 2, field aliases: contains"):
        entry(source="f", where="row 2", no="1", name="A", aliases=["x\x00y"])
    with pytest.raises(InvalidInput, match="row 2, field local_names: contains"):
        entry(source="f", where="row 2", no="1", name="A", local_names=["x\x00y"])
    with pytest.raises(InvalidInput, match="row 2, field aliases: too long: 501"):
        entry(source="f", where="row 2", no="1", name="A", aliases=["b" * 501])
    with pytest.raises(InvalidInput, match="row 2, field country_name: contains"):
        entry(source="f", where="row 2", no="1", name="A", country_name="North\nKorea")
    plain = entry(source="f", where="r", no="1", name="A")
    assert (plain.country, plain.country_name, plain.cw, plain.program) == ("", "", False, "")
    # the name and local names together hold the stored search key's 2,000 characters
    at_limit = entry(source="f", where="r", no="1", name="n" * 500, local_names=["l" * 499] * 3)
    assert len(at_limit.local_names) == 1  # the same local name once
    three = [c * 499 for c in "xyz"]
    assert entry(source="f", where="r", no="1", name="n" * 500, local_names=three).local_names
    with pytest.raises(
        InvalidInput, match="r, field name: too long: the names make more than 2000 characters"
    ):
        entry(source="f", where="r", no="1", name="n" * 500, local_names=[*three, "w" * 10])


def test_program_changes_the_fingerprint_only_where_there_is_one() -> None:
    a = ListEntry(no="1", country="CN", name="X")
    assert entry_fingerprint(a) == entry_fingerprint(ListEntry(no="2", country="CN", name="X"))
    b = ListEntry(no="1", country="CN", name="X", program="Entity List")
    assert entry_fingerprint(a) != entry_fingerprint(b)


def test_adapt_refuses_an_unknown_format() -> None:
    with pytest.raises(InvalidInput, match="unknown list format 'pdf'"):
        adapt(b"", "pdf", "x")

"""Input limits (issue 15): valid JSON that no record may hold is refused, naming file and key.

Measured before: a lone surrogate in any string crashed 9 of 9 commands (exit 1, also in
``desk assess`` output), an integer of 10^400 raised OverflowError, ISO week dates were
accepted, and control characters reached the terminal raw.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from desk.cli import main as cli_main
from desk.domain.case import loads_case
from desk.domain.errors import InvalidInput
from desk.domain.limits import strict_date, terminal_safe
from desk.screening.listfile import parse_list_csv

MINIMAL = {
    "format": "desk-case/1",
    "id": "T1",
    "technology": {"classification": "listed", "item": "7"},
    "recipient": {"name": "王 子涵", "nationalities": ["CN"]},
}


def _text(patch: dict[str, object], raw_tail: str | None = None) -> str:
    d = json.loads(json.dumps(MINIMAL))
    for dotted, value in patch.items():
        keys = dotted.split(".")
        target = d
        for k in keys[:-1]:
            target = target.setdefault(k, {})
        target[keys[-1]] = value
    return json.dumps(d)  # ensure_ascii: "\ud800" stays an escape, as an attacker writes it


@pytest.mark.parametrize(
    ("patch", "where", "what"),
    [
        ({"recipient.name": "A\ud800B"}, "recipient.name", "surrogate"),
        ({"id": "T\u0000"}, "id", "NUL"),
        ({"id": "T1\n| fake | row"}, "id", "control character U+000A"),
        ({"recipient.name": "\u001b[31mred"}, "recipient.name", "escape character"),
        ({"recipient.nationalities": ["C\u0085N"]}, "recipient.nationalities[0]", "U+0085"),
        ({"notes": "x" * 20_001}, "notes", "too long"),
        ({"recipient.name": "x" * 2_001}, "recipient.name", "too long"),
        ({"as_of": "2026-W36-2"}, "as_of", "not a valid date"),
        ({"as_of": "2026-09-1 "}, "as_of", "not a valid date"),
    ],
)
def test_bad_strings_are_refused_with_the_key(
    patch: dict[str, object], where: str, what: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        loads_case(_text(patch), source="bad.json")
    message = str(info.value)
    assert message.startswith(f"bad.json: {where}: "), message
    assert what in message


def test_absurd_numbers_are_refused_with_the_key() -> None:
    ok = _text({"recipient.intended_stay_years": 7})
    big = ok.replace('"intended_stay_years": 7', '"intended_stay_years": 1' + "0" * 400)
    with pytest.raises(
        InvalidInput, match=r"bad.json: recipient.intended_stay_years: the number has 401"
    ):
        loads_case(big, source="bad.json")
    inf = ok.replace('"intended_stay_years": 7', '"intended_stay_years": 1e400')
    with pytest.raises(
        InvalidInput, match=r"recipient.intended_stay_years: the number is too large"
    ):
        loads_case(inf, source="bad.json")


def test_newlines_stay_allowed_in_free_text() -> None:
    case = loads_case(_text({"notes": "line one\nline two\ttabbed"}), source="ok.json")
    assert case.notes == "line one\nline two\ttabbed"


def test_desk_assess_refuses_a_lone_surrogate_with_exit_2(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli_main, "COMMANDS", {"assess": "desk.cli.assess"})
    path = tmp_path / "surrogate.json"
    path.write_text(_text({"recipient.name": "\ud800"}), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_main.main(["assess", str(path), "--json"])
    assert code == 2 and out.getvalue() == ""
    assert f"{path}: recipient.name: contains a lone surrogate" in err.getvalue()


def test_week_dates_and_compact_dates_are_not_dates() -> None:
    assert str(strict_date("2026-09-01")) == "2026-09-01"
    for text in ("2026-W36-2", "20260901", "2026-09-01T00:00", "２０２６-09-01"):
        with pytest.raises(ValueError):
            strict_date(text)


def test_terminal_text_is_escaped() -> None:
    assert terminal_safe("C1\n| fake | row") == "C1\\n| fake | row"
    assert terminal_safe("\x1b[2J\x1b[31mred") == "\\x1b[2J\\x1b[31mred"
    assert terminal_safe("A\ud800") == "A\\ud800"
    assert terminal_safe("王 子涵 (ok)") == "王 子涵 (ok)"


@pytest.mark.parametrize(
    ("row", "column", "what"),
    [
        ('1,CN,China,"Evil\x1b[31m Corp",,,,', "name", "escape character"),
        ('1,CN,China,"Two\nLines",,,,', "name", "U+000A"),
        ("1,CN,China," + "N" * 501 + ",,,,", "name", "too long"),
        ("1" * 51 + ",CN,China,Name,,,,", "no", "too long"),
        ("1,CN," + "C" * 201 + ",Name,,,,", "country_name", "too long"),
        ("1,CN,China,Name,," + "|".join(["alias" * 40] * 20) + ",,", "aliases", "too long"),
    ],
)
def test_list_cells_are_refused_before_they_reach_the_database(
    row: str, column: str, what: str
) -> None:
    data = ("no,country,country_name,name,local_names,aliases,wmd,cw\n" + row + "\n").encode()
    with pytest.raises(InvalidInput) as info:
        parse_list_csv(data, source="list.csv", list_id="x", version="2026-01-01")
    message = str(info.value)
    assert "list.csv" in message and f"column {column}" in message and what in message


def test_names_files_refuse_control_characters_in_ids() -> None:
    from desk.screening.namesfile import parse_names_csv

    with pytest.raises(InvalidInput, match=r"names.csv: row 2, column id: contains a control"):
        parse_names_csv(b'id,name\n"q1\n| fake",Foo\n', source="names.csv")


def test_the_cli_escapes_control_characters_on_the_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli_main, "COMMANDS", {"screen": "desk.cli.screen"})
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_main.main(["screen", "Evil\x1b[2J\x1b[31m Corp\r\x07"])
    assert code == 0
    assert "\x1b" not in out.getvalue() and "\r" not in out.getvalue()
    assert "Evil\\x1b[2J\\x1b[31m Corp\\x0d\\x07" in out.getvalue()


def test_refusals_in_japanese() -> None:
    from desk.domain.i18n import set_language

    set_language("ja")
    try:
        with pytest.raises(InvalidInput, match="対になっていないサロゲート U\\+D800"):
            loads_case(_text({"recipient.name": "A\ud800"}), source="bad.json")
    finally:
        set_language("en")

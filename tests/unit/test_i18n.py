"""The one translation mechanism: catalogue reading and key Japanese messages."""

from __future__ import annotations

import ast
import re

from desk.domain import i18n
from desk.resources import resource


def test_catalogue_lines_read_as_python_would() -> None:
    text = resource("i18n", "ja.po").read_text(encoding="utf-8")
    quoted = re.findall(r'^(?:msgid |msgstr )?("(?:[^"\\]|\\.)*")\s*$', text, re.M)
    assert len(quoted) > 500
    for chunk in quoted:
        assert i18n._unquote(chunk) == ast.literal_eval(chunk), chunk


def test_japanese_catalogue_translates_the_registries() -> None:
    ja = i18n.translator("ja")
    assert [ja(n) for n in ("Projects", "People", "Organizations", "Cases")] == [
        "プロジェクト",
        "人物",
        "組織",
        "案件",
    ]
    assert i18n.translator("en")("Cases") == "Cases"


def test_escaped_strings_are_unescaped() -> None:
    assert i18n._unquote('"a\\"b\\n"') == 'a"b\n'
    assert i18n._unquote('"plain"') == "plain"

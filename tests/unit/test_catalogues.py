"""The Japanese catalogue is complete and compiled: no message in desk's code is left
untranslated or fuzzy (an outdated translation shown as final), and ``ja.mo`` is what
``ja.po`` says. Fix with ``tools/catalogue.py all`` and a translation (CONTRIBUTING.md)."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desk.resources import resource

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _po():  # type: ignore[no-untyped-def]
    with resource("i18n", "ja.po").open("rb") as f:
        return read_po(f, locale="ja")


def _ids(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_no_japanese_entry_is_untranslated_or_fuzzy() -> None:
    po = _po()
    untranslated = [
        _ids(m.id)
        for m in po
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [_ids(m.id) for m in po if m.id and m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


def test_every_message_in_the_code_is_in_the_japanese_catalogue() -> None:
    found = {
        _ids(message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "desk", keywords=KEYWORDS
        )
    }
    known = {_ids(m.id) for m in _po() if m.id}
    assert sorted(found - known) == []


def test_compiled_catalogue_is_up_to_date_with_its_source() -> None:
    with resource("i18n", "ja.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for m in _po():
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            for i, form in enumerate(m.string):
                expected[(m.id[0], i)] = form
        else:
            expected[m.id] = m.string
    compiled = {k: v for k, v in compiled.items() if k != ""}  # the header
    assert compiled == expected


def test_no_message_is_hidden_inside_an_f_string() -> None:
    """``f"{_('Reasons')}"`` translates at run time but the extractor cannot see it, so its
    entry would silently drop out of the catalogue at the next update."""
    hidden = []
    for path in sorted((ROOT / "desk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for sub in ast.walk(node):
                if (
                    isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Name)
                    and sub.func.id in KEYWORDS
                    and sub.args
                    and isinstance(sub.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{sub.lineno}")
    assert hidden == []

"""desk's message catalogues, with Babel as the development tool (desk reads the compiled
``.mo`` with the standard library's ``gettext`` and needs no Babel at run time).

    .venv/bin/python tools/catalogue.py extract   # desk/ → resources/i18n/desk.pot
    .venv/bin/python tools/catalogue.py update    # desk.pot → ja.po (new entries untranslated)
    .venv/bin/python tools/catalogue.py compile   # ja.po → ja.mo (fuzzy entries left out)
    .venv/bin/python tools/catalogue.py all       # the three in turn

Translate the new (empty) and fuzzy entries in ``ja.po`` between ``update`` and ``compile``,
then remove the ``fuzzy`` flag. ``tests/unit/test_catalogues.py`` fails while an entry is
untranslated or fuzzy, or while ``ja.mo`` is older than what ``ja.po`` says.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
POT = I18N / "desk.pot"
LANGS = ("ja",)
# the functions that mark messages: _(), N_() (mark only) and ngettext(); a message given to a
# translator bound to a language (``t = translator(lang)``) is marked with N_ where it is written
KEYWORDS = ("_", "N_", "ngettext:1,2")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    pybabel(
        "extract",
        "--no-default-keywords",
        *keywords,
        "--no-location",
        "--sort-output",
        "--project",
        "desk",
        "--version",
        version("desk"),
        "--width",
        "100",
        "-o",
        str(POT),
        str(ROOT / "desk"),
    )


def update() -> None:
    for lang in LANGS:
        pybabel(
            "update",
            "-i",
            str(POT),
            "-o",
            str(I18N / f"{lang}.po"),
            "-l",
            lang,
            "--ignore-obsolete",
            "--no-fuzzy-matching",
            "--width",
            "100",
        )


def compile_() -> None:
    for lang in LANGS:
        pybabel(
            "compile", "-i", str(I18N / f"{lang}.po"), "-o", str(I18N / f"{lang}.mo"), "-l", lang
        )


def main(argv: list[str]) -> int:
    steps = {"extract": [extract], "update": [update], "compile": [compile_]}
    steps["all"] = [extract, update, compile_]
    if len(argv) != 1 or argv[0] not in steps:
        print(__doc__, file=sys.stderr)
        return 2
    for step in steps[argv[0]]:
        step()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

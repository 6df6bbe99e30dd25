"""The one translation mechanism: catalogue reading and key Japanese messages."""

from __future__ import annotations

from desk.domain import i18n


def test_catalogue_is_the_compiled_mo_read_by_gettext() -> None:
    import gettext

    assert isinstance(i18n.catalogue("ja"), gettext.GNUTranslations)
    assert isinstance(i18n.catalogue("en"), gettext.NullTranslations)
    assert i18n.translator("ja")("Cases") == "案件"


def test_japanese_catalogue_translates_the_registries() -> None:
    ja = i18n.translator("ja")
    assert [ja(n) for n in ("Projects", "People", "Organizations", "Cases")] == [
        "プロジェクト",
        "人物",
        "組織",
        "案件",
    ]
    assert i18n.translator("en")("Cases") == "Cases"


def test_english_counts_take_the_singular_for_one() -> None:
    one, many = "Issued {n} record into {folder}", "Issued {n} records into {folder}"
    i18n.set_language("en")
    try:
        assert i18n.ngettext(one, many, 1) == one
        assert i18n.ngettext(one, many, 2) == many
        i18n.set_language("ja")
        assert i18n.ngettext(one, many, 1) == "{n}件の記録を {folder} に発行しました"
    finally:
        i18n.set_language("en")

"""Options every command takes, wherever they stand on the command line."""

from __future__ import annotations

import pytest

from desk.cli.main import main
from desk.domain.i18n import set_language


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


@pytest.mark.parametrize(
    "argv", [["--lang", "ja", "screen", "東北林業大学"], ["screen", "東北林業大学", "--lang", "ja"]]
)
def test_lang_before_or_after_the_command(argv, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "東北林業大学: 該当候補なし" in out, out


def test_unknown_command_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "frobnicate" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("desk ")

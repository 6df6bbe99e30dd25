"""CLI tables line up in Japanese: columns are measured in terminal cells."""

from __future__ import annotations

import io

from desk.cli.report import _Bar
from desk.cli.text import cells, ljust, table


def test_wide_characters_take_two_cells() -> None:
    assert cells("案件") == 4
    assert cells("ｱｲ") == 2  # half-width katakana
    assert cells("Ｒ１") == 4  # full-width Latin
    assert cells("é") == cells("é") == 1  # combining accent takes no cell
    assert ljust("案件", 6) == "案件  "


def test_columns_after_japanese_text_line_up() -> None:
    lines = table(
        [
            ["ID", "状態", "判定", "件名"],
            ["S02", "下書き", "LICENSE_REQUIRED", "量子暗号の共同研究"],
            ["S10", "decided", "EXEMPT", "Lecture"],
        ]
    )
    # the third column starts in the same terminal cell on every line
    starts = {
        cells(line[: line.index(word)])
        for line, word in zip(lines, ("判定", "LICENSE", "EXEMPT"), strict=True)
    }
    assert len(starts) == 1
    starts = {
        cells(line[: line.index(word)])
        for line, word in zip(lines, ("件名", "量子", "Lecture"), strict=True)
    }
    assert len(starts) == 1


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_redraws_in_place_only_on_a_terminal() -> None:
    log = _Stream(tty=False)
    bar = _Bar(log)
    for done in range(1, 51):
        bar(done, 50)
    assert "\r" not in log.getvalue()
    lines = log.getvalue().splitlines()
    assert lines[-1] == "50/50 (100%)" and len(lines) <= 11
    term = _Stream(tty=True)
    bar = _Bar(term)
    bar(1, 2)
    bar(2, 2)
    assert term.getvalue().startswith("\r[") and term.getvalue().endswith("2/2\n")

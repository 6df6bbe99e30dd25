"""``desk cases list`` and ``desk stats`` in Japanese: columns line up on a terminal (wide
characters take two cells), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.cli.main import main
from desk.cli.text import cells
from desk.domain.i18n import set_language
from desk.services.cases import assess_cases, import_cases
from desk.services.context import open_context


def test_case_list_and_stats_columns_line_up_in_japanese(
    database_url: str, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_context(database_url) as ctx:
        import_cases(ctx, [shared_dir / "cases" / f"{ref}.json" for ref in ("S02", "S03")])
        assess_cases(ctx, lists=[])
    try:
        assert main(["cases", "list", "--database", database_url, "--lang", "ja"]) == 0
        header, *rows = capsys.readouterr().out.splitlines()
        # the outcome column starts in the same terminal cell as its header 判定
        column = cells(header[: header.index("判定")])
        for row in rows:
            assert row[len(row) - len(row.lstrip()) :]  # a row, not a blank line
            outcome_at = min(
                row.index(w) for w in ("NOT_APPLICABLE", "EXEMPT", "LICENSE") if w in row
            )
            assert cells(row[:outcome_at]) == column, row
        assert main(["stats", "--database", database_url, "--lang", "ja"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len({cells(line) for line in lines}) == 1  # the counts end in one column
    finally:
        set_language("en")

"""The fast record path's Core tables (``desk/storage/core_tables.py``) are the models' tables:
the generated module is what ``tools/core_tables.py`` writes from the models today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "core_tables_tool", ROOT / "tools" / "core_tables.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_core_tables_are_generated_from_the_models() -> None:
    tool = _tool()
    assert tool.TARGET.read_text(encoding="utf-8") == tool.render()


def test_every_core_table_has_the_models_columns_and_types() -> None:
    from desk.storage import core_tables
    from desk.storage import models as m

    for name in _tool().TABLES:
        core = core_tables.metadata.tables[name]
        orm = m.Base.metadata.tables[name]
        assert [c.name for c in core.columns] == [c.name for c in orm.columns], name
        assert [repr(c.type) for c in core.columns] == [repr(c.type) for c in orm.columns], name

"""GUI tests: pytest-qt, offscreen, over a small SQLite database per test."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.domain.i18n import set_language


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own settings file and starts in English."""
    path = tmp_path / "desk-ui.ini"
    monkeypatch.setenv("DESK_SETTINGS_FILE", str(path))
    monkeypatch.setenv("DESK_LANG", "en")
    set_language("en")
    yield path
    set_language("en")


@pytest.fixture
def sample_db_url(tmp_path: Path) -> str:
    from desk.services.context import open_context
    from tests.registry_sample import populate

    url = f"sqlite:///{tmp_path / 'sample.sqlite3'}"
    with open_context(url) as ctx:
        populate(ctx)
    return url


@pytest.fixture
def window(qtbot, sample_db_url: str):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language, create_main_window

    win = create_main_window(sample_db_url, lang="en")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    # Home is on screen; what started with it (the user's roles) finishes before the test
    qtbot.waitUntil(lambda: not win.runner.in_flight, timeout=10000)
    qtbot.waitUntil(lambda: not win.progress.isVisible(), timeout=5000)
    yield win
    win.runner.wait_idle()
    win.context.close()
    apply_language("en")

"""Start-up pieces of the app: screenshot mode, settings versions, the title's database label."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desk.ui.app import database_label
from desk.ui.settings import SETTINGS_VERSION, Settings

pytestmark = pytest.mark.gui


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def screenshot(url: str, target: Path, *view: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["DESK_SETTINGS_FILE"] = str(target.parent / "settings.ini")
    args = ["--database", url, "--lang", "ja", "--screenshot", str(target), *view]
    return subprocess.run(
        [sys.executable, "-m", "desk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_screenshot_writes_a_png_of_the_main_window(sample_db_url: str, tmp_path: Path) -> None:
    target = tmp_path / "shots" / "main.png"
    done = screenshot(sample_db_url, target)
    assert done.returncode == 0, done.stderr
    width, height = png_size(target)
    assert width >= 800 and height >= 500
    assert target.stat().st_size > 10_000  # a rendered window, not an empty image
    # --view home is what the window opens on; --view cases pictures the Cases registry
    home, cases = tmp_path / "shots" / "home.png", tmp_path / "shots" / "cases.png"
    assert screenshot(sample_db_url, home, "--view", "home").returncode == 0
    assert screenshot(sample_db_url, cases, "--view", "cases").returncode == 0
    assert cases.read_bytes() != home.read_bytes() and png_size(cases) == png_size(home)


def test_screenshot_of_an_unusable_database_fails_clearly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["DESK_SETTINGS_FILE"] = str(tmp_path / "settings.ini")
    missing = tmp_path / "no-such-folder" / "x.sqlite3"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desk",
            "--database",
            f"sqlite:///{missing}",
            "--screenshot",
            str(tmp_path / "x.png"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "no-such-folder" in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_older_settings_files_are_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("lang", "ja")  # version 0 kept the language here
    old.sync()
    del old
    settings = Settings(path)
    assert settings.language == "ja"
    again = QSettings(str(path), QSettings.Format.IniFormat)
    assert int(again.value("settings_version")) == SETTINGS_VERSION
    assert not again.contains("lang")


def test_settings_default_to_following_the_system(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "fresh.ini")
    assert settings.language == "system"
    settings.language = "en"
    settings.sync()
    assert Settings(tmp_path / "fresh.ini").language == "en"
    with pytest.raises(ValueError):
        settings.language = "fr"


def test_the_title_never_shows_a_password() -> None:
    assert database_label("sqlite:////home/u/desk.sqlite3") == "/home/u/desk.sqlite3"
    label = database_label("postgresql+psycopg://office:s3cret@db.example.ac.jp:5432/desk")
    assert "s3cret" not in label
    assert label == "postgresql+psycopg://office@db.example.ac.jp:5432/desk"
    assert database_label("postgresql+psycopg://postgres@127.0.0.1/test").endswith("/test")


def test_the_application_icon_is_desks_own(qtbot) -> None:
    from desk.ui.app import application_icon

    icon = application_icon()
    assert not icon.isNull()
    assert not icon.pixmap(32, 32).isNull()


def test_screenshot_of_the_review_dialog(sample_db_url: str, tmp_path: Path) -> None:
    """``--view review`` pictures the review dialog of the second case, not the window."""
    target = tmp_path / "shots" / "review.png"
    done = screenshot(sample_db_url, target, "--view", "review")
    assert done.returncode == 0, done.stderr
    width, height = png_size(target)
    assert 250 <= width < 1280 and 200 <= height < 800  # the dialog's size
    # nothing was stored: the case is still as it was
    from desk.services.cases import list_cases
    from desk.services.context import open_context

    with open_context(sample_db_url) as ctx:
        assert [c.status for c in list_cases(ctx) if c.ref == "C-2025-002"] == ["draft"]


def test_the_window_is_drawn_before_the_database_stack_is_imported(tmp_path: Path) -> None:
    """Start-up shows the window first (bench/startup.py): building and showing it imports
    neither SQLAlchemy nor the services' permissions (the actions' roles are read once
    someone is signed in), nor any dialog (each is imported when its action runs; see also
    tests/unit/test_startup_imports.py)."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from desk.ui.app import apply_language\n"
        "from desk.ui.main_window import MainWindow\n"
        "from desk.ui.settings import Settings\n"
        "w = MainWindow(None, 'x', Settings(), apply_language)\n"
        "w.show(); app.processEvents()\n"
        "print(sorted(m for m in sys.modules if m in ('sqlalchemy', "
        "'desk.services.permissions', 'desk.storage.models') "
        "or m.startswith('desk.ui.dialogs.')))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["DESK_SETTINGS_FILE"] = str(tmp_path / "settings.ini")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _unopened_window(qtbot):  # type: ignore[no-untyped-def]
    from desk.ui.app import apply_language
    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

    win = MainWindow(None, "x", Settings(), apply_language)
    win.keep_geometry = win.auto_backup = False
    qtbot.addWidget(win)
    return win


def test_start_up_opens_the_database_once_the_window_is_painted(
    qtbot, sample_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The worker's imports would hold the interpreter lock the first paint waits for."""
    from PySide6.QtWidgets import QApplication

    from desk.ui import main_window

    monkeypatch.setattr(main_window, "FIRST_PAINT_WAIT_MS", 600_000)
    win = _unopened_window(qtbot)
    win.open_database_when_painted(sample_db_url)
    for _ in range(5):
        QApplication.processEvents()
    assert win.context is None and not win.runner.in_flight  # not painted: not started
    with qtbot.waitSignal(win.ready, timeout=20000):
        win.show()
    assert win.context is not None
    win.runner.wait_idle()
    win.context.close()


def test_a_window_that_is_not_painted_opens_the_database_all_the_same(
    qtbot, sample_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from desk.ui import main_window

    monkeypatch.setattr(main_window, "FIRST_PAINT_WAIT_MS", 0)
    win = _unopened_window(qtbot)  # never shown (a window started minimised)
    win.open_database_when_painted(sample_db_url)
    qtbot.waitUntil(lambda: win.context is not None, timeout=20000)
    win.runner.wait_idle()
    win.context.close()

"""The app's passphrase dialog for an encrypted database (docs/security.md): a wrong
passphrase is said in the dialog, which stays open; the right one opens the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3  # noqa: F401  (installed by scripts/bootstrap all: missing fails, never skips)

from desk.domain.i18n import set_language
from desk.services.database import locked_database, unlock_database
from desk.storage import cipher
from desk.ui.dialogs.passphrase import PassphraseDialog

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def no_keys() -> Iterator[None]:
    set_language("en")
    cipher.forget()
    yield
    cipher.forget()


def test_a_wrong_passphrase_is_said_and_the_right_one_opens(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "desk.sqlite3"
    unlock_database(db, "the right passphrase")
    cipher.connect(db).execute("CREATE TABLE t (x)").connection.close()
    cipher.forget()
    url = f"sqlite+pysqlcipher:///{db}"
    assert locked_database(url) == db
    dialog = PassphraseDialog(str(db), lambda text: unlock_database(db, text))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("a wrong one")
    dialog.try_unlock()
    assert dialog.isVisible() and not dialog.error.isHidden()
    assert "passphrase is wrong" in dialog.error.text() and str(db) in dialog.error.text()
    assert dialog.passphrase.text() == "" and locked_database(url) == db
    dialog.passphrase.setText("the right passphrase")
    dialog.try_unlock()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert locked_database(url) is None  # every later connection is keyed


def test_the_start_up_asks_only_for_an_encrypted_database(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk.ui.app import _unlock_database

    db = tmp_path / "desk.sqlite3"
    unlock_database(db, "the right passphrase")
    cipher.connect(db).execute("CREATE TABLE t (x)").connection.close()
    cipher.forget()
    url = f"sqlite+pysqlcipher:///{db}"
    assert _unlock_database(f"sqlite:///{tmp_path / 'plain.sqlite3'}", None)  # nothing asked
    assert _unlock_database(None, None)

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "passphraseDialog"
        dialog.reject()

    QTimer.singleShot(0, cancel)
    assert not _unlock_database(url, None)  # cancelled: the app does not open
    assert locked_database(url) == db

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog)
        dialog.passphrase.setText("the right passphrase")
        dialog.try_unlock()

    QTimer.singleShot(0, answer)
    assert _unlock_database(url, None)
    assert locked_database(url) is None
    # --screenshot: no one to ask; DESK_DB_PASSPHRASE, a wrong one refused
    cipher.forget()
    monkeypatch.setenv("DESK_DB_PASSPHRASE", "wrong passphrase")
    assert not _unlock_database(url, None, ask=False)
    assert "passphrase is wrong" in capsys.readouterr().err
    monkeypatch.setenv("DESK_DB_PASSPHRASE", "the right passphrase")
    assert _unlock_database(url, None, ask=False) and locked_database(url) is None

"""The app's rotating log file and its fault log, in the per-user log folder."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk.applog import install_log_file


def test_log_file_rotates_in_the_log_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESK_LOG_DIR", str(tmp_path))
    handler = install_log_file(max_bytes=2000)
    assert handler is not None
    try:
        log = logging.getLogger("desk.test")
        for i in range(100):
            log.info("line %d 日本語", i)
        handler.flush()
    finally:
        logging.getLogger("desk").removeHandler(handler)
        handler.close()
    assert "line 99 日本語" in (tmp_path / "desk.log").read_text(encoding="utf-8")
    assert (tmp_path / "desk.log.1").exists()
    assert not (tmp_path / "desk.log.6").exists()  # five old files kept


def test_a_fatal_crash_leaves_its_traceback_in_faults_log(tmp_path: Path) -> None:
    code = (
        "from desk.applog import enable_faulthandler\n"
        "enable_faulthandler()\n"
        "import faulthandler\n"
        "faulthandler._sigsegv()\n"
    )
    env = dict(os.environ, DESK_LOG_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert proc.returncode != 0
    text = (tmp_path / "faults.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in text and "File " in text

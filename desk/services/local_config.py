"""This computer's own settings for keeping data safe, shared by the CLI and the app.

Kept in ``desk.ini`` in the per-user config folder (``DESK_CONFIG_FILE`` overrides the
path), read with the standard library, so a command and the app see the same choices:

- ``[signing] key``: the file holding the institution's Ed25519 private key (outside the
  database, ``desk keys generate``); ``public_key``: the public key used to verify where
  the private key is not kept. ``DESK_SIGNING_KEY`` overrides ``key``.
- ``[backup] folder``, ``keep`` (how many dated copies), ``every`` (``start``: each start
  of the app; ``daily``; ``off``). ``DESK_BACKUP_DIR`` overrides ``folder``.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, replace
from pathlib import Path

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _

BACKUP_EVERY = ("start", "daily", "off")
DEFAULT_KEEP = 14


def config_path() -> Path:
    override = os.environ.get("DESK_CONFIG_FILE")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("desk", appauthor=False)) / "desk.ini"


def default_backup_folder() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("desk", appauthor=False)) / "backups"


@dataclass(frozen=True)
class LocalConfig:
    signing_key: Path | None = None
    public_key: Path | None = None
    backup_folder: Path | None = None  # None: default_backup_folder()
    backup_keep: int = DEFAULT_KEEP
    backup_every: str = "daily"

    @property
    def backups(self) -> Path:
        return self.backup_folder or default_backup_folder()

    def with_(self, **changes: object) -> LocalConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


def load_config() -> LocalConfig:
    parser = configparser.ConfigParser(interpolation=None)
    path = config_path()
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, configparser.Error, UnicodeDecodeError):
        parser = configparser.ConfigParser(interpolation=None)

    def get(section: str, key: str) -> str | None:
        value = parser.get(section, key, fallback="").strip()
        return value or None

    key = os.environ.get("DESK_SIGNING_KEY") or get("signing", "key")
    public = get("signing", "public_key")
    folder = os.environ.get("DESK_BACKUP_DIR") or get("backup", "folder")
    try:
        keep = max(1, int(get("backup", "keep") or DEFAULT_KEEP))
    except ValueError:
        keep = DEFAULT_KEEP
    every = get("backup", "every") or "daily"
    if every not in BACKUP_EVERY:
        every = "daily"
    return LocalConfig(
        signing_key=Path(key) if key else None,
        public_key=Path(public) if public else None,
        backup_folder=Path(folder) if folder else None,
        backup_keep=keep,
        backup_every=every,
    )


def save_config(config: LocalConfig) -> Path:
    if config.backup_every not in BACKUP_EVERY:
        raise InvalidInput(
            _("expected one of {choices}").format(choices=", ".join(BACKUP_EVERY)), where="every"
        )
    if config.backup_keep < 1:
        raise InvalidInput(_("must be 1 or more"), where="keep")
    parser = configparser.ConfigParser(interpolation=None)
    parser["signing"] = {
        "key": str(config.signing_key or ""),
        "public_key": str(config.public_key or ""),
    }
    parser["backup"] = {
        "folder": str(config.backup_folder or ""),
        "keep": str(config.backup_keep),
        "every": config.backup_every,
    }
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        parser.write(fh)
    return path

"""Keeping the data safe: backups and restores of the whole database (``desk db backup``,
``desk db restore``, the app's File ▸ Back up… / Restore…), and the dated automatic copies
of the single-PC database (:mod:`.automatic`), and encrypting it at rest (:mod:`.encryption`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.backup.automatic import auto_backup, backup_due, dated_backups, prune
    from desk.services.backup.backups import (
        BackupCheck,
        BackupResult,
        RestoreResult,
        backup_database,
        check_backup,
        restore_database,
    )
    from desk.services.backup.encryption import (
        CopyResult,
        change_passphrase,
        decrypt_database,
        encrypt_database,
    )
else:
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "automatic": ("auto_backup", "backup_due", "dated_backups", "prune"),
            "encryption": (
                "CopyResult",
                "change_passphrase",
                "decrypt_database",
                "encrypt_database",
            ),
            "backups": (
                "BackupCheck",
                "BackupResult",
                "RestoreResult",
                "backup_database",
                "check_backup",
                "restore_database",
            ),
        },
    )

__all__ = [
    "BackupCheck",
    "BackupResult",
    "CopyResult",
    "RestoreResult",
    "auto_backup",
    "backup_database",
    "backup_due",
    "change_passphrase",
    "check_backup",
    "dated_backups",
    "decrypt_database",
    "encrypt_database",
    "prune",
    "restore_database",
]

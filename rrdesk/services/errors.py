"""What the services raise, importable without loading the database layer (the unlock
window and the command line need these names before any vault is opened)."""

from __future__ import annotations

from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.store.errors import (
    NotAVault,
    UnlockThrottled,
    VaultBusy,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultFull,
    VaultInUse,
    VaultLocked,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)

__all__ = [
    "FieldError", "NotAVault", "UnlockThrottled", "ValidationErrors", "VaultBusy",
    "VaultDamaged", "VaultError", "VaultExists", "VaultFull", "VaultInUse", "VaultLocked",
    "VaultMissing", "VaultTooNew", "WrongPassphrase",
]

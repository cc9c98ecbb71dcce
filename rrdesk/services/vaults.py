"""Opening and creating vaults for the app and the CLI, with the shared unlock throttle.

The UI imports vault errors from here, so it never needs to reach into the store.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rrdesk.domain.errors import FieldError
from rrdesk.store import paths
from rrdesk.store.audit import AuditAction
from rrdesk.store.engine import sqlcipher_version
from rrdesk.store.errors import (
    NotAVault,
    UnlockThrottled,
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
from rrdesk.store.throttle import UnlockThrottle
from rrdesk.store.vault import OFFICER_KEY, Vault

__all__ = [
    "OFFICER_KEY", "NotAVault", "UnlockThrottle", "UnlockThrottled", "Vault", "VaultDamaged",
    "VaultError", "VaultExists", "VaultFull", "VaultInUse", "VaultLocked", "VaultMissing",
    "VaultTooNew", "WrongPassphrase", "backup_vault", "create_vault", "open_vault",
    "set_officer_name", "sqlcipher_version", "unlock_throttle",
]

log = logging.getLogger("rrdesk.vaults")


def unlock_throttle() -> UnlockThrottle:
    """The one throttle of wrong passphrases on this laptop, shared by app and CLI."""
    return UnlockThrottle(paths.state_dir() / "unlock-attempts.json")


def open_vault(path: Path, passphrase: str, throttle: UnlockThrottle | None = None) -> Vault:
    """Unlock the vault at ``path``, counting wrong passphrases in the shared throttle."""
    vault = Vault.open(Path(path), passphrase, throttle=throttle or unlock_throttle())
    log.info("vault opened")
    return vault


def create_vault(path: Path | str, officer_name: str, passphrase: str, repeated: str) -> Vault:
    """A new vault; ``FieldError`` names the field ("path", "officer_name", "passphrase")."""
    if not str(path).strip():
        raise FieldError("path", "choose where to keep the vault file")
    if not officer_name.strip():
        raise FieldError("officer_name", "enter your name as it should appear in the audit log")
    return Vault.create(Path(path).expanduser(), passphrase, officer_name.strip(),
                        repeated=repeated)


def set_officer_name(vault: Vault, name: str) -> None:
    """Change who this vault's audit entries name; the change itself is audited."""
    if not name.strip():
        raise FieldError("officer_name", "enter your name as it should appear in the audit log")
    if name.strip() == vault.officer_name:
        return
    vault.set_meta(OFFICER_KEY, name.strip())
    vault.log(AuditAction.ALTERATION, "vault", detail="officer name changed")


def backup_vault(vault: Vault, out: Path | str, passphrase: str) -> Path:
    """An encrypted copy of the open vault at ``out`` (same passphrase); logged.

    The passphrase is asked again so a backup is a deliberate act of the person at the
    laptop; ``FieldError`` names "out" or "passphrase".
    """
    if not str(out).strip():
        raise FieldError("out", "choose where to write the backup")
    out = Path(out).expanduser()
    if out.resolve() == vault.path.resolve():
        raise FieldError("out", "a backup cannot replace the vault itself")
    if not out.parent.is_dir():
        raise FieldError("out", "that folder does not exist")
    vault.backup(out, passphrase)
    vault.log(AuditAction.DISCLOSURE, "vault", detail="encrypted backup written")
    log.info("encrypted backup written")
    return out

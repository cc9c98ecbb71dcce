"""The one door to vaults for the app and the CLI: open, create, rekey, back up, restore,
check, read the audit log; with the shared unlock throttle.

``rrdesk.ui`` and ``rrdesk.cli`` never import ``rrdesk.store``: the ``Vault`` type is
re-exported here, the vault errors from ``rrdesk.services.errors``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rrdesk.domain.errors import FieldError
from rrdesk.services.demo import DEMO_PASSPHRASE
from rrdesk.services.progress import Progress, report
from rrdesk.store import audit, paths, unfinished
from rrdesk.store.audit import AuditAction
from rrdesk.store.engine import sqlcipher_version
from rrdesk.store.throttle import UnlockThrottle
from rrdesk.store.vault import OFFICER_KEY, CheckReport, Vault, restore

__all__ = [
    "OFFICER_KEY", "AuditRow", "CheckReport", "UnlockThrottle", "Vault", "audit_rows",
    "backup_vault", "check_vault", "create_vault", "demo_vault_path", "open_vault",
    "rekey_vault", "restore_vault", "set_officer_name", "sqlcipher_version",
    "sweep_unfinished_writes", "unlock_throttle",
]

log = logging.getLogger("rrdesk.vaults")


def sweep_unfinished_writes() -> int:
    """Remove the temporary files of exports, backups and prints cut short by a kill."""
    return unfinished.sweep()


def unlock_throttle() -> UnlockThrottle:
    """The one throttle of wrong passphrases on this laptop, shared by app and CLI."""
    return UnlockThrottle(paths.state_dir() / "unlock-attempts.json")


def demo_vault_path() -> Path:
    """Where the demo vault lives (``rrdesk --demo``)."""
    return paths.demo_vault()


def open_vault(path: Path | str, passphrase: str, throttle: UnlockThrottle | None = None, *,
               shared: bool = False) -> Vault:
    """Unlock the vault at ``path`` (migrating it, after a backup, when it is older),
    counting wrong passphrases in the shared throttle.

    ``shared``: a short job beside the app (a scheduled backup): no lock file, never
    migrated. The key is derived once here; the passphrase is not kept.
    """
    vault = Vault.open(Path(path), passphrase, throttle=throttle or unlock_throttle(),
                       shared=shared)
    log.info("vault opened")
    return vault


def create_vault(path: Path | str, officer_name: str, passphrase: str, repeated: str | None,
                 fill: Callable[[Vault], object] | None = None) -> Vault:
    """A new vault, open; ``FieldError`` names the field ("path", "officer_name",
    "passphrase"). ``fill`` adds the first records before the file appears (the demo)."""
    if not str(path).strip():
        raise FieldError("path", "choose where to keep the vault file")
    if not officer_name.strip():
        raise FieldError("officer_name", "enter your name as it should appear in the audit log")
    if passphrase == DEMO_PASSPHRASE:
        raise FieldError("passphrase", "is the demo vault's published passphrase: choose "
                                       "your own")
    return Vault.create(Path(path).expanduser(), passphrase, officer_name.strip(),
                        repeated=repeated, fill=fill)


def set_officer_name(vault: Vault, name: str) -> None:
    """Change who this vault's audit entries name; the change itself is audited."""
    if not name.strip():
        raise FieldError("officer_name", "enter your name as it should appear in the audit log")
    if name.strip() == vault.officer_name:
        return
    vault.set_meta(OFFICER_KEY, name.strip())
    vault.log(AuditAction.ALTERATION, "vault", detail="officer name changed")


def backup_vault(vault: Vault, out: Path | str, passphrase: str,
                 progress: Progress | None = None) -> Path:
    """An encrypted copy of the open vault at ``out`` (same passphrase); logged.

    The passphrase is asked again so a backup is a deliberate act of the person at the
    laptop (compared with the key derived at unlock); ``FieldError`` names "out" or
    "passphrase".
    """
    if not str(out).strip():
        raise FieldError("out", "choose where to write the backup")
    out = Path(out).expanduser()
    if out.resolve() == vault.path.resolve():
        raise FieldError("out", "a backup cannot replace the vault itself")
    if not out.parent.is_dir():
        raise FieldError("out", "that folder does not exist")
    report(progress, 0, 2)
    if not vault.matches(passphrase):
        raise FieldError("passphrase", "that is not this vault's passphrase")
    report(progress, 1, 2)
    vault.backup(out)
    try:  # a backup is kept with its audit entry or not at all
        vault.log(AuditAction.DISCLOSURE, "vault", detail="encrypted backup written")
    except BaseException:  # the vault kept busy by a writer past the wait (exit 6), a kill
        out.unlink(missing_ok=True)
        raise
    report(progress, 2, 2)
    log.info("encrypted backup written")
    return out


def rekey_vault(vault: Vault, old_passphrase: str, new_passphrase: str,
                repeated: str | None = None) -> None:
    """Change the vault's passphrase (all or nothing); logged in the same commit."""
    if new_passphrase == DEMO_PASSPHRASE:
        raise FieldError("passphrase", "is the demo vault's published passphrase: choose "
                                       "your own for a vault that holds real cases")
    vault.rekey(old_passphrase, new_passphrase, repeated)
    log.info("passphrase changed")


def restore_vault(backup: Path | str, vault_path: Path | str, passphrase: str) -> Path | None:
    """Put ``backup`` in place of the vault at ``vault_path`` (checked first; the replaced
    vault is kept beside it, and where is returned)."""
    return restore(Path(backup), Path(vault_path), passphrase)


@dataclass(frozen=True)
class VaultHealth:
    report: CheckReport
    chain_problems: list[str]

    @property
    def ok(self) -> bool:
        return self.report.ok and not self.chain_problems


def check_vault(vault: Vault) -> VaultHealth:
    """SQLCipher's and SQLite's checks, the schema revision, and the audit chain."""
    report = vault.check()  # the audit chain is part of the check
    return VaultHealth(report, report.audit)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    actor: str
    action: str
    record_type: str
    record_id: str
    detail: str
    hash: str

    def as_json(self) -> dict[str, object]:
        return dict(vars(self))


def audit_rows(vault: Vault) -> list[AuditRow]:
    """The audit log, oldest first."""
    with vault.read_session() as s:
        return [AuditRow(e.id, e.at, e.actor, e.action, e.record_type, e.record_id, e.detail,
                         e.hash) for e in audit.entries(s)]

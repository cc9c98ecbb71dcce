"""What can go wrong with a vault, in words a person can act on.

No message here ever contains a passphrase, a SQL statement or personal data.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base class: ``exit_code`` is what the CLI returns for it."""

    exit_code = 4


class WrongPassphrase(VaultError):
    exit_code = 3

    def __init__(self, message: str = "Wrong passphrase, or the file is damaged.") -> None:
        super().__init__(message)


class NotAVault(VaultError):
    exit_code = 4


class VaultDamaged(VaultError):
    exit_code = 4


class VaultTooNew(VaultError):
    exit_code = 4


class VaultInUse(VaultError):
    """Open in another rrdesk window or command (not damaged: exit 6, not 4)."""

    exit_code = 6


class VaultBusy(VaultError):
    exit_code = 6

    def __init__(self) -> None:
        super().__init__("The vault is busy with another change (an import or a backup). "
                         "Nothing was saved from this one; try again when it has finished.")


class VaultExists(VaultError):
    exit_code = 2


class VaultUnwritable(VaultError):
    """A vault (or its lock file) cannot be made where it was asked for: a read-only or
    missing folder, a full disk."""

    exit_code = 2


class VaultMissing(VaultError):
    exit_code = 2


class VaultLocked(VaultError):
    """The vault is locked: the key has been dropped; unlock it first."""

    exit_code = 3


class VaultFull(VaultError):
    exit_code = 4

    def __init__(self) -> None:
        super().__init__(
            "The vault could not be written: the disk or the vault is full. "
            "Nothing was saved from this change; free some space and try again."
        )


class UnlockThrottled(VaultError):
    exit_code = 3

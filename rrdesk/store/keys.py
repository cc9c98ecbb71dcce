"""The vault's key: derived from the passphrase once, at unlock; the passphrase is not kept.

SQLCipher 4's default key derivation is PBKDF2-HMAC-SHA512, 256,000 iterations, over the
passphrase and the 16-byte salt SQLCipher keeps as the first bytes of the file, giving a
32-byte key. We derive the same key here (``hashlib``, OpenSSL underneath) and hand SQLCipher
the raw key (``PRAGMA key = "x'<key><salt>'"``), so every further connection (a reader beside
a writer, a backup) opens without paying the derivation again, and a vault keyed this way
still opens with its passphrase in any SQLCipher 4 reader.

Asking for the passphrase again (before a backup) derives with the vault's salt and compares
the derived keys in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

KDF_ITERATIONS = 256_000  # SQLCipher 4 default (kdf_iter)
KEY_BYTES = 32
SALT_BYTES = 16


class VaultKey:
    """A derived key and the salt it was derived with. Never printed, never compared by ==."""

    __slots__ = ("_key", "salt")

    def __init__(self, key: bytes, salt: bytes) -> None:
        if len(key) != KEY_BYTES or len(salt) != SALT_BYTES:
            raise ValueError("a vault key is 32 bytes with a 16-byte salt")
        self._key = key
        self.salt = salt

    def __repr__(self) -> str:
        return "VaultKey(…)"


    def sql_literal(self) -> str:
        """The raw key with its salt, as SQLCipher reads it from ``PRAGMA key`` or ``KEY``."""
        return f"x'{self._key.hex()}{self.salt.hex()}'"

    def rekey_literal(self) -> str:
        """The raw key alone: for ``PRAGMA rekey``, which keeps the file's salt."""
        return f"x'{self._key.hex()}'"

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` derives this key (one key derivation)."""
        return hmac.compare_digest(derive(passphrase, self.salt)._key, self._key)


def derive(passphrase: str, salt: bytes) -> VaultKey:
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS,
                              KEY_BYTES)
    return VaultKey(key, salt)


def new_key(passphrase: str) -> VaultKey:
    """The key of a new file, with a fresh random salt."""
    return derive(passphrase, os.urandom(SALT_BYTES))


def file_salt(path: Path) -> bytes:
    """The salt SQLCipher keeps in the first 16 bytes of a vault file."""
    with Path(path).open("rb") as f:
        salt = f.read(SALT_BYTES)
    if len(salt) != SALT_BYTES:
        raise ValueError("too short to hold a salt")
    return salt


def key_for_file(path: Path, passphrase: str) -> VaultKey:
    return derive(passphrase, file_salt(path))

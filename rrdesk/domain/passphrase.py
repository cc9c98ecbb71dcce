"""Rules for a vault passphrase."""

from __future__ import annotations

from rrdesk.domain.errors import FieldError

MIN_LENGTH = 12
# Whole passphrases too common to allow, compared without case, spaces or digits at the end.
_OBVIOUS = {
    "password", "passphrase", "passw0rd", "qwertyuiop", "qwertyuiopasdf", "letmein",
    "iloveyou", "welcome", "administrator", "changeme", "rrdesk", "mappa", "probation",
    "police", "abcdefghijkl", "correcthorsebatterystaple", "trustno",
}


def check_new_passphrase(passphrase: str, repeated: str | None = None) -> None:
    """Raise ``FieldError`` (field "passphrase") when a new passphrase is not good enough."""
    if repeated is not None and passphrase != repeated:
        raise FieldError("passphrase", "the two passphrases do not match")
    if len(passphrase) < MIN_LENGTH:
        raise FieldError("passphrase", f"must be at least {MIN_LENGTH} characters")
    if passphrase != passphrase.strip():
        raise FieldError("passphrase", "must not start or end with a space")
    core = passphrase.lower().replace(" ", "").rstrip("0123456789!")
    if core in _OBVIOUS or len(set(passphrase)) <= 3:
        raise FieldError("passphrase", "is too easy to guess; choose a few unrelated words")
    if passphrase.isdigit():
        raise FieldError("passphrase", "must not be only digits")
    seq = "abcdefghijklmnopqrstuvwxyz0123456789"
    if passphrase.lower() in seq or passphrase in "12345678901234567890":
        raise FieldError("passphrase", "is too easy to guess; choose a few unrelated words")

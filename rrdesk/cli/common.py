"""What every headless command shares: passphrase input, opening a vault, exit codes."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rrdesk.services.vaults import UnlockThrottle, Vault

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_WRONG_PASSPHRASE = 3
EXIT_NOT_A_VAULT = 4
EXIT_INVALID = 5
EXIT_IN_USE = 6

PASSPHRASE_ENV = "RRDESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "RRDESK_NEW_PASSPHRASE"


def print_json(data: object) -> int:
    """Write ``data`` to standard output as the commands' JSON (names as written); exit 0."""
    import json

    print(json.dumps(data, ensure_ascii=False, indent=1))
    return EXIT_OK


class CliError(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_vault_arg(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--vault", required=required, type=Path, help="the vault file")
    parser.add_argument("--passphrase-stdin", action="store_true",
                        help="read the passphrase from the first line of standard input")


def _stdin_line() -> str:
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def read_passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ",
                    confirm: bool = False) -> str:
    """From standard input (--passphrase-stdin), RRDESK_PASSPHRASE, or a prompt."""
    if getattr(args, "passphrase_stdin", False):
        return _stdin_line()
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV].rstrip("\r\n")  # as from standard input
    if not sys.stdin.isatty():
        raise CliError(f"no passphrase: set {PASSPHRASE_ENV}, use --passphrase-stdin, "
                       "or run in a terminal")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Same passphrase again: ") != value:
        raise CliError("the two passphrases do not match", EXIT_INVALID)
    return value


def read_new_passphrase(args: argparse.Namespace) -> str:
    if getattr(args, "passphrase_stdin", False):
        return _stdin_line()  # second line of standard input
    if os.environ.get(NEW_PASSPHRASE_ENV):
        return os.environ[NEW_PASSPHRASE_ENV].rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError(f"no new passphrase: set {NEW_PASSPHRASE_ENV} or run in a terminal")
    value = getpass.getpass("New passphrase: ")
    if getpass.getpass("New passphrase again: ") != value:
        raise CliError("the two passphrases do not match", EXIT_INVALID)
    return value


def throttle() -> UnlockThrottle:
    from rrdesk.services.vaults import unlock_throttle

    return unlock_throttle()


def unlock_from_args(args: argparse.Namespace, shared: bool = False, verify: bool = True
                     ) -> tuple[Vault, str]:
    """Open the vault named by --vault (``services.vaults.open_vault``) with the passphrase
    from where the person gave it; a throttled try waits out its delay first.

    ``shared``: beside the app, without the lock file. ``verify``: every page's checksum
    first, so a damaged vault is exit 4 whichever page is hit."""
    from rrdesk.services.vaults import open_vault

    passphrase = read_passphrase(args)
    limiter = throttle()
    wait = limiter.wait_seconds(args.vault) if Path(args.vault).exists() else 0
    if wait > 0:
        print(f"rrdesk: too many wrong passphrases; waiting {wait:.0f} s", file=sys.stderr)
        time.sleep(wait)
    vault = open_vault(args.vault, passphrase, limiter, shared=shared)
    if verify:
        try:
            vault.verify_pages()
        except BaseException:
            vault.close()
            raise
    return vault, passphrase

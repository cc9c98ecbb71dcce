"""The ``rrdesk`` command: starts the app, or runs a headless job.

Each group of commands lives in its own module with a ``register(subparsers)`` function;
add its name to ``COMMAND_MODULES`` to add commands. Starting the app (no command) loads
none of them: the unlock window appears before the database layer is imported.

Exit codes: 0 done; 2 usage; 3 wrong passphrase; 4 not a vault, damaged, or audit chain
broken; 5 invalid input.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from rrdesk import __version__
from rrdesk.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliError
from rrdesk.services.errors import FieldError, ValidationErrors, VaultError

COMMAND_MODULES = ["vault_commands", "case_commands", "plan_commands", "forms_commands",
                   "calendar_commands", "export_commands", "mappa_commands"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code is 2 too
        if message.startswith("unrecognized arguments"):
            # Never echo stray arguments: a mistaken one may be a passphrase, and stderr
            # ends up in scheduled-job mail and logs.
            message = ("unrecognized arguments (not repeated here); a passphrase is never "
                       "an argument: use RRDESK_PASSPHRASE or --passphrase-stdin")
        self.print_usage(sys.stderr)
        print(f"rrdesk: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rrdesk", description="Reducing re-offending desk.")
    parser.add_argument("--version", action="version", version=f"rrdesk {__version__}")
    parser.add_argument("--vault", help="vault file to open in the app")
    parser.add_argument("--demo", action="store_true",
                        help="open the demo vault, creating it (with a printed demo "
                             "passphrase) when there is none")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"rrdesk.cli.{name}").register(sub)
    return parser


class _StartOnly(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise ValueError(message)


def _app_start(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments when they only start the app (``--vault``, ``--demo``), read without
    loading the commands; None for anything else (a command, --help, --version, a typo)."""
    words = list(sys.argv[1:] if argv is None else argv)
    if any(w in ("-h", "--help", "--version") for w in words):
        return None
    start = _StartOnly(add_help=False)
    start.add_argument("--vault")
    start.add_argument("--demo", action="store_true")
    try:
        args, rest = start.parse_known_args(words)
    except ValueError:  # the full parser says what is wrong
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    if os.name != "nt":
        os.umask(0o077)  # every file and folder rrdesk (or SQLite) makes: owner-only
    args = _app_start(argv)
    if args is None:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as e:
            return int(e.code or 0)
    try:
        if args.command is None:
            from rrdesk.cli.start import start_app

            return start_app(args)
        with contextlib.suppress(Exception):  # never stops a command
            from rrdesk.services.vaults import sweep_unfinished_writes

            sweep_unfinished_writes()  # what a write cut short left behind
        return int(args.handler(args) or 0)
    except CliError as e:
        print(f"rrdesk: {e}", file=sys.stderr)
        return e.exit_code
    except VaultError as e:
        print(f"rrdesk: {e}", file=sys.stderr)
        return e.exit_code
    except ValidationErrors as e:
        for err in e.errors:
            print(f"rrdesk: {err.field}: {err.message}", file=sys.stderr)
        return EXIT_INVALID
    except FieldError as e:
        print(f"rrdesk: {e.field}: {e.message}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader went away (``rrdesk cases list | head``): stop quietly, and keep the
        # interpreter from complaining when it flushes the closed pipe at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK
    except KeyboardInterrupt:
        print("rrdesk: interrupted; nothing was changed by the unfinished step.", file=sys.stderr)
        return 130

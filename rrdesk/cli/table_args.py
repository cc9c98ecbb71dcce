"""What the import and export commands share: --csv/--xlsx, checks on the target file,
and problems printed one per line."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from rrdesk.cli.common import EXIT_INVALID, CliError
from rrdesk.tables.files import Kind, TableError, TargetExists


def add_file_args(p: argparse.ArgumentParser, csv_help: str | None = None,
                  xlsx_help: str | None = None) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--csv", type=Path, metavar="FILE", help=csv_help)
    group.add_argument("--xlsx", type=Path, metavar="FILE", help=xlsx_help)


def chosen_file(args: argparse.Namespace) -> tuple[Path, Kind]:
    return (args.csv, "csv") if args.csv is not None else (args.xlsx, "xlsx")


def check_export_target(path: Path, force: bool) -> None:
    """Refuse (exit 2) before the vault is opened: an existing file, a folder, no folder."""
    if path.exists() and not force:
        raise CliError(f"{path} already exists: use --force to replace it")
    if path.is_dir():
        raise CliError(f"{path} is a folder: give a file name")
    if not path.parent.is_dir():
        raise CliError(f"there is no folder {path.parent}")


@contextlib.contextmanager
def export_errors(path: Path) -> Iterator[None]:
    """A file that appeared meanwhile, or could not be written, as a clear CLI error."""
    try:
        yield
    except TargetExists:
        raise CliError(f"{path} already exists: use --force to replace it") from None
    except OSError as e:
        raise CliError(f"{path} could not be written ({e.strerror or 'error'}); "
                       "nothing was exported") from None


def report_problems(e: TableError, what_was_kept: str) -> int:
    """Every problem on its own line (``file:row:field: message``), then a summary; exit 5."""
    for problem in e.problems:
        print(problem, file=sys.stderr)
    n = len(e.problems)
    print(f"rrdesk: {n} problem{'s' if n != 1 else ''}; {what_was_kept}", file=sys.stderr)
    return EXIT_INVALID

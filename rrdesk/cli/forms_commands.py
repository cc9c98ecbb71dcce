"""Form commands: ``forms check [PATH]``, ``forms list``, ``forms records``, ``forms print``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from rrdesk.cli.common import EXIT_INVALID, EXIT_OK, CliError, add_vault_arg, unlock_from_args
from rrdesk.services.forms import FormService, FormVersionMissing, form_folders, load_forms
from rrdesk.tables.files import TargetExists


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forms", help="form definitions: check or list them")
    forms_sub = p.add_subparsers(dest="forms_command", required=True)
    c = forms_sub.add_parser("check", help="validate definitions; exit 5 listing every problem")
    c.add_argument("path", nargs="?", type=Path,
                   help="a definition file or folder (default: the bundled and local forms)")
    c.set_defaults(handler=cmd_check)
    c = forms_sub.add_parser("list", help="the forms installed and their versions")
    c.set_defaults(handler=cmd_list)
    c = forms_sub.add_parser("records", help="saved form records (id, form, version)")
    add_vault_arg(c)
    c.add_argument("--form", help="only records of this form id")
    c.set_defaults(handler=cmd_records)
    c = forms_sub.add_parser("print", help="print a saved record to a PDF, with the form "
                                           "version it was captured with (logged)")
    add_vault_arg(c)
    c.add_argument("--record", type=int, required=True, help="the record id")
    c.add_argument("--out", type=Path, required=True, help="the PDF to write (not overwritten)")
    c.add_argument("--printed-at", help="date and time printed on the pages, ISO "
                                        "(fixed output for comparisons)")
    c.set_defaults(handler=cmd_print)


def cmd_check(args: argparse.Namespace) -> int:
    folders = [args.path] if args.path else form_folders()
    if args.path and not args.path.exists():
        raise CliError(f"{args.path} does not exist")
    library = load_forms(folders)
    for problem in library.problems:
        print(problem)
    files = len(library.definitions) + len(set(library.refused))
    if library.problems:
        print(f"rrdesk: {len(library.problems)} problem(s); {len(set(library.refused))} of "
              f"{files} definition file(s) refused", file=sys.stderr)
        return EXIT_INVALID
    if not files:  # a missing or emptied forms folder is a broken installation, not "ok"
        where = ", ".join(str(f) for f in folders) or "no forms folder"
        print(f"rrdesk: no form definitions found (looked in {where})", file=sys.stderr)
        return EXIT_INVALID
    print(f"ok: {files} definition file(s), forms: {', '.join(library.form_ids())}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    library = load_forms()
    for form_id in library.form_ids():
        latest = library.latest(form_id)
        versions = ", ".join(str(v) for v in library.versions(form_id))
        print(f"{form_id:<24} {latest.title:<32} versions {versions}")
    for problem in library.problems:
        print(f"refused: {problem}", file=sys.stderr)
    return EXIT_OK


def cmd_records(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args)
    with vault:
        for record_id, form_id, version in FormService(vault).records(form_id=args.form):
            print(f"{record_id:>6}  {form_id:<24} v{version}")
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists():
        raise CliError(f"{out} already exists: choose another name")
    printed_at = None
    if args.printed_at:
        try:
            printed_at = dt.datetime.fromisoformat(args.printed_at)
        except ValueError:
            raise CliError("--printed-at must be an ISO date and time, "
                           "for example 2026-11-23T09:30", EXIT_INVALID) from None
    if not out.parent.is_dir():
        raise CliError(f"there is no folder {out.parent}")
    vault, _ = unlock_from_args(args)
    with vault:
        try:
            FormService(vault).print_to_file(args.record, out, printed_at=printed_at,
                                             invariant=printed_at is not None,
                                             overwrite=False)
        except KeyError:
            raise CliError(f"there is no record {args.record}", EXIT_INVALID) from None
        except FormVersionMissing as e:
            raise CliError(str(e), EXIT_INVALID) from None
        except TargetExists:
            raise CliError(f"{out} already exists: choose another name") from None
        except OSError as e:
            raise CliError(f"{out} could not be written ({e.strerror or 'error'}); "
                           "nothing was printed") from None
    print(f"Printed record {args.record} to {out}")
    return EXIT_OK

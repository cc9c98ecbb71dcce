"""Form definition commands: ``rrdesk forms check [PATH]`` and ``rrdesk forms list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rrdesk.cli.common import EXIT_INVALID, EXIT_OK, CliError
from rrdesk.services.forms import form_folders, load_forms


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forms", help="form definitions: check or list them")
    forms_sub = p.add_subparsers(dest="forms_command", required=True)
    c = forms_sub.add_parser("check", help="validate definitions; exit 5 listing every problem")
    c.add_argument("path", nargs="?", type=Path,
                   help="a definition file or folder (default: the bundled and local forms)")
    c.set_defaults(handler=cmd_check)
    c = forms_sub.add_parser("list", help="the forms installed and their versions")
    c.set_defaults(handler=cmd_list)


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
    print(f"ok: {files} definition file(s), forms: {', '.join(library.form_ids()) or 'none'}")
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

"""Case register commands: list, import, export."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rrdesk.cli.common import EXIT_OK, add_vault_arg, unlock_from_args
from rrdesk.cli.table_args import (
    add_file_args,
    check_export_target,
    chosen_file,
    export_errors,
    report_problems,
)
from rrdesk.services.case_io import export_cases, import_cases, read_case_file
from rrdesk.services.register import RegisterFilter, RegisterQuery
from rrdesk.services.table_files import TableError


def register(sub: argparse._SubParsersAction) -> None:
    cases = sub.add_parser("cases", help="the case register")
    cases_sub = cases.add_subparsers(dest="cases_command", required=True)

    p = cases_sub.add_parser("list", help="list cases (not those merged into another)")
    add_vault_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON object per case")
    p.add_argument("--search", default="", help="names, aliases or identifiers")
    p.set_defaults(handler=cmd_list)

    p = cases_sub.add_parser("import", help="add the cases in a CSV file (all or nothing)")
    add_vault_arg(p)
    p.add_argument("--csv", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=cmd_import)

    p = cases_sub.add_parser("export", help="write the caseload as CSV or XLSX")
    add_vault_arg(p)
    add_file_args(p)
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(handler=cmd_export)


def cmd_list(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args)
    with vault:
        rows = RegisterQuery(vault).all_rows(RegisterFilter(text=args.search))
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in rows:
        level = f"L{r.mappa_level}" if r.mappa_level else "  "
        print(f"{r.id:>6}  {r.family_name}, {r.given_names:<20} {r.pnc or '':<14} "
              f"{r.crn or '':<8} {r.iom_cohort:<5} {level} {r.status}")
    print(f"{len(rows)} case(s)")
    return EXIT_OK




NOT_IMPORTED = "no case was imported"


def cmd_import(args: argparse.Namespace) -> int:
    try:
        records = read_case_file(args.csv, "csv")
    except TableError as e:
        return report_problems(e, NOT_IMPORTED)
    vault, _ = unlock_from_args(args)
    with vault:
        try:
            count = import_cases(vault, args.csv.name, records)
        except TableError as e:
            return report_problems(e, NOT_IMPORTED)
    print(f"Imported {count} case(s) from {args.csv.name}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    path, kind = chosen_file(args)
    check_export_target(path, args.force)
    vault, _ = unlock_from_args(args)
    with vault, export_errors(path):
        count = export_cases(vault, path, kind, overwrite=args.force)
    print(f"Exported {count} case(s) to {path} (OFFICIAL-SENSITIVE: handle accordingly)")
    return EXIT_OK

"""Partnership delivery plan commands: plan import, plan export, plan list."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rrdesk.cli.common import EXIT_INVALID, EXIT_OK, CliError, add_vault_arg, open_vault
from rrdesk.domain.plan import PLAN_FIELDS
from rrdesk.services.plan import PlanService, read_plan_file
from rrdesk.services.table_files import Kind, TableError, TargetExists


def register(sub: argparse._SubParsersAction) -> None:
    plan = sub.add_parser("plan", help="the partnership delivery plan (import, export, list)")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True, metavar="COMMAND",
                                   parser_class=type(plan))

    p = plan_sub.add_parser("import", help="replace the plan with a CSV or XLSX table "
                                           "(all or nothing)")
    add_vault_arg(p)
    _add_file_args(p)
    p.set_defaults(handler=cmd_import)

    p = plan_sub.add_parser("export", help="write the plan as CSV or XLSX, as stored")
    add_vault_arg(p)
    _add_file_args(p)
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(handler=cmd_export)

    p = plan_sub.add_parser("list", help="show the plan grouped by need")
    add_vault_arg(p)
    p.add_argument("--json", action="store_true",
                   help="one object per action, with inherited blanks filled in")
    p.set_defaults(handler=cmd_list)


def _add_file_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--csv", type=Path, metavar="FILE",
                       help="a CSV file (UTF-8) with the columns Need, Priority issue, Action, "
                            "Owner, Timescale, RAG rating")
    group.add_argument("--xlsx", type=Path, metavar="FILE",
                       help="an Excel workbook (.xlsx): its first sheet, same columns")


def _file(args: argparse.Namespace) -> tuple[Path, Kind]:
    return (args.csv, "csv") if args.csv is not None else (args.xlsx, "xlsx")


def cmd_import(args: argparse.Namespace) -> int:
    path, kind = _file(args)
    # Read and check the whole file before the vault is opened: nothing is touched unless
    # every row is good.
    try:
        lines = read_plan_file(path, kind)
    except TableError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        n = len(e.problems)
        print(f"rrdesk: {n} problem{'s' if n != 1 else ''}; the plan was not changed",
              file=sys.stderr)
        return EXIT_INVALID
    vault, _ = open_vault(args)
    with vault:
        count = PlanService(vault).replace_all(lines, source=kind.upper())
    print(f"Imported {count} plan rows from {path.name}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    path, kind = _file(args)
    if path.exists() and not args.force:
        raise CliError(f"{path} already exists: use --force to replace it")
    if path.is_dir():
        raise CliError(f"{path} is a folder: give a file name")
    if not path.parent.is_dir():
        raise CliError(f"there is no folder {path.parent}")
    vault, _ = open_vault(args)
    with vault:
        try:
            count = PlanService(vault).export_file(path, kind, overwrite=args.force)
        except TargetExists:
            raise CliError(f"{path} already exists: use --force to replace it") from None
        except OSError as e:
            raise CliError(f"{path} could not be written ({e.strerror or 'error'}); "
                           "nothing was exported") from None
    print(f"Exported {count} plan rows to {path} (OFFICIAL-SENSITIVE: handle accordingly)")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    vault, _ = open_vault(args)
    with vault:
        service = PlanService(vault)
        if args.json:
            rows = [{name: getattr(line, name) for name in PLAN_FIELDS}
                    for line in service.filled()]
            print(json.dumps(rows, ensure_ascii=False, indent=1))
            return EXIT_OK
        sections = service.sections()
    if not sections:
        print("The plan is empty.")
    for section in sections:
        print(section.need or "(no need given)")
        issue = None
        for item in section.items:
            line = item.shown
            if line.priority_issue != issue:
                issue = line.priority_issue
                print(f"  {issue or '(no priority issue)'}")
            print(f"    - {_one_line(line.action)}")
            extras = [f"owner: {_one_line(line.owner)}" if line.owner.strip() else "",
                      f"by: {_one_line(line.timescale)}" if line.timescale.strip() else "",
                      f"RAG: {_one_line(line.rag)}" if line.rag.strip() else ""]
            extras = [x for x in extras if x]
            if extras:
                print(f"      {'; '.join(extras)}")
    return EXIT_OK


def _one_line(text: str) -> str:
    return " ".join(text.split())

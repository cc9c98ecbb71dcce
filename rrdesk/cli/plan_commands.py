"""Partnership delivery plan commands: plan import, plan export, plan list."""

from __future__ import annotations

import argparse

from rrdesk.cli.common import EXIT_OK, add_vault_arg, print_json, unlock_from_args
from rrdesk.cli.table_args import (
    add_file_args,
    check_export_target,
    chosen_file,
    export_errors,
    report_problems,
)
from rrdesk.domain.plan import PLAN_FIELDS
from rrdesk.services.plan import PlanService, read_plan_file
from rrdesk.tables.files import TableError


def register(sub: argparse._SubParsersAction) -> None:
    plan = sub.add_parser("plan", help="the partnership delivery plan (import, export, list)")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True, metavar="COMMAND",
                                   parser_class=type(plan))

    p = plan_sub.add_parser("import", help="replace the whole plan with a CSV or XLSX table "
                                           "(all or nothing; says how many rows it replaced)")
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
    add_file_args(p, "a CSV file (UTF-8) with the columns Need, Priority issue, Action, "
                     "Owner, Timescale, RAG rating",
                  "an Excel workbook (.xlsx): its first sheet, same columns")


def cmd_import(args: argparse.Namespace) -> int:
    path, kind = chosen_file(args)
    # Read and check the whole file before the vault is opened: nothing is touched unless
    # every row is good.
    try:
        lines = read_plan_file(path, kind)
    except TableError as e:
        return report_problems(e, "the plan was not changed")
    vault, _ = unlock_from_args(args)
    with vault:
        service = PlanService(vault)
        replaced = service.count()
        count = service.replace_all(lines, source=kind.upper())
    print(f"Imported {count} plan rows from {path.name}, replacing the {replaced} rows "
          "of the plan before")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    path, kind = chosen_file(args)
    check_export_target(path, args.force)
    vault, _ = unlock_from_args(args)
    with vault, export_errors(path):
        count = PlanService(vault).export_file(path, kind, overwrite=args.force)
    print(f"Exported {count} plan rows to {path} (OFFICIAL-SENSITIVE: handle accordingly)")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args)
    with vault:
        service = PlanService(vault)
        if args.json:
            rows = [{name: getattr(line, name) for name in PLAN_FIELDS}
                    for line in service.filled()]
            return print_json(rows)
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

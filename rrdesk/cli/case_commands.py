"""Case register commands: list, import, export."""

from __future__ import annotations

import argparse

from rrdesk.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_vault_arg,
    print_json,
    unlock_from_args,
)
from rrdesk.cli.progress_line import ProgressLine
from rrdesk.cli.table_args import (
    add_file_args,
    check_export_target,
    chosen_file,
    export_errors,
    report_problems,
)
from rrdesk.domain.case_record import DerivedFlag, Flag, RequirementKind
from rrdesk.services.case_io import export_cases, import_cases, read_case_file
from rrdesk.services.case_record import CaseRecordService
from rrdesk.services.register import RegisterFilter, RegisterQuery
from rrdesk.services.reviews import last_decisions
from rrdesk.tables.files import TableError


def register(sub: argparse._SubParsersAction) -> None:
    cases = sub.add_parser("cases", help="the case register")
    cases_sub = cases.add_subparsers(dest="cases_command", required=True)

    p = cases_sub.add_parser("list", help="list cases (not those merged into another)")
    add_vault_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON object per case")
    p.add_argument("--search", default="", help="names, aliases or identifiers")
    p.add_argument("--flag", choices=[*Flag, *DerivedFlag], help="with this flag today")
    p.add_argument("--requirement", choices=list(RequirementKind),
                   help="with this requirement or licence condition active today")
    p.add_argument("--licence-ends-within-days", type=_days, metavar="N",
                   help="whose licence ends today or in the next N days")
    p.set_defaults(handler=cmd_list)

    p = cases_sub.add_parser("show", help="one case's whole record")
    add_vault_arg(p)
    p.add_argument("--case", type=int, required=True, metavar="ID")
    p.add_argument("--json", action="store_true", help="as one JSON object")
    p.set_defaults(handler=cmd_show)

    p = cases_sub.add_parser("import", help="add the cases in a CSV or XLSX file "
                                            "(all or nothing)")
    add_vault_arg(p)
    add_file_args(p, xlsx_help="the first sheet of a workbook (an export imports again)")
    p.add_argument("--allow-same-name", action="store_true",
                   help="import rows that share a name and date of birth with another row "
                        "or a case in the vault (different people)")
    p.set_defaults(handler=cmd_import)

    p = cases_sub.add_parser("export", help="write the caseload as CSV or XLSX")
    add_vault_arg(p)
    add_file_args(p)
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(handler=cmd_export)


def _days(text: str) -> int:
    if not text.isdigit() or int(text) > 3660:
        raise argparse.ArgumentTypeError("must be a whole number of days from 0 to 3660")
    return int(text)


def cmd_list(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args)
    f = RegisterFilter(text=args.search, flag=args.flag, requirement=args.requirement,
                       licence_ends_within_days=args.licence_ends_within_days)
    with vault:
        rows = RegisterQuery(vault).all_rows(f)
        decisions = last_decisions(vault)
    if args.json:
        out = []
        for r in rows:
            data = r.as_json()
            meeting_day, decision, meeting_id = decisions.get(r.id, (None, None, None))
            data["last_meeting"] = meeting_day.isoformat() if meeting_day else None
            data["last_decision"] = decision
            data["last_meeting_id"] = meeting_id
            out.append(data)
        return print_json(out)
    for r in rows:
        level = f"L{r.mappa_level}" if r.mappa_level else "  "
        print(f"{r.id:>6}  {r.family_name}, {r.given_names:<20} {r.pnc or '':<14} "
              f"{r.crn or '':<8} {r.iom_cohort:<5} {level} {r.status}")
    print(f"{len(rows)} case(s)")
    return EXIT_OK




def cmd_show(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args)
    with vault:
        try:
            record = CaseRecordService(vault).record_json(args.case)
        except KeyError:
            raise CliError(f"there is no case {args.case}", EXIT_INVALID) from None
    if args.json:
        return print_json(record)
    print(f"{record['id']}  {record['family_name']}, {record['given_names']}")
    for key in ("date_of_birth", "pnc", "crn", "iom_cohort", "mappa_category", "mappa_level",
                "rosh", "offender_manager", "status", "next_review"):
        print(f"  {key:<18}{record[key] if record[key] is not None else ''}")
    sentence = record["sentence"]
    if sentence:
        print(f"  sentence          {sentence['type']} {sentence['start'] or ''} to "
              f"{sentence['end'] or ''} (licence end {sentence['licence_end'] or 'none'})")
    for r in record["requirements"]:
        print(f"  requirement       {r['kind']} {r['start'] or ''} to {r['end'] or ''}")
    print(f"  flags             {', '.join(record['active_flags']) or 'none'}")
    for h in record["history"]:
        print(f"  {h['date'][:10]}  {h['field']}: {h['old'] or '—'} → {h['new'] or '—'}"
              f" by {h['by']}")
    return EXIT_OK


NOT_IMPORTED = "no case was imported"


def cmd_import(args: argparse.Namespace) -> int:
    path, kind = chosen_file(args)
    try:
        with ProgressLine(f"Reading {path.name}") as line:
            records = read_case_file(path, kind, progress=line)
    except TableError as e:
        return report_problems(e, NOT_IMPORTED)
    vault, _ = unlock_from_args(args)
    with vault:
        try:
            with ProgressLine(f"Importing {path.name}") as line:
                count = import_cases(vault, path.name, records, progress=line,
                                     allow_same_name=args.allow_same_name)
        except TableError as e:
            return report_problems(e, NOT_IMPORTED)
    print(f"Imported {count} case(s) from {path.name}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    path, kind = chosen_file(args)
    check_export_target(path, args.force)
    vault, _ = unlock_from_args(args)
    with vault, export_errors(path), ProgressLine(f"Exporting to {path.name}") as line:
        count = export_cases(vault, path, kind, overwrite=args.force, progress=line)
    print(f"Exported {count} case(s) to {path} (OFFICIAL-SENSITIVE: handle accordingly)")
    return EXIT_OK

"""Case register commands: list, import, export."""

from __future__ import annotations

import argparse
import json

from rrdesk.cli.common import EXIT_OK, add_vault_arg, open_vault
from rrdesk.services.register import RegisterFilter, RegisterQuery


def register(sub: argparse._SubParsersAction) -> None:
    cases = sub.add_parser("cases", help="the case register")
    cases_sub = cases.add_subparsers(dest="cases_command", required=True)

    p = cases_sub.add_parser("list", help="list cases (not those merged into another)")
    add_vault_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON object per case")
    p.add_argument("--search", default="", help="names, aliases or identifiers")
    p.set_defaults(handler=cmd_list)


def cmd_list(args: argparse.Namespace) -> int:
    vault, _ = open_vault(args)
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



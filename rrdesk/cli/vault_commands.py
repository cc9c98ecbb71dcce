"""Vault commands: init, demo, check, rekey, backup, restore, audit."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from rrdesk.cli.common import (
    EXIT_NOT_A_VAULT,
    EXIT_OK,
    add_vault_arg,
    print_json,
    read_new_passphrase,
    read_passphrase,
    unlock_from_args,
)
from rrdesk.services.demo import create_demo_vault
from rrdesk.services.vaults import (
    audit_rows,
    backup_vault,
    check_vault,
    create_vault,
    rekey_vault,
    restore_vault,
)


def _officer_default() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return "officer"


def _case_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number") from None
    if not 0 <= value <= 100_000:
        raise argparse.ArgumentTypeError("must be between 0 and 100,000")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a new empty vault (never overwrites a file)")
    add_vault_arg(p)
    p.add_argument("--officer", default=None, help="your name, as it appears in the audit log")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="create a vault of synthetic, obviously fictional people")
    add_vault_arg(p)
    p.add_argument("--cases", type=_case_count, default=60,
                   help="how many fictional cases (0 to 100,000; default 60)")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("check", help="integrity check and schema revision")
    add_vault_arg(p)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("rekey", help="change the passphrase (new one from "
                                     "RRDESK_NEW_PASSPHRASE or a prompt)")
    add_vault_arg(p)
    p.set_defaults(handler=cmd_rekey)

    p = sub.add_parser("backup", help="encrypted backup, taken while the vault is in use")
    add_vault_arg(p)
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="put a backup in place of a vault (the old one is kept)")
    p.add_argument("--backup", required=True, type=Path)
    add_vault_arg(p)
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("audit", help="show or verify the audit log")
    add_vault_arg(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--verify", action="store_true", help="exit 4 when the chain is broken")
    p.set_defaults(handler=cmd_audit)


def cmd_init(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args, "New passphrase: ", confirm=True)
    create_vault(args.vault, args.officer or _officer_default(), passphrase, None).close()
    print(f"Created vault {args.vault}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args, "New passphrase: ", confirm=True)
    create_demo_vault(args.vault, passphrase, cases=args.cases, seed=args.seed)
    print(f"Created demo vault {args.vault} with {args.cases} fictional cases")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args, verify=False)  # it reports every problem
    with vault:
        health = check_vault(vault)
    report = health.report
    print(f"schema revision: {report.revision} (this rrdesk: {report.head})")
    for problem in report.problems + health.chain_problems:
        print(f"problem: {problem}")
    if health.ok:
        print("integrity: ok")
        return EXIT_OK
    return EXIT_NOT_A_VAULT


def cmd_rekey(args: argparse.Namespace) -> int:
    vault, old = unlock_from_args(args)
    with vault:
        new = read_new_passphrase(args)
        rekey_vault(vault, old, new)
    print("Passphrase changed.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    # Shared: a scheduled backup works while an officer has the vault open in the app.
    vault, passphrase = unlock_from_args(args, shared=True)
    with vault:
        backup_vault(vault, args.out, passphrase)
    print(f"Backup written to {args.out}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args)
    kept = restore_vault(args.backup, args.vault, passphrase)
    print(f"Restored {args.vault} from {args.backup}")
    if kept:
        print(f"The vault it replaced is kept as {kept}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args)
    with vault:
        rows = [r.as_json() for r in audit_rows(vault)]
        problems = vault.audit_problems() if args.verify else []
    if args.json:
        print_json({"entries": rows, "problems": problems} if args.verify else rows)
    else:
        for r in rows:
            print(f"{r['id']:>6}  {r['at']}  {r['actor']:<20} {r['action']:<13} "
                  f"{r['record_type']}:{r['record_id']}  {r['detail']}")
    if args.verify:
        for p in problems:
            print(f"problem: {p}")
        if problems:
            return EXIT_NOT_A_VAULT
        if not args.json:
            print(f"audit chain: ok ({len(rows)} entries)")
    return EXIT_OK

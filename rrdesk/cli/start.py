"""Starting the desktop app from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path


def start_app(args: argparse.Namespace) -> int:
    vault = Path(args.vault) if args.vault else None
    if args.demo:  # the database layer is loaded only for the demo vault
        from rrdesk.services.demo import DEMO_PASSPHRASE
        from rrdesk.services.vaults import demo_vault_path

        vault = vault or demo_vault_path()
        if not vault.exists():
            from rrdesk.services.demo import create_demo_vault

            create_demo_vault(vault)
            print(f"Created a demo vault of fictional people at {vault}")
        print(f'Demo vault passphrase: "{DEMO_PASSPHRASE}" (fictional data only)')
    from rrdesk.ui.app import run

    return run(vault)

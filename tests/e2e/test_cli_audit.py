"""``rrdesk audit --verify`` and ``rrdesk check`` find a tampered audit log (exit 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from e2e_support import run_cli

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.store.engine import keyed_connection
from rrdesk.store.vault import Vault

pytestmark = pytest.mark.slow
KEY = {"RRDESK_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def logged_vault(vault: Vault, vault_path: Path) -> Path:
    cases = CaseService(vault)
    for i in range(3):
        cases.get(cases.add(CaseDetails(family_name=f"Audittrail-Demo{i}")))
    vault.close()  # 1 creation + 3 collections + 3 consultations = 7 entries
    return vault_path


def tamper(path: Path, statement: str) -> None:
    """What someone holding the key could do with any SQLCipher tool."""
    conn = keyed_connection(path, PASSPHRASE)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute(statement)
    finally:
        conn.close()


def test_intact_chain_verifies(logged_vault: Path) -> None:
    result = run_cli("audit", "--vault", logged_vault, "--verify", env=KEY)
    assert result.returncode == 0, result.stderr
    assert "audit chain: ok (7 entries)" in result.stdout
    assert "Audittrail" not in result.stdout  # record types and ids, never names
    listed = run_cli("audit", "--vault", logged_vault, "--json", "--verify", env=KEY)
    data = json.loads(listed.stdout)
    assert data["problems"] == [] and len(data["entries"]) == 7


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE audit_log SET action = 'consultation', detail = '' WHERE id = 2",
         "entry 2: has been altered"),
        ("DELETE FROM audit_log WHERE id = 4", "entries 4..4 are missing"),
        ("DELETE FROM audit_log WHERE id = 7", "the latest entries have been removed"),
    ],
    ids=["edited", "deleted-middle", "deleted-last"],
)
def test_tampering_is_found_by_audit_verify_and_check(
    logged_vault: Path, statement: str, words: str
) -> None:
    tamper(logged_vault, statement)
    result = run_cli("audit", "--vault", logged_vault, "--verify", env=KEY)
    assert result.returncode == 4
    assert words in result.stdout
    check = run_cli("check", "--vault", logged_vault, env=KEY)
    assert check.returncode == 4
    assert words in check.stdout

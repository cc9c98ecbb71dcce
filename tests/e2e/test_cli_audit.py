"""``rrdesk audit --verify`` and ``rrdesk check`` find a tampered audit log (exit 4).

Run in-process through ``rrdesk.cli.main`` (a subprocess adds nothing here but time).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rrdesk.cli import main
from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.store.engine import keyed_connection
from rrdesk.store.vault import Vault, key_for
from tests.conftest import PASSPHRASE


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.returncode, self.stdout, self.stderr = code, out, err


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)

    def run(*args: object) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def logged_vault(vault: Vault, vault_path: Path) -> Path:
    cases = CaseService(vault)
    for i in range(3):
        cases.get(cases.add(CaseDetails(family_name=f"Audittrail-Demo{i}")))
    vault.close()  # 1 creation + 3 collections + 3 consultations = 7 entries
    return vault_path


def tamper(path: Path, statement: str) -> None:
    """What someone holding the key could do with any SQLCipher tool."""
    conn = keyed_connection(path, key_for(path, PASSPHRASE))
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.executescript(statement)
    finally:
        conn.close()


def test_intact_chain_verifies(logged_vault: Path, cli) -> None:  # noqa: ANN001
    result = cli("audit", "--vault", logged_vault, "--verify")
    assert result.returncode == 0, result.stderr
    assert "audit chain: ok (7 entries)" in result.stdout
    assert "Audittrail" not in result.stdout  # record types and ids, never names
    listed = cli("audit", "--vault", logged_vault, "--json", "--verify")
    data = json.loads(listed.stdout)
    assert data["problems"] == [] and len(data["entries"]) == 7


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE audit_log SET action = 'consultation', detail = '' WHERE id = 2",
         "entry 2: has been altered"),
        ("DELETE FROM audit_log WHERE id = 4", "entries 4..4 are missing"),
        ("DELETE FROM audit_log WHERE id = 7", "the latest entries have been removed"),
        ("DELETE FROM audit_log WHERE id = 7;"
         "DELETE FROM vault_meta WHERE key IN ('audit_head', 'audit_count')",
         "its head and count record has been removed"),
        ("DELETE FROM audit_log; DELETE FROM vault_meta WHERE key IN "
         "('audit_head', 'audit_count')", "is empty: every entry has been removed"),
        ("DELETE FROM audit_log WHERE id = 1", "entries 1..1 are missing"),
        ("SELECT 1", "the append-only guard audit_log_no_delete has been removed"),
    ],
    ids=["edited", "deleted-middle", "deleted-last", "deleted-last-with-head-and-count",
         "emptied", "not-from-entry-1", "triggers-dropped"],
)
def test_tampering_is_found_by_audit_verify_and_check(
    logged_vault: Path, statement: str, words: str, cli  # noqa: ANN001
) -> None:
    tamper(logged_vault, statement)
    result = cli("audit", "--vault", logged_vault, "--verify")
    assert result.returncode == 4
    assert words in result.stdout
    check = cli("check", "--vault", logged_vault)
    assert check.returncode == 4
    assert words in check.stdout


def test_only_the_triggers_dropped_is_found_and_named(logged_vault: Path, cli) -> None:  # noqa: ANN001
    tamper(logged_vault, "SELECT 1")
    result = cli("audit", "--vault", logged_vault, "--verify")
    assert result.returncode == 4
    assert "audit_log_no_update has been removed" in result.stdout
    assert "audit chain: ok" not in result.stdout

"""A damaged vault: every headless command says so (exit 4), none shows a traceback, and
``check`` lists every problem without writing to the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from e2e_support import file_digest, run_cli

from rrdesk.services.demo import fill_demo
from rrdesk.store.errors import VaultDamaged
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.slow
KEYS = {"RRDESK_PASSPHRASE": PASSPHRASE}
PAGE = 4096
COMMANDS = [("check",), ("cases", "list"), ("plan", "list"), ("audit",), ("audit", "--verify")]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, vault_template: Path) -> Path:
    path = tmp_path_factory.mktemp("damage") / "demo.rrvault"
    shutil.copyfile(vault_template, path)
    with Vault.open(path, PASSPHRASE) as vault:
        fill_demo(vault, cases=200)
    assert path.stat().st_size // PAGE > 60
    return path


def _flip(source: Path, target: Path, offset: int) -> None:
    shutil.copyfile(source, target)
    with target.open("r+b") as f:
        f.seek(offset)
        byte = f.read(1)[0]
        f.seek(offset)
        f.write(bytes([byte ^ 0xFF]))


@pytest.mark.parametrize("where", ["page-51", "last-page", "last-byte"])
def test_every_command_says_damaged_with_exit_4(demo_file: Path, tmp_path: Path,
                                                where: str) -> None:
    size = demo_file.stat().st_size
    offset = {"page-51": 50 * PAGE + 100, "last-page": size - PAGE + 50,
              "last-byte": size - 1}[where]
    damaged = tmp_path / "team.rrvault"
    _flip(demo_file, damaged, offset)
    before = file_digest(damaged)
    for command in COMMANDS:
        result = run_cli(*command, "--vault", damaged, env=KEYS)
        said = result.stdout + result.stderr
        assert result.returncode == 4, (command, said[-800:])
        assert "Traceback" not in said and "SQL" not in said, (command, said[-800:])
        if command == ("check",):
            assert "problem: HMAC verification failed for page" in result.stdout
        else:
            assert result.stderr.splitlines() == [
                "rrdesk: team.rrvault is damaged: some of it cannot be read. "
                "Restore it from a backup."], command
        assert file_digest(damaged) == before, command  # nothing written, not even by check


def test_a_read_that_meets_a_damaged_page_raises_vault_damaged(demo_file: Path,
                                                               tmp_path: Path) -> None:
    """Through the services (the app's path): damage is VaultDamaged, never a driver error."""
    from rrdesk.services.register import RegisterFilter, RegisterQuery

    damaged = tmp_path / "team.rrvault"
    found = False
    for page in range(10, demo_file.stat().st_size // PAGE):
        _flip(demo_file, damaged, page * PAGE + 100)
        try:
            vault = Vault.open(damaged, PASSPHRASE)
        except VaultDamaged:
            continue
        with vault:
            try:
                RegisterQuery(vault).all_rows(RegisterFilter())
            except VaultDamaged:
                found = True
                break
    assert found

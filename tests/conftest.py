"""Shared fixtures: every test gets its own RRDESK_HOME and vault folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Obviously fictional passphrases for tests only.
PASSPHRASE = "test-only passphrase one"
OTHER_PASSPHRASE = "test-only passphrase two"


@pytest.fixture(autouse=True)
def rrdesk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("RRDESK_HOME", str(home))
    monkeypatch.delenv("RRDESK_PASSPHRASE", raising=False)
    monkeypatch.delenv("RRDESK_NEW_PASSPHRASE", raising=False)
    return home


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    folder = tmp_path / "vaults"
    folder.mkdir()
    return folder / "team.rrvault"


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One new vault made per run: copying it is quicker than a key derivation a test."""
    from rrdesk.store.vault import Vault

    path = tmp_path_factory.mktemp("template") / "template.rrvault"
    Vault.create(path, PASSPHRASE, "Officer Testcase").close()
    return path


@pytest.fixture
def vault(vault_path: Path, vault_template: Path):
    """A new, empty vault (officer "Officer Testcase"), open."""
    from rrdesk.store.vault import Vault

    shutil.copyfile(vault_template, vault_path)
    v = Vault.open(vault_path, PASSPHRASE)
    yield v
    v.close()


@pytest.fixture(autouse=True)
def no_leftover_log_handlers():
    """A test that turns the app log on must not leave it writing into another test's home."""
    import logging

    yield
    logger = logging.getLogger("rrdesk")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()

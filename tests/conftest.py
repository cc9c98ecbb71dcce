"""Shared fixtures: every test gets its own RRDESK_HOME and vault folder."""

from __future__ import annotations

import os
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


@pytest.fixture
def vault(vault_path: Path):
    from rrdesk.store.vault import Vault

    v = Vault.create(vault_path, PASSPHRASE, "Officer Testcase")
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

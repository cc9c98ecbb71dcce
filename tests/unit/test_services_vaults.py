"""The services-level vault helpers the app and the CLI share."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rrdesk.domain.errors import FieldError
from rrdesk.services.errors import WrongPassphrase
from rrdesk.services.vaults import (
    create_vault,
    open_vault,
    set_officer_name,
    sqlcipher_version,
    unlock_throttle,
)
from rrdesk.store.audit import AuditAction
from rrdesk.store.models import AuditEntry
from tests.conftest import PASSPHRASE


def test_sqlcipher_version_is_4():
    assert sqlcipher_version().startswith("4.")


def test_throttle_state_is_kept_under_rrdesk_home(rrdesk_home):
    assert unlock_throttle().state_file == rrdesk_home / "state" / "unlock-attempts.json"


def test_open_vault_counts_wrong_passphrases(vault_path):
    create_vault(vault_path, "Officer Testcase", PASSPHRASE, PASSPHRASE).close()
    with pytest.raises(WrongPassphrase):
        open_vault(vault_path, "not the passphrase, test only")
    assert unlock_throttle().failures(vault_path) == 1
    open_vault(vault_path, PASSPHRASE).close()
    assert unlock_throttle().failures(vault_path) == 0


@pytest.mark.parametrize(("path", "officer", "field"), [
    ("", "Officer Testcase", "path"),
    ("x.rrvault", "  ", "officer_name"),
])
def test_create_vault_names_the_missing_field(tmp_path, monkeypatch, path, officer, field):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FieldError) as caught:
        create_vault(path, officer, PASSPHRASE, PASSPHRASE)
    assert caught.value.field == field
    assert not (tmp_path / "x.rrvault").exists()


def test_changing_the_officer_name_is_audited(vault):
    set_officer_name(vault, "Officer Renamed-Testcase")
    assert vault.officer_name == "Officer Renamed-Testcase"
    with vault.read_session() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last.action == AuditAction.ALTERATION
    assert vault.audit_problems() == []

"""Schema revisions: every step on a vault holding data, backups before upgrades, newer vaults."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from rrdesk.services.cases import CaseService
from rrdesk.services.demo import fill_demo
from rrdesk.store import migrate
from rrdesk.store.engine import keyed_connection, make_engine
from rrdesk.store.errors import VaultTooNew
from rrdesk.store.keys import new_key
from rrdesk.store.vault import Vault, key_for
from tests.conftest import PASSPHRASE

EXTRA_REVISION = '''"""Test-only revision: a table added after the head.

Revision ID: 9001
Revises: {down}
"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_extra", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("test_extra")
'''


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revisions_in_order() -> list[str]:
    """From the first revision to the head."""
    return [r.revision for r in reversed(list(migrate.script().walk_revisions()))]


def _counts(engine) -> dict[str, int]:  # noqa: ANN001
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}


def test_empty_file_upgrades_to_head(tmp_path: Path) -> None:
    engine, _ = make_engine(tmp_path / "new.rrvault", new_key(PASSPHRASE))
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert {"cases", "audit_log", "vault_meta"} <= set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("scripts", ["shipped", "shipped plus a test revision"])
def test_every_revision_step_keeps_the_data_and_downgrades_where_defined(
    tmp_path: Path, scripts: str, request: pytest.FixtureRequest
) -> None:
    if scripts != "shipped":  # proves the walk itself covers a step from one revision on
        request.getfixturevalue("newer_migrations")
    order = revisions_in_order()
    assert order[-1] == migrate.head_revision()
    path = tmp_path / "steps.rrvault"
    engine, _ = make_engine(path, new_key(PASSPHRASE))
    try:
        migrate.upgrade(engine, order[0])
        with engine.begin() as conn:  # data written at the first revision, as a user would
            conn.execute(text(
                "INSERT INTO cases (family_name, created_at, updated_at) VALUES "
                "('Stepwise-Demo', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
            conn.execute(text("INSERT INTO vault_meta (key, value) VALUES ('probe', 'kept')"))
        before = _counts(engine)
        for previous, revision in zip(order, order[1:], strict=False):
            migrate.upgrade(engine, revision)
            after = _counts(engine)
            assert {t: after[t] for t in before} == before, f"data lost upgrading to {revision}"
            migrate.downgrade(engine, previous)
            assert {t: _counts(engine)[t] for t in before} == before
            migrate.upgrade(engine, revision)
            before = _counts(engine)
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            name = conn.execute(text("SELECT family_name FROM cases")).scalar()
        assert name == "Stepwise-Demo"
        # The first revision downgrades to an empty file, and back.
        migrate.downgrade(engine, "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    with Vault.open(path, PASSPHRASE) as vault:
        assert vault.check().problems == []  # the file (its audit log was never started)


@pytest.fixture
def newer_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The real migrations plus one later test-only revision: our vaults are now 'behind'."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (folder / "versions" / "9001_test_extra.py").write_text(EXTRA_REVISION.format(down=head))
    monkeypatch.setattr(migrate, "MIGRATIONS", folder)
    return head


def test_upgrading_a_vault_that_is_behind_makes_an_encrypted_backup_first(
    vault: Vault, vault_path: Path, newer_migrations: str
) -> None:
    fill_demo(vault, cases=12)
    vault.close()
    old_bytes = digest(vault_path)
    with Vault.open(vault_path, PASSPHRASE) as upgraded:
        assert upgraded.check().revision == "9001"
        assert CaseService(upgraded).count() == 12
    backups = sorted(vault_path.parent.glob(f"{vault_path.name}.before-9001-*.bak"))
    assert len(backups) == 1
    backup = backups[0]
    assert b"SQLite format 3" not in backup.read_bytes()[:16]
    assert b"Demo" not in backup.read_bytes()
    conn = keyed_connection(backup, key_for(backup, PASSPHRASE))  # the same passphrase
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] \
            == newer_migrations
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 12
    finally:
        conn.close()
    assert digest(vault_path) != old_bytes


def _stamp(path: Path, revision: str) -> None:
    conn = keyed_connection(path, key_for(path, PASSPHRASE))
    try:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    finally:
        conn.close()


def test_a_vault_from_a_newer_rrdesk_is_refused_and_left_alone(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.close()
    _stamp(vault_path, "ffff_from_the_future")
    before = digest(vault_path)
    with pytest.raises(VaultTooNew) as err:
        Vault.open(vault_path, PASSPHRASE)
    assert "newer version of rrdesk" in str(err.value)
    assert digest(vault_path) == before
    assert sorted(p.name for p in vault_path.parent.iterdir()) == [vault_path.name]

    from rrdesk.cli import main

    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    assert main(["check", "--vault", str(vault_path)]) == 4
    assert digest(vault_path) == before

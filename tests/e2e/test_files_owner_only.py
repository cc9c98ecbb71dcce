"""Files rrdesk writes: owner-only from their first byte, beside their target until whole,
never left in clear after a kill (swept at the next start), and no passphrase kept in a
prepared statement."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from e2e_support import Workers, run_cli

from rrdesk.services.demo import fill_demo
from rrdesk.services.vaults import backup_vault
from rrdesk.store import vault as vault_module
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE

KEYS = {"RRDESK_PASSPHRASE": PASSPHRASE}


def _modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}


def test_a_backup_is_made_beside_its_target_owner_only_then_renamed(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_demo(vault, cases=40)
    folder = tmp_path / "backups"
    folder.mkdir()
    out = folder / "nightly.rrvault"
    seen: list[dict[str, int]] = []
    real_replace = os.replace

    def replace_watched(src, dst) -> None:  # noqa: ANN001
        if Path(dst) == out:
            seen.append(_modes(folder))
        real_replace(src, dst)

    real_chmod = os.chmod

    def chmod_watched(path, mode) -> None:  # noqa: ANN001
        seen.append(_modes(folder))  # what the folder held before any mode was set
        real_chmod(path, mode)

    monkeypatch.setattr(vault_module.os, "replace", replace_watched)
    monkeypatch.setattr(vault_module.os, "chmod", chmod_watched)
    monkeypatch.setattr(os, "umask", os.umask)  # the test's own umask is left as it was
    old_umask = os.umask(0o022)  # a usual desktop umask: files would be 0644 by default
    try:
        backup_vault(vault, out, PASSPHRASE)
    finally:
        os.umask(old_umask)
    assert seen, "the backup was not written beside its target and renamed"
    for listing in seen:
        assert out.name not in listing  # not there until whole
        assert listing and all(mode == 0o600 for mode in listing.values()), listing
    assert _modes(folder) == {out.name: 0o600}


def test_no_statement_given_the_key_stays_prepared_after_a_backup(
    vault: Vault, tmp_path: Path
) -> None:
    """Only ``executescript`` (prepared, run and finalized at once) is given the key."""
    given: list[str] = []

    class Recorder:
        def __init__(self, real) -> None:  # noqa: ANN001
            self.real = real

        def cursor(self):  # noqa: ANN202
            real_cursor = self.real.cursor()

            class Cursor:
                def execute(self, sql: str, params=()):  # noqa: ANN001, ANN202
                    given.append(sql + repr(params))
                    return real_cursor.execute(sql, params)

                def executescript(self, sql: str):  # noqa: ANN202
                    return real_cursor.executescript(sql)

            return Cursor()

        def close(self) -> None:
            self.real.close()

    class Engine:
        def raw_connection(self):  # noqa: ANN202
            return Recorder(vault.engine.raw_connection())

    key = vault._key  # the raw key: what the ATTACH is given
    secret = key.sql_literal()[2:66]  # its hex digits
    vault_module._export(Engine(), key, tmp_path / "copy.rrvault")
    assert given  # the copy was made through the recorded cursor
    assert not [sql for sql in given if secret in sql]
    with Vault.open(tmp_path / "copy.rrvault", PASSPHRASE) as copy:
        assert copy.check().problems == []


@pytest.mark.slow
def test_a_killed_csv_export_leaves_no_plaintext_after_the_next_start(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    fill_demo(vault, cases=200)
    vault.close()
    chosen = tmp_path / "exports"
    chosen.mkdir()
    out = chosen / "caseload.csv"
    with Workers() as workers:
        worker = workers.start("export_killed", vault_path, str(out), env=KEYS)
        assert worker.wait(timeout=60) == -9
    left = list(chosen.iterdir())
    assert left and not out.exists()  # killed half way: a hidden partial file
    for partial in left:
        assert stat.S_IMODE(partial.stat().st_mode) == 0o600
        old = time.time() - 3600  # as after a restart some time later
        os.utime(partial, (old, old))
    result = run_cli("forms", "list")  # any start of rrdesk sweeps
    assert result.returncode == 0, result.stderr
    assert list(chosen.iterdir()) == []


def test_folders_rrdesk_makes_are_owner_only(tmp_path: Path) -> None:
    from rrdesk.cli import main

    home = tmp_path / "fresh-home"
    os.environ["RRDESK_HOME"] = str(home)  # restored by the autouse fixture's monkeypatch
    target = tmp_path / "new" / "folder" / "team.rrvault"
    os.environ["RRDESK_PASSPHRASE"] = PASSPHRASE
    try:
        assert main(["init", "--vault", str(target)]) == 0
    finally:
        del os.environ["RRDESK_PASSPHRASE"]
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for sub in home.iterdir():
        assert stat.S_IMODE(sub.stat().st_mode) == 0o700, sub.name


def test_init_where_no_folder_can_be_made_is_a_message(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from rrdesk.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    os.environ["RRDESK_PASSPHRASE"] = PASSPHRASE
    try:
        code = main(["init", "--vault", str(blocker / "team.rrvault")])
    finally:
        del os.environ["RRDESK_PASSPHRASE"]
    err = capsys.readouterr().err
    assert code == 2 and "could not be used there" in err and "Traceback" not in err

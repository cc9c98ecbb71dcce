"""Killed processes, interrupted rekeys and a second process: the vault stays whole."""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

import pytest
from e2e_support import Workers, expect_line, file_digest, run_cli

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.services.demo import fill_demo
from rrdesk.services.register import RegisterQuery
from rrdesk.store import audit
from rrdesk.store.errors import VaultInUse, WrongPassphrase
from rrdesk.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE

pytestmark = pytest.mark.slow
KEYS = {"RRDESK_PASSPHRASE": PASSPHRASE, "RRDESK_NEW_PASSPHRASE": OTHER_PASSPHRASE}


def test_a_second_process_gets_already_open_by(vault: Vault, vault_path: Path) -> None:
    vault.close()
    with Workers() as workers:
        holder = workers.start("hold", vault_path, env=KEYS)
        expect_line(holder, "open")
        before = file_digest(vault_path)
        with pytest.raises(VaultInUse) as err:
            Vault.open(vault_path, PASSPHRASE)
        assert "already open by" in str(err.value)
        assert f"process {holder.pid}" in str(err.value)
        result = run_cli("check", "--vault", vault_path, env=KEYS)
        assert result.returncode == 6
        assert "already open by" in result.stderr
        assert file_digest(vault_path) == before
        holder.stdin.close()  # let it close the vault
        assert holder.wait(timeout=20) == 0
    Vault.open(vault_path, PASSPHRASE).close()


def test_writer_killed_mid_stream_keeps_every_commit_it_reported(
    vault: Vault, vault_path: Path
) -> None:
    vault.close()
    with Workers() as workers:
        writer = workers.start("writer", vault_path, env=KEYS)
        expect_line(writer, "ready")
        committed = [int(writer.stdout.readline()) for _ in range(40)]
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=20)
    wal = Path(str(vault_path) + "-wal")
    assert wal.exists()  # killed with the WAL still in use
    # A wrong passphrase now must not write either: no checkpoint of that WAL into the file.
    before = (file_digest(vault_path), file_digest(wal))
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, OTHER_PASSPHRASE)
    assert (file_digest(vault_path), file_digest(wal)) == before
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert again.check().ok
        assert again.audit_problems() == []
        ids = set(CaseService(again).all_ids())
    assert set(committed) <= ids
    assert len(ids) - len(committed) <= 1  # at most the commit it had no time to report


@pytest.fixture(scope="module")
def thousands_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rekey") / "template.rrvault"
    with Vault.create(path, PASSPHRASE, "Officer Testcase") as v:
        fill_demo(v, cases=2500)
    return path


@pytest.fixture(scope="module")
def rekey_seconds(thousands_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long the worker's rekey takes on this machine, from "ready" to "done"."""
    path = tmp_path_factory.mktemp("rekey-timed") / "team.rrvault"
    shutil.copyfile(thousands_vault, path)
    with Workers() as workers:
        worker = workers.start("rekey", path, env=KEYS)
        expect_line(worker, "ready")
        start = time.perf_counter()
        expect_line(worker, "done")
        return time.perf_counter() - start


# Kill points spread over the rekey as long as it takes here (the key derivations, the
# rewrite into the WAL, the copy back into the file); the last may land after it ends,
# which must be safe too.
@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8, 0.95, 1.1])
def test_interrupted_rekey_leaves_a_vault_that_opens_with_one_passphrase(
    thousands_vault: Path, rekey_seconds: float, tmp_path: Path, fraction: float
) -> None:
    path = tmp_path / "team.rrvault"
    shutil.copyfile(thousands_vault, path)
    with Workers() as workers:
        worker = workers.start("rekey", path, env=KEYS)
        expect_line(worker, "ready")
        time.sleep(rekey_seconds * fraction)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=20)
    opened_with = []
    for passphrase in (PASSPHRASE, OTHER_PASSPHRASE):
        try:
            with Vault.open(path, passphrase) as again:
                report = again.check()
                assert report.ok, report.problems
                assert CaseService(again).count() == 2500
                with again.read_session() as s:
                    logged = [e.detail for e in audit.entries(s)].count("passphrase changed")
                assert logged == (1 if passphrase == OTHER_PASSPHRASE else 0)  # together
                opened_with.append(passphrase)
        except WrongPassphrase:
            pass
    assert len(opened_with) == 1


def _copy_back_from_wal(vault_file: Path, wal_file: Path, pages: int) -> None:
    """Do by hand what a checkpoint killed part way does: copy the first ``pages`` frames
    of the WAL (page images, encrypted as written) into the vault file."""
    data = wal_file.read_bytes()
    page_size = int.from_bytes(data[8:12], "big")
    with vault_file.open("r+b") as out:
        for frame in range(pages):
            start = 32 + frame * (24 + page_size)
            page_number = int.from_bytes(data[start:start + 4], "big")
            out.seek((page_number - 1) * page_size)
            out.write(data[start + 24:start + 24 + page_size])


def test_a_rekey_killed_while_its_wal_is_copied_back_checks_whole_with_the_new_key(
    thousands_vault: Path, tmp_path: Path
) -> None:
    from rrdesk.store.engine import keyed_connection
    from rrdesk.store.vault import key_for

    path = tmp_path / "team.rrvault"
    shutil.copyfile(thousands_vault, path)
    conn = keyed_connection(path, key_for(path, PASSPHRASE))
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.executescript(f"PRAGMA rekey = '{OTHER_PASSPHRASE}';")  # committed, all in the WAL
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in (path.name, path.name + "-wal"):  # the files as a SIGKILL would leave them
        shutil.copyfile(tmp_path / name, crashed / name)
    conn.close()
    vault_file = crashed / path.name
    wal_file = crashed / (path.name + "-wal")
    frames = (wal_file.stat().st_size - 32) // (24 + 4096)
    _copy_back_from_wal(vault_file, wal_file, frames // 2)  # half the pages are back

    with pytest.raises(WrongPassphrase):
        Vault.open(vault_file, PASSPHRASE)
    with Vault.open(vault_file, OTHER_PASSPHRASE) as again:
        report = again.check()
        assert report.ok, report.problems[:3]
        assert CaseService(again).count() == 2500


def test_cli_rekey_with_the_new_passphrase_from_the_environment(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rrdesk.cli import main

    fill_demo(vault, cases=20)
    vault.close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("RRDESK_NEW_PASSPHRASE", "passphrase")
    assert main(["rekey", "--vault", str(vault_path)]) == 5
    assert "passphrase" in capsys.readouterr().err
    monkeypatch.setenv("RRDESK_NEW_PASSPHRASE", OTHER_PASSPHRASE)
    assert main(["rekey", "--vault", str(vault_path)]) == 0
    said = capsys.readouterr()
    assert "Passphrase changed." in said.out
    assert PASSPHRASE not in said.out + said.err and OTHER_PASSPHRASE not in said.out + said.err
    assert main(["check", "--vault", str(vault_path)]) == 3  # the old one no longer opens it
    monkeypatch.setenv("RRDESK_PASSPHRASE", OTHER_PASSPHRASE)
    assert main(["check", "--vault", str(vault_path)]) == 0
    assert "integrity: ok" in capsys.readouterr().out
    with Vault.open(vault_path, OTHER_PASSPHRASE) as again:
        assert CaseService(again).count() == 20
        assert again.audit_problems() == []


def test_a_scheduled_backup_works_while_the_app_holds_the_vault(vault: Vault,
                                                                vault_path: Path) -> None:
    CaseService(vault).add(CaseDetails(family_name="Backupwhileopen-Demo"))
    vault.close()
    out = vault_path.with_name("nightly.rrvault")
    with Workers() as workers:
        holder = workers.start("hold", vault_path, env=KEYS)
        expect_line(holder, "open")
        result = run_cli("backup", "--vault", vault_path, "--out", out, env=KEYS)
        assert result.returncode == 0, result.stderr
        assert run_cli("check", "--vault", vault_path, env=KEYS).returncode == 6  # still held
        holder.stdin.close()
        assert holder.wait(timeout=20) == 0
    with Vault.open(out, PASSPHRASE) as copy:
        assert copy.check().ok
        assert [r.family_name for r in RegisterQuery(copy).all_rows()] == [
            "Backupwhileopen-Demo"]
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert again.check().ok and again.audit_problems() == []
        with again.read_session() as s:
            assert "encrypted backup written" in [e.detail for e in audit.entries(s)]

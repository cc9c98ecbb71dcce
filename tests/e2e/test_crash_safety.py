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


def _caseload_csv(path: Path, rows: int) -> Path:
    """``rows`` fictional people, every one a different name."""
    lines = ["family_name,given_names,date_of_birth"]
    lines += [f"Killtest-Demo{i},Testperson,{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}"
              for i in range(rows)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_an_import_killed_while_it_writes_leaves_none_of_its_rows(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    """``rrdesk cases import`` killed (SIGKILL) after it has written some of its batches:
    the vault holds none of the file's cases or all of them, never some (an import that
    committed batch by batch, or row by row, fails here), and its audit chain is whole."""
    import os
    import pty
    import re
    import select
    import subprocess
    import sys

    from e2e_support import REPO, _env

    CaseService(vault).add(CaseDetails(family_name="Beforeimport-Demo"))
    vault.close()
    rows = 30_000
    source = _caseload_csv(tmp_path / "caseload.csv", rows)
    # Standard error on a terminal, so the command draws its progress line there: it is
    # killed when the line says the rows are checked and some, not all, are written.
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rrdesk", "cases", "import", "--vault", str(vault_path),
         "--csv", str(source)], cwd=REPO, env=_env(KEYS), stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    seen, killed_at = "", None
    try:
        deadline = time.monotonic() + 180
        while killed_at is None and time.monotonic() < deadline:
            if select.select([controller], [], [], 0.5)[0]:
                try:
                    seen += os.read(controller, 4096).decode(errors="replace")
                except OSError:  # the command ended and closed the terminal
                    break
            for done, total in re.findall(r"\(([\d,]+) of ([\d,]+)\)", seen[-200:]):
                done, total = int(done.replace(",", "")), int(total.replace(",", ""))
                if rows < done < total:
                    proc.send_signal(signal.SIGKILL)
                    killed_at = done - rows
                    break
    finally:
        if proc.poll() is None and killed_at is None:
            proc.kill()
        proc.wait(timeout=30)
        os.close(controller)
    assert killed_at is not None, f"never seen writing: {seen[-300:]!r}"
    assert proc.returncode == -signal.SIGKILL
    assert 0 < killed_at < rows  # some batches were written when it was killed
    with Vault.open(vault_path, PASSPHRASE) as again:
        report = again.check()
        assert report.ok, report.problems
        assert again.audit_problems() == []
        names = [r.family_name for r in RegisterQuery(again).all_rows()]
    imported = [n for n in names if n.startswith("Killtest-Demo")]
    assert len(imported) in (0, rows), f"{len(imported)} of {rows} rows were kept"
    assert "Beforeimport-Demo" in names


def test_a_backup_while_an_import_holds_the_write_lock_says_busy_and_leaves_no_file(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    """A long import keeps the vault's write lock: a backup waits for it up to its limit
    (5 s), then says the vault is busy (exit 6) instead of "database is locked", and leaves
    no backup file (a backup is written together with its audit entry, or not at all)."""
    CaseService(vault).add(CaseDetails(family_name="Beforeimport-Demo"))
    vault.close()
    source = _caseload_csv(tmp_path / "caseload.csv", 3_000)
    backups = tmp_path / "backups"
    backups.mkdir()
    out = backups / "nightly.rrvault"
    with Workers() as workers:
        importer = workers.start("import_paused", vault_path, str(source), env=KEYS)
        expect_line(importer, "writing")  # inside its transaction, the write lock held
        started = time.monotonic()
        result = run_cli("backup", "--vault", vault_path, "--out", out, env=KEYS)
        waited = time.monotonic() - started
        assert result.returncode == 6, result.stderr
        assert "busy" in result.stderr and "Traceback" not in result.stderr
        assert "database is locked" not in result.stderr
        assert waited >= 5  # it waited for the writer before giving up
        assert list(backups.iterdir()) == []
        importer.stdin.close()  # the import goes on and commits
        assert importer.wait(timeout=60) == 0
        assert importer.stdout.read().strip() == "imported 3000"
    result = run_cli("backup", "--vault", vault_path, "--out", out, env=KEYS)
    assert result.returncode == 0, result.stderr
    with Vault.open(out, PASSPHRASE) as copy:
        assert len(RegisterQuery(copy).all_rows()) == 3_001
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert again.check().ok and again.audit_problems() == []
        with again.read_session() as s:
            details = [e.detail for e in audit.entries(s)]
        assert details.count("encrypted backup written") == 1

"""The headless commands: exit codes, one clear line, files never touched on failure."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from e2e_support import file_digest, run_cli

from rrdesk.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE

pytestmark = pytest.mark.slow


@pytest.fixture
def made_vault(vault_path: Path) -> Path:
    Vault.create(vault_path, PASSPHRASE, "Officer Testcase").close()
    return vault_path


def folder_listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_wrong_passphrase_is_exit_3_with_one_line_and_the_file_untouched(
    made_vault: Path,
) -> None:
    before = file_digest(made_vault)
    result = run_cli("check", "--vault", made_vault, env={"RRDESK_PASSPHRASE": OTHER_PASSPHRASE})
    assert result.returncode == 3
    assert result.stderr.splitlines() == ["rrdesk: Wrong passphrase, or the file is damaged."]
    assert result.stdout == ""
    assert file_digest(made_vault) == before
    assert folder_listing(made_vault) == [made_vault.name]


def _plain(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()


def _cut(pages: int | None, size: int | None = None):  # noqa: ANN202
    def make(path: Path) -> None:
        Vault.create(path, PASSPHRASE, "Officer Testcase").close()
        data = path.read_bytes()
        path.write_bytes(data[: pages * 4096] if pages else data[:size])
    return make


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_plain, "unencrypted SQLite"),
        (_cut(None, 6000), "whole number of pages"),
        (_cut(2), "damaged"),
        (lambda p: p.write_text("Name,PNC\nTestperson,none\n"), "text file"),
        (lambda p: p.write_bytes(b""), "empty"),
    ],
    ids=["plain-sqlite", "truncated-mid-page", "truncated-on-page", "text", "empty"],
)
def test_files_that_are_not_vaults_are_exit_4_and_untouched(
    vault_path: Path, make, words: str  # noqa: ANN001
) -> None:
    make(vault_path)
    before = file_digest(vault_path)
    result = run_cli("check", "--vault", vault_path, env={"RRDESK_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 4, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and words in lines[0]
    assert file_digest(vault_path) == before
    assert folder_listing(vault_path) == [vault_path.name]


def test_passphrase_from_stdin_and_none_without_a_terminal(made_vault: Path) -> None:
    ok = run_cli("check", "--vault", made_vault, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert ok.returncode == 0 and "integrity: ok" in ok.stdout
    # No passphrase at all and no terminal: a usage error, not a hang.
    none = run_cli("check", "--vault", made_vault)
    assert none.returncode == 2 and "RRDESK_PASSPHRASE" in none.stderr


def test_usage_errors_are_exit_2_and_never_echo_a_passphrase(
    made_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rrdesk.cli import main

    # Never as an argument, and a mistaken one is not repeated on stderr.
    assert main(["check", "--vault", str(made_vault), "--passphrase", PASSPHRASE]) == 2
    assert PASSPHRASE not in capsys.readouterr().err
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    assert main(["check", "--vault", str(made_vault)]) == 0
    # A file that exists is never overwritten by init.
    before = file_digest(made_vault)
    assert main(["init", "--vault", str(made_vault)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert file_digest(made_vault) == before
    assert main(["check", "--vault", str(tmp_path / "nowhere.rrvault")]) == 2
    assert main(["frobnicate"]) == 2


def test_init_refuses_a_weak_passphrase_with_exit_5_and_creates_nothing(
    vault_path: Path,
) -> None:
    result = run_cli("init", "--vault", vault_path, "--passphrase-stdin",
                     stdin="password1234\n")
    assert result.returncode == 5
    assert result.stderr.splitlines() == [
        "rrdesk: passphrase: is too easy to guess; choose a few unrelated words"]
    assert list(vault_path.parent.iterdir()) == []


def test_vault_full_is_a_clear_message_from_the_cli(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rrdesk.cli import main
    from rrdesk.store import engine
    from rrdesk.store import vault as vault_module

    real = engine.keyed_connection

    def capped(path: Path, passphrase: str):  # noqa: ANN202
        conn = real(path, passphrase)
        conn.execute("PRAGMA max_page_count = 60")  # a vault of 240 KiB: a full disk
        return conn

    monkeypatch.setattr(engine, "keyed_connection", capped)
    monkeypatch.setattr(vault_module, "keyed_connection", capped)
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    code = main(["demo", "--vault", str(vault_path), "--cases", "600"])
    err = capsys.readouterr().err
    assert code == 4
    assert err.splitlines() == [
        "rrdesk: The vault could not be written: the disk or the vault is full. "
        "Nothing was saved from this change; free some space and try again."]
    # The demo vault is filled before it appears: nothing half-made is left behind, so the
    # same command works once there is room.
    assert not vault_path.exists()
    assert list(vault_path.parent.iterdir()) == []
    monkeypatch.setattr(engine, "keyed_connection", real)
    monkeypatch.setattr(vault_module, "keyed_connection", real)
    assert main(["demo", "--vault", str(vault_path), "--cases", "600"]) == 0
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert vault.check().ok
        assert vault.audit_problems() == []


def test_cli_waits_out_the_delay_after_five_wrong_passphrases(
    made_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rrdesk.cli import common, main
    from rrdesk.store import paths
    from rrdesk.store.throttle import UnlockThrottle

    now = [1_000_000.0]
    slept: list[float] = []

    def fake_sleep(seconds: float) -> None:  # no real sleeping: the clock moves instead
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(common, "throttle", lambda: UnlockThrottle(
        paths.state_dir() / "unlock-attempts.json", clock=lambda: now[0]))
    monkeypatch.setattr(common.time, "sleep", fake_sleep)
    monkeypatch.setenv("RRDESK_PASSPHRASE", OTHER_PASSPHRASE)
    for _ in range(5):
        assert main(["check", "--vault", str(made_vault)]) == 3
    assert slept == []
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    assert main(["check", "--vault", str(made_vault)]) == 0
    assert slept and slept[0] >= 1.0
    assert "too many wrong passphrases; waiting" in capsys.readouterr().err
    assert main(["check", "--vault", str(made_vault)]) == 0  # success cleared the count
    assert len(slept) == 1

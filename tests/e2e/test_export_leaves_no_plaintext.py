"""An export never leaves personal data outside the file the person chose: not in $TMPDIR,
not beside the target, not while it runs, not when it is killed or cancelled half way."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from rrdesk.services.case_io import export_cases, import_cases
from rrdesk.services.progress import Cancelled
from rrdesk.store import audit
from rrdesk.tables.files import Record
from tests.conftest import PASSPHRASE
from tests.e2e.e2e_support import Workers

CASES = 3_000


def family(i: int) -> str:
    return f"Plaintextcanary{i:05d}-Demo"


@pytest.fixture
def full_vault(vault):
    import_cases(vault, "fictional.csv", [
        Record(i + 2, {"family_name": family(i), "given_names": "Fictional",
                       "aliases": "Obviously Madeup"}) for i in range(CASES)])
    return vault


def leaks(folder: Path) -> list[str]:
    """Files under ``folder`` that hold a name from the vault in readable form."""
    found = []
    for path in folder.rglob("*"):
        try:
            data = path.read_bytes() if path.is_file() else b""
        except OSError:
            continue  # gone between listing and reading
        if b"Plaintextcanary" in data or "Plaintextcanary".encode("utf-16-le") in data:
            found.append(path.name)
    return found


def audit_count(vault) -> int:
    with vault.read_session() as s:
        return len(audit.entries(s))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_export_killed_half_way_leaves_no_file_anywhere(full_vault, vault_path: Path,
                                                           tmp_path: Path, kind: str) -> None:
    full_vault.close()
    temp, exports = tmp_path / "tmpdir", tmp_path / "exports"
    temp.mkdir()
    exports.mkdir()
    target = exports / f"caseload.{kind}"
    with Workers() as workers:
        proc = workers.start("export", vault_path, str(target),
                             env={"RRDESK_PASSPHRASE": PASSPHRASE, "TMPDIR": str(temp)})
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("progress"):
                done, total = map(int, line.split()[1:])
                if total and done * 2 >= total:
                    break
            assert line.strip() != "done", "the export finished before it could be killed"
        proc.kill()
        proc.wait()
    assert sorted(p.name for p in exports.iterdir()) == []
    assert sorted(p.name for p in temp.rglob("*")) == []
    assert leaks(tmp_path) == []


def test_no_plaintext_file_appears_while_an_export_runs(full_vault, tmp_path: Path,
                                                        monkeypatch) -> None:
    temp, exports = tmp_path / "tmpdir", tmp_path / "exports"
    temp.mkdir()
    exports.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr("tempfile.tempdir", None)  # so Python asks $TMPDIR again
    target = exports / "caseload.xlsx"
    seen: set[str] = set()
    leaked: set[str] = set()
    stop = threading.Event()

    def look() -> None:
        for folder in (temp, exports):
            for path in folder.iterdir():
                seen.add(path.name)
        leaked.update(leaks(temp))

    def watch() -> None:
        while not stop.is_set():
            look()

    watcher = threading.Thread(target=watch)
    watcher.start()
    reports = []
    try:
        export_cases(full_vault, target, progress=lambda d, t: (reports.append(d), look()))
    finally:
        stop.set()
        watcher.join()
    assert len(reports) >= 3  # looked at the folders while the export was under way
    assert seen <= {"caseload.xlsx"}
    assert leaked == set()
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert b"Plaintextcanary" not in target.read_bytes()  # compressed, as any XLSX


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_cancelled_export_leaves_no_file_and_no_audit_entry(full_vault, tmp_path: Path,
                                                              kind: str) -> None:
    target = tmp_path / f"caseload.{kind}"
    before = audit_count(full_vault)

    def progress(done: int, total: int) -> None:
        if done * 2 >= total:
            raise Cancelled()

    with pytest.raises(Cancelled):
        export_cases(full_vault, target, progress=progress)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "vaults"]  # no file
    assert audit_count(full_vault) == before
    assert export_cases(full_vault, target) == CASES  # and a second try goes through
    assert audit_count(full_vault) == before + 1

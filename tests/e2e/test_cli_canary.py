"""Canary: a marker passphrase and a marker name must never appear in any file rrdesk writes.

Covers the headless commands (init, demo data, a case added through CaseService, backup,
check, audit). The app's part is added with the app.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from e2e_support import Workers, expect_line, run_cli

pytestmark = pytest.mark.slow

CANARY_PASSPHRASE = "canary-passphrase Zyxwvut-9341"
CANARY_FAMILY = "Canaryfeather-Markername"


def marker_forms() -> list[bytes]:
    forms = []
    for marker in (CANARY_PASSPHRASE, CANARY_FAMILY):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            forms.append(marker.encode(encoding))
        forms.append(marker.lower().encode())
    return forms


def all_files(folder: Path) -> dict[Path, tuple[int, int]]:
    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            try:
                st = path.stat()
            except OSError:
                continue
            found[path] = (st.st_ino, st.st_mtime_ns)
    return found


def holders_of_markers(files: list[Path]) -> list[str]:
    leaks = []
    forms = marker_forms()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:  # gone already (another process's temp file)
            continue
        leaks += [f"{path}: {form[:12]!r}" for form in forms if form in data]
    return leaks


def test_markers_never_reach_any_file_or_output(
    tmp_path: Path, rrdesk_home: Path
) -> None:
    import tempfile

    vaults = tmp_path / "vaults"
    vaults.mkdir()
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    vault = vaults / "canary.rrvault"
    backup = vaults / "canary-backup.rrvault"
    system_tmp = Path(tempfile.gettempdir())
    system_before = all_files(system_tmp) if system_tmp != tmp_path else {}
    env = {"RRDESK_PASSPHRASE": CANARY_PASSPHRASE, "TMPDIR": str(private_tmp),
           "TEMP": str(private_tmp), "TMP": str(private_tmp)}

    outputs = []
    result = run_cli("init", "--vault", vault, "--officer", "Officer Testcase", env=env)
    assert result.returncode == 0, result.stderr
    outputs.append(result)
    with Workers() as workers:
        filler = workers.start("fill", vault, "25", CANARY_FAMILY, env=env)
        expect_line(filler, "filled")
        outputs.append(filler.communicate(timeout=30))
        assert filler.returncode == 0
    for args in (("backup", "--vault", vault, "--out", backup),
                 ("check", "--vault", vault),
                 ("check", "--vault", backup),
                 ("audit", "--vault", vault, "--verify"),
                 ("audit", "--vault", vault, "--json", "--verify")):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, (args, result.stderr)
        outputs.append(result)
    wrong = run_cli("check", "--vault", vault, env={**env, "RRDESK_PASSPHRASE": "not it at "
                                                    "all, test only"})
    assert wrong.returncode == 3

    # Nothing printed carries a marker either.
    for out in outputs:
        text = "".join(out) if isinstance(out, tuple) else out.stdout + out.stderr
        assert CANARY_PASSPHRASE not in text and CANARY_FAMILY not in text

    files = list(all_files(vaults)) + list(all_files(rrdesk_home)) + list(all_files(private_tmp))
    names = {p.name for p in files}
    assert {vault.name, backup.name} <= names
    assert holders_of_markers(files) == []
    # The system temp folder: files that appeared or changed during the test.
    if system_before:
        changed = [p for p, sig in all_files(system_tmp).items()
                   if system_before.get(p) != sig and tmp_path not in p.parents]
        assert holders_of_markers(changed) == []
    # The vault really holds the marker: the scan would have found plaintext.
    from rrdesk.services.cases import CaseService
    from rrdesk.store.vault import Vault

    with Vault.open(vault, CANARY_PASSPHRASE) as opened:
        assert CaseService(opened).count() == 26

"""``rrdesk export pathways|plan`` as a person runs them: whole files, owner only, logged."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from rrdesk.cli import main
from rrdesk.services.demo import fill_demo
from rrdesk.services.documents import case_reference
from rrdesk.store import audit
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.documents.pdf_text import assert_framed, flat


@pytest.fixture
def demo_vault(vault_path: Path, vault_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copyfile(vault_template, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as v:
        fill_demo(v, cases=5, seed=3)
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    return vault_path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def rrdesk(*argv: object) -> int:
    return main([str(a) for a in argv])


def disclosures(vault_path: Path) -> list[str]:
    with Vault.open(vault_path, PASSPHRASE) as v, v.read_session() as s:
        return [e.detail for e in audit.entries(s) if e.action == "disclosure"]


def test_export_pathways_writes_the_case_plan_owner_only_and_logs_it(demo_vault, out_dir,
                                                                     capsys) -> None:
    out = out_dir / "plan.pdf"
    assert rrdesk("export", "pathways", "--vault", demo_vault, "--case", 1, "--out", out,
                  "--date", "2026-11-23") == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    texts = assert_framed(out.read_bytes(), "Pathway plan", case_reference(1))
    whole = flat(" ".join(texts))
    assert "ŁUKASIEWICZ-O'BRIEN, Zoë" in whole  # the first demo person, as written
    assert "Printed 23/11/2026 by Officer Testcase" in whole
    assert "Accommodation" in whole and "Attitudes, thinking and behaviour" in whole
    assert "Wrote Pathway plan" in capsys.readouterr().out
    assert disclosures(demo_vault) == ["pathways saved as PDF to plan.pdf"]
    assert [p.name for p in out_dir.iterdir() if p.name.startswith(".")] == []


def test_two_exports_with_the_same_date_are_byte_identical(demo_vault, out_dir) -> None:
    for name in ("a.pdf", "b.pdf"):
        assert rrdesk("export", "plan", "--vault", demo_vault, "--out", out_dir / name,
                      "--date", "2026-11-23") == 0
    assert (out_dir / "a.pdf").read_bytes() == (out_dir / "b.pdf").read_bytes()
    assert_framed((out_dir / "a.pdf").read_bytes(), "Partnership delivery plan",
                  "Partnership plan")


def test_an_existing_file_is_kept_without_force(demo_vault, out_dir, capsys) -> None:
    out = out_dir / "plan.pdf"
    out.write_bytes(b"kept")
    assert rrdesk("export", "plan", "--vault", demo_vault, "--out", out) == 2
    assert out.read_bytes() == b"kept"
    assert "--force" in capsys.readouterr().err
    assert rrdesk("export", "plan", "--vault", demo_vault, "--out", out, "--force") == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_bad_input_names_what_is_wrong_and_writes_nothing(demo_vault, out_dir,
                                                          capsys) -> None:
    out = out_dir / "x.pdf"
    assert rrdesk("export", "pathways", "--vault", demo_vault, "--case", 999,
                  "--out", out) == 5
    assert "there is no case 999" in capsys.readouterr().err
    assert rrdesk("export", "plan", "--vault", demo_vault, "--out", out,
                  "--date", "23/11/2026") == 5
    assert "--date" in capsys.readouterr().err
    assert rrdesk("export", "plan", "--vault", demo_vault, "--out",
                  out_dir / "no-folder" / "x.pdf") == 2
    assert list(out_dir.iterdir()) == []
    assert disclosures(demo_vault) == []

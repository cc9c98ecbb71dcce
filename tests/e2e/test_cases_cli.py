"""`rrdesk cases ...` as a scheduled job or a person at a terminal would run it."""

import datetime as dt
import json

import pytest

from rrdesk.cli import main
from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from tests.conftest import PASSPHRASE


@pytest.fixture
def cli_vault(vault, vault_path, monkeypatch):
    cases = CaseService(vault)
    cases.add(CaseDetails(family_name="Łukasiewicz-O'Brien", given_names="Zoë",
                          pnc="19/9000001Y", crn="x900001", mappa_category=1, mappa_level=3,
                          offence_count=20, last_review=dt.date(2026, 10, 30),
                          date_of_birth=dt.date(1990, 1, 2)))
    cases.add(CaseDetails(family_name="Quillfeather", given_names="Mohammed"))
    vault.close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    return vault_path


def test_cases_list_json_has_the_documented_fields(cli_vault, capsys) -> None:
    assert main(["cases", "list", "--vault", str(cli_vault), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["family_name"] for r in rows] == ["Łukasiewicz-O'Brien", "Quillfeather"]
    zoe = rows[0]
    assert zoe == {
        "id": zoe["id"], "family_name": "Łukasiewicz-O'Brien", "given_names": "Zoë",
        "date_of_birth": "1990-01-02", "pnc": "2019/9000001Y", "crn": "X900001",
        "iom_cohort": "none", "mappa_category": 1, "mappa_level": 3, "rosh": None,
        "offence_count": 20, "prolific": True, "status": "active",
        "next_review": "2026-12-24",
    }
    assert rows[1]["next_review"] is None and rows[1]["mappa_level"] is None


def test_cases_list_search_is_accent_blind(cli_vault, capsys) -> None:
    assert main(["cases", "list", "--vault", str(cli_vault), "--json", "--search",
                 "lukasiewicz"]) == 0
    assert [r["given_names"] for r in json.loads(capsys.readouterr().out)] == ["Zoë"]
    assert main(["cases", "list", "--vault", str(cli_vault), "--search", "muhammad"]) == 0
    out = capsys.readouterr().out
    assert "Quillfeather" in out and "1 case(s)" in out

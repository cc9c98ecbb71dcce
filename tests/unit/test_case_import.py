"""Importing a caseload through the service: what lands in the vault, progress, cancelling."""

import datetime as dt

import pytest

from rrdesk.domain.case import CaseDetails
from rrdesk.services import case_io
from rrdesk.services.case_io import import_cases
from rrdesk.services.cases import CaseService
from rrdesk.services.progress import Cancelled
from rrdesk.services.register import RegisterFilter, RegisterQuery
from rrdesk.store import audit
from rrdesk.tables.files import Record, TableError


def rows(n: int, start: int = 0) -> list[Record]:
    """``n`` obviously fictional people (no identifiers, so none can clash)."""
    return [Record(i + 2, {"family_name": f"Importdemo-{i:05d}", "given_names": "Fictional",
                           "date_of_birth": "01/02/1990", "mappa_category": "2",
                           "mappa_level": "3", "last_review": "2026-10-30",
                           "offender_manager": "PO Example Bravo"})
            for i in range(start, start + n)]


def audit_count(vault) -> int:
    with vault.read_session() as s:
        return len(audit.entries(s))


def test_imported_cases_are_searchable_sorted_derived_and_each_logged(vault) -> None:
    records = rows(3) + [Record(5, {"family_name": "Łukasiewicz-O'Brien", "given_names": "Zoë",
                                    "pnc": "19/9000001Y", "crn": "x900001"})]
    before = audit_count(vault)
    assert import_cases(vault, "caseload.csv", records) == 4
    query = RegisterQuery(vault)
    found = query.all_rows(RegisterFilter(text="lukasiewicz"))
    assert [r.given_names for r in found] == ["Zoë"]
    assert [r.family_name for r in query.all_rows(RegisterFilter(text="9000001"))] == [
        "Łukasiewicz-O'Brien"]
    assert [r.family_name for r in query.all_rows()][:2] == ["Importdemo-00000",
                                                             "Importdemo-00001"]
    # level 3, last review 30/10/2026: 8 weeks later is Friday 25/12 (Christmas Day) -> 24/12
    first = query.all_rows(RegisterFilter(text="Importdemo-00000"))[0]
    assert first.next_review == dt.date(2026, 12, 24)
    assert audit_count(vault) == before + 4
    with vault.read_session() as s:
        details = [e.detail for e in audit.entries(s)[before:]]
    assert details == ["imported from caseload.csv"] * 4
    assert vault.audit_problems() == []
    # and a case saved later continues the chain
    CaseService(vault).add(CaseDetails(family_name="Afterdemo"))
    assert vault.audit_problems() == []


def test_progress_climbs_to_the_end(vault, monkeypatch) -> None:
    monkeypatch.setattr(case_io, "PROGRESS_EVERY", 10)
    monkeypatch.setattr(case_io, "WRITE_BATCH", 25)
    heard: list[tuple[int, int]] = []
    import_cases(vault, "caseload.csv", rows(100), progress=lambda d, t: heard.append((d, t)))
    assert heard[-1] == (200, 200)
    assert all(t == 200 for _, t in heard)
    done = [d for d, _ in heard]
    assert done == sorted(done) and len(done) > 10


@pytest.mark.parametrize("stop_at", [40, 150], ids=["while checking", "while writing"])
def test_a_cancelled_import_leaves_no_case_and_no_audit_entry(vault, monkeypatch,
                                                              stop_at: int) -> None:
    monkeypatch.setattr(case_io, "PROGRESS_EVERY", 10)
    monkeypatch.setattr(case_io, "WRITE_BATCH", 25)
    CaseService(vault).add(CaseDetails(family_name="Keptdemo"))
    before = audit_count(vault)

    def progress(done: int, total: int) -> None:
        if done >= stop_at:
            raise Cancelled()

    with pytest.raises(Cancelled):
        import_cases(vault, "caseload.csv", rows(100), progress=progress)
    assert [r.family_name for r in RegisterQuery(vault).all_rows()] == ["Keptdemo"]
    assert audit_count(vault) == before
    assert vault.audit_problems() == []


def test_a_clash_with_the_vault_names_the_row_and_writes_nothing(vault) -> None:
    import_cases(vault, "first.csv", [Record(2, {"family_name": "Firstdemo",
                                                 "crn": "X900001"})])
    before = audit_count(vault)
    with pytest.raises(TableError) as e:
        import_cases(vault, "second.csv", rows(3) + [Record(9, {"family_name": "Seconddemo",
                                                                "crn": "X900001"})])
    assert [str(p) for p in e.value.problems] == [
        "second.csv:9:crn: is already in the vault (case 1)"]
    assert len(RegisterQuery(vault).all_rows()) == 1
    assert audit_count(vault) == before

"""The app's own work, through its services, for the encrypted-versus-plain comparison.

What an officer's day does to the vault: a caseload imported from a spreadsheet, people
added and edited one form at a time (each save writes the case, its search index entry
and an audit entry in one transaction), the register sorted on every column and searched
as someone types, and cases opened. The same calls run on the vault and on plain SQLite
(``Vault.on_engine``), so the ratio is what encryption costs the person using the app.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable

from rrdesk.services.case_io import cell_text, import_cases
from rrdesk.services.cases import CaseService
from rrdesk.services.demo import OFFICERS, demo_case
from rrdesk.services.register import Column, RegisterFilter, RegisterQuery
from rrdesk.store.vault import Vault
from rrdesk.tables.files import Record

TODAY = dt.date(2026, 11, 23)  # fixed, so every run does the same work
SAVES = 200
OPENS = 200
# Searches typed one key at a time, as in the register: names, a PNC and a CRN fragment.
TYPED = ["smith", "o'bri", "dem", "2019/", "X9001", "ann"]


def import_records(cases: int) -> list[Record]:
    """``cases`` synthetic rows as a spreadsheet import reads them (row 1 is the header).

    Every row is a different person: the demo's few names repeat, so a date of birth that
    another row already has with the same name moves a day earlier (an import refuses two
    rows with the same name and date of birth)."""
    rng = random.Random(3)
    records = []
    seen: set[tuple[str, str, dt.date]] = set()
    for i in range(cases):
        case = demo_case(rng, 10_000 + i, TODAY)
        while (case.family_name, case.given_names, case.date_of_birth) in seen:
            case.date_of_birth -= dt.timedelta(days=1)
        seen.add((case.family_name, case.given_names, case.date_of_birth))
        details = dataclasses.asdict(case)
        details.pop("extra")
        records.append(Record(i + 2, {k: cell_text(v) for k, v in details.items()}))
    return records


def app_workload(vault: Vault, cases: int, timed: Callable[[Callable[[], object]], float]
                 ) -> dict[str, float]:
    """Seconds for each part of the app's work on ``vault`` (an empty vault)."""
    records = import_records(cases)
    service = CaseService(vault)
    register = RegisterQuery(vault, today=TODAY)
    rng = random.Random(5)
    singles = [demo_case(rng, 50_000 + i, TODAY) for i in range(SAVES)]
    added: list[int] = []

    def imported() -> None:
        assert import_cases(vault, "caseload.csv", records) == cases

    def saves() -> None:
        added.extend(service.add(details) for details in singles)

    def edits() -> None:
        for n, case_id in enumerate(added):
            details = dataclasses.replace(singles[n], offender_manager=OFFICERS[n % len(OFFICERS)],
                                          offence_count=n % 30)
            service.update(case_id, details)

    def browse() -> None:
        for column in Column:
            for ascending in (True, False):
                register.page(sort=column, ascending=ascending, limit=100)
        for text in TYPED:
            for end in range(1, len(text) + 1):
                f = RegisterFilter(text=text[:end])
                register.count(f)
                register.page(f, limit=100)

    def opens() -> None:
        ids = service.all_ids()
        for case_id in random.Random(9).sample(ids, min(OPENS, len(ids))):
            service.get(case_id)
            service.history(case_id)

    figures = {"import": timed(imported), "saves": timed(saves), "edits": timed(edits),
               "browse": timed(browse), "opens": timed(opens)}
    figures["total"] = sum(figures.values())
    return figures

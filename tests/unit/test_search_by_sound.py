"""Family names found by sound, run together or with accents, an exact name first."""

import pytest

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.services.register import RegisterFilter, RegisterQuery


@pytest.fixture
def query(vault) -> RegisterQuery:
    cases = CaseService(vault)
    for family, given in [("Stevenson", "Demo Ada"), ("Stephenson", "Demo Ben"),
                          ("Mueller", "Demo Cy"), ("Müller", "Demo Di"), ("Muller", "Demo Ed"),
                          ("O'Brien", "Demo Flo"), ("Stephenson-Quill", "Demo Gus"),
                          ("Thistlecombe", "Demo Hal")]:
        cases.add(CaseDetails(family_name=family, given_names=given))
    return RegisterQuery(vault)


def found(query: RegisterQuery, typed: str) -> list[str]:
    return [r.family_name for r in query.page(RegisterFilter(text=typed))]


@pytest.mark.parametrize(("typed", "also"), [
    ("Stevenson", "Stephenson"), ("Stephenson", "Stevenson"),
    ("Mueller", "Müller"), ("Mueller", "Muller"), ("Müller", "Mueller"),
    ("Muller", "Mueller"), ("muller", "Müller"),
    ("obrien", "O'Brien"), ("O'Brien", "O'Brien"), ("o brien", "O'Brien"),
])
def test_family_names_find_each_other_by_sound(query, typed: str, also: str) -> None:
    assert also in found(query, typed)
    assert "Thistlecombe" not in found(query, typed)


@pytest.mark.parametrize(("typed", "first"), [
    ("Stevenson", ["Stevenson"]), ("Stephenson", ["Stephenson"]),
    ("Mueller", ["Mueller"]), ("Muller", ["Müller", "Muller"]),
])
def test_an_exact_name_ranks_first(query, typed: str, first: list[str]) -> None:
    names = found(query, typed)
    assert sorted(names[:len(first)]) == sorted(first)
    assert len(names) > len(first)  # the sound-alikes follow


def test_a_prefix_as_written_ranks_before_a_sound_alike(query) -> None:
    names = found(query, "Stephenson")
    assert names.index("Stephenson-Quill") < names.index("Stevenson")


def test_short_words_are_not_matched_by_sound(query) -> None:
    assert sorted(found(query, "Mul")) == ["Muller", "Müller"]  # prefixes only, not Mueller

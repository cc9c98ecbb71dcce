"""Domain rules: PNC check letters (worked by hand from DOMAIN.md), CRN format, case checks."""

from __future__ import annotations

import datetime as dt

import pytest

from rrdesk.domain.case import CaseDetails, CaseStatus, IomCohort, validate_case
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.identifiers import normalise_crn, normalise_pnc, pnc_check_letter

TODAY = dt.date(2026, 4, 3)


# Worked by hand: number = two-digit year then the serial padded to 7 digits, mod 23,
# index into ZABCDEFGHJKLMNPQRTUVWXY.
#   2003/1234567: 31234567 = 23 * 1358024 + 15 -> index 15 -> Q
#   1999/42:      990000042 = 23 * 43043480 + 2 -> index 2 -> B
#   2020/0:       200000000 = 23 * 8695652 + 4  -> index 4 -> D
#   2011/9000001: 119000001 = 23 * 5173913 + 2  -> index 2 -> B
@pytest.mark.parametrize(
    ("year", "serial", "letter"),
    [(2003, 1234567, "Q"), (1999, 42, "B"), (2020, 0, "D"), (2011, 9000001, "B")],
)
def test_pnc_check_letter_matches_hand_worked_values(year: int, serial: int, letter: str) -> None:
    assert pnc_check_letter(year, serial) == letter
    assert pnc_check_letter(year % 100, serial) == letter  # two-digit year gives the same


@pytest.mark.parametrize(
    "written",
    ["03/1234567Q", "2003/1234567Q", " 03/1234567q ", "2003 / 1234567Q", "03/ 1234567Q"],
)
def test_short_and_long_pnc_forms_normalise_to_one_canonical_form(written: str) -> None:
    assert normalise_pnc(written) == "2003/1234567Q"


def test_short_serial_is_padded_and_twentieth_century_years_expand() -> None:
    assert normalise_pnc("99/42B") == "1999/0000042B"
    assert normalise_pnc("1999/0000042B") == "1999/0000042B"


@pytest.mark.parametrize("written", ["03/1234567R", "2003/1234567A", "99/42C"])
def test_wrong_pnc_check_letter_is_rejected_naming_the_field(written: str) -> None:
    with pytest.raises(FieldError) as err:
        normalise_pnc(written)
    assert err.value.field == "pnc"
    assert "check letter" in err.value.message
    assert written.strip() not in str(err.value)  # the bad value is never echoed


@pytest.mark.parametrize("written", ["", "2003-1234567Q", "2003/12345678Q", "ABCD/1234567Q",
                                     "2003/1234567", "203/1234567Q"])
def test_malformed_pnc_is_rejected(written: str) -> None:
    with pytest.raises(FieldError) as err:
        normalise_pnc(written, "pnc")
    assert err.value.field == "pnc"


def test_crn_is_one_letter_and_six_digits() -> None:
    assert normalise_crn(" x123456 ") == "X123456"
    for bad in ["X12345", "X1234567", "12345678", "XX12345", "X12345A", ""]:
        with pytest.raises(FieldError) as err:
            normalise_crn(bad)
        assert err.value.field == "crn"


def _fields(exc: ValidationErrors) -> set[str]:
    return {e.field for e in exc.errors}


def test_valid_case_is_normalised() -> None:
    d = validate_case(
        CaseDetails(family_name="  Quillfeather-Demo ", pnc="03/1234567q", crn="x123456",
                    iom_cohort="fixed", mappa_category=2, mappa_level=2,
                    date_of_birth=dt.date(1990, 1, 1)),
        TODAY,
    )
    assert d.family_name == "Quillfeather-Demo"
    assert d.pnc == "2003/1234567Q"
    assert d.crn == "X123456"
    assert d.iom_cohort is IomCohort.FIXED


def test_invalid_case_lists_every_bad_field_without_values() -> None:
    with pytest.raises(ValidationErrors) as err:
        validate_case(
            CaseDetails(family_name=" ", date_of_birth=dt.date(2030, 1, 1), pnc="03/1234567R",
                        crn="Y12", mappa_level=2, iom_cohort="sometimes",
                        opened_on=dt.date(2026, 3, 1), closed_on=dt.date(2026, 2, 1)),
            TODAY,
        )
    assert _fields(err.value) == {"family_name", "date_of_birth", "pnc", "crn", "mappa_level",
                                  "iom_cohort", "closed_on"}
    assert "1234567R" not in str(err.value) and "Y12" not in str(err.value)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_of_birth": TODAY + dt.timedelta(days=1)}, "date_of_birth"),
        ({"date_of_birth": dt.date(1900, 1, 1)}, "date_of_birth"),
        ({"mappa_level": 3}, "mappa_level"),
        ({"mappa_category": 5, "mappa_level": 1}, "mappa_category"),
        ({"mappa_category": 1, "mappa_level": 4}, "mappa_level"),
        ({"rosh": "none"}, "rosh"),
        ({"opened_on": TODAY + dt.timedelta(days=1)}, "opened_on"),
        ({"given_names": "X" * 101}, "given_names"),
    ],
)
def test_each_rule_names_its_field(changes: dict, field: str) -> None:
    with pytest.raises(ValidationErrors) as err:
        validate_case(CaseDetails(family_name="Testperson", **changes), TODAY)
    assert field in _fields(err.value)


def test_closed_case_without_closing_date_is_closed_today() -> None:
    d = validate_case(CaseDetails(family_name="Testperson", status="closed"), TODAY)
    assert d.status is CaseStatus.CLOSED and d.closed_on == TODAY


@pytest.mark.parametrize(("written", "this_year", "expected"), [
    ("30/42Y", 2026, "1930/0000042Y"),  # 30 is 1930 in 2026, not 2030
    ("26/42Y", 2026, "2026/0000042Y"),  # this year's own two digits
    ("27/42Y", 2026, "1927/0000042Y"),
    ("30/42Y", 2030, "2030/0000042Y"),  # the same ID read in 2030
    ("70/42Y", 2026, "1970/0000042Y"),
])
def test_two_digit_pnc_year_is_read_against_the_current_year(written: str, this_year: int,
                                                             expected: str) -> None:
    year = int(expected[:4])
    written = written[:-1] + pnc_check_letter(year, 42)
    expected = expected[:-1] + pnc_check_letter(year, 42)
    assert normalise_pnc(written, this_year=this_year) == expected


def test_pnc_year_in_the_future_is_refused() -> None:
    letter = pnc_check_letter(2031, 42)
    with pytest.raises(FieldError) as err:
        normalise_pnc(f"2031/0000042{letter}", this_year=2026)
    assert err.value.field == "pnc"

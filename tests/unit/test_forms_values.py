"""Value validation: the same domain rules as the CLI import; messages, never exceptions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rrdesk.domain.errors import FieldError
from rrdesk.domain.identifiers import pnc_check_letter
from rrdesk.forms.bundled import bundled_forms
from rrdesk.forms.loader import load_library, parse_definition
from rrdesk.forms.model import Field
from rrdesk.forms.values import (
    clean_value,
    decode_values,
    encode_values,
    safe_clean,
    validate_values,
)
from rrdesk.services.forms import known_columns

TODAY = dt.date(2026, 11, 23)
LIBRARY = load_library([bundled_forms()], known_columns())
CASE = LIBRARY.latest("case_details")
MINUTES = LIBRARY.latest("mappa_minutes")
ALL_FIELDS = [f for form_id in LIBRARY.form_ids() for f in LIBRARY.latest(form_id).fields()]
ALL_FIELDS += [c for f in list(ALL_FIELDS) for c in f.columns]


def test_pnc_and_crn_use_the_domain_rules() -> None:
    pnc = CASE.field("pnc")
    good = f"05/{123:07d}{pnc_check_letter(2005, 123)}"
    assert clean_value(pnc, good, TODAY) == f"2005/0000123{pnc_check_letter(2005, 123)}"
    with pytest.raises(FieldError, match="check letter"):
        clean_value(pnc, "05/0000123Z" if good[-1] != "Z" else "05/0000123A", TODAY)
    assert clean_value(CASE.field("crn"), " x123456 ", TODAY) == "X123456"


def test_dates_are_read_as_uk_or_iso_and_rules_apply() -> None:
    dob = CASE.field("date_of_birth")
    assert clean_value(dob, "03/04/1990", TODAY) == dt.date(1990, 4, 3)
    assert clean_value(dob, "1990-04-03", TODAY) == dt.date(1990, 4, 3)
    with pytest.raises(FieldError, match="in the future"):
        clean_value(dob, "01/01/2030", TODAY)
    with pytest.raises(FieldError, match="03/04/2026"):
        clean_value(dob, "31/02/1990", TODAY)


def test_choices_accept_the_value_or_the_label() -> None:
    category = CASE.field("mappa_category")
    assert clean_value(category, "2", TODAY) == 2
    assert clean_value(category, "2 - violent offender", TODAY) == 2
    with pytest.raises(FieldError, match="listed choices"):
        clean_value(category, "7", TODAY)


def test_every_error_is_found_and_named_by_field() -> None:
    values = {"family_name": "", "pnc": "not a pnc", "iom_cohort": "fixed",
              "status": "active", "opened_on": "yesterday"}
    _, errors = validate_values(CASE, values, TODAY)
    assert {e.field for e in errors} == {"family_name", "pnc", "opened_on"}
    assert all("not a pnc" not in str(e) and "yesterday" not in str(e) for e in errors)


def test_table_rows_are_checked_cell_by_cell() -> None:
    rows = [{"name": "PO Example", "agency": "Police"},
            {"name": "", "role": "", "agency": ""},  # blank: dropped
            {"name": "Second Example", "agency": ""}]
    _, errors = safe_clean(MINUTES.field("attendance"), rows, TODAY)
    assert [(e.field, e.message) for e in errors] == [
        ("attendance[2].agency", "row 2, Agency is required")]
    _, errors = safe_clean(MINUTES.field("attendance"), [], TODAY)
    assert errors[0].message == "needs at least one row"


def test_values_survive_the_json_round_trip() -> None:
    values = {"meeting_date": dt.date(2026, 11, 2), "approved_at": dt.datetime(2026, 11, 3, 9, 30),
              "reports_from": ["Police"], "statement_read": True,
              "supervision": [{"action": "Weekly contact", "agency": "Probation Service",
                               "owner": None, "due": dt.date(2026, 12, 1), "status": None}]}
    assert decode_values(MINUTES, encode_values(MINUTES, values)) == values


def test_a_pattern_constraint_gives_its_own_message() -> None:
    definition = parse_definition(
        'form = "p"\ntitle = "P"\nversion = 1\n[[sections]]\nid = "s"\ntitle = "S"\n'
        '[[sections.fields]]\nid = "room"\ntype = "text"\nlabel = "Room"\n'
        'pattern = "[A-Z]\\\\d{3}"\npattern_message = "must be a letter and three digits"\n')
    room = definition.field("room")
    assert clean_value(room, "B101", TODAY) == "B101"
    with pytest.raises(FieldError, match="a letter and three digits"):
        clean_value(room, "101", TODAY)


# ----------------------------------------------------------------------------- properties
anything = st.one_of(
    st.none(), st.text(max_size=300), st.integers(), st.booleans(),
    st.dates(), st.datetimes(), st.floats(allow_nan=True),
    st.lists(st.one_of(st.text(max_size=20), st.integers()), max_size=5),
    st.lists(st.dictionaries(st.sampled_from(["action", "agency", "due", "name", "status"]),
                             st.one_of(st.text(max_size=30), st.dates(), st.none())),
             max_size=4),
)


def _judged(f: Field, raw: object) -> None:
    value, errors = safe_clean(f, raw, TODAY)
    assert all(isinstance(e, FieldError) and e.message for e in errors)
    if not errors:  # an accepted value is accepted again as it is (idempotent)
        again, errors_again = safe_clean(f, value, TODAY)
        assert not errors_again and again == value


@settings(max_examples=300, deadline=None)
@given(f=st.sampled_from(ALL_FIELDS), raw=anything)
def test_validators_accept_or_explain_never_raise(f: Field, raw: object) -> None:
    _judged(f, raw)


@settings(max_examples=200, deadline=None)
@given(f=st.sampled_from([f for f in ALL_FIELDS if f.type in ("date", "datetime")]),
       raw=st.one_of(st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
                     st.dates().map(dt.date.isoformat),
                     st.from_regex(r"\d{1,2}/\d{1,2}/\d{2,5}( \d{1,2}:\d{2})?", fullmatch=True)))
def test_date_text_is_accepted_or_explained(f: Field, raw: str) -> None:
    _judged(f, raw)


@settings(max_examples=200, deadline=None)
@given(f=st.sampled_from([f for f in ALL_FIELDS if f.type in ("integer", "choice", "person")]),
       raw=st.one_of(st.integers(), st.integers().map(str), st.text(max_size=12)))
def test_numbers_are_accepted_or_explained(f: Field, raw: object) -> None:
    _judged(f, raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60).map(lambda t: f"Qzxcanary{t}"))
def test_a_rejected_value_is_never_quoted(secret: str) -> None:
    for f in (CASE.field("pnc"), CASE.field("crn"), CASE.field("date_of_birth"),
              CASE.field("mappa_level")):
        _, errors = safe_clean(f, secret, TODAY)
        assert all(secret not in str(e) for e in errors)

"""The case record: requirements, licence ends, flags, IOM selection, field history."""

import datetime as dt

import pytest

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.case_record import (
    CaseEvent,
    EventKind,
    Flag,
    FlagEntry,
    Gender,
    IomSelection,
    Profile,
    Requirement,
    RequirementKind,
    Sentence,
    SentenceType,
)
from rrdesk.domain.errors import ValidationErrors
from rrdesk.domain.local_rules import LocalRules
from rrdesk.forms.bundled import bundled_forms
from rrdesk.services.case_record import CaseRecordService
from rrdesk.services.cases import CaseService
from rrdesk.services.forms import FormService, load_forms
from rrdesk.services.local_rules import save_rules
from rrdesk.services.register import RegisterFilter, RegisterQuery
from rrdesk.store import audit

TODAY = dt.date(2026, 11, 23)


def add(vault, family: str, **kw) -> int:
    return CaseService(vault).add(CaseDetails(family_name=family, given_names="Demo", **kw))


def listed(vault, today: dt.date = TODAY, **filters) -> list[str]:
    return sorted(r.family_name for r in RegisterQuery(vault, today).all_rows(
        RegisterFilter(**filters)))


def test_a_tag_ending_next_week_is_listed_until_its_end_date(vault) -> None:
    tagged = add(vault, "Quilltag-Demo")
    add(vault, "Untagged-Demo")
    record = CaseRecordService(vault, TODAY)
    record.save_requirement(tagged, Requirement(RequirementKind.EM, TODAY - dt.timedelta(30),
                                                TODAY + dt.timedelta(7)))
    record.save_requirement(tagged, Requirement(RequirementKind.CURFEW, TODAY, None))
    assert listed(vault, requirement="em") == ["Quilltag-Demo"]
    assert listed(vault, TODAY + dt.timedelta(7), requirement="em") == ["Quilltag-Demo"]
    assert listed(vault, TODAY + dt.timedelta(8), requirement="em") == []
    assert listed(vault, TODAY - dt.timedelta(31), requirement="em") == []  # not yet begun
    assert listed(vault, requirement="drr") == []


def test_licence_ends_within_days_lists_exactly_those_cases(vault) -> None:
    record = CaseRecordService(vault, TODAY)
    for family, days in [("Ends-Today-Demo", 0), ("Ends-Soon-Demo", 12),
                         ("Ends-Day-Thirty-Demo", 30), ("Ends-Day-31-Demo", 31),
                         ("Ended-Demo", -1)]:
        record.set_sentence(add(vault, family), Sentence(
            SentenceType.LICENCE, TODAY - dt.timedelta(400),
            licence_end=TODAY + dt.timedelta(days)))
    record.set_sentence(add(vault, "Order-Demo"), Sentence(SentenceType.COMMUNITY_ORDER,
                                                           TODAY, TODAY + dt.timedelta(10)))
    add(vault, "No-Sentence-Demo")
    assert listed(vault, licence_ends_within_days=30) == [
        "Ends-Day-Thirty-Demo", "Ends-Soon-Demo", "Ends-Today-Demo"]


def test_flags_apply_between_their_dates_and_age_flags_are_derived(vault) -> None:
    record = CaseRecordService(vault, TODAY)
    marac = add(vault, "Marac-Demo", date_of_birth=dt.date(1980, 1, 1))
    record.save_flag(marac, FlagEntry(Flag.MARAC, TODAY - dt.timedelta(10)))
    old = add(vault, "Old-Marac-Demo", date_of_birth=dt.date(1960, 1, 1))
    record.save_flag(old, FlagEntry(Flag.MARAC, dt.date(2020, 1, 1), dt.date(2021, 1, 1)))
    add(vault, "Young-Demo", date_of_birth=dt.date(2003, 6, 1))
    assert listed(vault, flag="marac") == ["Marac-Demo"]
    assert listed(vault, flag="young_adult") == ["Young-Demo"]
    assert listed(vault, flag="over_55") == ["Old-Marac-Demo"]
    assert listed(vault, age_band="18_25") == ["Young-Demo"]
    rows = {r.family_name: r.flags for r in RegisterQuery(vault, TODAY).all_rows()}
    assert rows["Marac-Demo"] == ["marac"] and rows["Old-Marac-Demo"] == []
    assert record.active_flags(old) == ["over_55"]


def test_gender_is_counted_and_kept_in_the_persons_words(vault) -> None:
    record = CaseRecordService(vault, TODAY)
    woman = add(vault, "Woman-Demo")
    add(vault, "Unstated-Demo")
    record.set_profile(woman, Profile(Gender.WOMAN, "woman", "W1", "Welsh"))
    assert listed(vault, gender="woman") == ["Woman-Demo"]
    assert record.profile(woman).ethnicity_words == "Welsh"
    with pytest.raises(ValidationErrors) as e:
        record.set_profile(woman, Profile(Gender.WOMAN, ethnicity="Z9"))
    assert [err.field for err in e.value.errors] == ["ethnicity"]


def test_a_level_change_in_the_case_form_is_kept_with_old_and_new_values(vault) -> None:
    forms = FormService(vault, load_forms([bundled_forms()]))
    definition = forms.definition("case_details")
    values = {"family_name": "Levelchange-Demo", "given_names": "Demo", "status": "active",
              "iom_cohort": "none", "mappa_category": 2, "mappa_level": 2}
    case_id = forms.save(definition, values, today=TODAY).case_id
    opened = forms.open_case_details(case_id)
    forms.save(definition, {**opened.values, "mappa_level": 3}, record_id=opened.record_id,
               case_id=case_id, today=TODAY)
    history = CaseRecordService(vault, TODAY).field_history(case_id, "mappa_level")
    assert [(h.old, h.new, h.by) for h in history] == [
        ("", "2", "Officer Testcase"), ("2", "3", "Officer Testcase")]
    # The audit log names the field, never the values.
    with vault.read_session() as s:
        details = [e.detail for e in audit.entries(s) if "mappa_level" in e.detail]
    assert details and not any("3" in d.replace("mappa_level", "") for d in details)


def test_service_updates_and_merges_keep_field_history(vault) -> None:
    cases = CaseService(vault)
    case_id = add(vault, "Historic-Demo", rosh="medium")
    details = cases.get(case_id)
    details.rosh = "high"
    details.offender_manager = "PO Example Bravo"
    cases.update(case_id, details)
    changes = [(h.field, h.old, h.new) for h in
               CaseRecordService(vault, TODAY).field_history(case_id)]
    assert ("rosh", "medium", "high") in changes
    assert ("offender_manager", "", "PO Example Bravo") in changes


def test_iom_selection_and_deselection_keep_the_cohort_history(vault) -> None:
    case_id = add(vault, "Cohort-Demo")
    record = CaseRecordService(vault, TODAY)
    with pytest.raises(ValidationErrors) as e:
        record.select_for_iom(case_id, IomSelection("fixed", TODAY, "priority", "Arson"))
    assert [err.field for err in e.value.errors] == ["crime_type"]
    record.select_for_iom(case_id, IomSelection("fixed", dt.date(2026, 1, 5), "neighbourhood",
                                                "Burglary"))
    assert CaseService(vault).get(case_id).iom_cohort == "fixed"
    record.deselect_from_iom(case_id, dt.date(2026, 6, 1), "stopped offending")
    assert CaseService(vault).get(case_id).iom_cohort == "none"
    save_rules(vault, LocalRules(iom_flex_crime_types=["Knife crime"]))
    record.select_for_iom(case_id, IomSelection("flex", dt.date(2026, 7, 1), "local",
                                                "Knife crime"))
    history = record.selections(case_id)
    assert [(s.cohort, s.deselected_on) for s in history] == [
        ("flex", None), ("fixed", dt.date(2026, 6, 1))]
    cohort_changes = [(h.old, h.new) for h in record.field_history(case_id, "iom_cohort")]
    assert cohort_changes == [("none", "fixed"), ("fixed", "none"), ("none", "flex")]


def test_bad_dates_name_the_field_and_save_nothing(vault) -> None:
    case_id = add(vault, "Dates-Demo")
    record = CaseRecordService(vault, TODAY)
    with pytest.raises(ValidationErrors) as e:
        record.save_requirement(case_id, Requirement(RequirementKind.EM, TODAY,
                                                     TODAY - dt.timedelta(1)))
    assert [err.field for err in e.value.errors] == ["end"]
    with pytest.raises(ValidationErrors) as e:
        record.add_event(case_id, CaseEvent(EventKind.RECALL, TODAY + dt.timedelta(1)))
    assert [err.field for err in e.value.errors] == ["on"]
    assert record.requirements(case_id) == [] and record.events(case_id) == []


def test_prolific_follows_the_local_rules(vault) -> None:
    add(vault, "Twenty-Demo", date_of_birth=dt.date(2006, 1, 1), offence_count=6)
    add(vault, "Forty-Demo", date_of_birth=dt.date(1986, 1, 1), offence_count=12)

    def prolific() -> list[str]:
        return sorted(r.family_name for r in RegisterQuery(vault, TODAY).all_rows()
                      if r.prolific)

    assert prolific() == []
    save_rules(vault, LocalRules(prolific_young_count=5, prolific_adult_count=10))
    assert prolific() == ["Forty-Demo", "Twenty-Demo"]

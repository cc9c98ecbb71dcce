"""Saving, opening, versioning and drafts of form records in the vault."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from rrdesk.domain.errors import ValidationErrors
from rrdesk.forms.bundled import bundled_forms
from rrdesk.services.forms import FormService, load_forms
from rrdesk.store import audit
from rrdesk.store.form_models import FormRecord
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE

DATA = Path(__file__).resolve().parents[1] / "data"
TODAY = dt.date(2026, 11, 23)
CASE_VALUES = {"family_name": "Łukasiewicz-O'Brien", "given_names": "Zoë",
               "date_of_birth": dt.date(1990, 4, 3), "crn": "X900001", "iom_cohort": "fixed",
               "status": "active", "mappa_category": 2, "mappa_level": 2,
               "ethnicity": "Fictional", "drug_testing": True,
               "approved_address": "1 Fictional Row\nDemo Town"}


@pytest.fixture
def service(vault: Vault) -> FormService:
    return FormService(vault, load_forms([bundled_forms()]))


def _new_case(service: FormService) -> int:
    return service.save(service.definition("case_details"), CASE_VALUES, today=TODAY).case_id


def test_case_details_go_to_case_columns_and_the_rest_to_answers(service: FormService,
                                                                 vault: Vault) -> None:
    saved = service.save(service.definition("case_details"), CASE_VALUES, today=TODAY)
    with vault.read_session() as s:
        case = s.get(Case, saved.case_id)
        record = s.get(FormRecord, saved.record_id)
        assert (case.family_name, case.given_names, case.crn, case.mappa_level) == \
            ("Łukasiewicz-O'Brien", "Zoë", "X900001", 2)
        assert (record.form_id, record.form_version, record.case_id) == \
            ("case_details", 1, saved.case_id)
        answers = json.loads(record.answers)
    assert answers == {"approved_address": "1 Fictional Row\nDemo Town", "areas_of_links": None,
                       "curfew": None, "drug_testing": True, "electronic_monitoring": None,
                       "ethnicity": "Fictional", "licence_conditions": None, "licence_end": None,
                       "visor_ref": None}
    opened = service.open(saved.record_id)
    assert {k: opened.values[k] for k in CASE_VALUES} == CASE_VALUES


def test_case_rules_name_the_form_field(service: FormService, vault: Vault) -> None:
    values = {**CASE_VALUES, "mappa_category": None}
    with pytest.raises(ValidationErrors) as e:
        service.save(service.definition("case_details"), values, today=TODAY)
    assert [err.field for err in e.value.errors] == ["mappa_level"]
    with vault.read_session() as s:
        assert s.scalar(select(Case.id)) is None and s.scalar(select(FormRecord.id)) is None


def test_minutes_keep_typed_columns_and_answers(service: FormService, vault: Vault) -> None:
    case_id = _new_case(service)
    minutes = service.definition("mappa_minutes")
    values = {"meeting_date": dt.date(2026, 11, 2), "meeting_type": "review",
              "chair": "Chair Example", "statement_read": True, "statement_agreed": True,
              "attendance": [{"name": "PO Example", "role": "", "agency": "Police"}],
              "person": case_id, "category": 2, "current_level": 2,
              "index_offence": "Fictional.", "reason": "Review.", "nature_of_risk": "Fictional.",
              "contingency": "Recall.", "disclosure_considered": False,
              "level_decision": "remain", "new_level": 2, "decision_reason": "Stable.",
              "next_review": dt.date(2027, 2, 1), "minutes_status": "draft"}
    saved = service.save(minutes, values, today=TODAY)
    with vault.read_session() as s:
        record = s.get(FormRecord, saved.record_id)
        assert (record.case_id, record.record_date, record.review_due, record.mappa_level,
                record.status) == (case_id, dt.date(2026, 11, 2), dt.date(2027, 2, 1), 2, "draft")
        assert "next_review" not in json.loads(record.answers)
    opened = service.open(saved.record_id)
    assert opened.values["attendance"] == [{"name": "PO Example", "role": None,
                                            "agency": "Police"}]
    assert opened.values["next_review"] == dt.date(2027, 2, 1)
    with vault.read_session() as s:  # the audit names the record and fields, never values
        details = " ".join(e.detail for e in audit.entries(s))
    assert "Fictional" not in details and "Chair Example" not in details


def test_a_person_not_on_the_register_is_refused(service: FormService) -> None:
    rmp = service.definition("risk_management_plan")
    with pytest.raises(ValidationErrors) as e:
        service.save(rmp, {"person": 999, "plan_date": TODAY, "lead_agency": "Police",
                           "author": "PO Example", "contingency": "Recall."}, today=TODAY)
    assert e.value.errors[0].field == "person"


def test_a_v1_record_opens_and_prints_unchanged_after_v2(vault: Vault, tmp_path: Path) -> None:
    from pypdf import PdfReader

    versions = DATA / "forms_versions"
    v1_only = tmp_path / "v1only" / "contact_note"
    v1_only.mkdir(parents=True)
    (v1_only / "v1.toml").write_bytes((versions / "contact_note" / "v1.toml").read_bytes())
    service = FormService(vault, load_forms([bundled_forms(), tmp_path / "v1only"]))
    case_id = _new_case(service)
    v1_values = {"person": case_id, "contact_date": dt.date(2026, 11, 20),
                 "method": "Telephone", "mood": "Calm, fictional", "notes": "Line one\nLine two"}
    saved = service.save(service.definition("contact_note"), v1_values, today=TODAY)
    before = tmp_path / "before.pdf"
    at = dt.datetime(2026, 11, 23, 10, 0)
    service.print_record(saved.record_id, before, printed_at=at, invariant=True)

    # v2 adds two fields (one required), removes "mood" and changes the method list.
    service = FormService(vault, load_forms([bundled_forms(), versions]))
    assert service.definition("contact_note").version == 2
    opened = service.open(saved.record_id)
    assert opened.definition.version == 1
    assert opened.values == v1_values
    after = tmp_path / "after.pdf"
    service.print_record(saved.record_id, after, printed_at=at, invariant=True)
    assert after.read_bytes() == before.read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(after).pages)
    assert "Mood on the day" in text and "Calm, fictional" in text and "Telephone" in text
    assert "Next contact" not in text
    # Saving it again keeps version 1; a new record uses version 2.
    service.save(opened.definition, {**opened.values, "notes": "Edited"},
                 record_id=saved.record_id, today=TODAY)
    assert service.open(saved.record_id).definition.version == 1
    with pytest.raises(ValidationErrors):
        service.save(service.definition("contact_note"), v1_values, today=TODAY)


def test_a_draft_survives_lock_unlock_and_restart(vault: Vault, vault_path: Path) -> None:
    service = FormService(vault, load_forms([bundled_forms()]))
    minutes = service.definition("mappa_minutes")
    half_typed = {"chair": "Chair Qzxdraft", "meeting_date": "31/02/2026",
                  "attendance": [{"name": "PO Example", "role": None, "agency": ""}]}
    service.save_draft(minutes, "new", half_typed)
    vault.lock()
    vault.unlock(PASSPHRASE)
    draft = service.load_draft("mappa_minutes", "new")
    assert draft is not None and draft.form_version == 1
    assert draft.values == half_typed
    vault.close()
    assert b"Qzxdraft" not in vault_path.read_bytes()  # encrypted on disk
    reopened = Vault.open(vault_path, PASSPHRASE)
    try:
        service = FormService(reopened, load_forms([bundled_forms()]))
        assert service.load_draft("mappa_minutes", "new").values == half_typed
        service.discard_draft("mappa_minutes", "new")
        assert service.load_draft("mappa_minutes", "new") is None
    finally:
        reopened.close()


def test_saving_removes_the_draft(service: FormService) -> None:
    definition = service.definition("case_details")
    service.save_draft(definition, "new", {"family_name": "Draftperson"})
    service.save(definition, CASE_VALUES, draft_key="new", today=TODAY)
    assert service.load_draft("case_details", "new") is None


def test_case_details_of_a_case_added_elsewhere(service: FormService, vault: Vault) -> None:
    from rrdesk.domain.case import CaseDetails
    from rrdesk.services.cases import CaseService

    case_id = CaseService(vault).add(CaseDetails(family_name="Registerperson", crn="X900002"))
    opened = service.open_case_details(case_id)
    assert opened.record_id is None
    assert opened.values["family_name"] == "Registerperson"
    assert opened.values["status"] == "active"
    saved = service.save(opened.definition, {**opened.values, "given_names": "Siân",
                                             "curfew": "19:00 to 07:00"},
                         case_id=case_id, today=TODAY)
    assert saved.case_id == case_id
    with vault.read_session() as s:
        assert s.query(Case).count() == 1
        assert s.get(Case, case_id).given_names == "Siân"
    again = service.open_case_details(case_id)
    assert again.record_id == saved.record_id
    assert again.values["curfew"] == "19:00 to 07:00"


def test_a_persons_records_list_saved_records_and_drafts_but_not_others(
        service: FormService) -> None:
    mine, other = _new_case(service), service.save(
        service.definition("case_details"), {**CASE_VALUES, "crn": "X900003"},
        today=TODAY).case_id
    needs = service.definition("pathway_needs")
    values = {**service.new_values(needs, mine), "assessed_on": dt.date(2026, 11, 2),
              "assessor": "PO Example Bravo"}
    assert service.new_values(needs, mine) == {"person": mine}
    saved = service.save(needs, values, today=TODAY)
    service.save(needs, {**values, "person": other}, today=TODAY)
    service.save_draft(needs, f"record:{saved.record_id}", {**values, "summary": "half"})
    service.save_draft(service.definition("mappa_referral"), f"case:{mine}",
                       {"person": mine})

    listed = service.case_records(mine)
    by_form = {(r.form_id, r.record_id is None): r for r in listed}
    assert len(listed) == 3  # case details, the needs assessment, the new referral's draft
    assessment = by_form[("pathway_needs", False)]
    assert (assessment.status, assessment.date, assessment.who) == (
        "saved, unsaved changes kept", dt.date(2026, 11, 2), "Officer Testcase")
    draft = by_form[("mappa_referral", True)]
    assert (draft.title, draft.status, draft.who) == ("MAPPA referral", "draft", "")
    assert listed[0] is draft  # newest first
    assert "case_details" not in {d.form_id for d in service.startable()}


def test_a_pathway_needs_assessment_updates_the_case_needs(service: FormService,
                                                           vault: Vault) -> None:
    from rrdesk.domain.pathways import NeedLevel, Pathway
    from rrdesk.services.pathways import PathwayService

    case_id = _new_case(service)
    definition = service.definition("pathway_needs")
    assert definition.version == 2
    values = {"person": case_id, "assessed_on": dt.date(2026, 11, 20),
              "assessor": "PO Example Bravo",
              "needs": [{"pathway": "accommodation", "level": "high",
                         "issue": "No fixed abode on release"},
                        {"pathway": "ete", "level": "low", "issue": ""}]}
    saved = service.save(definition, values, today=TODAY)
    needs = PathwayService(vault).current_needs(case_id)
    assert needs[Pathway.ACCOMMODATION].need_level == NeedLevel.HIGH
    assert needs[Pathway.ACCOMMODATION].notes == "No fixed abode on release"
    assert needs[Pathway.ACCOMMODATION].assessed_by == "PO Example Bravo"
    assert needs[Pathway.ETE].need_level == NeedLevel.LOW
    # Saved again unchanged: no new history; a change is a new assessment.
    service.save(definition, values, record_id=saved.record_id, today=TODAY)
    assert len(PathwayService(vault).need_history(case_id, Pathway.ACCOMMODATION)) == 1
    values["needs"][0]["level"] = "medium"
    service.save(definition, values, record_id=saved.record_id, today=TODAY)
    history = PathwayService(vault).need_history(case_id, Pathway.ACCOMMODATION)
    assert [h.need_level for h in history] == [NeedLevel.MEDIUM, NeedLevel.HIGH]
    # A record captured with version 1 keeps its own scale and reads on the one scale.
    v1 = service.definition("pathway_needs", 1)
    service.save(v1, {**values, "needs": [{"pathway": "finance", "level": "significant"}]},
                 today=TODAY)
    assert PathwayService(vault).current_needs(case_id)[Pathway.FINANCE].need_level \
        == NeedLevel.HIGH


def test_a_referral_saved_through_its_form_is_pending_for_the_coordinator(
        service: FormService, vault: Vault) -> None:
    from rrdesk.domain.mappa import ReferralCriterion, ReferralStatus
    from rrdesk.services.referrals import ReferralService

    case_id = _new_case(service)
    definition = service.definition("mappa_referral")
    assert definition.version == 2
    values = {"person": case_id, "referral_date": dt.date(2026, 11, 20),
              "referring_agency": "Probation Service", "referrer": "PO Example Bravo",
              "category": 2, "level_requested": 3,
              "criteria": ["high_rosh", "media_interest"],
              "index_offence": "Wounding (fictional)", "reason": "Release imminent",
              "why_level": "Needs police and housing together",
              "nature_of_risk": "Violence to a former partner"}
    with pytest.raises(ValidationErrors) as e:
        service.save(definition, {**values, "criteria": []}, today=TODAY)
    assert "criteria" in {x.field for x in e.value.errors}
    saved = service.save(definition, values, today=TODAY)
    (referral,) = ReferralService(vault).list(status=ReferralStatus.PENDING)
    assert (referral.case_id, referral.category, referral.proposed_level) == (case_id, 2, 3)
    assert referral.criteria == [ReferralCriterion.HIGH_ROSH, ReferralCriterion.MEDIA_INTEREST]
    assert referral.index_offence == "Wounding (fictional)"
    # Saved again while pending: the same referral follows the form.
    service.save(definition, {**values, "level_requested": 2}, record_id=saved.record_id,
                 today=TODAY)
    (referral,) = ReferralService(vault).list()
    assert referral.proposed_level == 2

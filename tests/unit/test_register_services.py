"""The register services on a real (encrypted) vault."""

import datetime as dt

import pytest

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.errors import ValidationErrors
from rrdesk.domain.pathways import NeedLevel, Pathway, Rag
from rrdesk.services.cases import CaseService
from rrdesk.services.cohort import NOT_ASSESSED, cohort_summary
from rrdesk.services.pathways import ActionDetails, NeedAssessment, PathwayService
from rrdesk.services.register import NO_LEVEL, Column, RegisterFilter, RegisterQuery
from rrdesk.store import audit


def add(service: CaseService, family: str, given: str = "Demo", **kw) -> int:
    return service.add(CaseDetails(family_name=family, given_names=given, **kw))


@pytest.fixture
def people(vault):
    cases = CaseService(vault)
    ids = {
        "zoe": add(cases, "Łukasiewicz-O'Brien", "Zoë", pnc="2019/9000001Y", crn="X900001",
                   iom_cohort="fixed", offender_manager="PO Example Bravo"),
        "mo": add(cases, "Quillfeather", "Mohammed", iom_cohort="flex", mappa_category=2,
                  mappa_level=3, last_review=dt.date(2026, 10, 30),
                  offender_manager="PC Example Alpha"),
        "steve": add(cases, "Thistlecombe", "Stephen", aliases="Stevo", mappa_category=1,
                     mappa_level=2, offender_manager="PC Example Alpha"),
        "closed": add(cases, "Bramblewick", "Aoife", status="closed",
                      opened_on=dt.date(2020, 1, 1), closed_on=dt.date(2021, 1, 1)),
    }
    return cases, ids


def names(rows) -> list[str]:
    return [r.family_name for r in rows]


def test_search_is_accent_and_case_blind(vault, people) -> None:
    q = RegisterQuery(vault)
    assert names(q.page(RegisterFilter(text="lukasiewicz"))) == ["Łukasiewicz-O'Brien"]
    assert names(q.page(RegisterFilter(text="ZOE o'brien"))) == ["Łukasiewicz-O'Brien"]


def test_search_knows_spelling_variants(vault, people) -> None:
    q = RegisterQuery(vault)
    assert names(q.page(RegisterFilter(text="Muhammad"))) == ["Quillfeather"]
    assert names(q.page(RegisterFilter(text="steven"))) == ["Thistlecombe"]
    assert names(q.page(RegisterFilter(text="stevo"))) == ["Thistlecombe"]  # alias


def test_an_index_built_under_older_rules_is_rebuilt_at_the_next_unlock(
        vault, vault_path, people) -> None:
    from sqlalchemy import text

    from rrdesk.store import search
    from rrdesk.store.vault import Vault
    from tests.conftest import PASSPHRASE

    with vault.engine.begin() as conn:  # as a vault indexed under other rules would be
        conn.execute(text("DELETE FROM case_search"))
        conn.execute(text("UPDATE vault_meta SET value = '0' WHERE key = :k"),
                     {"k": search.RULES_KEY})
    assert names(RegisterQuery(vault).page(RegisterFilter(text="stevo"))) == []
    vault.close()
    with Vault.open(vault_path, PASSPHRASE, shared=True) as beside:  # a backup job: no writes
        assert beside.get_meta(search.RULES_KEY) == "0"
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert names(RegisterQuery(again).page(RegisterFilter(text="stevo"))) == [
            "Thistlecombe"]
        assert names(RegisterQuery(again).page(RegisterFilter(text="lukasiewicz"))) == [
            "Łukasiewicz-O'Brien"]
        assert again.get_meta(search.RULES_KEY) == str(search.RULES_VERSION)


def test_search_finds_identifiers_in_either_form(vault, people) -> None:
    q = RegisterQuery(vault)
    for typed in ("2019/9000001Y", "19/9000001Y", "20199000001y", "x900001", "X9000"):
        assert names(q.page(RegisterFilter(text=typed))) == ["Łukasiewicz-O'Brien"], typed


@pytest.mark.parametrize("typed", ['"', "'", 'a" OR "b', "NEAR(", "*", "-", "AND", "^x",
                                   "col:val", "');DROP TABLE cases;--", "\x00", "(((("])
def test_any_typed_text_is_safe(vault, people, typed: str) -> None:
    q = RegisterQuery(vault)
    assert q.count(RegisterFilter(text=typed)) >= 0
    q.page(RegisterFilter(text=typed))
    assert q.count() == 4  # nothing was dropped


def test_filters_combine(vault, people) -> None:
    q = RegisterQuery(vault)
    assert names(q.page(RegisterFilter(officer="PC Example Alpha", level=3))) == [
        "Quillfeather"]
    assert names(q.page(RegisterFilter(level=NO_LEVEL, status="active"))) == [
        "Łukasiewicz-O'Brien"]
    assert names(q.page(RegisterFilter(cohort="flex"))) == ["Quillfeather"]
    assert q.officers() == ["PC Example Alpha", "PO Example Bravo"]


def test_sorting_by_name_ignores_accents_and_case(vault, people) -> None:
    q = RegisterQuery(vault)
    assert names(q.page(sort=Column.NAME)) == [
        "Bramblewick", "Łukasiewicz-O'Brien", "Quillfeather", "Thistlecombe"]
    assert names(q.page(sort=Column.NAME, ascending=False))[0] == "Thistlecombe"


def test_sorting_puts_empty_values_last_both_ways(vault, people) -> None:
    q = RegisterQuery(vault)
    assert q.page(sort=Column.LEVEL)[-1].mappa_level is None
    assert q.page(sort=Column.LEVEL, ascending=False)[-1].mappa_level is None
    assert [r.mappa_level for r in q.page(sort=Column.LEVEL, ascending=False)][:2] == [3, 2]


def test_paging_returns_every_row_once(vault, people) -> None:
    q = RegisterQuery(vault)
    pages = q.page(limit=3, offset=0) + q.page(limit=3, offset=3)
    assert sorted(r.id for r in pages) == sorted(people[1].values())


def test_a_search_counts_what_it_finds_and_puts_an_exact_name_first(vault, people) -> None:
    q = RegisterQuery(vault)
    assert q.count(RegisterFilter()) == 4
    assert q.count(RegisterFilter(text="quill")) == 1
    assert (q.count(RegisterFilter(text="nobodyhere")), q.page(RegisterFilter(text="nobodyhere"))) \
        == (0, [])
    # an exact name before names that only start the same way, with or without sounds
    cases, _ = people
    add(cases, "Quillfeathering", "Demo")
    assert names(q.page(RegisterFilter(text="quillfeather"), limit=5)) == [
        "Quillfeather", "Quillfeathering"]


def test_next_review_date_is_derived_from_level_and_last_review(vault, people) -> None:
    cases, ids = people
    # level 3: 8 weeks after 30/10/2026 is Christmas Day -> Thursday 24/12/2026
    assert cases.next_review(ids["mo"]) == dt.date(2026, 12, 24)
    details = cases.get(ids["mo"])
    details.mappa_level = 2
    cases.update(ids["mo"], details)
    assert cases.next_review(ids["mo"]) == dt.date(2027, 2, 19)


def test_duplicates_found_by_pnc_crn_or_name_and_birth_date(vault, people) -> None:
    cases, ids = people
    dob = dt.date(1990, 5, 17)
    cases.update(ids["steve"], CaseDetails(**{**vars(cases.get(ids["steve"])),
                                              "date_of_birth": dob}))
    found = cases.possible_duplicates(CaseDetails(family_name="Other", pnc="19/9000001Y"))
    assert [(d.case_id, d.reasons) for d in found] == [(ids["zoe"], ["same PNC ID"])]
    found = cases.possible_duplicates(CaseDetails(family_name="Other", crn="x900001"))
    assert [d.reasons for d in found] == [["same CRN"]]
    found = cases.possible_duplicates(
        CaseDetails(family_name="THISTLECOMBE", given_names="stephen", date_of_birth=dob))
    assert [d.reasons for d in found] == [["same name and date of birth"]]
    assert cases.possible_duplicates(
        CaseDetails(family_name="Someone", given_names="Else", date_of_birth=dob)) == []


def test_merge_keeps_both_histories_and_is_audited(vault, people) -> None:
    cases, ids = people
    pathways = PathwayService(vault)
    pathways.assess(ids["steve"], NeedAssessment(Pathway.HEALTH, NeedLevel.HIGH))
    pathways.add_action(ids["steve"], ActionDetails(Pathway.HEALTH, "GP registration"))
    pathways.assess(ids["zoe"], NeedAssessment(Pathway.ACCOMMODATION, NeedLevel.LOW))
    cases.merge(ids["zoe"], ids["steve"])

    q = RegisterQuery(vault)
    assert "Thistlecombe" not in names(q.page())
    assert set(pathways.current_needs(ids["zoe"])) == {Pathway.HEALTH, Pathway.ACCOMMODATION}
    assert [a.what for a in pathways.actions(ids["zoe"])] == ["GP registration"]
    merged = cases.get(ids["zoe"])
    assert "Stephen Thistlecombe" in merged.aliases and "Stevo" in merged.aliases
    assert merged.family_name == "Łukasiewicz-O'Brien"  # the kept case's own values win
    assert merged.iom_cohort == "fixed"
    assert (merged.mappa_category, merged.mappa_level) == (1, 2)  # blanks filled from the other
    history = cases.history(ids["zoe"])
    assert any(h.action == "combination" for h in history)
    assert any("pathway need assessed: health" in h.what for h in history)
    with vault.read_session() as s:
        assert audit.verify(s) == []
    with pytest.raises(ValueError):
        cases.merge(ids["zoe"], ids["steve"])


def test_need_changes_keep_their_history(vault, people) -> None:
    _, ids = people
    pathways = PathwayService(vault)
    pathways.assess(ids["mo"], NeedAssessment(Pathway.FINANCE, NeedLevel.HIGH, "first"))
    pathways.assess(ids["mo"], NeedAssessment(Pathway.FINANCE, NeedLevel.LOW, "second"))
    assert pathways.current_needs(ids["mo"])[Pathway.FINANCE].need_level == NeedLevel.LOW
    assert [n.notes for n in pathways.need_history(ids["mo"], Pathway.FINANCE)] == [
        "second", "first"]


def test_action_changes_keep_their_history(vault, people) -> None:
    _, ids = people
    pathways = PathwayService(vault)
    action_id = pathways.add_action(ids["mo"], ActionDetails(
        Pathway.ETE, "CV workshop", "Jobcentre Plus", target_date=dt.date(2026, 12, 1)))
    action = pathways.actions(ids["mo"])[0]
    action.rag, action.outcome = Rag.COMPLETE, "Attended"
    assert pathways.update_action(action_id, action) == ["rag", "outcome"]
    changes = [(c.field, c.old_value, c.new_value) for c in pathways.action_history(action_id)]
    assert changes == [("rag", "amber", "complete"), ("outcome", "", "Attended")]


def test_bad_need_and_action_values_name_the_field(vault, people) -> None:
    _, ids = people
    pathways = PathwayService(vault)
    with pytest.raises(ValidationErrors) as e:
        pathways.add_action(ids["mo"], ActionDetails(Pathway.ETE, "  ", rag="purple"))
    assert {err.field for err in e.value.errors} == {"what", "rag"}
    with pytest.raises(ValidationErrors) as e:
        pathways.assess(ids["mo"], NeedAssessment(Pathway.ETE, "severe"))
    assert [err.field for err in e.value.errors] == ["need_level"]
    assert pathways.actions(ids["mo"]) == []


def test_cohort_summary_counts_needs_actions_and_stale_assessments(vault, people) -> None:
    _, ids = people
    today = dt.date(2026, 11, 23)
    pathways = PathwayService(vault)
    pathways.assess(ids["mo"], NeedAssessment(Pathway.HEALTH, NeedLevel.HIGH,
                                              assessed_on=dt.date(2026, 11, 1)))
    pathways.assess(ids["zoe"], NeedAssessment(Pathway.HEALTH, NeedLevel.HIGH,
                                               assessed_on=dt.date(2025, 1, 1)))
    pathways.add_action(ids["mo"], ActionDetails(Pathway.HEALTH, "Late", rag=Rag.RED,
                                                 target_date=dt.date(2026, 11, 1)))
    pathways.add_action(ids["mo"], ActionDetails(Pathway.HEALTH, "Done", rag=Rag.COMPLETE,
                                                 target_date=dt.date(2026, 11, 1)))
    s = cohort_summary(vault, today=today)
    assert sorted(s.people) == sorted([ids["zoe"], ids["mo"], ids["steve"]])  # active only
    assert sorted(s.needs[(Pathway.HEALTH, "high")]) == sorted([ids["zoe"], ids["mo"]])
    assert s.needs[(Pathway.HEALTH, NOT_ASSESSED)] == [ids["steve"]]
    assert s.overdue == [ids["mo"]]
    assert len(s.actions_by_rag[Rag.RED]) == 1 and len(s.actions_by_rag[Rag.COMPLETE]) == 1
    assert sorted(s.no_recent_assessment) == sorted([ids["zoe"], ids["steve"]])
    flex = cohort_summary(vault, cohort="flex", today=today)
    assert flex.people == [ids["mo"]]


def test_merge_moves_the_persons_records_but_not_their_own_case_details(vault, people
                                                                        ) -> None:
    from rrdesk.store.form_models import FormRecord
    from rrdesk.store.models import utc_now

    cases, ids = people
    with vault.transaction() as s:
        for form_id in ("mappa_referral", "case_details"):
            s.add(FormRecord(form_id=form_id, form_version=1, case_id=ids["steve"],
                             answers="{}", created_at=utc_now(), updated_at=utc_now()))
    cases.merge(ids["zoe"], ids["steve"])
    with vault.read_session() as s:
        owners = {r.form_id: r.case_id for r in s.query(FormRecord)}
    assert owners == {"mappa_referral": ids["zoe"], "case_details": ids["steve"]}


@pytest.mark.parametrize("ascending", [True, False])
def test_a_short_search_puts_exact_words_first_on_every_page(vault, ascending) -> None:
    """Read tier by tier in name order (issue 8): the order is still the exact word first,
    then the names it begins, each in name order, page after page."""
    cases = CaseService(vault)
    exact = [add(cases, family, "Ed") for family in ("Yarrow", "Alder", "Moss")]
    begins = [add(cases, family, given) for family, given in (
        ("Edgeworth", "Demo"), ("Birch", "Edwina"), ("Edwards", "Demo"), ("Ash", "Eddie"),
        ("Ednam", "Demo"))]
    add(cases, "Thistlecombe", "Stephen")  # found by neither
    query = RegisterQuery(vault)

    def in_name_order(ids: list[int]) -> list[int]:
        rows = query.rows_for(ids)  # name order
        return [r.id for r in (rows if ascending else rows[::-1])]

    expected = in_name_order(exact) + in_name_order(begins)
    f = RegisterFilter(text="ed")
    paged = [r.id for offset in range(0, 10, 3)
             for r in query.page(f, Column.NAME, ascending, offset, 3)]
    assert paged == expected
    assert [r.id for r in query.page(f, Column.NAME, ascending, 0, 100)] == expected
    assert query.count(f) == 8
    # A word nobody has exactly: one tier, in name order.
    assert [r.id for r in query.page(RegisterFilter(text="edw"), Column.NAME, ascending)] \
        == in_name_order([begins[1], begins[2]])


def test_one_register_query_answers_each_search_and_follows_a_change_of_rules(
        vault, people) -> None:
    """A register keeps the statements it built, by their shape (issue 8): the next search
    of the same shape must find its own cases, and a change of the local prolific rule
    must show at the next page, not when the register is opened again."""
    from rrdesk.services.local_rules import load_rules, save_rules

    cases, _ = people
    add(cases, "Prolificwood", "Example", date_of_birth=dt.date(1980, 1, 1), offence_count=12)
    q = RegisterQuery(vault)
    assert names(q.page(RegisterFilter(text="quill"))) == ["Quillfeather"]
    assert names(q.page(RegisterFilter(text="thist"))) == ["Thistlecombe"]
    assert names(q.page(RegisterFilter(text="bramble"))) == ["Bramblewick"]
    assert names(q.page(RegisterFilter(text="bramble", status="active"))) == []
    prolific = RegisterFilter(flag="prolific")
    assert names(q.page(prolific)) == []  # 12 offences: not 16 or more at 25 and over
    rules = load_rules(vault)
    rules.prolific_adult_count = 10
    save_rules(vault, rules)
    assert names(q.page(prolific)) == ["Prolificwood"]
    assert names(q.page(prolific, Column.FLAGS)) == ["Prolificwood"]

"""Minutes, their extract and the RMP, built from synthetic input (no vault)."""

from __future__ import annotations

import dataclasses

from rrdesk.documents.minutes import extract_parts, render_extract, render_minutes
from rrdesk.documents.model import RMP_HEADINGS, ExtractDoc
from rrdesk.documents.rmp import render_rmp
from tests.documents.pdf_text import assert_framed, flat, page_texts
from tests.documents.samples import SPECIAL_NAME, VICTIM_TEXT, info, minutes, rmp


def test_minutes_hold_every_attendee_review_heading_and_action_as_recorded() -> None:
    doc = minutes(cases=3, approved=True)
    data = render_minutes(doc, info("Meeting 42"), invariant=True)
    texts = assert_framed(data, "MAPPA meeting minutes", "Meeting 42")
    whole = flat(" ".join(texts))
    for a in doc.attendees:
        assert a.name in whole and a.agency in whole
    assert whole.index("Attendance") < whole.index("Apologies") \
        < whole.index("Confidentiality and diversity statement") < whole.index("Case review 1")
    for review in doc.reviews:
        assert review.person.name in whole
        for section in review.sections:
            assert section.title in whole and flat(section.text) in whole
        for action in review.actions:
            assert action.what in whole
    assert SPECIAL_NAME in whole
    for name in RMP_HEADINGS:
        assert name in whole
    assert "Contingency" in whole
    assert "Next review date 14/01/2027" in whole
    assert "Approved by DI Example Chair on 21/11/2026" in whole
    # Amendments, then the distribution list, at the end.
    assert whole.index("Case review 3") < whole.index("Amendments") \
        < whole.index("Date corrected") < whole.index("Distribution") \
        < whole.index("Secure email")
    assert "DRAFT" not in whole


def test_minutes_not_approved_carry_draft_on_every_page() -> None:
    data = render_minutes(minutes(cases=2), info("Meeting 42"), invariant=True)
    texts = page_texts(data)
    assert len(texts) > 1
    assert all("DRAFT" in t for t in texts)
    assert "Not yet distributed." in flat(" ".join(texts))


def test_a_heading_without_actions_says_why() -> None:
    doc = minutes(cases=1)
    review = doc.reviews[0]
    review.actions = [a for a in review.actions if a.heading != "Victim safety planning"]
    review.no_action_reasons = {"Victim safety planning": "No identified victim"}
    whole = flat(" ".join(page_texts(render_minutes(doc, info("Meeting 42")))))
    assert "No action under this heading: No identified victim" in whole


def test_an_rmp_of_300_actions_runs_over_pages_with_its_header_repeated() -> None:
    doc = rmp(action_count=300)
    data = render_rmp(doc, info("Case 100"), invariant=True)
    texts = assert_framed(data, "Risk Management Plan", "Case 100")
    assert len(texts) >= 8
    whole = flat(" ".join(texts))
    for action in doc.actions:
        assert action.what in whole
    # Every page after the first that continues an action table starts with its header row.
    continued = [t for t in texts[1:] if "weekly contact" in t]
    assert len(continued) >= 6
    for text in continued:
        assert "Action Owner Agency Due date Status" in flat(text)
    assert "History of the plan" in whole and "Initial plan" in whole
    assert SPECIAL_NAME in whole


def test_an_extract_leaves_out_what_was_left_out_and_says_it_is_an_extract() -> None:
    doc = minutes(cases=2, approved=True)
    keep = set(extract_parts(doc)) - {"victim", "attendance", "distribution", "amendments"}
    extract = ExtractDoc(doc, frozenset(keep), recipient="Demo Housing Association",
                         case_references=frozenset({"Case 100"}))
    data = render_extract(extract, info("Meeting 42"), invariant=True)
    whole = flat(" ".join(assert_framed(data, "Extract of MAPPA meeting minutes",
                                        "Meeting 42")))
    assert "This is an extract of the minutes" in whole
    assert "prepared for Demo Housing Association" in whole
    assert VICTIM_TEXT not in whole and "Victim issues" not in whole
    assert "Ffion Example" not in whole  # attendance and distribution left out
    assert "Date corrected" not in whole
    assert doc.reviews[1].person.name not in whole  # the other case's review
    assert SPECIAL_NAME in whole and "Risk is imminent when drinking." in whole


def test_same_input_same_bytes_and_the_input_is_not_changed() -> None:
    doc = minutes(cases=2)
    before = dataclasses.asdict(doc)
    first = render_minutes(doc, info("Meeting 42"), invariant=True)
    assert render_minutes(doc, info("Meeting 42"), invariant=True) == first
    assert dataclasses.asdict(doc) == before

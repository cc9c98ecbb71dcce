"""The meeting pack, with agency reports stamped like the rest of the pack."""

from __future__ import annotations

import pytest

from rrdesk.documents.model import AgencyReport
from rrdesk.documents.pack import ReportUnreadable, render_pack
from tests.documents.pdf_text import assert_framed, flat
from tests.documents.samples import SPECIAL_NAME, info, pack


def test_a_pack_holds_cover_agenda_and_each_case_with_its_reports_in_place() -> None:
    doc = pack(cases=3)
    data = render_pack(doc, info("Meeting 42"), invariant=True)
    # Every page, the agency reports' too, carries the marking and Page N of M of the pack.
    texts = assert_framed(data, "MAPPA meeting pack", "Meeting 42")
    whole = flat(" ".join(texts))
    assert "Agenda" in flat(texts[1])
    assert SPECIAL_NAME in whole
    report_pages = [i for i, t in enumerate(texts) if "body text page" in t]
    assert len(report_pages) == 6  # 2 + 1 pages for each of cases 1 and 3
    # Case 1's reports come after case 1's section and before case 2's.
    case2 = next(i for i, t in enumerate(texts) if flat(t).startswith("2. ") or
                 f"2. {doc.cases[1].person.name}" in flat(t))
    assert report_pages[:3] == [case2 - 3, case2 - 2, case2 - 1]
    assert "Police report 0 body text page 2" in flat(texts[case2 - 2])
    assert "Agency report: Police report 0 (Police), page 2 of 2" in flat(texts[case2 - 2])
    assert report_pages[-1] == len(texts) - 1
    for case in doc.cases:
        assert case.person.name in whole
        for action in case.outstanding:
            assert action.what in whole
    for part in ("Summary", "Pathway needs", "Current Risk Management Plan",
                 "Outstanding actions", "Last minutes of this case (meeting of 20/11/2026)"):
        assert whole.count(part) == 3


def test_a_pack_is_the_same_bytes_for_the_same_input() -> None:
    assert render_pack(pack(2), info("Meeting 42"), invariant=True) == \
        render_pack(pack(2), info("Meeting 42"), invariant=True)


def test_a_report_that_is_not_a_pdf_is_named() -> None:
    doc = pack(cases=1, reports=False)
    doc.cases[0].reports = [AgencyReport("Scanned letter", "Housing authority", b"not a pdf")]
    with pytest.raises(ReportUnreadable, match="Scanned letter"):
        render_pack(doc, info("Meeting 42"))

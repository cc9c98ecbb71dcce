"""Opening a case window is one read and one consultation; every tab shows what was read;
a change made in a tab reads the case again once and shows it on every tab."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from rrdesk.domain.case_record import Flag, FlagEntry, Sentence, SentenceType
from rrdesk.domain.mappa import ReferralCriterion
from rrdesk.services.case_record import CaseRecordService
from rrdesk.services.demo import fill_demo
from rrdesk.services.forms import FormService
from rrdesk.services.mappa_records import ReferralDetails
from rrdesk.services.referrals import ReferralService
from rrdesk.services.rmp import RmpService
from rrdesk.store import audit
from rrdesk.ui.register.case_window import CaseWindow

TODAY = dt.date(2026, 11, 23)
# Screenshots to look at: RRDESK_SHOTS=/tmp/shots/onecase pytest ... (none saved otherwise)
SHOTS = Path(os.environ["RRDESK_SHOTS"]) if os.environ.get("RRDESK_SHOTS") else None


def _audit(vault) -> list[tuple[str, str, str]]:
    with vault.read_session() as s:
        return [(e.action, e.record_id, e.detail or "") for e in audit.entries(s)]


def _reads(vault, monkeypatch) -> list[str]:
    """Every session the vault gives from now on, by kind."""
    made: list[str] = []
    transaction, read_session = vault.transaction, vault.read_session
    monkeypatch.setattr(vault, "transaction",
                        lambda: made.append("transaction") or transaction())
    monkeypatch.setattr(vault, "read_session",
                        lambda: made.append("read") or read_session())
    return made


def _texts(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


@pytest.fixture
def mappa_case(vault) -> int:
    """A demo MAPPA case with an RMP version, then a sentence, a flag, a form record and a
    new referral recorded for it."""
    fill_demo(vault, cases=30, seed=5, today=TODAY, mappa=True)
    plans = RmpService(vault)
    case_id = next(c for c in range(1, 31) if plans.current(c) is not None)
    record = CaseRecordService(vault, TODAY)
    record.set_sentence(case_id, Sentence(SentenceType.LICENCE, dt.date(2026, 3, 2),
                                          dt.date(2027, 9, 1), notes="Demo licence"))
    record.save_flag(case_id, FlagEntry(Flag.VETERAN, dt.date(2026, 1, 5)))
    forms = FormService(vault)
    needs = forms.definition("pathway_needs")
    forms.save(needs, {**forms.new_values(needs, case_id), "assessed_on": dt.date(2026, 11, 2),
                       "assessor": "PO Example Bravo"}, today=TODAY)
    ReferralService(vault).create(ReferralDetails(
        case_id, TODAY - dt.timedelta(days=2), "Youth Justice Example Team", 2, 3,
        [ReferralCriterion.HIGH_ROSH], referrer="PO Example Echo",
        reason="Fictional escalation for a test"), today=TODAY)
    return case_id


def test_opening_a_case_is_one_read_one_consultation_and_every_tab_shows_it(
        qtbot, vault, mappa_case, monkeypatch) -> None:
    before = len(_audit(vault))
    reads = _reads(vault, monkeypatch)
    window = CaseWindow(vault, mappa_case, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    assert reads == ["transaction"]  # the case, all its tabs, and its consultation
    new = _audit(vault)[before:]
    assert new == [("consultation", str(mappa_case), "")]

    # Sentence and flags
    window.tabs.setCurrentWidget(window.sentence_tab)
    sentence = window.sentence_tab.sentence_label.text()
    assert "from 02/03/2026" in sentence and "Demo licence" in sentence
    window.tabs.setCurrentWidget(window.flags_tab)
    assert "Veteran" in _texts(window.flags_tab.flags_table, 0)
    # Forms: the saved form record, and the MAPPA records listed with it
    forms = window.forms_tab
    window.tabs.setCurrentWidget(forms)
    titles = _texts(forms.table, 0)
    assert "Pathway needs assessment" in titles
    assert "Risk Management Plan" in titles and "MAPPA referral" in titles
    # MAPPA: the RMP version and its plan, the referral
    mappa = window.mappa_tab
    window.tabs.setCurrentWidget(mappa)
    current = RmpService(vault).current(mappa_case)
    reads.clear()
    for index in range(mappa.tabs.count()):
        mappa.tabs.setCurrentIndex(index)
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            window.resize(1366, 768)
            window.grab().save(str(SHOTS / f"mappa-{index}.png"))
    assert _texts(mappa.version_table, 0)[0] == str(current.version)
    assert current.actions[0].what in mappa.plan_view.toPlainText()
    assert "Youth Justice Example Team" in _texts(mappa.referral_table, 1)
    assert _texts(mappa.referral_table, 5)[0] == "Pending"
    assert mappa.review_table.rowCount() >= 1
    # Choosing a version, a pathway or a form record reads nothing
    mappa.version_table.selectRow(0)
    window.needs_table.selectRow(3)
    forms.table.selectRow(0)
    if SHOTS is not None:
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            window.grab().save(str(SHOTS / f"tab-{index}.png"))
    assert reads == []


def test_a_flag_added_in_its_tab_shows_on_flags_and_details_after_one_read(
        qtbot, vault, mappa_case, monkeypatch) -> None:
    window = CaseWindow(vault, mappa_case, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    details = window.details_grid
    shown = {details.itemAtPosition(r, c).widget().text():
             details.itemAtPosition(r, c + 1).widget().text()
             for r in range(details.rowCount()) for c in (0, 2)
             if details.itemAtPosition(r, c) is not None}
    assert "MARAC" not in shown["Flags now"] and "Veteran" in shown["Flags now"]
    before = len(_audit(vault))
    reads = _reads(vault, monkeypatch)

    window.tabs.setCurrentWidget(window.flags_tab)
    dialog = window.flags_tab.add_flag()
    combo = dialog.editors["flag"]
    combo.setCurrentIndex(combo.findData(Flag.MARAC.value))
    assert dialog.try_save()
    assert reads == ["transaction", "read"]  # the flag saved, then the case read again once
    assert "MARAC" in _texts(window.flags_tab.flags_table, 0)
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: any(
        details.itemAtPosition(r, 3) is not None
        and "MARAC" in details.itemAtPosition(r, 3).widget().text()
        for r in range(details.rowCount())))
    # The change is logged as an alteration, with no second consultation
    assert [a for a, _r, _d in _audit(vault)[before:]] == ["alteration"]
    assert "flag added" in _texts(window.history_table, 3)


def test_a_plan_shared_on_the_mappa_tab_shows_after_one_read(
        qtbot, vault, mappa_case, monkeypatch) -> None:
    window = CaseWindow(vault, mappa_case, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    mappa = window.mappa_tab
    window.tabs.setCurrentWidget(mappa)
    mappa.tabs.setCurrentIndex(1)
    assert "Not yet shared." in mappa.plan_view.toPlainText()
    reads = _reads(vault, monkeypatch)
    dialog = mappa.start_share()
    agency = dialog.agency.itemText(0)
    dialog.agency.setCurrentIndex(0)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert reads == ["transaction", "read"]  # recorded, then the case read again once
    shared = mappa.plan_view.toPlainText().split("Shared with")[-1]
    assert f"{agency} on 23/11/2026 (Officer Testcase)" in shared
    assert mappa.rmp_status.text() == "Sharing recorded."


def test_a_referral_accepted_on_the_mappa_page_shows_in_the_open_case_window(
        qtbot, vault) -> None:
    from rrdesk.domain.case import CaseDetails
    from rrdesk.services.cases import CaseService
    from rrdesk.ui.mappa.page import meetings_page
    from rrdesk.ui.register.workspace import workspace_for
    from rrdesk.ui.session import VaultSession

    case_id = CaseService(vault).add(CaseDetails(family_name="Brambleby-Demo",
                                                 given_names="Jon", crn="X900002"))
    ReferralService(vault).create(ReferralDetails(
        case_id, dt.date(2026, 11, 2), "Police", 2, 2, [ReferralCriterion.HIGH_ROSH]))
    session = VaultSession.for_vault(vault)
    workspace = workspace_for(session)
    window = workspace.open_case(case_id)
    qtbot.addWidget(window)
    referrals = window.mappa_tab.referral_table
    assert _texts(referrals, 5) == ["Pending"]
    page = meetings_page(session)
    qtbot.addWidget(page)
    page.reload()
    page.referral_table.selectRow(0)
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.accept_dialog.ok_button, Qt.MouseButton.LeftButton)
    # The case window, still open, shows the decision and the case's new level
    assert _texts(referrals, 5) == ["Accepted"] and _texts(referrals, 6) == ["Level 2"]
    assert "MAPPA category 2 level 2" in window.summary.text()
    session.operations.wait()

"""`rrdesk meetings list|show` and `rrdesk reviews` as a scheduled job would run them."""

import datetime as dt
import json

import pytest

from rrdesk.cli import main
from rrdesk.domain.mappa import LevelDecision
from rrdesk.services.minutes import MinutesService
from tests.conftest import PASSPHRASE
from tests.unit.test_mappa_services import add_case, decide, ready_meeting, schedule


@pytest.fixture
def mappa_vault(vault, vault_path, monkeypatch):
    reviewed = add_case(vault, "Quillfeather-Demo")
    imported = add_case(vault, "Marrowby-Demo", last_review=dt.date(2026, 7, 1))
    add_case(vault, "Nodate-Demo")
    meeting_id, review_id = ready_meeting(vault, dt.date(2026, 9, 7), reviewed)
    decide(vault, review_id, LevelDecision.INCREASE, 3)
    MinutesService(vault).approve(review_id, "DI Example Chair", dt.datetime(2026, 9, 7, 15))
    upcoming = schedule(vault, dt.date(2026, 12, 14))
    vault.close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    return vault_path, {"reviewed": reviewed, "imported": imported, "meeting": meeting_id,
                        "upcoming": upcoming}


def run_json(capsys, *args: str):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_meetings_list_and_show_json(mappa_vault, capsys) -> None:
    path, ids = mappa_vault
    meetings = run_json(capsys, "meetings", "list", "--vault", str(path))
    assert [(m["id"], m["date"], m["level"], m["status"], m["approved"]) for m in meetings] == [
        (ids["meeting"], "2026-09-07", 2, "held", 1), (ids["upcoming"], "2026-12-14", 2,
                                                       "scheduled", 0)]
    shown = run_json(capsys, "meetings", "show", "--vault", str(path), "--meeting",
                     str(ids["meeting"]))
    assert shown["meeting"]["chair"] == "DI Example Chair"
    assert shown["meeting"]["date"] == "2026-09-07" and shown["meeting"]["level"] == 2
    assert {"name": "PO Example Bravo", "agency": "Probation Service",
            "role": "Offender manager", "status": "present"} in shown["attendees"]
    (review,) = shown["case_reviews"]
    assert review["case_id"] == ids["reviewed"]
    assert (review["level_decision"], review["new_level"], review["next_review"]) == (
        "increase", 3, "2026-11-02")
    assert [a["what"] for a in review["rmp_actions"]["supervision"]] == ["Weekly supervision"]
    assert set(review["rmp_actions"]) == {"supervision", "monitoring", "interventions",
                                          "victim_safety", "contingency"}


def test_meetings_show_unknown_meeting_is_invalid_input(mappa_vault, capsys) -> None:
    path, _ = mappa_vault
    assert main(["meetings", "show", "--vault", str(path), "--meeting", "999"]) == 5
    assert "no meeting 999" in capsys.readouterr().err


def test_reviews_json(mappa_vault, capsys) -> None:
    path, ids = mappa_vault
    rows = {r["case_id"]: r for r in run_json(capsys, "reviews", "--vault", str(path))}
    reviewed = rows[ids["reviewed"]]
    assert {k: reviewed[k] for k in ("mappa_level", "last_review", "due", "problem",
                                     "last_decision")} == {
        "mappa_level": 3, "last_review": "2026-09-07", "due": "2026-11-02", "problem": None,
        "last_decision": "increase"}
    imported = rows[ids["imported"]]
    assert (imported["due"], imported["last_review"]) == ("2026-10-21", "2026-07-01")
    undated = [r for r in rows.values() if r["problem"] == "no review date"]
    assert len(undated) == 1 and undated[0]["due"] is None and undated[0]["overdue"] is False
    overdue = run_json(capsys, "reviews", "--vault", str(path), "--overdue")
    assert all(r["overdue"] for r in overdue)
    cases = {c["id"]: c for c in run_json(capsys, "cases", "list", "--vault", str(path))}
    assert (cases[ids["reviewed"]]["last_meeting"], cases[ids["reviewed"]]["last_decision"]) \
        == ("2026-09-07", "increase")


def test_demo_meetings_show_in_reviews_and_cases(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "demo.rrvault"
    monkeypatch.setenv("RRDESK_PASSPHRASE", "fictional demo vault only")
    assert main(["demo", "--vault", str(path), "--cases", "40"]) == 0
    capsys.readouterr()
    meetings = run_json(capsys, "meetings", "list", "--vault", str(path))
    today = dt.date.today().isoformat()
    past = [m for m in meetings if m["date"] < today]
    assert past and all(m["approved"] == m["cases"] > 0 for m in past)
    assert any(m["date"] > today and m["status"] == "scheduled" for m in meetings)
    reviews = {r["case_id"]: r for r in run_json(capsys, "reviews", "--vault", str(path))}
    cases = {c["id"]: c for c in run_json(capsys, "cases", "list", "--vault", str(path))}
    for m in past:
        shown = run_json(capsys, "meetings", "show", "--vault", str(path), "--meeting",
                         str(m["id"]))
        for review in shown["case_reviews"]:
            case = cases[review["case_id"]]
            assert case["last_meeting"] == m["date"]
            assert case["last_decision"] == review["level_decision"]
            if review["new_level"] in (2, 3):
                assert reviews[review["case_id"]]["last_review"] == m["date"]
                assert reviews[review["case_id"]]["due"] == review["next_review"]

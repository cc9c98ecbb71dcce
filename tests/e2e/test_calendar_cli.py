"""`rrdesk calendar list / export` as a person runs them, on a synthetic demo caseload."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from rrdesk.cli import main
from rrdesk.services.demo import fill_demo
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def demo_vault(vault_path: Path, vault_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copyfile(vault_template, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as v:
        fill_demo(v, cases=60, seed=7)
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    return vault_path


def rrdesk(*argv: object) -> int:
    return main([str(a) for a in argv])


def listed(capsys, *extra: object) -> list[dict]:
    capsys.readouterr()
    assert rrdesk("calendar", "list", "--json", *extra) == 0
    return json.loads(capsys.readouterr().out)


def names_in(vault_path: Path) -> set[str]:
    with Vault.open(vault_path, PASSPHRASE) as v, v.read_session() as s:
        rows = s.execute(select(Case.family_name, Case.given_names)).all()
    return {word for row in rows for part in row for word in part.split() if len(word) > 2}


def test_export_holds_the_items_list_gives_and_no_names(demo_vault, tmp_path, capsys) -> None:
    start = (dt.date.today() - dt.timedelta(weeks=8)).isoformat()
    window = ("--from", start, "--weeks", "30")
    items = listed(capsys, "--vault", demo_vault, *window)
    assert items, "the demo has review dates and actions in the window"
    assert all({"date", "kind", "overdue", "uid"} <= set(i) for i in items)
    assert all("case_id" in i or "meeting_id" in i for i in items if i["kind"] != "plan_action")
    out = tmp_path / "team.ics"
    assert rrdesk("calendar", "export", "--vault", demo_vault, "--out", out, *window) == 0
    assert "OFFICIAL-SENSITIVE" in capsys.readouterr().out
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    cal = Calendar.from_ical(out.read_bytes())
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert sorted(uids) == sorted(i["uid"] for i in items)
    text = out.read_bytes().decode()
    leaked = {word for word in names_in(demo_vault) if word in text}
    assert not leaked


def test_an_existing_file_needs_force(demo_vault, tmp_path, capsys) -> None:
    out = tmp_path / "team.ics"
    out.write_text("kept")
    assert rrdesk("calendar", "export", "--vault", demo_vault, "--out", out) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text() == "kept"
    assert rrdesk("calendar", "export", "--vault", demo_vault, "--out", out, "--force") == 0
    assert out.read_text().startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize("args, option", [(("--from", "31/12/2026"), "--from"),
                                          (("--weeks", "0"), "--weeks")])
def test_a_bad_window_is_a_usage_error_naming_the_option(demo_vault, capsys, args,
                                                         option) -> None:
    assert rrdesk("calendar", "list", "--vault", demo_vault, *args) == 2
    assert capsys.readouterr().err.startswith(f"rrdesk: {option}")


def test_meetings_and_rmp_actions_are_listed_and_exported(vault_path, vault_template, tmp_path,
                                                          capsys, monkeypatch) -> None:
    shutil.copyfile(vault_template, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as v:
        fill_demo(v, cases=30, seed=5, mappa=True)
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    window = ("--from", (dt.date.today() - dt.timedelta(weeks=16)).isoformat(), "--weeks", "40")
    items = listed(capsys, "--vault", vault_path, *window)
    meetings = [i for i in items if i["kind"] == "meeting"]
    actions = [i for i in items if i["kind"] == "rmp_action"]
    assert meetings and actions, "the demo has meetings and approved RMPs"
    assert all(isinstance(i["meeting_id"], int) and "case_id" not in i and i["time"]
               for i in meetings)
    assert all(isinstance(i["case_id"], int) and "meeting_id" not in i for i in actions)
    assert any(i["overdue"] for i in actions), "the demo's older plans have actions past due"

    out = tmp_path / "team.ics"
    assert rrdesk("calendar", "export", "--vault", vault_path, "--out", out, *window) == 0
    found = {str(e["uid"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert set(found) == {i["uid"] for i in items}
    for m in meetings:
        start = found[m["uid"]].decoded("dtstart")
        assert isinstance(start, dt.datetime) and start.strftime("%H:%M") == m["time"]
        assert found[m["uid"]].decoded("dtend") > start
    for a in actions:
        assert found[a["uid"]].decoded("dtstart") == dt.date.fromisoformat(a["date"])
    text = out.read_bytes().decode()
    assert not {word for word in names_in(vault_path) if word in text}
    # Exported again: the same uids (a re-import into Outlook updates, never duplicates).
    again = tmp_path / "again.ics"
    assert rrdesk("calendar", "export", "--vault", vault_path, "--out", again, *window) == 0
    assert {str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")} \
        == set(found)

"""File › Local rules: the team's rules edited on one page; the register and the cohort view
recompute who is prolific at once."""

from __future__ import annotations

import datetime as dt

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.local_rules import RULES
from rrdesk.services.cases import CaseService
from rrdesk.services.local_rules import load_rules


def _age(years: int) -> dt.date:
    today = dt.date.today()
    return today.replace(year=today.year - years, day=1)


def flags_shown(page) -> dict[str, str]:
    m = page.table.model()
    flags = m.columnCount() - 1
    return {m.data(m.index(r, 0)): m.data(m.index(r, flags)) for r in range(m.rowCount())}


def test_changing_prolific_thresholds_changes_who_is_prolific(
        qtbot, make_controller, type_passphrase, vault, vault_path) -> None:
    cases = CaseService(vault)
    cases.add(CaseDetails(family_name="Youngby-Demo", given_names="Ada",
                          date_of_birth=_age(20), offence_count=6))
    cases.add(CaseDetails(family_name="Olderby-Demo", given_names="Ben",
                          date_of_birth=_age(40), offence_count=17))
    vault.close()
    controller = make_controller(vault_path)
    main = type_passphrase(controller)
    register = main.show_page("cases")
    assert flags_shown(register) == {"Olderby-Demo, Ben": "Prolific", "Youngby-Demo, Ada": ""}
    pathways = main.show_page("pathways")
    prolific_row = 0
    assert pathways.cohort.flag_table.item(prolific_row, 0).text() == "1"

    dialog = main.open_local_rules()
    assert set(dialog.editors) == {r.name for r in RULES}  # built from the declaration
    young = dialog.editors["prolific_young_count"]
    young.selectAll()
    qtbot.keyClicks(young, "5")
    adult = dialog.editors["prolific_adult_count"]
    adult.selectAll()
    qtbot.keyClicks(adult, "20")
    assert dialog.save()
    assert load_rules(controller.vault).prolific_young_count == 5
    assert flags_shown(register) == {"Olderby-Demo, Ben": "", "Youngby-Demo, Ada": "Prolific"}
    assert pathways.cohort.flag_table.item(prolific_row, 0).text() == "1"
    assert pathways.cohort.summary.flags["prolific"] != []
    main.show_page("cases")
    register.flag.setCurrentIndex(register.flag.findData("prolific"))
    assert list(flags_shown(register)) == ["Youngby-Demo, Ada"]


def test_a_wrong_rule_is_named_and_nothing_is_saved(qtbot, make_controller, type_passphrase,
                                                    vault, vault_path) -> None:
    vault.close()
    controller = make_controller(vault_path)
    main = type_passphrase(controller)
    dialog = main.open_local_rules()
    last = dialog.editors["prolific_young_to"]
    last.selectAll()
    qtbot.keyClicks(last, "30")  # overlaps the adult band (from 25)
    flex = dialog.editors["iom_flex_crime_types"]
    flex.add_entry("Knife crime")
    assert not dialog.save()
    assert "Adult from age: must be above the young adult ages" in dialog.error_text()
    assert dialog.isVisible()
    assert load_rules(controller.vault).prolific_young_to == 24
    last.selectAll()
    qtbot.keyClicks(last, "24")
    assert dialog.save()
    assert load_rules(controller.vault).iom_flex_crime_types[-1] == "Knife crime"

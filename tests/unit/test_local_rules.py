"""The team's local rules: defaults from guidance, kept in the vault, bad values named."""

from __future__ import annotations

import pytest

from rrdesk.domain.errors import FieldError
from rrdesk.domain.local_rules import LocalRules
from rrdesk.services.local_rules import load_rules, save_rules


def test_a_new_vault_has_the_national_defaults(vault) -> None:
    rules = load_rules(vault)
    assert (rules.review_weeks_level2, rules.review_weeks_level3) == (16, 8)
    assert "Local authority education" in rules.dtc_agencies
    assert "Home Office Immigration Enforcement" in rules.dtc_agencies


def test_changed_rules_are_kept_in_the_vault_and_audited(vault) -> None:
    rules = load_rules(vault)
    rules.prolific_adult_count = 12
    rules.iom_flex_crime_types = ["Knife crime"]
    save_rules(vault, rules)
    again = load_rules(vault)
    assert again.prolific_adult_count == 12
    assert again.iom_flex_crime_types == ["Knife crime"]


@pytest.mark.parametrize(("name", "value"), [
    ("review_weeks_level2", 0), ("review_weeks_level3", 20), ("prolific_young_count", "8"),
    ("confidentiality_statement", "  "), ("dtc_agencies", ["Police", ""]),
])
def test_a_bad_rule_is_refused_by_name_and_nothing_is_saved(vault, name, value) -> None:
    rules = LocalRules()
    setattr(rules, name, value)
    with pytest.raises(FieldError) as e:
        save_rules(vault, rules)
    assert e.value.field == name
    assert load_rules(vault) == LocalRules()

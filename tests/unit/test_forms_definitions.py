"""Form definitions: the bundled ones load, broken ones are refused with clear messages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rrdesk.forms.bundled import bundled_forms
from rrdesk.forms.loader import FIELD_KEYS, FORM_KEYS, load_library, parse_definition
from rrdesk.forms.model import FIELD_TYPES, RULES, DefinitionError
from rrdesk.services.forms import known_columns

DATA = Path(__file__).resolve().parents[1] / "data"
BROKEN = DATA / "forms_broken"
BUNDLED_IDS = {"case_details", "pathway_needs", "mappa_referral", "mappa_minutes",
               "risk_management_plan"}


def test_every_bundled_definition_loads_and_validates() -> None:
    library = load_library([bundled_forms()], known_columns())
    assert library.problems == []
    assert set(library.form_ids()) == BUNDLED_IDS
    for form_id in BUNDLED_IDS:
        definition = library.latest(form_id)
        assert definition.sections and all(s.fields for s in definition.sections)
        assert all(f.label for f in definition.fields())


def test_minutes_follow_the_order_of_the_national_template() -> None:
    minutes = load_library([bundled_forms()], known_columns()).latest("mappa_minutes")
    titles = [s.title for s in minutes.sections]
    assert titles[:3] == ["Meeting details", "Confidentiality and diversity statement",
                          "The person"]
    assert titles.index("Risk management plan") < titles.index("Disclosure") \
        < titles.index("Level decision") < titles.index("Next review")


@pytest.mark.parametrize(("name", "line", "field", "words"), [
    ("missing_label.toml", 9, "nickname", "has no label"),
    ("unknown_type.toml", 16, "mood", "unknown type 'emoji'"),
    ("duplicate_id.toml", 14, "contact", "field id is used twice"),
    ("choice_no_options.toml", 9, "risk_level", "needs a list of options"),
    ("bad_column.toml", 20, "shoe_size", "the case record has no column 'shoe_size'"),
])
def test_a_broken_definition_names_file_line_and_field(name: str, line: int, field: str,
                                                       words: str) -> None:
    library = load_library([BROKEN / name], known_columns())
    assert len(library.problems) == 1
    problem = library.problems[0]
    assert (Path(problem.file).name, problem.line, problem.field) == (name, line, field)
    assert words in problem.message
    assert str(problem).startswith(f"{BROKEN / name}:{line}: {field}: ")
    assert library.definitions == {}


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    problems = load_library([BROKEN / "many_problems.toml"]).problems
    assert [(p.line, p.field) for p in problems] == [(9, "a"), (13, "b"), (25, "actions.due")]


def test_a_file_that_is_not_toml_gives_its_line() -> None:
    (problem,) = load_library([BROKEN / "not_toml.toml"]).problems
    assert problem.line == 2 and "not valid TOML" in problem.message


def test_the_good_definitions_load_beside_a_broken_one(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    shutil.copytree(bundled_forms(), folder, ignore=shutil.ignore_patterns("*.json"))
    (folder / "mappa_minutes" / "v2.toml").write_text(
        (folder / "mappa_minutes" / "v1.toml").read_text(encoding="utf-8")
        .replace("version = 1", "version = 2").replace('type = "staff"', 'type = "stuff"', 1),
        encoding="utf-8")
    library = load_library([folder], known_columns())
    assert set(library.form_ids()) == BUNDLED_IDS
    assert library.versions("mappa_minutes") == [1]  # v2 refused, v1 still there
    assert library.refused == [str(folder / "mappa_minutes" / "v2.toml")]
    assert all(p.field == "chair" for p in library.problems)


def test_latest_and_a_given_version() -> None:
    library = load_library([DATA / "forms_versions"], known_columns())
    assert library.versions("contact_note") == [1, 2]
    assert library.latest("contact_note").version == 2
    assert "mood" in library.get("contact_note", 1).field_ids()
    assert "mood" not in library.latest("contact_note").field_ids()


def test_a_version_cannot_be_changed_by_a_later_folder(tmp_path: Path) -> None:
    local = tmp_path / "local" / "contact_note"
    local.mkdir(parents=True)
    v1 = (DATA / "forms_versions" / "contact_note" / "v1.toml").read_text(encoding="utf-8")
    (local / "v1.toml").write_text(v1.replace('label = "Notes"', 'label = "Other notes"'),
                                   encoding="utf-8")
    library = load_library([DATA / "forms_versions", tmp_path / "local"])
    assert library.get("contact_note", 1).field("notes").label == "Notes"
    assert "add a new version" in library.problems[0].message


def test_file_name_and_version_must_agree(tmp_path: Path) -> None:
    folder = tmp_path / "contact_note"
    folder.mkdir()
    text = (DATA / "forms_versions" / "contact_note" / "v1.toml").read_text(encoding="utf-8")
    (folder / "v3.toml").write_text(text, encoding="utf-8")
    (problem,) = load_library([tmp_path]).problems
    assert problem.line == 4 and "does not match the file name v3.toml" in problem.message


def test_bindings_need_the_form_to_edit_that_record() -> None:
    text = """form = "x"\ntitle = "X"\nversion = 1\n[[sections]]\nid = "s"\ntitle = "S"
[[sections.fields]]\nid = "name"\ntype = "text"\nlabel = "Name"\nstore = "case.family_name"
"""
    with pytest.raises(DefinitionError) as e:
        parse_definition(text, "x.toml", known_columns())
    assert e.value.problems[0].field == "name"
    assert 'edits = "case"' in e.value.problems[0].message


def test_the_json_schema_agrees_with_the_loader() -> None:
    schema = json.loads((bundled_forms() / "form-definition.schema.json").read_text())
    field_schema = schema["$defs"]["field"]
    assert set(field_schema["properties"]["type"]["enum"]) == set(FIELD_TYPES)
    assert set(field_schema["properties"]) == FIELD_KEYS
    assert set(field_schema["properties"]["rule"]["enum"]) == set(RULES)
    assert set(schema["properties"]) == FORM_KEYS


def test_a_default_must_pass_the_fields_own_rules() -> None:
    head = 'form = "d"\ntitle = "D"\nversion = 1\n[[sections]]\nid = "s"\ntitle = "S"\n'
    good = parse_definition(head + '[[sections.fields]]\nid = "level"\ntype = "choice"\n'
                            'label = "Level"\noptions = [1, 2, 3]\ndefault = 2\n')
    assert good.defaults() == {"level": 2}
    with pytest.raises(DefinitionError) as e:
        parse_definition(head + '[[sections.fields]]\nid = "level"\ntype = "choice"\n'
                         'label = "Level"\noptions = [1, 2, 3]\ndefault = 4\n', "d.toml")
    (problem,) = e.value.problems
    assert (problem.line, problem.field) == (12, "level")
    assert "default is not a valid value" in problem.message


def test_the_forms_migration_goes_down_and_up_again(vault) -> None:
    from sqlalchemy import inspect

    from rrdesk.store import migrate

    assert {"form_records", "form_drafts"} <= set(inspect(vault.engine).get_table_names())
    migrate.downgrade(vault.engine, "0001")
    assert "form_records" not in inspect(vault.engine).get_table_names()
    migrate.upgrade(vault.engine)
    assert {"form_records", "form_drafts"} <= set(inspect(vault.engine).get_table_names())


def test_the_needs_form_uses_the_registers_need_scale() -> None:
    from rrdesk.domain.pathways import NeedLevel
    from rrdesk.forms.bundled import bundled_forms
    from rrdesk.services.forms import load_forms

    definition = load_forms([bundled_forms()]).latest("pathway_needs")
    needs = next(f for s in definition.sections for f in s.fields if f.id == "needs")
    level = next(c for c in needs.columns if c.id == "level")
    assert [o.value for o in level.options] == [n.value for n in NeedLevel]

"""Read form definitions (TOML) and check them, reporting every problem at once.

Layout of a definitions folder (the top-level ``forms/`` and any local folder)::

    forms/<form_id>/v<N>.toml      one file per version; a version is never edited once
                                   records exist, a change is a new file v<N+1>.toml

A broken file is refused on its own: the others still load, and ``FormLibrary.problems``
says what is wrong, as ``file:line: field: message``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from rrdesk.forms.model import (
    AGENCY,
    FIELD_TYPES,
    INTEGER,
    OPTION_TYPES,
    RULES,
    STAFF,
    TABLE,
    TEXT_TYPES,
    Binding,
    DefinitionError,
    Field,
    FormDefinition,
    Option,
    Problem,
    Section,
)
from rrdesk.forms.values import safe_clean

FORM_KEYS = {"form", "title", "version", "description", "edits", "sections"}
SECTION_KEYS = {"id", "title", "help", "fields"}
FIELD_KEYS = {"id", "type", "label", "help", "required", "min_length", "max_length", "min",
              "max", "pattern", "pattern_message", "options", "rule", "store", "columns",
              "default"}
# The answers document is stored with the form record; "record" names its typed columns.
RECORD_MODEL = "record"
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_FILE_RE = re.compile(r"^v(\d+)\.toml$")
_HEADER_RE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\s]+?)\s*\]\]")
_TOML_LINE_RE = re.compile(r"at line (\d+)")


# ----------------------------------------------------------------------------- line numbers
class _Lines:
    """Line numbers of the ``[[sections]]``, ``[[sections.fields]]`` and
    ``[[sections.fields.columns]]`` headers, in file order, and of keys inside them.

    tomllib gives no positions, so we read the headers ourselves; inline tables get no line.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.sections: list[int] = []
        self.fields: list[list[int]] = []
        self.columns: list[list[list[int]]] = []
        self.headers: list[int] = []
        for number, line in enumerate(self.lines, start=1):
            m = _HEADER_RE.match(line)
            if not m and not line.lstrip().startswith("["):
                continue
            self.headers.append(number)
            name = re.sub(r"\s+", "", m.group(1)) if m else ""
            if name == "sections":
                self.sections.append(number)
                self.fields.append([])
                self.columns.append([])
            elif name == "sections.fields" and self.sections:
                self.fields[-1].append(number)
                self.columns[-1].append([])
            elif name == "sections.fields.columns" and self.fields and self.fields[-1]:
                self.columns[-1][-1].append(number)

    @staticmethod
    def _at(items: list, index: int):
        return items[index] if 0 <= index < len(items) else None

    def section(self, s: int) -> int | None:
        return self._at(self.sections, s)

    def field(self, s: int, f: int) -> int | None:
        return self._at(self.fields[s], f) if s < len(self.fields) else None

    def column(self, s: int, f: int, c: int) -> int | None:
        try:
            return self._at(self.columns[s][f], c)
        except IndexError:
            return None

    def key(self, start: int | None, key: str) -> int | None:
        """The line of ``key = ...`` in the block that starts at line ``start``."""
        begin = start or 0
        end = next((h for h in self.headers if h > begin), len(self.lines) + 1)
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(begin + 1, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return start


# ----------------------------------------------------------------------------- checking
@dataclass
class _Checker:
    file: str
    lines: _Lines
    known_columns: Mapping[str, set[str]] | None
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int | None, name: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, name, message))

    def text(self, data: dict, key: str, line: int | None, name: str, required: bool) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(line, name, f"has no {key}")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(self.lines.key(line, key), name, f"{key} must be a non-empty text")
            return ""
        return value.strip()

    def number(self, data: dict, key: str, line: int | None, name: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(self.lines.key(line, key), name, f"{key} must be a whole number")
            return None
        return value

    def unknown_keys(self, data: dict, allowed: set[str], line: int | None, name: str) -> None:
        for key in sorted(set(data) - allowed):
            self.problem(self.lines.key(line, key), name,
                         f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    # -------------------------------------------------------------------- a whole form
    def form(self, data: dict) -> FormDefinition | None:
        top = None
        self.unknown_keys(data, FORM_KEYS, top, "form")
        form_id = self.text(data, "form", top, "form", True)
        if form_id and not _ID_RE.match(form_id):
            self.problem(self.lines.key(top, "form"), "form",
                         "form id must be lower case letters, digits and _")
        title = self.text(data, "title", top, "form", True)
        version = self.number(data, "version", top, "form")
        if version is None and "version" not in data:
            self.problem(top, "form", "has no version")
        elif version is not None and version < 1:
            self.problem(self.lines.key(top, "version"), "form", "version must be 1 or more")
        description = self.text(data, "description", top, "form", False)
        edits = self.text(data, "edits", top, "form", False) or None
        if edits and self.known_columns is not None and edits not in self.known_columns:
            self.problem(self.lines.key(top, "edits"), "form",
                         f"edits names an unknown record type '{edits}'")
        raw_sections = data.get("sections")
        sections: list[Section] = []
        seen_fields: dict[str, int | None] = {}
        seen_columns: dict[str, str] = {}
        if not isinstance(raw_sections, list) or not raw_sections:
            self.problem(top, "form", "has no sections")
            raw_sections = []
        seen_sections: set[str] = set()
        for s, raw in enumerate(raw_sections):
            line = self.lines.section(s)
            if not isinstance(raw, dict):
                self.problem(line, f"section {s + 1}", "must be a table")
                continue
            section = self.section(raw, s, line, edits, seen_fields, seen_columns)
            if section.id in seen_sections:
                self.problem(line, f"section {section.id}", "section id is used twice")
            seen_sections.add(section.id)
            sections.append(section)
        if self.problems:
            return None
        return FormDefinition(form_id=form_id, title=title, version=int(version or 0),
                              sections=tuple(sections), description=description, edits=edits,
                              source=self.file)

    def section(self, raw: dict, s: int, line: int | None, edits: str | None,
                seen_fields: dict[str, int | None], seen_columns: dict[str, str]) -> Section:
        sid = raw.get("id")
        name = f"section {sid}" if isinstance(sid, str) and sid else f"section {s + 1}"
        self.unknown_keys(raw, SECTION_KEYS, line, name)
        sid = self.text(raw, "id", line, name, True)
        if sid and not _ID_RE.match(sid):
            self.problem(self.lines.key(line, "id"), name,
                         "section id must be lower case letters, digits and _")
        title = self.text(raw, "title", line, name, True)
        help_text = self.text(raw, "help", line, name, False)
        raw_fields = raw.get("fields")
        fields: list[Field] = []
        if not isinstance(raw_fields, list) or not raw_fields:
            self.problem(line, name, "has no fields")
            raw_fields = []
        for f, raw_field in enumerate(raw_fields):
            fline = self.lines.field(s, f)
            if not isinstance(raw_field, dict):
                self.problem(fline, f"{name} field {f + 1}", "must be a table")
                continue
            built = self.field(raw_field, fline, f"field {f + 1} of {name}", edits,
                               lambda c, s=s, f=f: self.lines.column(s, f, c))
            fid = raw_field.get("id")  # checked even when the field has other problems
            if isinstance(fid, str) and fid:
                if fid in seen_fields:
                    other = seen_fields[fid]
                    also = f" (also on line {other})" if other else ""
                    self.problem(fline, fid, f"field id is used twice in this form{also}")
                else:
                    seen_fields[fid] = fline
            if built is None:
                continue
            if built.store is not None:
                key = str(built.store)
                if key in seen_columns:
                    self.problem(self.lines.key(fline, "store"), built.id,
                                 f"{key} is already stored by field {seen_columns[key]}")
                seen_columns[key] = built.id
            fields.append(built)
        return Section(id=sid, title=title, fields=tuple(fields), help=help_text, line=line)

    def field(self, raw: dict, line: int | None, fallback: str, edits: str | None,
              column_line=None, in_table: bool = False, prefix: str = "") -> Field | None:
        fid = raw.get("id")
        name = f"{prefix}{fid}" if isinstance(fid, str) and fid else fallback
        self.unknown_keys(raw, FIELD_KEYS, line, name)
        if not isinstance(fid, str) or not fid:
            self.problem(line, name, "has no id")
        elif not _ID_RE.match(fid):
            self.problem(self.lines.key(line, "id"), name,
                         "field id must start with a lower case letter and hold only "
                         "lower case letters, digits and _")
        label = self.text(raw, "label", line, name, True)
        if "label" not in raw:
            pass  # reported by text() as "has no label"
        ftype = raw.get("type")
        if ftype is None:
            self.problem(line, name, "has no type")
        elif ftype not in FIELD_TYPES:
            self.problem(self.lines.key(line, "type"), name,
                         f"unknown type '{ftype}' (use one of: {', '.join(FIELD_TYPES)})"
                         if isinstance(ftype, str) else "type must be a text")
            ftype = None
        help_text = self.text(raw, "help", line, name, False)
        required = raw.get("required", False)
        if not isinstance(required, bool):
            self.problem(self.lines.key(line, "required"), name,
                         "required must be true or false")
            required = False
        nums = {k: self.number(raw, k, line, name)
                for k in ("min_length", "max_length", "min", "max")}
        for low, high in (("min_length", "max_length"), ("min", "max")):
            if nums[low] is not None and nums[high] is not None and nums[low] > nums[high]:
                self.problem(self.lines.key(line, low), name, f"{low} is more than {high}")
        for k in ("min_length", "max_length"):
            if nums[k] is not None and nums[k] < 0:
                self.problem(self.lines.key(line, k), name, f"{k} must not be negative")
        if ftype and (nums["min_length"] is not None or nums["max_length"] is not None) \
                and ftype not in TEXT_TYPES:
            self.problem(self.lines.key(line, "max_length"), name,
                         "min_length and max_length apply only to text fields")
        if ftype and (nums["min"] is not None or nums["max"] is not None) \
                and ftype != INTEGER:
            self.problem(self.lines.key(line, "min"), name,
                         "min and max apply only to whole-number fields")
        pattern = raw.get("pattern")
        if pattern is not None:
            if ftype and ftype not in TEXT_TYPES:
                self.problem(self.lines.key(line, "pattern"), name,
                             "pattern applies only to text fields")
            try:
                re.compile(pattern if isinstance(pattern, str) else "(")
            except re.error:
                self.problem(self.lines.key(line, "pattern"), name,
                             "pattern is not a valid regular expression")
                pattern = None
        pattern_message = self.text(raw, "pattern_message", line, name, False)
        rule = raw.get("rule")
        if rule is not None:
            if rule not in RULES:
                self.problem(self.lines.key(line, "rule"), name,
                             f"unknown rule (use one of: {', '.join(RULES)})")
                rule = None
            elif ftype and ftype not in RULES[rule]:
                self.problem(self.lines.key(line, "rule"), name,
                             f"rule {rule} does not apply to a {ftype} field")
        options = self.options(raw, line, name, ftype)
        store = self.store(raw, line, name, ftype, edits, in_table)
        columns: tuple[Field, ...] = ()
        raw_columns = raw.get("columns")
        if ftype == TABLE:
            columns = self.columns(raw_columns, line, name, column_line)
        elif raw_columns is not None:
            self.problem(self.lines.key(line, "columns"), name,
                         "columns apply only to table fields")
        if not isinstance(fid, str) or not ftype:
            return None
        built = Field(id=fid, type=ftype, label=label, help=help_text, required=required,
                      min_length=nums["min_length"], max_length=nums["max_length"],
                      min=nums["min"], max=nums["max"],
                      pattern=pattern if isinstance(pattern, str) else None,
                      pattern_message=pattern_message, options=options, rule=rule,
                      store=store, columns=columns, line=line)
        if "default" in raw:
            built = self.default(built, raw["default"], line, name)
        return built

    def default(self, built: Field, raw: object, line: int | None, name: str) -> Field:
        """A default must itself be a valid value of the field (checked by the same rules)."""
        if built.type == TABLE:
            self.problem(self.lines.key(line, "default"), name, "a table has no default")
            return built
        value, errors = safe_clean(built, raw)
        if errors or value is None or value == []:
            self.problem(self.lines.key(line, "default"), name,
                         "default is not a valid value of this field")
            return built
        return replace(built, default=value)

    def options(self, raw: dict, line: int | None, name: str, ftype: str | None
                ) -> tuple[Option, ...]:
        raw_options = raw.get("options")
        oline = self.lines.key(line, "options")
        if raw_options is None:
            if ftype in OPTION_TYPES:
                self.problem(line, name, "a choice field needs a list of options")
            return ()
        if ftype and ftype not in (*OPTION_TYPES, AGENCY, STAFF):
            self.problem(oline, name, "options apply only to choice, agency and staff fields")
        if not isinstance(raw_options, list) or not raw_options:
            self.problem(oline, name, "options must be a non-empty list")
            return ()
        out: list[Option] = []
        seen: set[str] = set()
        for i, item in enumerate(raw_options, start=1):
            if isinstance(item, dict):
                value, label = item.get("value"), item.get("label")
                extra = set(item) - {"value", "label"}
                if extra:
                    self.problem(oline, name, f"option {i} has unknown keys")
            else:
                value, label = item, None
            if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
                self.problem(oline, name, f"option {i} needs a value (a text or a number)")
                continue
            if label is None:
                label = str(value)
            if not isinstance(label, str) or not label.strip():
                self.problem(oline, name, f"option {i} needs a label")
                continue
            if str(value) in seen:
                self.problem(oline, name, f"option {i} repeats a value")
            seen.add(str(value))
            out.append(Option(value=value, label=label))
        return tuple(out)

    def store(self, raw: dict, line: int | None, name: str, ftype: str | None,
              edits: str | None, in_table: bool) -> Binding | None:
        store = raw.get("store")
        if store is None or store == "answers":
            return None
        sline = self.lines.key(line, "store")
        if in_table:
            self.problem(sline, name, "a table column is stored with its table")
            return None
        if not isinstance(store, str) or store.count(".") != 1:
            self.problem(sline, name, "store must be \"answers\" or model.column "
                                      "(for example case.family_name)")
            return None
        model, column = store.split(".")
        if ftype in (TABLE,) or ftype == "multi_choice":
            self.problem(sline, name, f"a {ftype} field is kept in the answers document, "
                                      "not a column")
            return None
        if model != RECORD_MODEL and model != edits:
            self.problem(sline, name, f"stored in {model}.{column}, but the form does not "
                                      f"edit a {model} record (add edits = \"{model}\")")
        if self.known_columns is not None:
            if model not in self.known_columns:
                self.problem(sline, name, f"stored in {store}, but there is no record type "
                                          f"'{model}'")
            elif column not in self.known_columns[model]:
                self.problem(sline, name, f"stored in {store}, but the {model} record has "
                                          f"no column '{column}'")
        return Binding(model, column)

    def columns(self, raw_columns: object, line: int | None, name: str, column_line
                ) -> tuple[Field, ...]:
        if not isinstance(raw_columns, list) or not raw_columns:
            self.problem(line, name, "a table needs columns")
            return ()
        out: list[Field] = []
        seen: set[str] = set()
        for c, raw in enumerate(raw_columns):
            cline = column_line(c) if column_line else None
            if not isinstance(raw, dict):
                self.problem(cline, f"{name} column {c + 1}", "must be a table")
                continue
            built = self.field(raw, cline, f"{name} column {c + 1}", None, None, in_table=True,
                               prefix=f"{name}.")
            cid = raw.get("id")  # checked even when the column has other problems
            if isinstance(cid, str) and cid:
                if cid in seen:
                    self.problem(cline, f"{name}.{cid}", "column id is used twice")
                seen.add(cid)
            if built is None:
                continue
            if built.type == TABLE:
                self.problem(cline, f"{name}.{built.id}", "a table cannot hold a table")
                continue
            out.append(built)
        return tuple(out)


# ----------------------------------------------------------------------------- entry points
def parse_definition(text: str, file: str = "<text>",
                     known_columns: Mapping[str, set[str]] | None = None,
                     path: Path | None = None) -> FormDefinition:
    """Parse and check one definition; raise ``DefinitionError`` listing every problem,
    in the order of the file's lines. ``path``: the file it came from, whose name
    (``<form_id>/v<N>.toml``) must agree with the id and version inside."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = _TOML_LINE_RE.search(str(e))
        message = str(e).split(" (at ")[0]
        raise DefinitionError([Problem(file, int(m.group(1)) if m else None, "file",
                                       f"not valid TOML: {message}")]) from None
    lines = _Lines(text)
    checker = _Checker(file, lines, known_columns)
    definition = checker.form(data)
    if path is not None:
        checker.problems.extend(_name_problems(path, data, file, lines))
    if checker.problems or definition is None:
        raise DefinitionError(sorted(checker.problems, key=lambda p: p.line or 0))
    return definition


def _name_problems(path: Path, data: dict, file: str, lines: _Lines) -> list[Problem]:
    """The file's name and folder against the version and form id written inside."""
    m = _FILE_RE.match(path.name)
    if not m:
        return []
    problems = []
    version, form_id = data.get("version"), data.get("form")
    if isinstance(version, int) and not isinstance(version, bool) \
            and int(m.group(1)) != version:
        problems.append(Problem(file, lines.key(None, "version"), "form",
                                f"version {version} does not match the file name "
                                f"{path.name}"))
    if isinstance(form_id, str) and form_id and path.parent.name != form_id:
        problems.append(Problem(file, lines.key(None, "form"), "form",
                                f"form id does not match its folder {path.parent.name}"))
    return problems


def load_file(path: Path, known_columns: Mapping[str, set[str]] | None = None,
              display: str | None = None) -> FormDefinition:
    """One definition file; its name (``v<N>.toml`` in a folder named for the form) must
    agree with the id and version inside."""
    path = Path(path)
    file = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise DefinitionError([Problem(file, None, "file", "cannot be read as UTF-8 text")]
                              ) from None
    return parse_definition(text, file, known_columns, path)


def definition_files(folder: Path) -> list[Path]:
    """Every ``<form_id>/v<N>.toml`` under ``folder`` (and loose ``*.toml`` files)."""
    folder = Path(folder)
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.glob("*/*.toml"))
    files += sorted(p for p in folder.glob("*.toml"))
    return files


@dataclass
class FormLibrary:
    """Every usable definition, by form id and version, and what was refused and why."""

    definitions: dict[tuple[str, int], FormDefinition] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def form_ids(self) -> list[str]:
        return sorted({form_id for form_id, _ in self.definitions})

    def versions(self, form_id: str) -> list[int]:
        return sorted(v for f, v in self.definitions if f == form_id)

    def latest(self, form_id: str) -> FormDefinition:
        versions = self.versions(form_id)
        if not versions:
            raise KeyError(form_id)
        return self.definitions[(form_id, versions[-1])]

    def get(self, form_id: str, version: int) -> FormDefinition:
        return self.definitions[(form_id, version)]

    @property
    def ok(self) -> bool:
        return not self.problems


def _same(a: FormDefinition, b: FormDefinition) -> bool:
    strip = {"source": ""}

    def norm(d: FormDefinition) -> FormDefinition:
        return replace(d, **strip, sections=tuple(
            replace(s, line=None, fields=tuple(replace(f, line=None, columns=tuple(
                replace(c, line=None) for c in f.columns)) for f in s.fields))
            for s in d.sections))

    return norm(a) == norm(b)


def load_library(folders: Iterable[Path],
                 known_columns: Mapping[str, set[str]] | None = None) -> FormLibrary:
    """Load every definition in ``folders`` (bundled first, then local ones).

    A broken file is refused and its problems listed; the rest load. A later folder may add
    versions, but may not change a version an earlier folder already defines (records
    captured with it would change meaning).
    """
    library = FormLibrary()
    for folder in folders:
        for path in definition_files(Path(folder)):
            try:
                definition = load_file(path, known_columns)
            except DefinitionError as e:
                library.problems.extend(e.problems)
                library.refused.append(str(path))
                continue
            existing = library.definitions.get(definition.key)
            if existing is not None:
                if not _same(existing, definition):
                    library.problems.append(Problem(
                        str(path), None, "form",
                        f"{definition.form_id} version {definition.version} is already "
                        f"defined differently in {existing.source}; add a new version "
                        "instead of changing one"))
                    library.refused.append(str(path))
                continue
            library.definitions[definition.key] = definition
    return library


def check_paths(paths: Iterable[Path],
                known_columns: Mapping[str, set[str]] | None = None) -> list[Problem]:
    """Every problem in the definitions at ``paths`` (files or folders)."""
    return load_library(paths, known_columns).problems

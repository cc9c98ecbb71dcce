"""Use cases of the form engine: load definitions, save and open records, keep drafts, print.

A saved record keeps the form id and version it was captured with, and opens with that
version forever. Typed-column bindings (``case.*``, ``record.*``) go to their columns; every
other value goes to the record's answers document (JSON text in the encrypted vault).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from rrdesk.domain.case import CaseDetails, validate_case
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.reviews import ReviewIntervals
from rrdesk.forms.bundled import bundled_forms
from rrdesk.forms.loader import RECORD_MODEL, FormLibrary, definition_files, load_library
from rrdesk.forms.model import PERSON, TABLE, FormDefinition
from rrdesk.forms.values import (
    decode_value,
    decode_values,
    encode_value,
    encode_values,
    validate_values,
)
from rrdesk.services.cases import apply_details, review_intervals
from rrdesk.services.pathways import PATHWAY_FORM, apply_form_needs
from rrdesk.services.referrals import REFERRAL_FORM, record_from_form
from rrdesk.store import paths
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.form_models import RECORD_COLUMNS, FormDraft, FormRecord
from rrdesk.store.models import AuditEntry, Case, utc_now
from rrdesk.store.vault import Vault
from rrdesk.tables.files import atomic_write

RECORD = "form_record"
CASE_MODEL = "case"
# Derived or bookkeeping columns a form may not write.
_CASE_SKIP = {"id", "created_at", "updated_at", "next_review", "sort_name", "merged_into_id"}


def known_columns() -> dict[str, set[str]]:
    """The columns a definition may bind to, read from the ORM models."""
    return {
        CASE_MODEL: {c.name for c in Case.__table__.columns} - _CASE_SKIP,
        RECORD_MODEL: set(RECORD_COLUMNS),
    }


def local_forms() -> Path:
    """A folder for a MAPPA area's own definitions and new versions (no release needed)."""
    return paths.config_dir() / "forms"


def form_folders() -> list[Path]:
    return [bundled_forms(), local_forms()]


def load_forms(folders: Iterable[Path] | None = None) -> FormLibrary:
    """The definitions in ``folders`` (the bundled and the local ones when not given).

    The installed ones are parsed again only when a file among them was added, removed or
    changed: every case window and form asks for them, and parsing takes tens of ms."""
    if folders is not None:
        return load_library(folders, known_columns())
    folders = form_folders()
    stamp = tuple((str(p), s.st_mtime_ns, s.st_size) for folder in folders
                  for p in definition_files(folder) for s in [p.stat()])
    cached = _installed.get(stamp)
    if cached is None:
        cached = load_library(folders, known_columns())
        _installed.clear()
        _installed[stamp] = cached
    return cached


# The installed definitions as last parsed, by the names, times and sizes of their files.
_installed: dict[tuple, FormLibrary] = {}


class FormVersionMissing(LookupError):
    """A record was captured with a definition version this installation does not have."""


@dataclass
class OpenedRecord:
    record_id: int | None
    definition: FormDefinition
    values: dict[str, Any]
    case_id: int | None = None


@dataclass
class Draft:
    form_id: str
    form_version: int
    record_key: str
    values: dict[str, Any]
    saved_at: dt.datetime


SAVED, DRAFT, SAVED_WITH_DRAFT = "saved", "draft", "saved, unsaved changes kept"


@dataclass(frozen=True)
class RecordSummary:
    """One line of a person's form records: a saved record or a draft of a new one."""

    record_id: int | None  # None: a draft of a record never saved
    form_id: str
    title: str
    version: int
    status: str  # SAVED, DRAFT or SAVED_WITH_DRAFT
    date: dt.date | None  # the record's own date (referral, meeting, assessment), else saved
    who: str  # who saved it last ("" for a draft: drafts keep no name)
    saved_at: dt.datetime


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


class FormService:
    def __init__(self, vault: Vault, library: FormLibrary | None = None) -> None:
        self.vault = vault
        self.library = library if library is not None else load_forms()

    def definition(self, form_id: str, version: int | None = None) -> FormDefinition:
        try:
            if version is None:
                return self.library.latest(form_id)
            return self.library.get(form_id, version)
        except KeyError:
            which = f"version {version} of " if version is not None else ""
            raise FormVersionMissing(
                f"{which}form {form_id} is not installed; its definition file is missing "
                "or was refused (run: rrdesk forms check)") from None

    # ----------------------------------------------------------------- saving
    def save(self, definition: FormDefinition, values: Mapping[str, Any], *,
             record_id: int | None = None, case_id: int | None = None,
             draft_key: str | None = None, today: dt.date | None = None) -> OpenedRecord:
        """Validate and save; raise ``ValidationErrors`` (naming fields) and save nothing.

        ``record_id`` updates that record (keeping the version it was captured with);
        ``case_id`` ties a new case-details record to an existing case.
        """
        clean, errors = validate_values(definition, values, today)
        if errors:
            raise ValidationErrors(errors)
        intervals = review_intervals(self.vault)  # read before the transaction takes the pool
        with self.vault.transaction() as s:
            record = s.get(FormRecord, record_id) if record_id is not None else None
            if record_id is not None and record is None:
                raise KeyError(record_id)
            if record is not None and (record.form_id, record.form_version) != definition.key:
                raise ValueError("a record is saved with the form version it was captured with")
            self._check_people(s, definition, clean)
            now = utc_now()
            new = record is None
            if new:
                record = FormRecord(form_id=definition.form_id, form_version=definition.version,
                                    created_at=now, updated_at=now, answers="{}")
                s.add(record)
            changed: list[str] = []
            if definition.edits == CASE_MODEL:
                record.case_id, case_changed = self._save_case(
                    s, definition, clean, record.case_id or case_id, today, intervals)
                changed += case_changed
            for f in definition.bound_fields(RECORD_MODEL):
                value = _plain(clean.get(f.id))
                if getattr(record, f.store.column) != value:
                    setattr(record, f.store.column, value)
                    changed.append(f.id)
            old_answers = json.loads(record.answers or "{}")
            answers = encode_values(definition, clean, only_answers=True)
            changed += [k for k in answers if old_answers.get(k) != answers[k]]
            record.answers = json.dumps(answers, ensure_ascii=False, sort_keys=True)
            record.updated_at = now
            s.flush()
            # Field ids only, never values.
            if new:
                append(s, self.vault.actor, AuditAction.COLLECTION, RECORD, record.id,
                       f"{definition.form_id} v{definition.version}")
            elif changed:
                append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, record.id,
                       f"{definition.form_id} v{definition.version} changed: "
                       + ", ".join(sorted(set(changed))))
            if definition.form_id == PATHWAY_FORM and record.case_id is not None:
                # The assessment updates the case's needs (the register's one scale).
                apply_form_needs(s, self.vault.actor, record.case_id,
                                 clean.get("needs") or [], clean.get("assessed_on"),
                                 str(clean.get("assessor") or ""))
            if definition.form_id == REFERRAL_FORM and record.case_id is not None:
                # A MAPPA A goes to the coordinator's pending referrals.
                record_from_form(s, self.vault.actor, record.id, record.case_id, clean, today)
            if draft_key is not None:
                self._delete_draft(s, definition.form_id, draft_key)
            return OpenedRecord(record.id, definition, clean, record.case_id)

    def _check_people(self, s, definition: FormDefinition, clean: Mapping[str, Any]) -> None:
        errors = []
        for f in definition.fields():
            ids = [clean.get(f.id)] if f.type == PERSON else []
            if f.type == TABLE:
                ids = [row.get(c.id) for row in clean.get(f.id) or []
                       for c in f.columns if c.type == PERSON]
            for person in ids:
                if person is not None and s.get(Case, person) is None:
                    errors.append(FieldError(f.id, "names a person who is not on the register"))
                    break
        if errors:
            raise ValidationErrors(errors)

    def _save_case(self, s, definition: FormDefinition, clean: Mapping[str, Any],
                   case_id: int | None, today: dt.date | None,
                   intervals: ReviewIntervals) -> tuple[int, list[str]]:
        """Write the case.* fields through the domain's case rules; return id and changes."""
        bound = definition.bound_fields(CASE_MODEL)
        case = s.get(Case, case_id) if case_id is not None else None
        if case is not None:
            details = CaseDetails(**{n: getattr(case, n) for n in CaseDetails.field_names()})
        else:
            details = CaseDetails(family_name="")
        for f in bound:
            value = clean.get(f.id)
            if value is None and f.store.column in ("iom_cohort", "status"):
                continue  # these columns have a default rather than "none given"
            setattr(details, f.store.column, value)
        try:
            details = validate_case(details, today)
        except ValidationErrors as e:
            by_column = {f.store.column: f.id for f in bound}
            raise ValidationErrors([FieldError(by_column.get(err.field, err.field), err.message)
                                    for err in e.errors]) from None
        now = utc_now()
        if case is None:
            case = Case(created_at=now, updated_at=now)
            s.add(case)
        # The register's own rule for copying values (and deriving the next review date).
        changed = apply_details(case, details, intervals)
        s.flush()
        if changed and case_id is not None:
            case.updated_at = now
            append(s, self.vault.actor, AuditAction.ALTERATION, CASE_MODEL, case.id,
                   "changed: " + ", ".join(changed))
        elif case_id is None:
            append(s, self.vault.actor, AuditAction.COLLECTION, CASE_MODEL, case.id)
        by_column = {f.store.column: f.id for f in bound}
        return case.id, [by_column[c] for c in changed if c in by_column]

    # ----------------------------------------------------------------- opening
    def open(self, record_id: int) -> OpenedRecord:
        """A saved record with the definition version it was captured with (logged)."""
        with self.vault.transaction() as s:
            record = s.get(FormRecord, record_id)
            if record is None:
                raise KeyError(record_id)
            definition = self.definition(record.form_id, record.form_version)
            values = self._values_of(s, definition, record)
            append(s, self.vault.actor, AuditAction.CONSULTATION, RECORD, record_id,
                   f"{record.form_id} v{record.form_version}")
            return OpenedRecord(record.id, definition, values, record.case_id)

    def _values_of(self, s, definition: FormDefinition, record: FormRecord) -> dict[str, Any]:
        values = decode_values(definition, json.loads(record.answers or "{}"))
        for f in definition.bound_fields(RECORD_MODEL):
            values[f.id] = getattr(record, f.store.column)
        case = s.get(Case, record.case_id) if record.case_id is not None else None
        for f in definition.bound_fields(CASE_MODEL):
            values[f.id] = getattr(case, f.store.column) if case is not None else None
        return values

    def open_case_details(self, case_id: int, form_id: str = "case_details") -> OpenedRecord:
        """The case's latest record of ``form_id``, or a new one filled from the case row."""
        with self.vault.read_session() as s:
            record_id = s.scalar(select(FormRecord.id)
                                 .where(FormRecord.form_id == form_id,
                                        FormRecord.case_id == case_id)
                                 .order_by(FormRecord.id.desc()).limit(1))
        if record_id is not None:
            return self.open(record_id)
        definition = self.definition(form_id)
        with self.vault.transaction() as s:
            case = s.get(Case, case_id)
            if case is None:
                raise KeyError(case_id)
            values = {f.id: getattr(case, f.store.column)
                      for f in definition.bound_fields(CASE_MODEL)}
            append(s, self.vault.actor, AuditAction.CONSULTATION, CASE_MODEL, case_id)
        return OpenedRecord(None, definition, values, case_id)

    def records(self, form_id: str | None = None, case_id: int | None = None
                ) -> list[tuple[int, str, int]]:
        """(record id, form id, version) of saved records, newest first."""
        query = select(FormRecord.id, FormRecord.form_id, FormRecord.form_version)
        if form_id is not None:
            query = query.where(FormRecord.form_id == form_id)
        if case_id is not None:
            query = query.where(FormRecord.case_id == case_id)
        with self.vault.read_session() as s:
            return [tuple(r) for r in s.execute(query.order_by(FormRecord.id.desc()))]

    def case_records(self, case_id: int) -> list[RecordSummary]:
        """The form records of one person and the drafts of new ones, newest first.

        Only form names, dates and who: no answers are read, so listing is no consultation.
        """
        with self.vault.read_session() as s:
            return case_records_in(s, case_id, self.title)

    def title(self, form_id: str, version: int) -> str:
        return form_title(self.library, form_id, version)

    def startable(self) -> list[FormDefinition]:
        """The latest version of each form a person's record can be started with (not the
        case details form, which edits the case itself)."""
        found = [self.library.latest(f) for f in self.library.form_ids()]
        return sorted((d for d in found if d.edits != CASE_MODEL), key=lambda d: d.title)

    def new_values(self, definition: FormDefinition, case_id: int) -> dict[str, Any]:
        """The starting values of a new record about ``case_id``: the person filled in."""
        return {f.id: case_id for f in definition.bound_fields(RECORD_MODEL)
                if f.store.column == "case_id"}

    # ----------------------------------------------------------------- people
    def people(self, limit: int = 5000) -> list[tuple[int, str]]:
        """(case id, "Family, Given (CRN)") for person fields, by name."""
        with self.vault.read_session() as s:
            rows = s.execute(select(Case.id, Case.family_name, Case.given_names, Case.crn)
                             .order_by(Case.family_name, Case.given_names, Case.id)
                             .limit(limit))
            return [(r.id, _person_label(r.family_name, r.given_names, r.crn)) for r in rows]

    def person_label(self, case_id: int | None) -> str:
        if case_id is None:
            return ""
        with self.vault.read_session() as s:
            case = s.get(Case, case_id)
            if case is None:
                return f"case {case_id} (not on the register)"
            return _person_label(case.family_name, case.given_names, case.crn)

    # ----------------------------------------------------------------- drafts
    def save_draft(self, definition: FormDefinition, record_key: str,
                   values: Mapping[str, Any]) -> None:
        """Keep unsaved input, encrypted in the vault (half-typed values are fine)."""
        payload = json.dumps({f.id: encode_value(f, values.get(f.id))
                              for f in definition.fields() if f.id in values},
                             ensure_ascii=False, sort_keys=True)
        with self.vault.transaction() as s:
            draft = s.scalar(select(FormDraft).where(FormDraft.form_id == definition.form_id,
                                                     FormDraft.record_key == record_key))
            if draft is None:
                draft = FormDraft(form_id=definition.form_id, record_key=record_key)
                s.add(draft)
            draft.form_version = definition.version
            draft.payload = payload
            draft.saved_at = utc_now()

    def load_draft(self, form_id: str, record_key: str) -> Draft | None:
        with self.vault.read_session() as s:
            draft = s.scalar(select(FormDraft).where(FormDraft.form_id == form_id,
                                                     FormDraft.record_key == record_key))
            if draft is None:
                return None
            version, payload, saved_at = draft.form_version, draft.payload, draft.saved_at
        try:
            definition = self.definition(form_id, version)
        except FormVersionMissing:
            return None
        data = json.loads(payload or "{}")
        values = {f.id: decode_value(f, data.get(f.id)) for f in definition.fields()
                  if f.id in data}
        return Draft(form_id, version, record_key, values, saved_at)

    def discard_draft(self, form_id: str, record_key: str) -> None:
        with self.vault.transaction() as s:
            self._delete_draft(s, form_id, record_key)

    @staticmethod
    def _delete_draft(s, form_id: str, record_key: str) -> None:
        draft = s.scalar(select(FormDraft).where(FormDraft.form_id == form_id,
                                                 FormDraft.record_key == record_key))
        if draft is not None:
            s.delete(draft)

    # ----------------------------------------------------------------- printing
    def print_record(self, record_id: int, out: Path | BinaryIO, *,
                     printed_at: dt.datetime | None = None, invariant: bool = False) -> None:
        """Write the record as a PDF with its own form version; log the disclosure."""
        from rrdesk.documents.form_print import PrintInfo, write_pdf

        opened = self.open(record_id)
        info = PrintInfo(
            reference=f"{opened.definition.form_id}-{record_id}",
            printed_by=self.vault.actor,
            printed_at=printed_at or dt.datetime.now(),
            subject=self.person_label(opened.case_id) if opened.case_id else "",
        )
        write_pdf(out, opened.definition, opened.values, info, person_label=self.person_label,
                  invariant=invariant)
        self.vault.log(AuditAction.DISCLOSURE, RECORD, record_id,
                       f"printed {opened.definition.form_id} v{opened.definition.version}")


    def print_to_file(self, record_id: int, path: Path, *,
                      printed_at: dt.datetime | None = None, invariant: bool = False,
                      overwrite: bool = True) -> Path:
        """Print the record to ``path``: owner-only from its first byte, whole or not at
        all, flushed to disk (an existing file is replaced only with ``overwrite``)."""
        return atomic_write(Path(path), lambda tmp: self.print_record(
            record_id, tmp, printed_at=printed_at, invariant=invariant), overwrite=overwrite)


def form_title(library: FormLibrary, form_id: str, version: int) -> str:
    """The form's title in its version (its id when that definition is missing)."""
    try:
        return library.get(form_id, version).title
    except KeyError:
        return form_id  # the definition is missing: still listed, by its id


def case_records_in(s: Session, case_id: int, title: Callable[[str, int], str]
                    ) -> list[RecordSummary]:
    """A person's form records and drafts of new ones, newest first, in the caller's
    session; ``title`` names a form in a version."""
    records = s.execute(
        select(FormRecord.id, FormRecord.form_id, FormRecord.form_version,
               FormRecord.record_date, FormRecord.updated_at)
        .where(FormRecord.case_id == case_id)).all()
    keys = {f"record:{r.id}": r.id for r in records}
    drafts = s.execute(
        select(FormDraft.form_id, FormDraft.form_version, FormDraft.record_key,
               FormDraft.saved_at)
        .where(FormDraft.record_key.in_([f"case:{case_id}", *keys]))).all()
    who: dict[str, str] = {}
    if records:
        for record_id, actor in s.execute(
                select(AuditEntry.record_id, AuditEntry.actor)
                .where(AuditEntry.record_type == RECORD,
                       AuditEntry.record_id.in_([str(r.id) for r in records]),
                       AuditEntry.action.in_([AuditAction.COLLECTION.value,
                                              AuditAction.ALTERATION.value]))
                .order_by(AuditEntry.id)):
            who[record_id] = actor  # the last one wins
    pending = {d.record_key for d in drafts}
    out = [RecordSummary(r.id, r.form_id, title(r.form_id, r.form_version), r.form_version,
                         SAVED_WITH_DRAFT if f"record:{r.id}" in pending else SAVED,
                         r.record_date or r.updated_at.date(), who.get(str(r.id), ""),
                         r.updated_at)
           for r in records]
    out += [RecordSummary(None, d.form_id, title(d.form_id, d.form_version), d.form_version,
                          DRAFT, d.saved_at.date(), "", d.saved_at)
            for d in drafts if d.record_key not in keys]
    return sorted(out, key=lambda r: (r.saved_at, r.record_id or 0), reverse=True)


def _person_label(family: str, given: str, crn: str | None) -> str:
    name = f"{family.upper()}, {given}" if given else family.upper()
    return f"{name} ({crn})" if crn else name

"""Use cases on the case record: sentence, requirements and licence conditions, recalls and
breaches, flags, gender and ethnicity, IOM selection and de-selection, and the history of
every case field with its values. One transaction each; each change is audited by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rrdesk.domain import checks
from rrdesk.domain.case import CaseDetails, IomCohort
from rrdesk.domain.case_record import (
    NOTES_MAX,
    CaseEvent,
    EventKind,
    Flag,
    FlagEntry,
    Gender,
    IomSelection,
    Profile,
    Requirement,
    RequirementKind,
    Sentence,
    SentenceType,
    derived_flags,
    validate_event,
    validate_flag,
    validate_profile,
    validate_requirement,
    validate_selection,
    validate_sentence,
)
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.services.local_rules import load_rules
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.case_record_models import (
    CaseEventRow,
    CaseFieldChange,
    CaseFlag,
    CaseProfile,
    CaseRequirement,
    CaseSentence,
    IomSelectionRow,
)
from rrdesk.store.models import Case, utc_now
from rrdesk.store.vault import Vault

RECORD = "case"
_Child = TypeVar("_Child", CaseRequirement, CaseFlag)  # rows a case has many of, edited by id


@dataclass
class FieldChange:
    on: dt.datetime  # UTC
    field: str
    old: str
    new: str
    by: str

    def as_json(self) -> dict:
        return {"date": self.on.isoformat(timespec="seconds"), "field": self.field,
                "old": self.old, "new": self.new, "by": self.by}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _requirement(r: CaseRequirement) -> Requirement:
    return Requirement(RequirementKind(r.kind), r.start, r.end, r.notes, r.id)


def _flag(f: CaseFlag) -> FlagEntry:
    return FlagEntry(Flag(f.flag), f.since, f.until, f.notes, f.id)


def _selection(r: IomSelectionRow) -> IomSelection:
    return IomSelection(r.cohort, r.selected_on, r.reason, r.crime_type, r.deselected_on,
                        r.deselection_reason, r.id)


def field_history_in(s: Session, case_id: int, field: str | None = None) -> list[FieldChange]:
    """Every change of a case field, oldest first (in the caller's session)."""
    q = select(CaseFieldChange).where(CaseFieldChange.case_id == case_id)
    if field:
        q = q.where(CaseFieldChange.field == field)
    rows = s.scalars(q.order_by(CaseFieldChange.id))
    return [FieldChange(r.changed_at, r.field, r.old_value, r.new_value, r.changed_by)
            for r in rows]


# ------------------------------------------------------------------ reading, in a session
def sentence_in(s: Session, case_id: int) -> Sentence | None:
    row = s.get(CaseSentence, case_id)
    if row is None:
        return None
    return Sentence(SentenceType(row.type), row.start, row.end, row.licence_end,
                    row.sentence_expiry, row.notes)


def requirements_in(s: Session, case_id: int) -> list[Requirement]:
    """Requirements and licence conditions, latest start first."""
    rows = s.scalars(select(CaseRequirement).where(CaseRequirement.case_id == case_id)
                     .order_by(CaseRequirement.start.desc(), CaseRequirement.id))
    return [_requirement(r) for r in rows]


def events_in(s: Session, case_id: int) -> list[CaseEvent]:
    """Recalls and breaches, latest first."""
    rows = s.scalars(select(CaseEventRow).where(CaseEventRow.case_id == case_id)
                     .order_by(CaseEventRow.on.desc(), CaseEventRow.id.desc()))
    return [CaseEvent(EventKind(r.kind), r.on, r.notes, r.id) for r in rows]


def flags_in(s: Session, case_id: int) -> list[FlagEntry]:
    rows = s.scalars(select(CaseFlag).where(CaseFlag.case_id == case_id)
                     .order_by(CaseFlag.flag, CaseFlag.since))
    return [_flag(f) for f in rows]


def profile_in(s: Session, case_id: int) -> Profile:
    row = s.get(CaseProfile, case_id)
    if row is None:
        return Profile()
    return Profile(Gender(row.gender) if row.gender else None, row.gender_words,
                   row.ethnicity, row.ethnicity_words)


def selections_in(s: Session, case_id: int) -> list[IomSelection]:
    """The person's IOM cohort history, most recent first."""
    rows = s.scalars(select(IomSelectionRow).where(IomSelectionRow.case_id == case_id)
                     .order_by(IomSelectionRow.selected_on.desc(), IomSelectionRow.id.desc()))
    return [_selection(r) for r in rows]


class CaseRecordService:
    def __init__(self, vault: Vault, today: dt.date | None = None) -> None:
        self.vault = vault
        self.today = today or dt.date.today()

    @staticmethod
    def _case(s: Session, case_id: int) -> Case:
        case = s.get(Case, case_id)
        if case is None:
            raise KeyError(f"there is no case {case_id}")
        return case

    def _child_row(self, s: Session, model: type[_Child], case_id: int, row_id: int | None,
                   what: str) -> _Child:
        """A new row of ``model`` for the case (no id), or the case's existing row ``row_id``."""
        self._case(s, case_id)
        if row_id is None:
            row = model(case_id=case_id)
            s.add(row)
            return row
        row = s.get(model, row_id)
        if row is None or row.case_id != case_id:
            raise KeyError(f"there is no {what} {row_id} on this case")
        return row

    def _audit(self, s: Session, case_id: int, what: str) -> None:
        append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, case_id, what)

    def details(self, case_id: int) -> CaseDetails:
        """The case details again after a change made here (not a new consultation)."""
        from rrdesk.services.cases import details_of

        with self.vault.read_session() as s:
            return details_of(self._case(s, case_id))

    # ----------------------------------------------------------------- sentence
    def sentence(self, case_id: int) -> Sentence | None:
        with self.vault.read_session() as s:
            return sentence_in(s, case_id)

    def set_sentence(self, case_id: int, sentence: Sentence | None) -> None:
        """Record the sentence (or, with None, that there is none); ``ValidationErrors``."""
        sentence = validate_sentence(sentence) if sentence is not None else None
        with self.vault.transaction() as s:
            self._case(s, case_id)
            row = s.get(CaseSentence, case_id)
            if sentence is None:
                if row is not None:
                    s.delete(row)
                    self._audit(s, case_id, "sentence removed")
                return
            if row is None:
                row = CaseSentence(case_id=case_id)
                s.add(row)
            for name in ("start", "end", "licence_end", "sentence_expiry", "notes"):
                setattr(row, name, getattr(sentence, name))
            row.type = sentence.type.value
            row.updated_at = utc_now()
            self._audit(s, case_id, "sentence recorded")

    # ----------------------------------------------------------------- requirements
    def requirements(self, case_id: int) -> list[Requirement]:
        with self.vault.read_session() as s:
            return requirements_in(s, case_id)

    def save_requirement(self, case_id: int, requirement: Requirement) -> int:
        """Add (no id) or change a requirement or licence condition; its id."""
        r = validate_requirement(requirement)
        with self.vault.transaction() as s:
            row = self._child_row(s, CaseRequirement, case_id, r.id, "requirement")
            row.kind, row.start, row.end, row.notes = r.kind.value, r.start, r.end, r.notes
            s.flush()
            self._audit(s, case_id, "requirement " + ("added" if r.id is None else "changed"))
            return row.id

    def remove_requirement(self, case_id: int, requirement_id: int) -> None:
        with self.vault.transaction() as s:
            s.execute(delete(CaseRequirement).where(CaseRequirement.id == requirement_id,
                                                    CaseRequirement.case_id == case_id))
            self._audit(s, case_id, "requirement removed")

    # ----------------------------------------------------------------- recalls, breaches
    def events(self, case_id: int) -> list[CaseEvent]:
        with self.vault.read_session() as s:
            return events_in(s, case_id)

    def add_event(self, case_id: int, event: CaseEvent) -> int:
        e = validate_event(event, self.today)
        with self.vault.transaction() as s:
            self._case(s, case_id)
            row = CaseEventRow(case_id=case_id, kind=e.kind.value, on=e.on, notes=e.notes)
            s.add(row)
            s.flush()
            self._audit(s, case_id, f"{e.kind.value} recorded")
            return row.id

    # ----------------------------------------------------------------- flags
    def flags(self, case_id: int) -> list[FlagEntry]:
        with self.vault.read_session() as s:
            return flags_in(s, case_id)

    def save_flag(self, case_id: int, entry: FlagEntry) -> int:
        f = validate_flag(entry)
        with self.vault.transaction() as s:
            row = self._child_row(s, CaseFlag, case_id, f.id, "flag")
            row.flag, row.since, row.until, row.notes = f.flag.value, f.since, f.until, f.notes
            s.flush()
            self._audit(s, case_id, "flag " + ("added" if f.id is None else "changed"))
            return row.id

    def active_flags(self, case_id: int) -> list[str]:
        """Codes of the recorded flags that apply today, then those worked out from age."""
        recorded = sorted({f.flag.value for f in self.flags(case_id) if f.active(self.today)})
        with self.vault.read_session() as s:
            dob = self._case(s, case_id).date_of_birth
        return recorded + [d.value for d in derived_flags(dob, self.today)]

    # ----------------------------------------------------------------- gender, ethnicity
    def profile(self, case_id: int) -> Profile:
        with self.vault.read_session() as s:
            return profile_in(s, case_id)

    def set_profile(self, case_id: int, profile: Profile) -> None:
        p = validate_profile(profile)
        with self.vault.transaction() as s:
            self._case(s, case_id)
            row = s.get(CaseProfile, case_id)
            if row is None:
                row = CaseProfile(case_id=case_id)
                s.add(row)
            row.gender = p.gender.value if p.gender else None
            row.gender_words, row.ethnicity = p.gender_words, p.ethnicity
            row.ethnicity_words = p.ethnicity_words
            self._audit(s, case_id, "gender and ethnicity recorded")

    # ----------------------------------------------------------------- IOM
    def selections(self, case_id: int) -> list[IomSelection]:
        """The person's cohort history, most recent first."""
        with self.vault.read_session() as s:
            return selections_in(s, case_id)

    def select_for_iom(self, case_id: int, selection: IomSelection) -> int:
        """Put the person on the cohort (the case's IOM cohort follows); ends nothing else, so
        a person already selected must be de-selected first."""
        rules = load_rules(self.vault)
        sel = validate_selection(selection, rules.iom_flex_crime_types, self.today)
        if sel.deselected_on is not None:
            raise ValidationErrors([FieldError("deselected_on",
                                               "record a de-selection with De-select")])
        with self.vault.transaction() as s:
            case = self._case(s, case_id)
            if self._open_selection(s, case_id) is not None:
                raise ValidationErrors([FieldError(
                    "cohort", "the person is already on the cohort: de-select them first")])
            row = IomSelectionRow(case_id=case_id, cohort=sel.cohort,
                                  selected_on=sel.selected_on, reason=sel.reason,
                                  crime_type=sel.crime_type)
            s.add(row)
            case.iom_cohort = sel.cohort
            case.updated_at = utc_now()
            s.flush()
            self._audit(s, case_id, "selected for IOM")
            return row.id

    def deselect_from_iom(self, case_id: int, on: dt.date | None, reason: str) -> None:
        """Take the person off the cohort on ``on``; the case's IOM cohort becomes none."""
        with self.vault.transaction() as s:
            case = self._case(s, case_id)
            row = self._open_selection(s, case_id)
            if row is None:
                raise ValidationErrors([FieldError("cohort", "the person is not on the cohort")])
            errors: list[FieldError] = []
            if on is None:
                errors.append(FieldError("deselected_on", "enter the date of de-selection"))
            elif on < row.selected_on:
                errors.append(FieldError("deselected_on", "is before the date of selection"))
            elif on > self.today:
                errors.append(FieldError("deselected_on", "is in the future"))
            reason = checks.text(errors, "deselection_reason", reason, NOTES_MAX)
            if errors:
                raise ValidationErrors(errors)
            row.deselected_on, row.deselection_reason = on, reason
            case.iom_cohort = IomCohort.NONE.value
            case.updated_at = utc_now()
            self._audit(s, case_id, "de-selected from IOM")

    @staticmethod
    def _open_selection(s: Session, case_id: int) -> IomSelectionRow | None:
        return s.scalars(select(IomSelectionRow).where(
            IomSelectionRow.case_id == case_id, IomSelectionRow.deselected_on.is_(None))
            .order_by(IomSelectionRow.id.desc())).first()

    # ----------------------------------------------------------------- history
    def field_history(self, case_id: int, field: str | None = None) -> list[FieldChange]:
        """Every change of a case field with its old and new value, oldest first."""
        with self.vault.read_session() as s:
            return field_history_in(s, case_id, field)

    # ----------------------------------------------------------------- all of it
    def record_json(self, case_id: int) -> dict:
        """The case record as ``rrdesk cases show --json`` gives it (a logged consultation)."""
        from rrdesk.services.cases import CaseService
        from rrdesk.services.register import RegisterQuery

        details = CaseService(self.vault).get(case_id)
        row = RegisterQuery(self.vault, self.today).rows_for([case_id])[0]
        data = {"id": case_id, **row.as_json()}
        for name in ("lead_agency", "offender_manager", "aliases"):
            data[name] = getattr(details, name)
        sentence = self.sentence(case_id)
        selections = self.selections(case_id)
        current = selections[0] if selections else None
        data.update({
            "profile": asdict(self.profile(case_id)),
            "flags": [{"flag": f.flag.value, "since": _iso(f.since), "until": _iso(f.until)}
                      for f in self.flags(case_id)],
            "active_flags": self.active_flags(case_id),
            "sentence": None if sentence is None else {
                "type": sentence.type.value, "start": _iso(sentence.start),
                "end": _iso(sentence.end), "licence_end": _iso(sentence.licence_end),
                "sentence_expiry": _iso(sentence.sentence_expiry)},
            "requirements": [{"kind": r.kind.value, "start": _iso(r.start), "end": _iso(r.end),
                              "active": r.active(self.today)}
                             for r in self.requirements(case_id)],
            "events": [{"kind": e.kind.value, "on": _iso(e.on)} for e in self.events(case_id)],
            "iom": {
                "cohort": current.cohort if current and not current.deselected_on else None,
                "selected_on": _iso(current.selected_on) if current else None,
                "reason": current.reason if current else None,
                "crime_type": current.crime_type if current else None,
                "deselected_on": _iso(current.deselected_on) if current else None,
                "history": [{"cohort": x.cohort, "selected_on": _iso(x.selected_on),
                             "reason": x.reason, "crime_type": x.crime_type,
                             "deselected_on": _iso(x.deselected_on),
                             "deselection_reason": x.deselection_reason}
                            for x in selections],
            },
            "history": [c.as_json() for c in self.field_history(case_id)],
        })
        if data["profile"]["gender"] is not None:
            data["profile"]["gender"] = str(data["profile"]["gender"])
        return data

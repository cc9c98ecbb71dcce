"""Models of the case record beyond the case details: sentence, requirements and licence
conditions, recalls and breaches, flags, gender and ethnicity, IOM selections, and the history
of every case field with its old and new values (kept here, in the vault; the audit log keeps
field names only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rrdesk.store.models import Base


class CaseSentence(Base):
    """The sentence or supervision a person is under now (one per case)."""

    __tablename__ = "case_sentences"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    licence_end: Mapped[dt.date | None] = mapped_column(Date, index=True)
    sentence_expiry: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CaseRequirement(Base):
    """A requirement of an order or a condition of a licence, with its dates."""

    __tablename__ = "case_requirements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class CaseEventRow(Base):
    """A recall or a breach, on a date."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    on: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class CaseFlag(Base):
    """A flag (MARAC, veteran ...) and the dates it applies."""

    __tablename__ = "case_flags"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    flag: Mapped[str] = mapped_column(String(24), index=True)
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class CaseProfile(Base):
    """Gender and ethnicity, each as a counted category and in the person's own words."""

    __tablename__ = "case_profiles"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    gender: Mapped[str | None] = mapped_column(String(16), index=True)
    gender_words: Mapped[str] = mapped_column(String(100), default="")
    ethnicity: Mapped[str | None] = mapped_column(String(4))
    ethnicity_words: Mapped[str] = mapped_column(String(100), default="")


class IomSelectionRow(Base):
    """One time on the IOM cohort: selected (why, for what crime), de-selected (why)."""

    __tablename__ = "iom_selections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    cohort: Mapped[str] = mapped_column(String(8))
    selected_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    crime_type: Mapped[str] = mapped_column(String(100), default="")
    deselected_on: Mapped[dt.date | None] = mapped_column(Date)
    deselection_reason: Mapped[str] = mapped_column(Text, default="")


class CaseFieldChange(Base):
    """One change of one case field, with the old and the new value."""

    __tablename__ = "case_field_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")

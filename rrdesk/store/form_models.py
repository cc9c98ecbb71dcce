"""Records captured with a form definition, and unsaved drafts of them.

A record keeps the id and version of the definition it was captured with, its typed columns
(what the app filters, sorts and schedules by) and an answers document (JSON text) holding
every other field. Drafts live only here, inside the encrypted vault: never in a temp file.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rrdesk.store.models import Base

# The typed columns a definition may bind to as ``record.<column>``.
RECORD_COLUMNS = ("case_id", "record_date", "review_due", "status", "mappa_category",
                  "mappa_level")


class FormRecord(Base):
    __tablename__ = "form_records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64), index=True)
    form_version: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    record_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    review_due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str | None] = mapped_column(String(16))
    mappa_category: Mapped[int | None] = mapped_column(Integer)
    mappa_level: Mapped[int | None] = mapped_column(Integer)
    answers: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class FormDraft(Base):
    """Input not yet saved, one per form and record key ("new", "record:12", "case:3")."""

    __tablename__ = "form_drafts"
    __table_args__ = (UniqueConstraint("form_id", "record_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    record_key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text, default="{}")
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)

"""Where documents went: one row per recipient of minutes (or an extract of them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rrdesk.store.models import Base


class DocumentRecipient(Base):
    __tablename__ = "document_recipients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))  # e.g. mappa_meeting
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    what: Mapped[str] = mapped_column(String(20))  # Minutes / Extract
    name: Mapped[str] = mapped_column(String(100))
    agency: Mapped[str] = mapped_column(String(100), default="")
    method: Mapped[str] = mapped_column(String(60), default="")
    sent_on: Mapped[dt.date] = mapped_column(Date)
    sent_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)

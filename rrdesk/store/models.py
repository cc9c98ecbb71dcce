"""ORM models. Dialect-neutral (no SQLite-only types) so a PostgreSQL store can follow."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> dt.datetime:
    """Timestamps are stored as naive UTC (the same in SQLite and PostgreSQL)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class VaultMeta(Base):
    """Settings that belong to the vault (not the laptop): officer name, review intervals."""

    __tablename__ = "vault_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Case(Base):
    """A person under management."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_name: Mapped[str] = mapped_column(String(100), index=True)
    given_names: Mapped[str] = mapped_column(String(100), default="")
    aliases: Mapped[str] = mapped_column(String(500), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    pnc: Mapped[str | None] = mapped_column(String(16), index=True)
    crn: Mapped[str | None] = mapped_column(String(7), index=True)
    lead_agency: Mapped[str] = mapped_column(String(100), default="")
    offender_manager: Mapped[str] = mapped_column(String(100), default="", index=True)
    iom_cohort: Mapped[str] = mapped_column(String(8), default="none")
    mappa_category: Mapped[int | None] = mapped_column(Integer)
    mappa_level: Mapped[int | None] = mapped_column(Integer)
    rosh: Mapped[str | None] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(8), default="active")
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    offence_count: Mapped[int] = mapped_column(Integer, default=0)
    last_review: Mapped[dt.date | None] = mapped_column(Date)  # last MAPPA review meeting
    next_review: Mapped[dt.date | None] = mapped_column(Date, index=True)  # derived, stored
    sort_name: Mapped[str] = mapped_column(String(220), default="", index=True)  # derived
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """One act of processing (DPA 2018 s.62). Never holds the personal data itself."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32))  # UTC, ISO 8601, to the microsecond
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(16))
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

"""Models of the case register beyond the case itself: pathway needs, actions, the plan."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rrdesk.store.models import Base


class PathwayNeed(Base):
    """One assessment of one pathway for one case. Never updated: a new row is history."""

    __tablename__ = "pathway_needs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    pathway: Mapped[str] = mapped_column(String(24))
    need_level: Mapped[str] = mapped_column(String(12))
    notes: Mapped[str] = mapped_column(Text, default="")
    assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    assessed_by: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class PathwayAction(Base):
    """An action agreed with a partner agency on a pathway."""

    __tablename__ = "pathway_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    pathway: Mapped[str] = mapped_column(String(24))
    what: Mapped[str] = mapped_column(Text)
    owner_agency: Mapped[str] = mapped_column(String(100), default="")
    named_person: Mapped[str] = mapped_column(String(100), default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    rag: Mapped[str] = mapped_column(String(10), default="amber")
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ActionChange(Base):
    """The history of an action: one row per field changed."""

    __tablename__ = "pathway_action_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("pathway_actions.id"), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


class PlanRow(Base):
    """One row of a partnership delivery plan, kept as written (blanks stay blank)."""

    __tablename__ = "plan_rows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    need: Mapped[str] = mapped_column(Text, default="")
    priority_issue: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(Text, default="")
    timescale: Mapped[str] = mapped_column(Text, default="")
    rag: Mapped[str] = mapped_column(Text, default="")

"""MAPPA models: referrals, meetings and attendance, case reviews (minutes) with their
reviewed actions, disclosure decisions and amendments, level history, RMP versions with
risks, actions and sharing, and attachments (stored inside the encrypted vault).

Approved minutes are never updated in place: amendments are rows of their own.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from rrdesk.store.models import Base


class Referral(Base):
    """A case put forward for level 2 or 3 management (MAPPA A), and the decision on it."""

    __tablename__ = "mappa_referrals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    referral_date: Mapped[dt.date] = mapped_column(Date, index=True)
    referring_agency: Mapped[str] = mapped_column(String(100))
    referrer: Mapped[str] = mapped_column(String(100), default="")
    category: Mapped[int] = mapped_column(Integer)
    proposed_level: Mapped[int] = mapped_column(Integer)
    criteria: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of criterion codes
    reason: Mapped[str] = mapped_column(Text, default="")
    index_offence: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    accepted_level: Mapped[int | None] = mapped_column(Integer)
    first_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("mappa_meetings.id"))
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The MAPPA A form record the referral was written on, when it came through the form.
    form_record_id: Mapped[int | None] = mapped_column(ForeignKey("form_records.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Meeting(Base):
    """A level 2 or 3 MAPPA meeting; its agenda is its case reviews in order."""

    __tablename__ = "mappa_meetings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)  # local date and time
    level: Mapped[int] = mapped_column(Integer, index=True)
    area: Mapped[str] = mapped_column(String(100), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    chair: Mapped[str] = mapped_column(String(100), default="")
    minute_taker: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    statement_text: Mapped[str] = mapped_column(Text, default="")  # as read at this meeting
    statement_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    statement_recorded_by: Mapped[str] = mapped_column(String(100), default="")
    statement_recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Attendee(Base):
    """One person at (or sending apologies or a report to) a meeting: recorded once."""

    __tablename__ = "mappa_attendees"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("mappa_meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(100), default="")
    agency: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), default="present")


class CaseReview(Base):
    """The minutes of one case at one meeting (MAPPA B)."""

    __tablename__ = "mappa_case_reviews"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("mappa_meetings.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    review_type: Mapped[str] = mapped_column(String(8), default="review")
    status: Mapped[str] = mapped_column(String(8), default="draft", index=True)
    category: Mapped[int | None] = mapped_column(Integer)
    level_before: Mapped[int | None] = mapped_column(Integer)
    level_decision: Mapped[str | None] = mapped_column(String(8))
    new_level: Mapped[int | None] = mapped_column(Integer)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    dissent: Mapped[str] = mapped_column(Text, default="")
    next_review: Mapped[dt.date | None] = mapped_column(Date)
    answers: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the text sections
    approved_by: Mapped[str] = mapped_column(String(100), default="")
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ActionReview(Base):
    """'Review of the last actions': one action of the previous RMP, marked at this review."""

    __tablename__ = "mappa_action_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("mappa_case_reviews.id"), index=True)
    rmp_action_id: Mapped[int | None] = mapped_column(ForeignKey("rmp_actions.id"))
    heading: Mapped[str] = mapped_column(String(16))
    what: Mapped[str] = mapped_column(Text)
    agency: Mapped[str] = mapped_column(String(100), default="")
    owner: Mapped[str] = mapped_column(String(100), default="")
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="")  # "" until marked
    note: Mapped[str] = mapped_column(Text, default="")


class Disclosure(Base):
    """One disclosure decision of a case review, with its rationale."""

    __tablename__ = "mappa_disclosures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("mappa_case_reviews.id"), index=True)
    disclose: Mapped[bool] = mapped_column(Boolean, default=False)
    to_whom: Mapped[str] = mapped_column(String(200), default="")
    by_whom: Mapped[str] = mapped_column(String(100), default="")
    how: Mapped[str] = mapped_column(String(200), default="")
    when: Mapped[dt.date | None] = mapped_column(Date)
    rationale: Mapped[str] = mapped_column(Text, default="")


class Amendment(Base):
    """A change to approved minutes: who, when, why, and the field's old and new value."""

    __tablename__ = "mappa_amendments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("mappa_case_reviews.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


class LevelChange(Base):
    """The level history of a case: every change of its MAPPA level."""

    __tablename__ = "mappa_level_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    changed_on: Mapped[dt.date] = mapped_column(Date)
    from_level: Mapped[int | None] = mapped_column(Integer)
    to_level: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("mappa_meetings.id"))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("mappa_case_reviews.id"))
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RmpVersion(Base):
    """One version of a case's Risk Management Plan.

    A review's draft (``review_id`` set, ``version`` null) becomes the next numbered
    version when the minutes are approved; the version before is then superseded.
    """

    __tablename__ = "rmp_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("mappa_case_reviews.id"),
                                                  index=True)
    version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft/current/superseded
    protective_factors: Mapped[str] = mapped_column(Text, default="")
    licence_conditions: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of text
    no_action_reasons: Mapped[str] = mapped_column(Text, default="{}")  # JSON heading -> why
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RmpRisk(Base):
    __tablename__ = "rmp_risks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rmp_id: Mapped[int] = mapped_column(ForeignKey("rmp_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    nature: Mapped[str] = mapped_column(Text)
    who_at_risk: Mapped[str] = mapped_column(Text, default="")
    when: Mapped[str] = mapped_column(Text, default="")
    circumstances: Mapped[str] = mapped_column(Text, default="")


class RmpAction(Base):
    __tablename__ = "rmp_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rmp_id: Mapped[int] = mapped_column(ForeignKey("rmp_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    heading: Mapped[str] = mapped_column(String(16))
    what: Mapped[str] = mapped_column(Text)
    agency: Mapped[str] = mapped_column(String(100), default="")
    owner: Mapped[str] = mapped_column(String(100), default="")
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="not_started")
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("rmp_actions.id"))


class RmpShare(Base):
    __tablename__ = "rmp_shares"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rmp_id: Mapped[int] = mapped_column(ForeignKey("rmp_versions.id"), index=True)
    agency: Mapped[str] = mapped_column(String(100))
    shared_on: Mapped[dt.date] = mapped_column(Date)
    shared_by: Mapped[str] = mapped_column(String(100), default="")


class Attachment(Base):
    """A file attached to a case or a case review, its bytes inside the encrypted vault."""

    __tablename__ = "mappa_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("mappa_case_reviews.id"),
                                                  index=True)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(10))  # pdf, docx, doc, png, jpeg
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(300), default="")
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

"""Distribution: to whom the minutes of a meeting (or an extract of them) went, and when.

Each recipient is recorded once and is an audit "disclosure" entry of its own (naming the
recipient's row, never the person); the minutes print their distribution list.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from rrdesk.documents.model import Recipient
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.document_models import DocumentRecipient
from rrdesk.store.models import utc_now
from rrdesk.store.vault import Vault

MEETING = "mappa_meeting"
KINDS = ("Minutes", "Extract")
NAME_MAX, AGENCY_MAX, METHOD_MAX = 100, 100, 60


def check_recipient(r: Recipient, today: dt.date | None = None) -> Recipient:
    """A recipient as it will be stored; ``ValidationErrors`` names each wrong field."""
    today = today or dt.date.today()
    errors = []
    name, agency, method = r.name.strip(), r.agency.strip(), r.method.strip()
    if not name:
        errors.append(FieldError("name", "say who received it"))
    elif len(name) > NAME_MAX:
        errors.append(FieldError("name", f"at most {NAME_MAX} characters"))
    if len(agency) > AGENCY_MAX:
        errors.append(FieldError("agency", f"at most {AGENCY_MAX} characters"))
    if len(method) > METHOD_MAX:
        errors.append(FieldError("method", f"at most {METHOD_MAX} characters"))
    if r.what not in KINDS:
        errors.append(FieldError("what", "must be Minutes or Extract"))
    sent_on = r.sent_on or today
    if sent_on > today:
        errors.append(FieldError("sent_on", "cannot be in the future"))
    if errors:
        raise ValidationErrors(errors)
    return Recipient(name, agency, sent_on, r.sent_by, r.what, method)


class DistributionService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def record(self, meeting_id: int, recipients: list[Recipient]) -> list[int]:
        """Add ``recipients`` of a meeting's minutes (all or none); each is logged."""
        checked = [check_recipient(r) for r in recipients]
        ids = []
        with self.vault.transaction() as s:
            now = utc_now()
            for r in checked:
                row = DocumentRecipient(record_type=MEETING, record_id=meeting_id, what=r.what,
                                        name=r.name, agency=r.agency, method=r.method,
                                        sent_on=r.sent_on, sent_by=self.vault.actor,
                                        recorded_at=now)
                s.add(row)
                s.flush()
                append(s, self.vault.actor, AuditAction.DISCLOSURE, MEETING, meeting_id,
                       f"{r.what.lower()} distributed to recipient {row.id}")
                ids.append(row.id)
        return ids

    def recipients(self, meeting_id: int) -> list[Recipient]:
        with self.vault.read_session() as s:
            rows = s.scalars(select(DocumentRecipient).where(
                DocumentRecipient.record_type == MEETING,
                DocumentRecipient.record_id == meeting_id)
                .order_by(DocumentRecipient.sent_on, DocumentRecipient.id))
            return [Recipient(r.name, r.agency, r.sent_on, r.sent_by, r.what, r.method)
                    for r in rows]

"""Many new cases at once (an import): one multi-row insert, with what the session hooks
derive for a single case (the sort key and the search index entry) done for all of them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rrdesk.store.bulk_insert import insert_many
from rrdesk.store.models import Case
from rrdesk.store.search import index_new_cases, sort_key


def insert_new_cases(session: Session, rows: Sequence[dict[str, object]]) -> list[int]:
    """Insert ``rows`` (column values of new cases) in the caller's transaction; returns
    their ids, in order. Each row gets its ``id`` and ``sort_name`` set."""
    if not rows:
        return []
    first = (session.scalar(select(func.max(Case.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    for case_id, row in zip(ids, rows, strict=True):
        row["id"] = case_id
        row["sort_name"] = sort_key(row.get("family_name"), row.get("given_names"))  # type: ignore[arg-type]
    conn = session.connection()
    insert_many(conn, Case.__table__, rows)
    index_new_cases(conn, rows)
    return ids

"""Full-text search over names, aliases and identifiers (SQLite FTS5).

SQLite-specific, kept behind three functions so a PostgreSQL store can put its own
search beside it. The text is folded in Python (``domain.search_text``) both when it is
indexed and when it is searched, so search is case- and accent-blind and knows common
spelling variants; the query is built from folded word tokens only, so no typed text can
reach FTS5 as an operator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    bindparam,
    column,
    delete,
    insert,
    select,
    table,
    text,
)
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from rrdesk.domain.search_text import (
    canonical,
    compact_identifier,
    family_name_terms,
    fold,
    index_terms,
    sound,
    tokens,
)
from rrdesk.store.models import Case, VaultMeta

MAX_QUERY_TOKENS = 8
# What the index holds depends on the folding rules (domain.search_text) and on
# ``case_terms``. Change either, bump this: every vault rebuilds its index at its next
# unlock (``rebuild_if_rules_changed``), whatever an older migration or version wrote.
RULES_VERSION = 2  # 2: family names by sound (Metaphone) and run together
RULES_KEY = "search_rules"


def create_index(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS case_search "
        "USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )


def sort_key(family_name: str | None, given_names: str | None) -> str:
    """Folded "family given" so Łukasiewicz sorts with the Ls and case does not matter."""
    return f"{fold(family_name or '')} {fold(given_names or '')}".strip()[:220]


def set_sort_keys(session: Session, _flush_context: object, _instances: object) -> None:
    """Session ``before_flush`` hook: derive the stored sort key of every changed case."""
    for case in (*session.new, *session.dirty):
        if isinstance(case, Case):
            case.sort_name = sort_key(case.family_name, case.given_names)


def case_terms(case: Case) -> str:
    return terms_of(case.family_name, case.given_names, case.aliases, case.pnc, case.crn)


def terms_of(family_name: str | None, given_names: str | None, aliases: str | None,
             pnc: str | None, crn: str | None) -> str:
    """What the index holds for one case."""
    ids = [pnc or "", crn or ""]
    short_pnc = (pnc or "")[2:]  # 2019/9000001A is also written 19/9000001A
    terms = index_terms(family_name or "", given_names or "", aliases or "",
                        *ids, short_pnc, *(compact_identifier(i) for i in ids),
                        compact_identifier(short_pnc))
    return f"{terms} {family_name_terms(family_name or '')}".strip()


def index_new_cases(conn: Connection, rows: Sequence[Mapping[str, object]]) -> None:
    """Index cases just inserted without the session (``insert_new_cases``): one
    multi-row insert instead of the hook's delete and insert per case."""
    if rows:
        # A stale entry under a reused id (cases removed without the hook) goes first, as
        # the hook's delete and insert would have done.
        conn.execute(text("DELETE FROM case_search WHERE rowid = :id"),
                     [{"id": r["id"]} for r in rows])
        conn.execute(text("INSERT INTO case_search (rowid, terms) VALUES (:id, :terms)"),
                     [{"id": r["id"], "terms": terms_of(
                         r.get("family_name"), r.get("given_names"), r.get("aliases"),
                         r.get("pnc"), r.get("crn"))} for r in rows])


def _upsert(conn: Connection, case_id: int, terms: str) -> None:
    conn.execute(text("DELETE FROM case_search WHERE rowid = :id"), {"id": case_id})
    conn.execute(text("INSERT INTO case_search (rowid, terms) VALUES (:id, :terms)"),
                 {"id": case_id, "terms": terms})


def rebuild_index(conn: Connection) -> None:
    conn.exec_driver_sql("DELETE FROM case_search")
    rows = conn.execute(select(Case.id, Case.family_name, Case.given_names, Case.aliases,
                               Case.pnc, Case.crn)).all()
    if not rows:
        return
    conn.execute(text("INSERT INTO case_search (rowid, terms) VALUES (:id, :terms)"),
                 [{"id": r.id, "terms": case_terms(Case(**r._asdict()))} for r in rows])
    conn.execute(text("UPDATE cases SET sort_name = :key WHERE id = :id"),
                 [{"key": sort_key(r.family_name, r.given_names), "id": r.id} for r in rows])


def rebuild_if_rules_changed(conn: Connection) -> bool:
    """Rebuild the index when it was built under other rules (or none recorded); True
    when it did. Runs in the caller's transaction."""
    rules = select(VaultMeta.value).where(VaultMeta.key == RULES_KEY)
    if conn.execute(rules).scalar() == str(RULES_VERSION):
        return False
    rebuild_index(conn)
    conn.execute(delete(VaultMeta).where(VaultMeta.key == RULES_KEY))
    conn.execute(insert(VaultMeta).values(key=RULES_KEY, value=str(RULES_VERSION)))
    return True


def sync_case_index(session: Session, _flush_context: object) -> None:
    """Session ``after_flush`` hook: keep the index in step with every changed case."""
    changed = [o for o in (*session.new, *session.dirty) if isinstance(o, Case)]
    removed = [o for o in session.deleted if isinstance(o, Case)]
    if not changed and not removed:
        return
    conn = session.connection()
    for case in changed:
        _upsert(conn, case.id, case_terms(case))
    for case in removed:
        conn.execute(text("DELETE FROM case_search WHERE rowid = :id"), {"id": case.id})


@lru_cache(maxsize=512)  # asked several times a search, for each shape of statement
def match_expression(typed: str, *, by_sound: bool = True, prefix: bool = True) -> str | None:
    """An FTS5 query for what a person typed: every word must match as a prefix (or, with
    ``by_sound``, sound like a family name; without ``prefix``, match a whole word)."""
    words = tokens(typed)[:MAX_QUERY_TOKENS]
    if not words:
        return None
    star = "*" if prefix else ""
    parts = []
    for word in words:
        options = {f'"{word}"{star}', f'"{canonical(word)}"{star}'}
        code = sound(word) if by_sound else None
        if code:
            options.add(f'"{code}"')
        parts.append("(" + " OR ".join(sorted(options)) + ")")
    return " AND ".join(parts)


_INDEX = table("case_search", column("rowid", Integer), column("case_search"))
# What a search matches goes into its statement as these named parameters, so a statement
# built once can run again with what is typed next (``match_values``).
TEXT_MATCH, TIER_MATCH, WHOLE_MATCH, WRITTEN_MATCH = (
    "text_match", "tier_match", "whole_match", "written_match")


def _matches(name: str, expression: str) -> ColumnElement[bool]:
    return _INDEX.c.case_search.op("MATCH")(bindparam(name, expression))


# Is any case's word exactly as typed? (built once: it is asked at every key)
_ANY_WHOLE = select(_INDEX.c.rowid).where(_matches(WHOLE_MATCH, "")).limit(1)


def match_values(typed: str) -> dict[str, str | None]:
    """The named parameters of the statements ``filter_by_text`` and ``closeness`` make
    for ``typed``: a statement made for one search runs for another of the same shape
    (``search_shape``) with these."""
    return {TEXT_MATCH: match_expression(typed),
            WHOLE_MATCH: match_expression(typed, by_sound=False, prefix=False),
            WRITTEN_MATCH: match_expression(typed, by_sound=False)}


def search_shape(typed: str) -> tuple[bool, bool]:
    """What the statements for ``typed`` look like, apart from the words matched: whether
    anything is matched, and whether some of it may only sound alike."""
    return (match_expression(typed) is None,
            match_expression(typed, by_sound=False) == match_expression(typed))


def filter_by_text(query: Select, typed: str) -> Select:
    """Narrow a select over ``Case`` to the cases matching ``typed`` (unchanged when empty).

    A join rather than ``id IN (...)``: SQLite then walks the matches once instead of
    building a list of them first, which keeps one-letter searches over 20,000 cases quick.
    """
    expression = match_expression(typed)
    if expression is None:
        return query
    return query.join(_INDEX, _INDEX.c.rowid == Case.id).where(_matches(TEXT_MATCH, expression))


def keep_to_name_order(query: Select, expression: str) -> Select:
    """Narrow a select over ``Case`` to the cases matching an FTS5 ``expression`` (one of
    ``closeness_tiers``), for a list read in name order a page at a time.

    SQLite then walks the name index and stops at the page's end, rather than reading and
    sorting every case found: a one- or two-letter search finds most of 20,000 cases.
    ``id + 0`` is not the bare column, so the matches cannot drive the query instead.
    """
    matches = select(_INDEX.c.rowid).where(_matches(TIER_MATCH, expression))
    return query.where((Case.id + 0).in_(matches))


def closeness_tiers(session: Session, typed: str) -> list[str] | None:
    """The cases a search finds, as FTS5 expressions closest first (the order of
    ``closeness``): those with a word exactly as typed, then the rest. Only for what sounds
    like nothing else (short words, identifiers); None otherwise, and when nothing is typed.
    """
    whole = match_expression(typed, by_sound=False, prefix=False)
    written = match_expression(typed, by_sound=False)
    if whole is None or written != match_expression(typed):
        return None
    if session.execute(_ANY_WHOLE, {WHOLE_MATCH: whole}).first() is None:
        return [written]
    return [whole, f"({written}) NOT ({whole})"]


def closeness(typed: str) -> ColumnElement[int] | None:
    """A sort key for a text search: 0 for cases whose words match what was typed whole
    (an exact name), 1 for those matching as written but only as a prefix, 2 for those that
    only sound alike. None when nothing was typed."""
    whole = match_expression(typed, by_sound=False, prefix=False)
    written = match_expression(typed, by_sound=False)
    if whole is None or written is None:
        return None

    def matching(name: str, expression: str) -> Select:
        return select(_INDEX.c.rowid).where(_matches(name, expression))

    if written == match_expression(typed):
        # Nothing typed sounds like anything else (a short word, an identifier): every
        # case found matches as written, so a second pass over the index is not needed.
        return sql_case((Case.id.in_(matching(WHOLE_MATCH, whole)), 0), else_=1)
    return sql_case((Case.id.in_(matching(WHOLE_MATCH, whole)), 0),
                    (Case.id.in_(matching(WRITTEN_MATCH, written)), 1), else_=2)

"""The partnership delivery plan: rows as boards write them, and how blanks are read.

Published local plans write a table with the columns Need, Priority issue, Action, Owner,
Timescale and RAG rating, and leave Need or Priority issue blank to mean "same as the row
above". rrdesk stores every row as written (so an export gives back the same table) and
fills the blanks only when it shows or lists the plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

from rrdesk.domain.errors import FieldError

# Field names in table order, and the column headings a plan file carries.
PLAN_FIELDS = ("need", "priority_issue", "action", "owner", "timescale", "rag")
PLAN_HEADINGS = {
    "need": "Need",
    "priority_issue": "Priority issue",
    "action": "Action",
    "owner": "Owner",
    "timescale": "Timescale",
    "rag": "RAG rating",
}
# Only these two inherit from the row above; an empty Action, Owner, Timescale or RAG
# rating is simply empty.
FILLED_FIELDS = ("need", "priority_issue")

# A cell this long is a pasted document, not a plan entry; and an Excel cell holds at most
# 32,767 characters, so a longer text could not be exported to XLSX and read back whole.
MAX_TEXT_CHARS = 32_000
# XLSX (XML) cannot hold control characters other than tab and line breaks, lone
# surrogates, or U+FFFE / U+FFFF; refusing them on the way in keeps every stored plan
# exportable to both formats.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

RAG_COLOURS = ("red", "amber", "green")


@dataclass(frozen=True)
class PlanLine:
    """One row of the plan. Any text is kept; RAG may be a colour or a short commentary."""

    need: str = ""
    priority_issue: str = ""
    action: str = ""
    owner: str = ""
    timescale: str = ""
    rag: str = ""

    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in PLAN_FIELDS)

    def is_blank(self) -> bool:
        return all(is_blank(v) for v in self.values())


if tuple(f.name for f in fields(PlanLine)) != PLAN_FIELDS:  # PlanLine(*row) relies on it
    raise RuntimeError("PlanLine fields must follow PLAN_FIELDS")


def is_blank(text: str) -> bool:
    return not text.strip()


def normalise_text(text: str) -> str:
    """Line breaks inside a cell as one "\\n" (what spreadsheets keep), nothing else changed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text(field: str, text: str) -> str:
    """The text ready to store, or a ``FieldError`` naming the field (never the value)."""
    if len(text) > MAX_TEXT_CHARS:
        raise FieldError(field, f"is longer than {MAX_TEXT_CHARS:,} characters")
    if _CONTROL.search(text):
        raise FieldError(field, "contains control characters that a spreadsheet cannot hold")
        # (the same words as tables.files.CONTROL_CHARACTERS: an import lists it once)
    return normalise_text(text)


def _shown_after(need: str, issue: str, line: PlanLine) -> tuple[str, str]:
    """The need and priority issue ``line`` shows below a row that showed ``need``/``issue``.

    A priority issue belongs to its need: when a row starts a different need and leaves
    Priority issue blank, the issue of the previous need is not carried into it.
    """
    new_need = line.need if not is_blank(line.need) else need
    if not is_blank(line.priority_issue):
        return new_need, line.priority_issue
    return new_need, issue if new_need == need else ""


def fill_down(lines: Sequence[PlanLine]) -> list[PlanLine]:
    """The rows with a blank Need or Priority issue taken from the row above."""
    out: list[PlanLine] = []
    need = issue = ""
    for line in lines:
        need, issue = _shown_after(need, issue, line)
        out.append(replace(line, need=need, priority_issue=issue))
    return out


def keep_shown(lines: Sequence[PlanLine], shown: Sequence[PlanLine]) -> list[PlanLine]:
    """``lines`` in a new order (rows moved or deleted), with Need and Priority issue written
    out wherever the new order would change what a row shows; ``shown[i]`` is what
    ``lines[i]`` showed before.

    A blank cannot say "no priority issue" below a row of the same need that has one: such
    a row then shows that issue.
    """
    out: list[PlanLine] = []
    need = issue = ""
    for line, wanted in zip(lines, shown, strict=True):
        if _shown_after(need, issue, line)[0] != wanted.need:
            line = replace(line, need=wanted.need)
        if _shown_after(need, issue, line)[1] != wanted.priority_issue \
                and wanted.priority_issue:
            line = replace(line, priority_issue=wanted.priority_issue)
        need, issue = _shown_after(need, issue, line)
        out.append(line)
    return out


@dataclass(frozen=True)
class NeedGroup:
    """The rows of one need, by their index in the plan, in plan order."""

    need: str
    indices: tuple[int, ...]


def group_by_need(filled: Sequence[PlanLine]) -> list[NeedGroup]:
    """Groups in order of each need's first row; a need written in two places is one group.

    Takes rows already filled down (see ``fill_down``).
    """
    order: dict[str, list[int]] = {}
    for i, line in enumerate(filled):
        order.setdefault(line.need, []).append(i)
    return [NeedGroup(need, tuple(idx)) for need, idx in order.items()]


def check_lines(lines: Sequence[PlanLine]) -> list[tuple[int, FieldError]]:
    """Problems with a whole plan, as (row index, error): texts, and a first row with no need.

    The first row must name its need: a blank there would mean "same as the row above" with
    no row above. (A blank priority issue on a row that starts a need means it has none.)
    """
    problems: list[tuple[int, FieldError]] = []
    for i, line in enumerate(lines):
        for name in PLAN_FIELDS:
            try:
                check_text(name, getattr(line, name))
            except FieldError as e:
                problems.append((i, e))
    if lines and is_blank(lines[0].need):
        problems.append((0, FieldError(
            "need", "is blank in the first row, where there is no row above to repeat")))
    return problems


def rag_colour(rag: str) -> str | None:
    """"red", "amber" or "green" when the rating is one of those words; None for commentary."""
    word = rag.strip().casefold()
    aliases = {"r": "red", "a": "amber", "g": "green"}
    word = aliases.get(word, word)
    return word if word in RAG_COLOURS else None

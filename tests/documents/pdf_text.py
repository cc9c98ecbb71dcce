"""Reading back what a PDF shows, as a person would see it (pypdf text extraction)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Whitespace folded, so a value wrapped in a table cell still reads as one string."""
    return " ".join(text.split())


def assert_framed(data: bytes, title: str, reference: str) -> list[str]:
    """Every page: marking (top and bottom), title, reference, printed by, Page N of M."""
    texts = page_texts(data)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}: marking"
        assert f"Page {number} of {total}" in text, f"page {number}: numbering"
        assert title in text, f"page {number}: title"
        assert f"Ref. {reference}" in text, f"page {number}: reference"
        assert re.search(r"Printed \d\d/\d\d/\d{4}( \d\d:\d\d)? by \S", text), f"page {number}"
    return texts

"""Text folding for search: case- and accent-blind, tolerant of common spelling variants."""

from __future__ import annotations

import re
import unicodedata

import jellyfish

# Letters that Unicode does not decompose into a base letter and an accent.
_SPECIAL = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
                          "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i",
                          "þ": "th", "ð": "d", "’": "'"})
_TOKEN = re.compile(r"[a-z0-9]+")

# Spellings people use for the same name: every member maps to the first.
VARIANT_GROUPS = [
    ["muhammad", "mohammed", "mohammad", "mohamed", "muhammed", "mohamad", "muhamad"],
    ["steven", "stephen", "stefan", "stevan"],
    ["john", "jon", "jonn"],
    ["sean", "shaun", "shawn"],
    ["catherine", "katherine", "kathryn", "catharine", "katharine"],
    ["mark", "marc"],
    ["philip", "phillip"],
    ["jeffrey", "geoffrey", "jeffery"],
    ["aaliyah", "aliyah", "aleah"],
    ["zoe", "zoey"],
    ["lewis", "louis"],
    ["mc", "mac"],
]
_CANONICAL = {name: group[0] for group in VARIANT_GROUPS for name in group}


def fold(text: str) -> str:
    """Lower case, accents removed, special letters mapped (Łukasiewicz -> lukasiewicz)."""
    text = text or ""
    if text.isascii():  # most names: nothing to decompose or map
        return text.lower()
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def canonical(token: str) -> str:
    return _CANONICAL.get(token, token)


def index_terms(*texts: str) -> str:
    """The words to index for a record: every folded token and its canonical spelling."""
    seen: dict[str, None] = {}
    # Folding works letter by letter, so the texts are folded and split in one pass.
    for tok in tokens(" ".join(texts)):
        seen[tok] = None
        seen[_CANONICAL.get(tok, tok)] = None
    return " ".join(seen)


def compact_identifier(text: str) -> str:
    """An identifier with punctuation removed (2019/9000001A -> 20199000001a)."""
    return "".join(tokens(text))


# Sound-alike terms: a family name's Metaphone code (jellyfish) under a prefix no typed word
# starts with, so a typed prefix never reaches them by accident.
SOUND_PREFIX = "qxs"
SOUND_MIN_LETTERS = 4  # shorter words sound like too many others


def sound(token: str) -> str | None:
    """The sound-alike term of a folded word (Stephenson and Stevenson share one), or None
    for a word too short or not made of letters."""
    if len(token) < SOUND_MIN_LETTERS or not token.isalpha():
        return None
    code = jellyfish.metaphone(token).lower()
    return SOUND_PREFIX + code if code else None


def family_name_terms(family_name: str) -> str:
    """Extra terms for a family name: run together (O'Brien is also obrien) and by sound."""
    words = tokens(family_name)
    joined = [a + b for a, b in zip(words, words[1:], strict=False)]  # O'Brien: obrien
    if len(words) > 2:
        joined.append("".join(words))
    found: dict[str, None] = dict.fromkeys(joined)
    for word in [*words, *joined]:
        code = sound(word)
        if code:
            found.setdefault(code)
    return " ".join(found)

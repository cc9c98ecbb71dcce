"""The form engine's layering: pure engine, no Qt in documents, no SQL in the engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "rrdesk"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(("folder", "allowed_rrdesk", "forbidden"), [
    ("forms", ("rrdesk.forms", "rrdesk.domain"), ("PySide6", "sqlalchemy", "reportlab")),
    ("documents", ("rrdesk.documents", "rrdesk.forms", "rrdesk.domain"),
     ("PySide6", "sqlalchemy")),
    ("tables", ("rrdesk.tables", "rrdesk.domain"), ("PySide6", "sqlalchemy", "rrdesk.store")),
])
def test_the_form_engine_depends_only_on_what_it_may(folder: str, allowed_rrdesk: tuple,
                                                     forbidden: tuple) -> None:
    for path in (ROOT / folder).rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(forbidden), f"{path.name} imports {name}"
            if name.startswith("rrdesk"):
                assert name.startswith(allowed_rrdesk), f"{path.name} imports {name}"

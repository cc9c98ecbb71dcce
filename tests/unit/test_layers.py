"""The arrows point one way: screens and commands reach the vault only through services,
and no module reaches into a library's memory (no ctypes)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "rrdesk"


def _imports(path: Path, root: Path = REPO) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, absolute or relative."""
    names: set[str] = set()
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # from ..store import x
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            names.add(module)
            names |= {f"{module}.{a.name}" for a in node.names}
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


def _modules(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py"))


@pytest.mark.parametrize("folder", ["ui", "cli"])
def test_screens_and_commands_never_import_the_store(folder: str) -> None:
    offenders = [f"{path.relative_to(REPO)} imports {name}"
                 for path in _modules(PACKAGE / folder)
                 for name in _imports(path)
                 if name == "rrdesk.store" or name.startswith("rrdesk.store.")]
    assert offenders == []


def test_no_module_uses_ctypes() -> None:
    folders = [PACKAGE, REPO / "benchmarks", REPO / "installer", REPO / "tools"]
    offenders = [str(path.relative_to(REPO)) for path in _modules(*folders)
                 if any(n == "ctypes" or n.startswith("ctypes.") for n in _imports(path))]
    assert offenders == []


def test_the_check_sees_what_it_looks_for(tmp_path: Path) -> None:
    """The checks above would catch each way of writing the import."""
    folder = tmp_path / "rrdesk" / "ui"
    folder.mkdir(parents=True)
    samples = {
        "from rrdesk.store.vault import Vault": "rrdesk.store.vault",
        "import rrdesk.store": "rrdesk.store",
        "from ..store import paths": "rrdesk.store",
        "from rrdesk import store": "rrdesk.store",
        "import ctypes": "ctypes",
    }
    for source, expected in samples.items():
        path = folder / "sample.py"
        path.write_text(source + "\n", encoding="utf-8")
        assert expected in _imports(path, tmp_path), source

"""The files rrdesk needs besides its code are package data: found through
importlib.resources, and each one named by pyproject.toml so it goes into the wheel."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path, PurePosixPath

import rrdesk
from rrdesk.documents.frame import FONTS_DIR
from rrdesk.forms.bundled import bundled_forms

PACKAGE = Path(rrdesk.__file__).parent
NEEDED = {  # what the app, the PDFs and the forms cannot run without
    "rrdesk": ["resources/style.qss", "resources/icons/rrdesk.svg",
               "resources/fonts/DejaVuSans.ttf", "resources/fonts/DejaVuSans-Bold.ttf",
               "resources/fonts/LICENSE-DejaVu.txt"],
    "rrdesk.forms": ["definitions/form-definition.schema.json",
                     "definitions/case_details/v1.toml", "definitions/mappa_minutes/v1.toml",
                     "definitions/pathway_needs/v2.toml", "definitions/mappa_referral/v2.toml",
                     "definitions/risk_management_plan/v1.toml"],
}


def test_bundled_files_are_reached_through_importlib_resources(monkeypatch) -> None:
    monkeypatch.delenv("RRDESK_FORMS", raising=False)
    for package, names in NEEDED.items():
        for name in names:
            assert files(package).joinpath(*name.split("/")).is_file(), (package, name)
    assert bundled_forms() == PACKAGE / "forms" / "definitions"
    assert FONTS_DIR == PACKAGE / "resources" / "fonts"


def test_the_app_finds_its_style_sheet_and_icon_inside_the_package(monkeypatch) -> None:
    from rrdesk.ui.resources import icon_path, resources_dir, style_sheet

    monkeypatch.delenv("RRDESK_RESOURCES", raising=False)
    assert resources_dir() == PACKAGE / "resources"
    assert icon_path("rrdesk").is_file()
    assert style_sheet().strip()


def _declared() -> dict[str, list[str]]:
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    return tomllib.loads(pyproject.read_text())["tool"]["setuptools"]["package-data"]


def test_every_bundled_file_is_declared_for_the_wheel() -> None:
    declared = _declared()
    folders = {"rrdesk": PACKAGE / "resources", "rrdesk.forms": PACKAGE / "forms" / "definitions"}
    for package, folder in folders.items():
        base = PACKAGE.joinpath(*package.split(".")[1:])
        for path in folder.rglob("*"):
            if path.is_dir() or "__pycache__" in path.parts:
                continue
            relative = PurePosixPath(path.relative_to(base).as_posix())
            assert any(relative.match(pattern) and len(relative.parts) ==
                       len(PurePosixPath(pattern).parts)
                       for pattern in declared[package]), f"{package}: {relative} not declared"

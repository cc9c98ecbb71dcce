"""Where the app's icons and style sheet are found.

Choice: the resources live once, in the top-level ``resources/`` folder of the source tree;
a PyInstaller bundle copies that folder to ``<bundle>/resources`` (see installer/rrdesk.spec).
``RRDESK_RESOURCES`` overrides both (packagers who put the folder elsewhere).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    candidates: list[Path] = []
    if os.environ.get("RRDESK_RESOURCES"):
        candidates.append(Path(os.environ["RRDESK_RESOURCES"]))
    bundle = getattr(sys, "_MEIPASS", None)  # set by a PyInstaller bundle
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parents[2] / "resources")
    for folder in candidates:
        if (folder / "style.qss").is_file():
            return folder
    raise FileNotFoundError("rrdesk's resources folder (style.qss, icons) was not found")


def style_sheet() -> str:
    return (resources_dir() / "style.qss").read_text(encoding="utf-8")


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def app_icon() -> QIcon:
    return QIcon(str(icon_path("rrdesk")))

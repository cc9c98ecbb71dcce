"""Where the app's icons and style sheet are found.

They are package data, ``rrdesk/resources/``, found through ``importlib.resources``: in the
source tree, an installed wheel and a PyInstaller bundle alike (installer/rrdesk.spec copies
the folder to the same place inside the bundle). ``RRDESK_RESOURCES`` overrides it
(packagers who put the folder elsewhere).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    candidates: list[Path] = []
    if os.environ.get("RRDESK_RESOURCES"):
        candidates.append(Path(os.environ["RRDESK_RESOURCES"]))
    packaged = files("rrdesk") / "resources"
    if isinstance(packaged, Path):
        candidates.append(packaged)
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

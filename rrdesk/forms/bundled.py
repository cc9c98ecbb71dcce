"""Where the bundled definitions are: ``rrdesk/forms/definitions/``, package data found
through ``importlib.resources`` (so they are wherever the package is installed, a wheel or
a PyInstaller bundle included).

``RRDESK_FORMS`` points elsewhere (a test, a packager's own folder).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def bundled_forms() -> Path:
    override = os.environ.get("RRDESK_FORMS")
    if override:
        return Path(override)
    found = files("rrdesk.forms") / "definitions"
    if not isinstance(found, Path):  # a package imported from a zip: no folder to read
        raise FileNotFoundError("rrdesk's form definitions must be installed as files")
    return found

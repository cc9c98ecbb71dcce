"""Where the bundled definitions are: the top-level ``forms/`` folder of the project.

``RRDESK_FORMS`` points elsewhere (a frozen build, a test); a packager copies ``forms/``
next to the program and sets it, or keeps the source layout.
"""

from __future__ import annotations

import os
from pathlib import Path


def bundled_forms() -> Path:
    override = os.environ.get("RRDESK_FORMS")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "forms"

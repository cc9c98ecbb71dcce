"""Where rrdesk keeps its own files on this laptop (never personal data in plaintext).

``RRDESK_HOME`` moves them all under one folder (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "rrdesk"


def _home() -> Path | None:
    value = os.environ.get("RRDESK_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def state_dir() -> Path:
    home = _home()
    path = home / "state" if home else Path(platformdirs.user_state_dir(APP, appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP, appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    home = _home()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def default_vault() -> Path:
    return data_dir() / "rrdesk.rrvault"


def demo_vault() -> Path:
    return data_dir() / "demo.rrvault"

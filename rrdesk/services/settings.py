"""Settings of this laptop's rrdesk (not of a vault), each declared once with its default."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from rrdesk.domain.errors import FieldError
from rrdesk.store import paths


@dataclass
class AppSettings:
    idle_lock_minutes: int = 10  # lock after this long without keyboard or mouse input
    last_vault: str = ""  # the vault offered on the unlock screen
    # Calendar exports (.ics) name cases by reference; this adds the person's initials.
    calendar_initials: bool = False

    def validate(self) -> None:
        if not 1 <= int(self.idle_lock_minutes) <= 240:
            raise FieldError("idle_lock_minutes", "must be between 1 and 240 minutes")
        if not isinstance(self.calendar_initials, bool):
            raise FieldError("calendar_initials", "must be true or false")


def settings_file() -> Path:
    return paths.config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> AppSettings:
    path = path or settings_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AppSettings()
    known = {f.name: f.type for f in fields(AppSettings)}
    values = {k: v for k, v in raw.items() if k in known}
    settings = AppSettings(**values)
    try:
        settings.validate()
    except (FieldError, TypeError, ValueError):
        return AppSettings()
    return settings


def save_settings(settings: AppSettings, path: Path | None = None) -> None:
    settings.validate()
    path = path or settings_file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    tmp.replace(path)

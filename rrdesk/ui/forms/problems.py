"""Telling a person that some form definitions were refused (the rest still work)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from rrdesk.forms.loader import FormLibrary

MAX_LINES = 12


def refused_message(library: FormLibrary) -> str | None:
    """A message listing what is wrong, or None when every definition loaded."""
    if not library.problems:
        return None
    lines = [str(p) for p in library.problems[:MAX_LINES]]
    more = len(library.problems) - len(lines)
    if more > 0:
        lines.append(f"... and {more} more (run: rrdesk forms check)")
    refused = len(set(library.refused))
    files = "1 form definition file was" if refused == 1 else \
        f"{refused} form definition files were"
    return (f"{files} left out because of the problems below; every other form works as "
            "usual.\n\n" + "\n".join(lines))


def show_refused(parent: QWidget | None, library: FormLibrary) -> None:
    """For the app shell at start-up: a warning when a definition was refused."""
    message = refused_message(library)
    if message is not None:
        QMessageBox.warning(parent, "Some forms were left out", message)

"""The pages of the main window, as a list of factories.

A later feature replaces a placeholder by putting its own factory in ``default_pages()``
(or by passing a list to ``AppController``); a factory takes the session
(``rrdesk.ui.session.VaultSession``): the open vault (``session.vault``), long work with
``session.run`` and ``session.about_to_lock`` to save drafts. Never the controller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from rrdesk.ui.calendar.page import calendar_page
from rrdesk.ui.documents.page import documents_page
from rrdesk.ui.mappa.page import meetings_page
from rrdesk.ui.register.pages import cases_page, pathways_page

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

PageFactory = Callable[["VaultSession"], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str  # stable name, used by tests and to replace a page
    title: str  # shown in the navigation
    factory: PageFactory


class EmptyPage(QWidget):
    """A placeholder that says in a sentence what this page will hold."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        heading = QLabel(title)
        heading.setObjectName("Heading")
        body = QLabel(text)
        body.setObjectName("PageText")
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.setMaximumWidth(640)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


def _empty(title: str, text: str) -> PageSpec:
    return PageSpec(key=title.lower().replace(" ", "_"), title=title,
                    factory=lambda _session: EmptyPage(title, text))


def default_pages() -> list[PageSpec]:
    return [
        PageSpec("cases", "Cases", cases_page),
        PageSpec("pathways", "Pathways", pathways_page),
        PageSpec("mappa_meetings", "MAPPA meetings", meetings_page),
        PageSpec("calendar", "Calendar", calendar_page),
        PageSpec("documents", "Documents", documents_page),
    ]


def with_page(pages: Sequence[PageSpec], key: str, factory: PageFactory) -> list[PageSpec]:
    """``pages`` with the page ``key`` built by ``factory`` instead."""
    if key not in {p.key for p in pages}:
        raise KeyError(f"no page called {key!r}")
    return [replace(p, factory=factory) if p.key == key else p for p in pages]
